"""Deliveries posted to somewhere outside KAM, each once, at the rate it allows.

The machinery e-mail reminders use (``notifications.reminders``), for any HTTP
receiver: a chat robot now, an outgoing webhook endpoint later. A concrete model
subclasses ``OutboundDelivery`` (one row per message per receiver, unique) and
points at a model subclassing ``OutboundTarget`` (the receiver); an ``Outbox``
describes how to send one. Then:

- the periodic scan enqueues what ``waiting(now)`` returns, by id, in batches of one
  target each (``batches``), so a dead receiver holds up only its own;
- a task calls ``send_many(ids)``: each delivery is claimed with a conditional UPDATE
  and a lease (a task delivered twice sends once; one whose worker died is taken
  over when its lease runs out), then takes a slot in its target's rate windows
  (``limits``; a full window puts it back, untouched, for when a slot frees), then
  is sent; a failure goes back with exponential backoff until the attempts run out
  and is recorded as failed, for an admin to ``retry``;
- after a receiver did not answer, the rest of its batch is not tried: each is
  recorded with the same failure, so one timeout costs one timeout.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.http import DeliveryError, Unreachable

log = logging.getLogger(__name__)


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent: no longer needed")


class OutboundTarget(models.Model):
    """A receiver deliveries are posted to. Its row is what concurrent senders lock
    while counting its rate windows."""

    last_attempt_at = models.DateTimeField(_("last message"), null=True, blank=True)
    last_answer = models.CharField(_("last answer"), max_length=500, blank=True)

    class Meta:
        abstract = True


class OutboundDelivery(models.Model):
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    #: When it last took a slot in its target's rate windows (counted by them).
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    answer = models.CharField(_("answer"), max_length=500, blank=True)

    class Meta:
        abstract = True


def backoff(attempts):
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


@dataclass
class Outbox:
    """How one kind of delivery goes out. ``send(delivery, now)`` posts it and
    returns the receiver's answer in a line, raising DeliveryError; ``limits(target)``
    gives its (messages, seconds) windows; ``still_wanted(delivery)`` may skip it;
    ``on_failed(delivery, now)`` runs when it is recorded as failed."""

    model: type
    target: str
    send: object
    limits: object
    lease: object
    max_attempts: object
    still_wanted: object = lambda delivery: True
    on_failed: object = lambda delivery, now: None
    related: tuple = field(default_factory=tuple)
    batch_size: int = 20
    #: Seconds a batch may spend sending; what is left goes back for the next task,
    #: well inside Celery's time limit even when every receiver is slow.
    budget: float = 40

    @property
    def target_id(self):
        return f"{self.target}_id"

    # --- Finding what is due ----------------------------------------------------

    def waiting(self, now):
        """Deliveries to (re)enqueue at ``now``, including one whose sender died."""
        stale = now - self.lease()
        waiting = Q(status=Status.PENDING, next_attempt_at__lte=now) & (
            Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale)
        )
        abandoned = Q(status=Status.SENDING, lease_until__lt=now)
        return self.model.objects.filter(waiting | abandoned)

    def batches(self, now, limit):
        """Mark up to ``limit`` waiting deliveries enqueued; their ids in batches of
        one target each. Call inside the scan's transaction."""
        rows = list(
            self.waiting(now)
            .order_by(self.target_id, "pk")
            .values_list(self.target_id, "pk")[:limit]
        )
        self.model.objects.filter(pk__in=[pk for _t, pk in rows]).update(
            enqueued_at=now
        )
        found = []
        for _target, group in groupby(rows, key=lambda row: row[0]):
            ids = [pk for _t, pk in group]
            found += [
                ids[i : i + self.batch_size]
                for i in range(0, len(ids), self.batch_size)
            ]
        return found

    # --- Sending ----------------------------------------------------------------

    def claim(self, ids, now):
        token = uuid.uuid4()
        claimable = Q(status=Status.PENDING) | Q(
            status=Status.SENDING, lease_until__lt=now
        )
        self.model.objects.filter(claimable, pk__in=ids).update(
            status=Status.SENDING, claim=token, lease_until=now + self.lease()
        )
        return token

    def _finish(self, delivery, token, **fields):
        return self.model.objects.filter(pk=delivery.pk, claim=token).update(
            claim=None, lease_until=None, **fields
        )

    def take_slot(self, delivery, now):
        """A place in the target's rate windows (None), or when the next one frees.
        The target's row is locked meanwhile, so racing senders count in turn."""
        target_model = self.model._meta.get_field(self.target).related_model
        with transaction.atomic():
            target = (
                target_model.objects.select_for_update()
                .filter(pk=getattr(delivery, self.target_id))
                .first()
            )
            if target is None:
                return None
            mine = self.model.objects.filter(**{self.target_id: target.pk})
            for count, seconds in self.limits(target):
                window = timedelta(seconds=seconds)
                recent = list(
                    mine.filter(attempted_at__gt=now - window)
                    .order_by("-attempted_at")
                    .values_list("attempted_at", flat=True)[:count]
                )
                if len(recent) >= count:
                    return recent[-1] + window
            self.model.objects.filter(pk=delivery.pk).update(attempted_at=now)
            target_model.objects.filter(pk=target.pk).update(last_attempt_at=now)
        return None

    def send_many(self, ids, now=None):
        """Send these deliveries, each once. Returns ({id: status}, the ids put back
        for a slot in their rate window, to try again a little later)."""
        clock = (lambda: now) if now else timezone.now
        token = self.claim(ids, clock())
        claimed = (
            self.model.objects.filter(claim=token)
            .select_related(self.target, *self.related)
            .order_by("pk")
        )
        outcomes, deferred, down = {}, [], {}
        deadline = time.monotonic() + self.budget
        for delivery in claimed:
            target_id = getattr(delivery, self.target_id)
            if time.monotonic() > deadline:
                self._finish(delivery, token, status=Status.PENDING)
                outcomes[delivery.pk] = "deferred"
                deferred.append(delivery.pk)
                continue
            if target_id in down:
                skipped = Unreachable(f"not tried, just after: {down[target_id]}")
                outcomes[delivery.pk] = self._failed(delivery, token, clock(), skipped)
                continue
            status, error = self._deliver(delivery, token, clock())
            outcomes[delivery.pk] = status
            if status == "deferred":
                deferred.append(delivery.pk)
            if isinstance(error, Unreachable):
                down[target_id] = error
        return outcomes, deferred

    def _deliver(self, delivery, token, now):
        if not self.still_wanted(delivery):
            self._finish(delivery, token, status=Status.SKIPPED)
            return Status.SKIPPED, None
        free_at = self.take_slot(delivery, now)
        if free_at is not None:
            self._finish(
                delivery, token, status=Status.PENDING, next_attempt_at=free_at
            )
            return "deferred", None
        try:
            answer = self.send(delivery, now)
        except DeliveryError as error:
            return self._failed(delivery, token, now, error), error
        self._finish(
            delivery,
            token,
            attempts=delivery.attempts + 1,
            status=Status.SENT,
            sent_at=timezone.now(),
            error="",
            answer=answer[:500],
        )
        self._note_answer(delivery, answer)
        return Status.SENT, None

    def _failed(self, delivery, token, now, error):
        attempts = delivery.attempts + 1
        final = error.permanent or attempts >= self.max_attempts()
        log.warning(
            "%s %s failed (attempt %s): %s",
            self.model._meta.verbose_name,
            delivery.pk,
            attempts,
            error,
        )
        self._finish(
            delivery,
            token,
            attempts=attempts,
            status=Status.FAILED if final else Status.PENDING,
            next_attempt_at=now + backoff(attempts),
            enqueued_at=None,
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        self._note_answer(delivery, f"{type(error).__name__}: {error}")
        if final:
            self.on_failed(delivery, now)
        return Status.FAILED if final else Status.PENDING

    def _note_answer(self, delivery, answer):
        target_model = self.model._meta.get_field(self.target).related_model
        target_model.objects.filter(pk=getattr(delivery, self.target_id)).update(
            last_answer=answer[:500]
        )

    def retry(self, queryset):
        """An admin's retry of failed deliveries: the next scan sends them again."""
        return queryset.filter(status=Status.FAILED).update(
            status=Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            enqueued_at=None,
        )
