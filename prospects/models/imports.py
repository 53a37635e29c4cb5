"""A spreadsheet brought into KAM: who brought it, when, and what it did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scoping import ScopedQuerySet


class ImportBatchQuerySet(ScopedQuerySet):
    """An import is seen by whoever made it, their team's manager and admins."""

    scope_team = "created_by__team"
    scope_people = ("created_by",)


class ImportBatch(models.Model):
    class Kind(models.TextChoices):
        ACCOUNTS = "accounts", pgettext_lazy("import", "Accounts")
        CONTACTS = "contacts", _("Contacts and decision makers")
        STATEMENTS = "statements", _("Financial statements")
        TRANSACTIONS = "transactions", _("Monthly transactions")
        ENTRIES = "entries", _("Past contacts (development record)")

    class State(models.TextChoices):
        PREVIEW_QUEUED = "preview_queued", _("Checking")
        PREVIEWING = "previewing", _("Checking")
        PREVIEWED = "previewed", _("Checked")
        COMMIT_QUEUED = "commit_queued", _("Importing")
        COMMITTING = "committing", _("Importing")
        COMMITTED = "committed", _("Imported")
        REFUSED = "refused", _("Refused")

    RUNNING = (
        State.PREVIEW_QUEUED,
        State.PREVIEWING,
        State.COMMIT_QUEUED,
        State.COMMITTING,
    )

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    # The file itself (its size is bounded by KAM_IMPORT_MAX_MB): the preview and
    # the commit read the same bytes, and the failed rows are cut from them.
    content = models.BinaryField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PREVIEWED
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    # The last preview or commit (prospects.imports.engine.Report.as_json).
    report = models.JSONField(default=dict, editable=False)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self):
        return f"{self.file_name} · {self.get_kind_display()}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("imports:detail", args=[self.pk])

    @property
    def is_running(self):
        return self.state in self.RUNNING

    @property
    def can_commit(self):
        return self.state == self.State.PREVIEWED and self.errors == 0 and self.rows
