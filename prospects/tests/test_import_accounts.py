"""Importing accounts: parsing, matching, scoping, all or nothing."""

import pytest

from prospects.imports import engine
from prospects.imports.reading import FileRefused, read_table
from prospects.models import ProductCategory, Prospect
from prospects.tests.factories import ProspectFactory
from prospects.tests.import_files import csv_bytes, xlsx_bytes

HEADER_ZH = ["客户名称", "统一社会信用代码", "地区", "负责人", "协作同事", "状态"]
CODE = "91350100M000100Y43"  # a valid 统一社会信用代码


def run(user, rows, *, commit=False, name="accounts.csv", data=None):
    data = data if data is not None else csv_bytes(rows)
    return engine.run("accounts", read_table(name, data), user, commit=commit)


def test_a_preview_counts_the_rows_and_writes_nothing(rep):
    report = run(rep, [["name", "region"], ["恒瑞精密", "江苏"], ["华鑫", "浙江"]])
    assert (report.rows, report.created, report.errors) == (2, 2, [])
    assert not report.committed
    assert Prospect.objects.count() == 0


def test_a_commit_creates_the_accounts_owned_by_the_rep(rep):
    report = run(rep, [["name", "region"], ["恒瑞精密", "江苏"]], commit=True)
    assert report.committed
    account = Prospect.objects.get()
    assert (account.name, account.region, account.owner, account.team) == (
        "恒瑞精密",
        "江苏",
        rep,
        rep.team,
    )
    assert account.history.get().history_user == rep


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", True), ("utf-8", False), ("gb18030", False)]
)
def test_chinese_headers_in_utf8_and_gb18030_are_read(rep, colleague, encoding, bom):
    rows = [
        HEADER_ZH,
        ["苏州恒瑞精密机械有限公司", CODE, "江苏", "rep", "colleague", "开发中"],
    ]
    data = csv_bytes(rows, encoding=encoding, bom=bom)
    report = run(rep, None, data=data, commit=True)
    assert report.errors == []
    account = Prospect.objects.get()
    assert account.name == "苏州恒瑞精密机械有限公司"
    assert account.credit_code == CODE
    assert account.status == Prospect.Status.DEVELOPING
    assert list(account.colleagues.all()) == [colleague]


def test_an_xlsx_formula_cell_is_read_as_text_never_evaluated(rep):
    data = xlsx_bytes([["name", "address"], ["Formula Co", "=1+2"]], formulas=[(2, 2)])
    run(rep, None, data=data, name="a.xlsx", commit=True)
    assert Prospect.objects.get().address == "=1+2"


def test_an_existing_account_is_matched_by_normalised_name_and_updated(rep):
    existing = ProspectFactory(
        owner=rep, name="苏州恒瑞精密机械股份有限公司", region=""
    )
    report = run(
        rep, [["name", "region"], ["苏州恒瑞精密机械有限公司", "江苏"]], commit=True
    )
    assert (report.created, report.updated) == (0, 1)
    assert report.changes[0]["changes"][0][1:] == ["—", "江苏"]
    existing.refresh_from_db()
    assert existing.region == "江苏"
    assert existing.name == "苏州恒瑞精密机械股份有限公司"  # KAM's spelling stays
    assert Prospect.objects.count() == 1


def test_the_credit_code_is_matched_before_the_name(rep):
    existing = ProspectFactory(owner=rep, name="Old Name", credit_code=CODE)
    ProspectFactory(owner=rep, name="New Name")
    report = run(
        rep, [["name", "credit_code"], ["Old Name Renamed", CODE]], commit=True
    )
    assert report.updated == 1
    existing.refresh_from_db()
    assert existing.name == "Old Name Renamed"


def test_an_unchanged_row_is_skipped(rep):
    ProspectFactory(owner=rep, name="Same", region="江苏")
    report = run(rep, [["name", "region"], ["Same", "江苏"]])
    assert (report.created, report.updated, report.skipped) == (0, 0, 1)


