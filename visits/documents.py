"""The printed sheets of visits and first contacts: the visit record sheet
(目标客户拜访记录表) and the first-contact letter or e-mail."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from kam import pdf


def visit_record(visit):
    return pdf.render(
        "visits/pdf/visit_record.html",
        {"title": _("Visit record sheet"), "visit": visit},
        filename=pdf.safe_filename(
            visit.prospect.name,
            _("visit record sheet"),
            timezone.localtime(visit.held_at).strftime("%Y-%m-%d"),
        ),
    )


def letter(first_contact):
    return pdf.render(
        "visits/pdf/letter.html",
        {
            "title": _("Letter"),
            "letter": first_contact,
            "company": settings.KAM_COMPANY_NAME,
        },
        filename=pdf.safe_filename(
            first_contact.prospect.name,
            _("letter"),
            timezone.localtime(first_contact.contacted_at).strftime("%Y-%m-%d"),
        ),
    )
