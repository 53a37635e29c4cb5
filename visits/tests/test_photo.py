"""A photo taken on the spot attaches to the visit, under the checks every sales
material has."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from visits.models import SalesMaterial
from visits.tests.factories import PDF_BYTES, plan_visit
from visits.tests.helpers import messages_of

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture
def visit(prospect, supervisor):
    return plan_visit(prospect, supervisor)


def _send(client, visit, name="image.jpg", content=JPEG_BYTES, **data):
    return client.post(
        reverse("visits:photo", args=[visit.pk]),
        {"kind": "pictures", "file": SimpleUploadedFile(name, content), **data},
    )


@pytest.mark.parametrize("page", ["visits:detail", "visits:record"])
def test_the_visit_pages_offer_the_phone_s_camera(client, rep, visit, page):
    client.force_login(rep)
    html = client.get(reverse(page, args=[visit.pk])).content.decode()
    assert 'accept="image/*"' in html
    assert 'capture="environment"' in html
    assert reverse("visits:photo", args=[visit.pk]) in html


def test_a_photo_from_the_camera_is_kept_with_the_visit(client, rep, visit):
    client.force_login(rep)
    response = _send(client, visit)
    assert (
        response["Location"]
        == reverse("visits:detail", args=[visit.pk]) + "#on-the-spot"
    )
    assert messages_of(response) == ["The photo was attached to the visit."]
    photo = SalesMaterial.objects.get()
    assert (photo.kind, photo.original_name, photo.uploaded_by) == (
        "pictures",
        "image.jpg",
        rep,
    )
    assert photo.preparation.visit == visit
    assert Path(photo.file.path).read_bytes() == JPEG_BYTES
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "image.jpg" in page


def test_a_photo_as_proof_sent_from_the_record_page_leads_back_to_it(
    client, rep, visit
):
    client.force_login(rep)
    response = _send(client, visit, kind="proofs", back="record")
    assert response["Location"] == reverse("visits:record", args=[visit.pk]) + "#photos"
    assert SalesMaterial.objects.get().kind == "proofs"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic", "Files of this type cannot be attached."),
        ("image.jpg", PDF_BYTES, "The file's content does not match its type."),
    ],
)  # fmt: skip
def test_a_file_that_is_no_photo_is_refused_and_nothing_saved(
    client, rep, visit, settings, name, content, message
):
    client.force_login(rep)
    response = _send(client, visit, name, content)
    assert message in messages_of(response)[0]
    assert not SalesMaterial.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_photo_over_the_limit_is_refused(client, rep, visit, settings):
    settings.KAM_MAX_UPLOAD_BYTES = 64
    client.force_login(rep)
    response = _send(client, visit)
    assert "the limit is 64\xa0bytes" in messages_of(response)[0]
    assert not SalesMaterial.objects.exists()


def test_a_photo_is_a_picture_or_a_proof_only(client, rep, visit):
    client.force_login(rep)
    response = _send(client, visit, kind="company")
    assert "Select a valid choice." in messages_of(response)[0]
    assert not SalesMaterial.objects.exists()