def test_the_second_row_of_a_new_account_updates_what_the_first_created(rep):
    report = run(
        rep, [["name", "region"], ["Twice Ltd", ""], ["Twice", "江苏"]], commit=True
    )
    assert (report.created, report.updated) == (1, 1)
    assert Prospect.objects.get().region == "江苏"


def test_a_bad_row_has_its_number_column_and_reason_and_nothing_is_committed(rep):
    rows = [
        ["name", "credit_code", "status", "size"],
        ["Good One", "", "", ""],
        ["Bad Code", "91350100M000100Y44", "won", ""],
        ["Bad Status", "", "maybe", "huge"],
    ]
    report = run(rep, rows, commit=True)
    assert not report.committed
    assert Prospect.objects.count() == 0
    where = [(e.row, e.column) for e in report.errors]
    assert where == [(3, "credit_code"), (4, "size"), (4, "status")]
    assert "check digit" in report.errors[0].message
    assert "“maybe” is not one of" in report.errors[2].message
    assert report.error_rows == 2


def test_an_account_of_someone_else_is_an_error_naming_whom_to_ask(
    rep, outsider, other_manager
):
    theirs = ProspectFactory(owner=outsider, name="Their Account", region="Secret")
    report = run(rep, [["name", "region"], ["Their Account", "Mine now"]], commit=True)
    assert report.errors[0].column == "name"
    assert str(other_manager) in report.errors[0].message
    assert "Secret" not in report.errors[0].message
    theirs.refresh_from_db()
    assert theirs.region == "Secret"


def test_a_teammates_account_is_not_a_reps_to_import_into(rep, colleague, manager):
    ProspectFactory(owner=colleague, name="Colleague's")
    report = run(rep, [["name", "region"], ["Colleague's", "X"]])
    assert "ask" in report.errors[0].message


def test_a_person_outside_the_team_is_an_error(manager, outsider):
    report = run(
        manager, [["name", "owner", "colleagues"], ["A", "outsider", "outsider"]]
    )
    assert [e.column for e in report.errors] == ["owner", "colleagues"]
    assert "not in the account's team" in report.errors[0].message


def test_a_rep_cannot_give_an_account_to_someone_else(rep, colleague):
    report = run(rep, [["name", "owner"], ["A", "colleague"]])
    assert "Only a manager" in report.errors[0].message


def test_a_manager_imports_for_the_team_and_sets_the_status_through_the_service(
    manager, rep
):
    existing = ProspectFactory(owner=rep, name="Moving")
    report = run(
        manager,
        [["name", "owner", "status"], ["Moving", "rep", "lost"], ["New", "rep", ""]],
        commit=True,
    )
    assert (report.created, report.updated) == (1, 1)
    existing.refresh_from_db()
    assert existing.status == Prospect.Status.LOST
    assert existing.history.first().history_user == manager
    assert Prospect.objects.get(name="New").owner == rep


def test_an_admin_imports_anywhere_naming_the_owner(admin_user, outsider):
    report = run(admin_user, [["name", "owner"], ["Anywhere", "outsider"]], commit=True)
    assert report.committed
    assert Prospect.objects.get().team == outsider.team


def test_classification_is_found_by_either_language(rep):
    ProductCategory.objects.create(name_en="Machine tools", name_zh="机床")
    report = run(
        rep,
        [
            ["产品类别", "客户名称"],
            ["机床", "A"],
            ["machine TOOLS", "B"],
            ["Robots", "C"],
        ],
        commit=False,
    )
    assert report.created == 2
    assert report.errors[0].row == 4
    assert "Machine tools" in report.errors[0].message


def test_a_file_without_the_name_column_is_refused(rep):
    with pytest.raises(FileRefused, match="no column"):
        run(rep, [["region"], ["江苏"]])


