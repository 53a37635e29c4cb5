from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kam.figures import FiguresChanged
from visits.models import SalesMaterial
from visits.tests.factories import PDF_BYTES, PNG_BYTES, material, plan_visit
from visits.tests.helpers import messages_of


@pytest.fixture
def visit(prospect, supervisor):
    return plan_visit(prospect, supervisor)


def _upload(client, visit, name, content, kind="product"):
    return client.post(
        reverse("visits:material-upload", args=[visit.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def _download(client, material):
    response = client.get(reverse("visits:material", args=[material.pk]))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    response.close()
    return response, body


@pytest.mark.parametrize(
    ("name", "content"),
    [("brochure.pdf", PDF_BYTES), ("Site Photo.PNG", PNG_BYTES)],
)
def test_a_pdf_or_a_picture_is_attached(client, rep, visit, name, content):
    client.force_login(rep)
    response = _upload(client, visit, name, content)
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("visits:prepare", args=[visit.pk]) + "#materials"
    )
    assert "The file was attached." in messages_of(response)
    attached = SalesMaterial.objects.get()
    assert (attached.kind, attached.original_name) == ("product", name)
    assert attached.size == len(content)
    assert attached.uploaded_by == rep
    assert attached.preparation.visit == visit
    assert Path(attached.file.path).read_bytes() == content
    page = client.get(reverse("visits:prepare", args=[visit.pk])).content.decode()
    assert name in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "Files of this type cannot be attached."),
        ("brochure.pdf", b"MZ\x90\x00 not a pdf at all", "The file's content does not match its type."),
        ("no-extension", PDF_BYTES, "Files of this type cannot be attached."),
        ("picture.png", PDF_BYTES, "The file's content does not match its type."),
    ],
)  # fmt: skip
def test_a_file_of_the_wrong_type_is_refused_and_nothing_saved(
    client, rep, visit, settings, name, content, message
):
    client.force_login(rep)
    response = _upload(client, visit, name, content)
    assert response.status_code == 302
    assert any(message in text for text in messages_of(response))
    assert not SalesMaterial.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_file_over_the_limit_is_refused_and_nothing_saved(
    client, rep, visit, settings
):
    settings.KAM_MAX_UPLOAD_BYTES = 1024
    client.force_login(rep)
    response = _upload(client, visit, "big.pdf", PDF_BYTES + b"0" * 2048)
    [message] = messages_of(response)
    assert "the limit is 1.0\xa0KB" in message
    assert not SalesMaterial.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_file_at_the_limit_is_accepted(client, rep, visit, settings):
    settings.KAM_MAX_UPLOAD_BYTES = 1024
    client.force_login(rep)
    _upload(client, visit, "exact.pdf", PDF_BYTES.ljust(1024, b" "))
    assert SalesMaterial.objects.get().size == 1024


@pytest.mark.parametrize("who", ["rep", "assigned", "manager", "admin_user"])
def test_the_account_s_team_downloads_the_file_as_an_attachment(
    client, request, visit, who
):
    attached = material(visit, name="报价单 quote.pdf")
    client.force_login(request.getfixturevalue(who))
    response, body = _download(client, attached)
    assert response.status_code == 200
    assert body == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert "quote.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_manager"])
def test_anyone_else_gets_404_for_the_file(client, request, visit, who):
    attached = material(visit)
    client.force_login(request.getfixturevalue(who))
    response, body = _download(client, attached)
    assert response.status_code == 404
    assert body == b""


def test_deleting_a_file_removes_the_row_and_then_the_file(
    client, rep, visit, django_capture_on_commit_callbacks
):
    attached = material(visit)
    path = Path(attached.file.path)
    assert path.exists()
    client.force_login(rep)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("visits:material-delete", args=[attached.pk]))
        assert path.exists()  # the row may still come back until the commit
    assert response.status_code == 302
    assert "The file was removed." in messages_of(response)
    assert not SalesMaterial.objects.exists()
    assert len([c for c in callbacks if not isinstance(c, FiguresChanged)]) == 1
    assert not path.exists()


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_manager"])
def test_anyone_else_cannot_delete_the_file(client, request, visit, who):
    attached = material(visit)
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("visits:material-delete", args=[attached.pk]))
    assert response.status_code == 404
    assert SalesMaterial.objects.filter(pk=attached.pk).exists()
    assert Path(attached.file.path).exists()


def test_a_long_file_name_is_shortened_but_keeps_its_extension(client, rep, visit):
    client.force_login(rep)
    name = "季度报告" * 60 + ".pdf"  # 244 characters
    assert _upload(client, visit, name, PDF_BYTES).status_code == 302
    attached = SalesMaterial.objects.get()
    assert len(attached.original_name) == 200
    assert attached.original_name.endswith("季度报告.pdf")
    response, _body = _download(client, attached)
    assert response["Content-Type"] == "application/pdf"


# --- Attaching on the preparation page keeps what was typed -------------------------


def _prepare(client, visit, **data):
    from visits.models import VisitPreparation
    from visits.tests.helpers import loaded_version

    return client.post(
        reverse("visits:prepare", args=[visit.pk]),
        {**loaded_version(VisitPreparation, visit=visit), **data},
    )


def test_attaching_on_the_preparation_page_saves_the_ticks_and_notes_with_it(
    client, rep, visit
):
    client.force_login(rep)
    page = client.get(reverse("visits:prepare", args=[visit.pk])).content.decode()
    assert 'form="preparation-form"' in page
    response = _prepare(
        client,
        visit,
        economy_done="on",
        economy_notes="Their export orders doubled.",
        colleague_suggestions="Bring the energy figures.",
        attach="1",
        **{
            "material-kind": "product",
            "material-file": SimpleUploadedFile("b.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#materials")
    attached = SalesMaterial.objects.get()
    preparation = attached.preparation
    assert preparation.item("economy") == {
        "done": True,
        "notes": "Their export orders doubled.",
    }
    assert preparation.colleague_suggestions == "Bring the energy figures."


def test_a_refused_file_keeps_the_ticks_and_notes_on_the_page(client, rep, visit):
    client.force_login(rep)
    response = _prepare(
        client,
        visit,
        economy_done="on",
        economy_notes="Their export orders doubled.",
        attach="1",
        **{
            "material-kind": "product",
            "material-file": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Files of this type cannot be attached.") == 1
    assert 'value="Their export orders doubled."' in html
    assert not SalesMaterial.objects.exists()
