"""The import pages: upload, preview, failed rows, commit, templates, the list."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from prospects.models import ImportBatch, Prospect
from prospects.tests.import_files import csv_bytes

BAD = [
    ["name", "region", "status"],
    ["Good Co", "江苏", ""],
    ['=HYPERLINK("x")', "", "maybe"],
]
GOOD = [["客户名称", "地区"], ["Good Co", "江苏"], ["Fixed Co", ""]]


def upload(client, rows, kind="accounts", name="accounts.csv"):
    data = csv_bytes(rows, encoding="gb18030")
    return client.post(
        reverse("imports:list"),
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
    )


@pytest.fixture
def signed_in(client, rep):
    client.force_login(rep)
    return client


def test_an_upload_is_checked_and_its_errors_shown_with_row_and_column(signed_in):
    response = upload(signed_in, BAD)
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    page = signed_in.get(batch.get_absolute_url()).content.decode()
    assert "<td>3</td><td>status</td>" in page.replace("\n", "")
    assert "is not one of" in page
    assert "Import these rows" not in page
    assert Prospect.objects.count() == 0
    assert (batch.rows, batch.created, batch.errors) == (2, 1, 1)


def test_the_failed_rows_download_keeps_a_formula_as_text_with_an_error_column(
    signed_in,
):
    upload(signed_in, BAD)
    batch = ImportBatch.objects.get()
    response = signed_in.get(reverse("imports:failed", args=[batch.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Row", "name", "region", "status", "Errors"]
    assert rows[1][:2] == [3, '=HYPERLINK("x")']
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert "status:" in rows[1][4]
    assert len(rows) == 2


def test_a_clean_file_is_committed_in_one_step_and_recorded(signed_in, rep):
    upload(signed_in, GOOD)
    batch = ImportBatch.objects.get()
    assert (
        "Import these rows" in signed_in.get(batch.get_absolute_url()).content.decode()
    )
    response = signed_in.post(reverse("imports:commit", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.state, batch.created) == ("committed", 2)
    assert set(Prospect.objects.values_list("name", flat=True)) == {
        "Good Co",
        "Fixed Co",
    }
    # A second click imports nothing more.
    signed_in.post(reverse("imports:commit", args=[batch.pk]))
    assert Prospect.objects.count() == 2
    listing = signed_in.get(reverse("imports:list")).content.decode()
    assert "accounts.csv" in listing


def test_someone_elses_import_is_not_there(client, rep, outsider, manager):
    client.force_login(rep)
    upload(client, GOOD)
    batch = ImportBatch.objects.get()
    client.force_login(outsider)
    for name in (
        "imports:detail",
        "imports:progress",
        "imports:failed",
    ):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404
    assert "accounts.csv" not in client.get(reverse("imports:list")).content.decode()
    client.force_login(
        manager
    )  # the team's manager sees it, but commits only their own
    assert client.get(batch.get_absolute_url()).status_code == 200
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404
    assert Prospect.objects.count() == 0


def test_a_file_too_large_is_refused_with_a_message(signed_in, settings):
    settings.KAM_IMPORT_MAX_MB = 1
    response = signed_in.post(
        reverse("imports:list"),
        {
            "kind": "accounts",
            "file": SimpleUploadedFile("a.csv", b"name\n" + b"x" * 2**20),
        },
    )
    assert "larger than 1 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_file_with_too_many_rows_is_refused_on_its_page(signed_in, settings):
    settings.KAM_IMPORT_MAX_ROWS = 2
    upload(signed_in, [["name"], ["A"], ["B"], ["C"]])
    batch = ImportBatch.objects.get()
    assert batch.state == "refused"
    assert (
        "more than 2 rows" in signed_in.get(batch.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(("language", "first"), [("zh", "客户名称"), ("en", "name")])
def test_the_template_has_the_headers_an_example_and_the_allowed_values(
    signed_in, language, first
):
    response = signed_in.get(reverse("imports:template", args=["accounts", language]))
    workbook = load_workbook(BytesIO(response.content))
    sheet, notes = workbook.worksheets
    header = [c.value for c in next(sheet.iter_rows())]
    assert header[0] == first
    assert "status" in header or "状态" in header
    assert list(sheet.iter_rows())[1][0].value  # an example row
    allowed = " ".join(str(c.value) for row in notes.iter_rows() for c in row)
    assert "potential" in allowed


def test_every_kind_has_a_template_in_both_languages(signed_in):
    for kind in ("accounts", "contacts", "statements", "transactions", "entries"):
        for language in ("zh", "en"):
            url = reverse("imports:template", args=[kind, language])
            assert signed_in.get(url).status_code == 200, url
    assert (
        signed_in.get(reverse("imports:template", args=["nope", "en"])).status_code
        == 404
    )
