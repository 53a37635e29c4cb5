"""A first-contact letter drafted from the account's data and advantage notes."""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from prospects.models import Contact

REPLY_WITHIN_DAYS = 14


def draft(prospect, user):
    """The letter's text in the active language, ready for the rep to edit."""
    addressee = (
        prospect.contacts.filter(
            purchase_role=Contact.PurchaseRole.DECISION_MAKER
        ).first()
        or prospect.contacts.first()
    )
    today = timezone.localdate()
    return render_to_string(
        "visits/letter_draft.txt",
        {
            "prospect": prospect,
            "addressee": addressee,
            "advantages": [a for a in prospect.advantages.all() if a.note.strip()],
            "sender": user,
            "company": settings.KAM_COMPANY_NAME,
            "today": today,
            "reply_by": today + timedelta(days=REPLY_WITHIN_DAYS),
        },
    ).strip()
