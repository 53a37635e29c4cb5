"""A create form saves once, however often it is sent.

Every rendering of a create form carries a new one-time token in a hidden field
(rendering writes nothing). The save claims the token in the same transaction as
the record it creates: the same form sent again — a double click, the body resent,
a browser retrying — finds its token claimed and is led to what the first sending
created; two sendings at the same instant meet on the token's unique key, and only
one saves. A save that fails claims nothing, so the corrected form saves.
"""

import re
import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.forms import HiddenEchoField
from kam.models import FormSubmission

TOKEN = "form_token"
OURS = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what secrets.token_urlsafe renders
KEPT = timedelta(days=7)  # a browser retrying later than this sends a new record


class AlreadySubmitted(Exception):
    """This rendered form was saved before: answer with where that save led."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


class OneTimeFormMixin(forms.BaseForm):
    """For a form that creates a record (a ModelForm creates when its instance is
    new; the same form editing a record carries no token)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.creates:
            # Never refused: a token that is not one of ours saves as if absent.
            self.fields[TOKEN] = HiddenEchoField()
            self.initial[TOKEN] = secrets.token_urlsafe(24)

    @property
    def creates(self):
        instance = getattr(self, "instance", None)
        return instance is None or instance.pk is None

    def _token(self):
        """The token sent back, if it is one we could have rendered."""
        value = self.data.get(self.add_prefix(TOKEN), "") if self.is_bound else ""
        usable = self.creates and isinstance(value, str) and OURS.fullmatch(value)
        return value if usable else ""

    def full_clean(self):
        token = self._token()
        if token:
            earlier = FormSubmission.objects.filter(token=token).first()
            if earlier is not None:
                raise AlreadySubmitted(earlier.url)
        super().full_clean()

    def save_once(self, save, *, url=None):
        """Run ``save()`` (which returns the new record), once for this rendered
        form; ``url(record)`` is where a second sending is led (by default the
        record's own page)."""
        token = self._token()
        if not token:
            return save()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(token=token)
            except IntegrityError:
                earlier = FormSubmission.objects.filter(token=token).first()
                raise AlreadySubmitted(earlier.url if earlier else "") from None
            record = save()
            claim.url = url(record) if url else record.get_absolute_url()
            claim.save(update_fields=["url"])
            FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT).delete()
        return record


class OnceMiddleware:
    """Answers a form sent again with where its first sending led."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, AlreadySubmitted):
            return None
        messages.info(
            request,
            _("This form had been sent already: it was saved once, and here it is."),
        )
        return redirect(exception.url or request.get_full_path())
