"""Group accounts (集团): an account may belong to a parent account, to any depth.

Every member of a group carries its root (``group_root``), kept by
``prospects.groups.prospect_place_in_group`` whenever a parent changes, so that a
group's members and their roll-ups are one indexed filter however deep the tree.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Deeper than any real group: a walk up the tree stops here.
MAX_DEPTH = 50


class GroupMember(models.Model):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account (group)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
        help_text=_("The group, head office or company this account belongs to."),
    )
    group_root = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="group_members",
    )

    class Meta:
        abstract = True

    def ancestor_ids(self):
        """The parent's id, its parent's, … up to the root (one query a level)."""
        found, current = [], self.parent_id
        manager = type(self)._default_manager
        while current is not None and len(found) < MAX_DEPTH:
            found.append(current)
            if current == self.pk:
                break
            current = manager.filter(pk=current).values_list("parent_id", flat=True)
            current = current.first()
        return found

    def clean_parent(self):
        if self.parent_id is None:
            return
        if self.pk is not None and self.pk in self.ancestor_ids():
            raise ValidationError(
                {
                    "parent": _(
                        "An account cannot belong to itself or to one of its own "
                        "subsidiaries."
                    )
                }
            )

    @property
    def in_group(self):
        return self.group_root_id is not None
