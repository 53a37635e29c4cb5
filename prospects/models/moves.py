"""A merge of two accounts, and the account list's saved filters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountMerge(models.Model):
    """``merged`` was merged into ``kept`` (prospects.merging): its records moved
    there and it stays, archived, as the place old links lead from."""

    kept = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("the account that stays"),
        on_delete=models.PROTECT,
        related_name="merges_in",
    )
    merged = models.OneToOneField(
        "prospects.Prospect",
        verbose_name=_("the account merged into it"),
        on_delete=models.PROTECT,
        related_name="merged_into",
    )
    merged_name = models.CharField(_("name of the merged account"), max_length=200)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    moved = models.JSONField(_("records moved"), default=dict, blank=True)
    left_behind = models.JSONField(
        _("records that stayed with the merged account"), default=dict, blank=True
    )

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("account merge")
        verbose_name_plural = _("account merges")

    def __str__(self):
        return f"{self.merged_name} → {self.kept}"


class SavedFilter(models.Model):
    """A filter of the account list a person named, to find it again: their own."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_filters",
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filter"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                "owner", "name", name="prospects_one_saved_filter_per_name",
                violation_error_message=_("You already have a filter of this name."),
            )
        ]  # fmt: skip

    def __str__(self):
        return self.name
