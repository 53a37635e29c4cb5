"""What the stages of visits share: the week to follow up in, the calendar day
where the team works, and the playbook's development methods."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kam import dates

FOLLOW_UP_AFTER = timedelta(days=7)


def local_date(moment):
    """The calendar date of ``moment`` where the team works (TIME_ZONE)."""
    return timezone.localtime(moment).date().isoformat()


# A browser clock a little ahead of ours is not "the future" (kam.dates).
CLOCK_TOLERANCE = dates.CLOCK_TOLERANCE


class DevelopmentMethod(models.TextChoices):
    """The playbook's common ways to develop a key account (常用的大客户开发方式)."""

    INVITE = "invite", _("Invite to a product launch or promotion")
    MAIL = "mail", _("Mail materials that show our advantages")
    VISIT = "visit", _("Visit the customer")
    OTHER = "other", _("Another method")