def test_unknown_columns_are_reported_and_ignored(rep):
    report = run(rep, [["name", "favourite colour"], ["A", "blue"]])
    assert report.ignored_columns == ["favourite colour"]


def test_a_file_too_large_or_too_long_is_refused_with_a_message(rep, settings):
    settings.KAM_IMPORT_MAX_MB = 1
    with pytest.raises(FileRefused, match="larger than 1 MB"):
        read_table("a.csv", b"name\n" + b"x" * (1024 * 1024))
    settings.KAM_IMPORT_MAX_ROWS = 3
    with pytest.raises(FileRefused, match="more than 3 rows"):
        read_table("a.csv", csv_bytes([["name"], *[[f"A{n}"] for n in range(4)]]))


def test_other_files_and_bad_encodings_are_refused(rep):
    with pytest.raises(FileRefused, match="xlsx"):
        read_table("a.pdf", b"%PDF")
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        read_table("a.xlsx", b"not a zip")
    with pytest.raises(FileRefused, match="empty"):
        read_table("a.csv", b"\n\n")


def test_a_subsidiary_is_imported_under_its_group_listed_above_it(rep):
    rows = [
        ["name", "parent"],
        ["鼎盛控股集团", ""],
        ["鼎盛精密苏州有限公司", "鼎盛控股集团"],
        ["鼎盛精密二厂", "鼎盛精密苏州有限公司"],
    ]
    report = run(rep, rows, commit=True)
    assert (report.created, report.errors) == (3, [])
    head, member, plant = (
        Prospect.objects.get(name=n) for n in [r[0] for r in rows[1:]]
    )
    assert (member.parent, plant.parent) == (head, member)
    assert {head.group_root_id, member.group_root_id, plant.group_root_id} == {head.pk}


def test_an_existing_account_is_put_under_a_group_by_credit_code(rep):
    head = ProspectFactory(name="鼎盛控股集团", owner=rep, credit_code=CODE)
    account = ProspectFactory(name="鼎盛精密", owner=rep)
    report = run(rep, [["name", "parent"], ["鼎盛精密", CODE]], commit=True)
    assert report.updated == 1
    account.refresh_from_db()
    assert (account.parent_id, account.group_root_id) == (head.pk, head.pk)


def test_joining_a_group_owned_by_someone_else_warns_who_owns_it(
    manager, rep, colleague
):
    ProspectFactory(name="鼎盛控股集团", owner=colleague)
    rows = [["name", "owner", "parent"], ["鼎盛精密", rep.username, "鼎盛控股集团"]]
    report = run(manager, rows)
    assert report.errors == []
    (warning,) = report.changes
    label, _old, text = warning["changes"][0]
    assert label == "Group"
    assert str(colleague) in text
    assert "鼎盛控股集团" in text
    assert not Prospect.objects.filter(name="鼎盛精密").exists()  # a preview


def test_a_parent_unknown_or_outside_the_scope_is_an_error(rep, outsider):
    ProspectFactory(name="远航实业集团", owner=outsider, team=outsider.team)
    rows = [["name", "parent"], ["甲", "不存在集团"], ["乙", "远航实业集团"]]
    report = run(rep, rows, commit=True)
    messages = [(e.row, e.column, e.message) for e in report.errors]
    assert messages[0][:2] == (2, "parent")
    assert "No account" in messages[0][2]
    assert messages[1][:2] == (3, "parent")
    assert "not yours" in messages[1][2]
    assert not report.committed
    assert Prospect.objects.count() == 1


def test_an_account_cannot_be_imported_under_its_own_subsidiary(rep):
    rows = [["name", "parent"], ["集团", ""], ["子公司", "集团"]]
    run(rep, rows, commit=True)
    report = run(rep, [["name", "parent"], ["集团", "子公司"]], commit=True)
    assert [e.column for e in report.errors] == ["parent"]
    assert Prospect.objects.get(name="集团").parent_id is None
