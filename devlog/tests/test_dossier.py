"""The dossier: every paper of the account in one zip, each under its own name."""

import zipfile
from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.tests.factories import OutcomeFactory, first_contact, visit
from visits.models import FirstContact, Visit
from visits.tests.factories import PDF_BYTES, PNG_BYTES, material

NAME = "华鑫精密机械 Huaxin Precision"  # the ``prospect`` fixture's


@pytest.fixture
def papers(prospect):
    """Two held visits and two letters on the same days, and what has no sheet."""
    day = timezone.localtime(timezone.now() - timedelta(days=5))
    morning, afternoon = day.replace(hour=10), day.replace(hour=15)
    first = visit(prospect, at=morning)
    visit(prospect, at=afternoon)
    planned = visit(prospect, at=day + timedelta(days=9), status=Visit.Status.PLANNED)
    first_contact(prospect, at=morning - timedelta(days=20))
    first_contact(
        prospect, at=afternoon - timedelta(days=20), channel=FirstContact.Channel.EMAIL
    )
    first_contact(prospect, channel=FirstContact.Channel.PHONE)
    material(first, name="brochure.pdf", content=PDF_BYTES)
    material(first, name="brochure.pdf", content=PDF_BYTES + b"%second")
    material(planned, name="photo.png", content=PNG_BYTES)
    OutcomeFactory(prospect=prospect, result="won")
    return {
        "visited": f"{morning:%Y-%m-%d}",
        "written": f"{morning - timedelta(days=20):%Y-%m-%d}",
    }


def test_the_dossier_holds_every_paper_under_a_unique_name(client, rep, papers):
    prospect_pk = rep.owned_prospects.get().pk
    client.force_login(rep)

    response = client.get(reverse("devlog:dossier", args=[prospect_pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=utf-8''")[1]) == (
        f"{NAME} - dossier.zip"
    )
    archive = zipfile.ZipFile(BytesIO(response.content))
    names = archive.namelist()
    visited, written = papers["visited"], papers["written"]
    assert sorted(names) == sorted(
        [
            f"{NAME} - profile.pdf",
            f"{NAME} - development record sheet.pdf",
            f"{NAME} - visit record sheet - {visited}.pdf",
            f"{NAME} - visit record sheet - {visited} (2).pdf",
            f"{NAME} - letter - {written}.pdf",
            f"{NAME} - letter - {written} (2).pdf",
            "materials/brochure.pdf",
            "materials/brochure (2).pdf",
            "materials/photo.png",
        ]
    )
    for name in names:
        if not name.startswith("materials/"):
            assert archive.read(name).startswith(b"%PDF-"), name
    assert {
        archive.read("materials/brochure.pdf"),
        archive.read("materials/brochure (2).pdf"),
    } == {PDF_BYTES, PDF_BYTES + b"%second"}
    assert archive.read("materials/photo.png") == PNG_BYTES


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_manager"])
def test_the_dossier_is_not_there_for_others(client, request, prospect, who):
    OutcomeFactory(prospect=prospect, result="won")
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("devlog:dossier", args=[prospect.pk]))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
