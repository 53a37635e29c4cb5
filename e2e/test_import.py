"""Journey: a manager downloads the template, imports a file with a bad row, reads
the error, downloads the failed rows, fixes the row, imports the corrected file —
in English and Chinese."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from e2e.pages import success_message
from prospects.models import ImportBatch, Prospect
from prospects.tests.import_files import csv_bytes

TEXTS = {
    "en": {
        "check": "Check the file",
        "import": "Import these rows",
        "done": "Imported: 2 rows.",
    },
    "zh-hans": {"check": "检查文件", "import": "导入这些行", "done": "已导入 2 行。"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_manager_imports_a_file_fixing_a_bad_row(
    journey, with_password, manager, rep, tmp_path, language
):
    texts = TEXTS[language]
    page = journey.sign_in(with_password(manager), language)
    page.goto(journey.url("/prospects/"))
    with page.expect_navigation(url="**/imports/"):
        page.locator("a[href='/imports/']").first.click()

    journey.guard.expect_download("/imports/templates/accounts-zh.xlsx")
    with page.expect_download() as download:
        page.locator("a[href='/imports/templates/accounts-zh.xlsx']").click()
    template = load_workbook(BytesIO(download.value.path().read_bytes()))
    header = next(template.active.iter_rows(values_only=True))
    assert header[:2] == ("客户名称", "统一社会信用代码")

    rows = [
        ["客户名称", "地区", "负责人", "状态"],
        ["苏州恒瑞精密机械有限公司", "江苏", "rep", "开发中"],
        ["华鑫精密", "浙江", "nobody", ""],
    ]
    bad = tmp_path / "accounts.csv"
    bad.write_bytes(csv_bytes(rows, encoding="gb18030"))
    form = page.locator("#import-upload")
    form.locator("input[name=file]").set_input_files(str(bad))
    with page.expect_navigation(url="**/imports/*/"):
        form.get_by_role("button", name=texts["check"]).click()
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    assert errors.first.locator("td").nth(0).inner_text() == "3"
    assert errors.first.locator("td").nth(1).inner_text() == "负责人"
    assert "nobody" in errors.first.inner_text()
    assert page.get_by_role("button", name=texts["import"]).count() == 0
    batch = ImportBatch.objects.get()
    failed = f"/imports/{batch.pk}/failed.xlsx"
    journey.guard.expect_download(failed)
    with page.expect_download() as download:
        page.locator(f"a[href='{failed}']").click()
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
    assert list(sheet.iter_rows(values_only=True))[1][:2] == (3, "华鑫精密")

    rows[2][2] = "rep"  # the fix
    fixed = tmp_path / "accounts-fixed.csv"
    fixed.write_bytes(csv_bytes(rows, encoding="gb18030"))
    with page.expect_navigation(url="**/imports/?kind=accounts"):
        page.locator("a[href='/imports/?kind=accounts']").first.click()
    form = page.locator("#import-upload")
    form.locator("input[name=file]").set_input_files(str(fixed))
    with page.expect_navigation(url="**/imports/*/"):
        form.get_by_role("button", name=texts["check"]).click()
    assert page.locator("#import-errors").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name=texts["import"]).click()
    assert texts["done"] in success_message(page)
    assert set(Prospect.objects.values_list("name", "owner__username")) == {
        ("苏州恒瑞精密机械有限公司", "rep"),
        ("华鑫精密", "rep"),
    }
    page.goto(journey.url("/imports/"))
    assert page.locator("#import-list tbody tr").count() == 2
