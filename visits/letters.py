"""A first-contact letter drafted from the account's data and advantage notes."""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from prospects.models import Advantage, Contact

REPLY_WITHIN_DAYS = 14


def addressee_of(prospect):
    """Whom a letter goes to unless the rep chose: the decision maker, else anyone."""
    return (
        prospect.contacts.filter(
            purchase_role=Contact.PurchaseRole.DECISION_MAKER
        ).first()
        or prospect.contacts.first()
    )


def advantages_in_order(prospect):
    """The account's advantage notes in the playbook's order (1 减低综合采购成本 …
    6 无形价值), those without a note left out."""
    order = {aspect: n for n, aspect in enumerate(Advantage.Aspect.values)}
    noted = [a for a in prospect.advantages.all() if a.note.strip()]
    return sorted(noted, key=lambda advantage: order.get(advantage.aspect, 99))


def draft(prospect, user, addressee=None):
    """The letter's text in the active language, ready for the rep to edit. The
    date is not in the text: the printed letter carries it once, at its head."""
    addressee = addressee or addressee_of(prospect)
    today = timezone.localdate()
    return render_to_string(
        "visits/letter_draft.txt",
        {
            "prospect": prospect,
            "addressee": addressee,
            "advantages": advantages_in_order(prospect),
            "sender": user,
            "company": settings.KAM_COMPANY_NAME,
            "reply_by": today + timedelta(days=REPLY_WITHIN_DAYS),
        },
    ).strip()
