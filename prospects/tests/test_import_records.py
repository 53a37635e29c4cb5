"""Contacts, statements, transactions and past contacts; the command line."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils.timezone import localtime

from devlog.models import DevelopmentEntry
from prospects.imports import engine
from prospects.imports.reading import read_table
from prospects.models import (
    Contact,
    FinancialStatement,
    ImportBatch,
    MonthlyTransaction,
    Prospect,
)
from prospects.tests.factories import ContactFactory, ProspectFactory
from prospects.tests.import_files import csv_bytes, xlsx_bytes


def run(kind, user, rows, *, commit=True):
    return engine.run(kind, read_table("f.csv", csv_bytes(rows)), user, commit=commit)


@pytest.fixture
def hengrui(rep):
    return ProspectFactory(owner=rep, name="苏州恒瑞精密机械股份有限公司")


def test_contacts_are_added_under_the_account_named_and_updated_by_name(rep, hengrui):
    ContactFactory(prospect=hengrui, name="陈国栋", position="经理")
    rows = [
        ["客户名称", "姓名", "职位", "在采购中的角色"],
        ["苏州恒瑞精密机械有限公司", "陈国栋", "采购总监", "决策人"],
        ["苏州恒瑞精密机械有限公司", "李娜", "", "handler"],
    ]
    report = run("contacts", rep, rows)
    assert (report.created, report.updated, report.errors) == (1, 1, [])
    chen = Contact.objects.get(name="陈国栋")
    assert (chen.position, chen.purchase_role) == ("采购总监", "decision_maker")
    assert report.changes[0]["changes"][0][1:] == ["经理", "采购总监"]


def test_a_row_naming_an_unknown_or_foreign_account_is_an_error(rep, outsider):
    ProspectFactory(owner=outsider, name="Theirs")
    rows = [["account", "name"], ["Nobody Ltd", "A"], ["Theirs", "B"]]
    report = run("contacts", rep, rows)
    assert [e.row for e in report.errors] == [2, 3]
    assert "import the accounts first" in report.errors[0].message
    assert "not yours" in report.errors[1].message
    assert Contact.objects.count() == 0


def test_statements_are_matched_by_period_and_checked_like_the_form(rep, hengrui):
    rows = [
        [
            "account",
            "period",
            "revenue",
            "net_profit",
            "total_assets",
            "current_assets",
        ],
        [hengrui.name, "2024", "1,200,000", "-50000", "900000", "400000"],
        [hengrui.name, "2025-Q3", "100", "", "100", "200"],
        [hengrui.name, "24", "abc", "", "", ""],
    ]
    report = run("statements", rep, rows)
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "current_assets"),
        (4, "revenue"),
        (4, "period"),
    ]
    rows = rows[:2]
    report = run("statements", rep, rows)
    statement = FinancialStatement.objects.get()
    assert statement.revenue == Decimal("1200000.00")
    assert statement.net_profit == Decimal("-50000.00")


def test_transactions_are_matched_by_month(rep, hengrui):
    rows = [
        ["客户名称", "月份", "我方销售额", "客户采购量"],
        [hengrui.name, "2025-03", "100", "1000"],
        [hengrui.name, "2025年4月", "200", "1000"],
    ]
    assert run("transactions", rep, rows).created == 2
    rows[1][2] = "150"
    report = run("transactions", rep, rows)
    assert (report.updated, report.skipped) == (1, 1)
    assert MonthlyTransaction.objects.get(month=date(2025, 3, 1)).our_sales == 150


def test_past_contacts_keep_their_date_and_are_in_the_named_reps_name(
    manager, rep, hengrui
):
    rows = [
        [
            "客户名称",
            "日期",
            "访问对象",
            "开发方式",
            "业务进度",
            "客户态度",
            "开发人员",
        ],
        [hengrui.name, "2024-05-06 10:30", "陈国栋", "拜访", "产品说明", "热情", "rep"],
    ]
    report = run("entries", manager, rows)
    assert report.errors == []
    entry = DevelopmentEntry.objects.get()
    assert entry.created_by == rep
    assert entry.history.get().history_user == rep
    assert localtime(entry.occurred_at).strftime("%Y-%m-%d %H:%M") == "2024-05-06 10:30"
    assert (entry.method, entry.progress, entry.attitude) == (
        "visit",
        "explanation",
        "warm",
    )
    hengrui.refresh_from_db()
    assert hengrui.stage == "explanation"
    assert hengrui.history.first().history_user == rep
    assert run("entries", manager, rows).skipped == 1  # imported once


def test_a_rep_imports_only_their_own_past_contacts(rep, colleague, hengrui):
    hengrui.colleagues.add(colleague)
    rows = [["account", "occurred_at", "person_met", "method", "rep"]]
    rows.append([hengrui.name, "2024-05-06", "陈", "phone", "colleague"])
    report = run("entries", rep, rows)
    assert "only their own" in report.errors[0].message
    rows[1][4] = ""
    run("entries", rep, rows)
    assert DevelopmentEntry.objects.get().created_by == rep


def test_a_future_contact_or_a_rep_outside_the_team_is_refused(
    manager, outsider, rep, hengrui
):
    rows = [
        ["account", "occurred_at", "person_met", "method", "rep"],
        [hengrui.name, "2999-01-01", "陈", "phone", ""],
        [hengrui.name, "2024-01-01", "陈", "phone", "outsider"],
        [hengrui.name, "2024-01-01", "", "fax", ""],
    ]
    report = run("entries", manager, rows)
    assert sorted((e.row, e.column) for e in report.errors) == [
        (2, "occurred_at"),
        (3, "rep"),
        (4, "method"),
        (4, "person_met"),
    ]
    assert DevelopmentEntry.objects.count() == 0


def test_the_command_previews_then_commits(tmp_path, rep, capsys):
    path = tmp_path / "accounts.xlsx"
    path.write_bytes(xlsx_bytes([["name", "region"], ["CLI Co", "江苏"]]))
    call_command("import_records", str(path), kind="accounts", username="rep")
    assert "1 to create" in capsys.readouterr().out
    assert Prospect.objects.count() == 0
    call_command("import_records", str(path), "--kind=accounts", "--as=rep", "--commit")
    assert Prospect.objects.get().name == "CLI Co"
    batch = ImportBatch.objects.first()
    assert (batch.state, batch.created, batch.created_by) == ("committed", 1, rep)


def test_the_command_exits_non_zero_on_a_row_error_and_commits_nothing(
    tmp_path, rep, capsys
):
    path = tmp_path / "accounts.csv"
    path.write_bytes(csv_bytes([["name", "status"], ["Good", ""], ["Bad", "maybe"]]))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import_records", str(path), "--kind=accounts", "--as=rep", "--commit"
        )
    assert "Row 3, status:" in capsys.readouterr().out
    assert Prospect.objects.count() == 0
