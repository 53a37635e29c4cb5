"""The development record sheet (大客户开发记录表), printed, and the dossier of a
won account: every sheet, letter and attached file in one download."""

import zipfile
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _

from devlog import selectors
from kam import pdf
from prospects import documents as account_documents
from prospects.models import Attitude, Progress
from visits import documents as visit_documents
from visits.models import FirstContact, SalesMaterial, Visit


def development_record(prospect):
    return pdf.render(
        "devlog/pdf/development_record.html",
        {
            "title": _("Development record sheet"),
            "sheet": selectors.sheet(prospect),
            "progress_steps": Progress.choices,
            "attitudes": Attitude.choices,
            "printed": timezone.now(),
        },
        filename=pdf.safe_filename(prospect.name, _("development record sheet")),
    )


def dossier(prospect):
    """The zip file's bytes: the profile, the record sheet, each visit record and
    letter, and the sales materials under materials/."""
    documents = [account_documents.profile(prospect), development_record(prospect)]
    held = Visit.objects.filter(prospect=prospect, status=Visit.Status.HELD)
    documents += [
        visit_documents.visit_record(visit)
        for visit in held.select_related("prospect", "lead_visitor")
    ]
    letters = FirstContact.objects.filter(prospect=prospect).exclude(
        channel=FirstContact.Channel.PHONE
    )
    documents += [
        visit_documents.letter(letter) for letter in letters.select_related("prospect")
    ]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names = set()
        for document in documents:
            archive.writestr(_unique(document.filename, names), document.content)
        files = SalesMaterial.objects.filter(preparation__visit__prospect=prospect)
        for material in files:
            with material.file.open("rb") as handle:
                archive.writestr(
                    _unique(f"materials/{material.original_name}", names), handle.read()
                )
    return buffer.getvalue()


def _unique(name, taken):
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem} ({number}).{suffix}" if dot else f"{name} ({number})"
    taken.add(candidate)
    return candidate
