"""The account list, its filters and its CSV/XLSX exports: all on the scoped queryset."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from prospects.models import Prospect
from prospects.tests.factories import (
    ContactFactory,
    ProductCategoryFactory,
    ProspectFactory,
)


def listed(client, **params):
    response = client.get(reverse("prospects:list"), params)
    assert response.status_code == 200
    return [p.name for p in response.context["page"].object_list]


def csv_rows(client, **params):
    response = client.get(reverse("prospects:export-csv"), params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_rows(client, **params):
    response = client.get(reverse("prospects:export-xlsx"), params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows())


@pytest.fixture
def book(rep, colleague, outsider):
    """Accounts of rep's team (rep's and colleague's) and one of another team."""
    machines = ProductCategoryFactory(name_en="Machines", name_zh="机器")
    return {
        "alpha": ProspectFactory(
            owner=rep,
            name="Alpha Foods",
            status="developing",
            product_category=machines,
            score=80,
            position_score=70,
            verdict="worth",
            quadrant="strategic",
            region="华东 · 上海",
        ),
        "beta": ProspectFactory(
            owner=rep,
            name="北京贝塔科技有限公司",
            status="potential",
            score=40,
            position_score=60,
            verdict="not_worth",
            quadrant="maintain",
        ),
        "gamma": ProspectFactory(
            owner=colleague,
            name="Gamma Steel",
            status="won",
            score=55,
            position_score=20,
            verdict="worth",
            quadrant="develop",
            colleagues=[rep],
        ),
        "delta": ProspectFactory(owner=colleague, name="Delta Glass", status="lost"),
        "foreign": ProspectFactory(
            owner=outsider, name="Foreign Alpha", score=90, verdict="worth"
        ),
    }


ALL_REP = ["Alpha Foods", "Gamma Steel", "北京贝塔科技有限公司"]


def test_the_list_shows_only_visible_accounts(client, rep, manager, admin_user, book):
    client.force_login(rep)
    assert listed(client) == ALL_REP
    client.force_login(manager)
    assert listed(client) == [
        "Alpha Foods",
        "Delta Glass",
        "Gamma Steel",
        "北京贝塔科技有限公司",
    ]
    client.force_login(admin_user)
    assert len(listed(client)) == 5


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "developing"}, ["Alpha Foods"]),
        ({"status": "won"}, ["Gamma Steel"]),
        ({"verdict": "worth"}, ["Alpha Foods", "Gamma Steel"]),
        ({"verdict": "not_worth"}, ["北京贝塔科技有限公司"]),
        ({"verdict": "undecided"}, []),
        ({"quadrant": "maintain"}, ["北京贝塔科技有限公司"]),
        ({"score_min": "55"}, ["Alpha Foods", "Gamma Steel"]),
        ({"score_max": "55"}, ["Gamma Steel", "北京贝塔科技有限公司"]),
        ({"score_min": "41", "score_max": "79"}, ["Gamma Steel"]),
        ({"q": "alpha"}, ["Alpha Foods"]),
        ({"q": "贝塔"}, ["北京贝塔科技有限公司"]),
        ({"q": "上海"}, ["Alpha Foods"]),  # the region too
        ({"q": "  "}, ALL_REP),
    ],
)
def test_each_filter_narrows_the_list(client, rep, book, params, expected):
    client.force_login(rep)
    assert listed(client, **params) == expected


def test_the_product_category_filter(client, rep, book):
    client.force_login(rep)
    category = book["alpha"].product_category
    assert listed(client, product_category=category.pk) == ["Alpha Foods"]


def test_a_manager_filters_by_owner(client, manager, colleague, book):
    client.force_login(manager)
    assert listed(client, owner=colleague.pk) == ["Delta Glass", "Gamma Steel"]


def test_the_list_sorts_by_score(client, rep, book):
    client.force_login(rep)
    assert listed(client, sort="-score") == [
        "Alpha Foods",
        "Gamma Steel",
        "北京贝塔科技有限公司",
    ]
    assert listed(client, sort="score") == [
        "北京贝塔科技有限公司",
        "Gamma Steel",
        "Alpha Foods",
    ]


def test_a_filter_cannot_widen_the_scope(client, rep, outsider, other_manager, book):
    for user in (outsider, other_manager):
        client.force_login(user)
        response = client.get(reverse("prospects:list"), {"owner": rep.pk})
        assert response.status_code == 200
        # An invalid filter shows its error and selects nothing, rather than being
        # ignored (which would list, or export, everything the user sees).
        assert list(response.context["page"].object_list) == []
        assert "owner" in response.context["filter"].errors
        export = client.get(reverse("prospects:export-csv"), {"owner": rep.pk})
        assert export.status_code == 302  # back to the list, which shows the error
        assert export["Location"].startswith(reverse("prospects:list") + "?owner=")


def test_an_owner_from_another_team_is_refused_not_leaked(client, rep, outsider, book):
    client.force_login(rep)
    response = client.get(reverse("prospects:list"), {"owner": outsider.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    names = [p.name for p in response.context["page"].object_list]
    assert "Foreign Alpha" not in names
    assert outsider.full_name not in response.content.decode()


def test_the_owner_choices_are_the_users_team_only(client, rep, outsider, book):
    client.force_login(rep)
    response = client.get(reverse("prospects:list"))
    owners = response.context["filter"].filters["owner"].queryset
    assert rep in owners
    assert outsider not in owners


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"score_min": "abc"}, "Enter a whole number."),
        ({"score_max": "500"}, "Ensure this value is less than or equal to 100."),
        ({"score_min": "-1"}, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_an_invalid_score_shows_an_error_not_a_crash(
    client, rep, book, params, message
):
    client.force_login(rep)
    response = client.get(reverse("prospects:list"), params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_invalid_choices_in_the_query_do_not_crash(client, rep, book):
    client.force_login(rep)
    for params in ({"status": "nope"}, {"product_category": "x"}, {"sort": "password"}):
        assert client.get(reverse("prospects:list"), params).status_code == 200


def test_the_list_is_paginated_by_25(client, rep):
    ProspectFactory.create_batch(26, owner=rep)
    client.force_login(rep)
    response = client.get(reverse("prospects:list"))
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 26
    assert "26 accounts" in response.content.decode()
    assert len(listed(client, page=2)) == 1
    assert len(listed(client, page="abc")) == 25
    assert len(listed(client, page=99)) == 1


def test_each_page_holds_its_share_of_the_sorted_list_and_only_what_is_visible(
    client, rep, outsider
):
    for score in range(30):
        ProspectFactory(owner=rep, name=f"A{score:02d}", score=score % 7)
    ProspectFactory(owner=outsider, name="Theirs", score=6)
    client.force_login(rep)
    shown = listed(client, sort="-score") + listed(client, sort="-score", page=2)
    scores = [Prospect.objects.get(name=name).score for name in shown]
    assert set(scores) == set(range(7))
    assert sorted(shown) == [f"A{n:02d}" for n in range(30)]
    assert scores == sorted(scores, reverse=True)
    assert listed(client)[:3] == ["A00", "A01", "A02"]  # by name, unsorted


# CSV


def test_the_csv_export_is_utf8_csv_with_a_bom(client, rep, book):
    client.force_login(rep)
    response = client.get(reverse("prospects:export-csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    assert "北京贝塔科技有限公司" in body.decode("utf-8")


def test_the_csv_has_a_header_and_the_same_rows_as_the_filtered_list(client, rep, book):
    client.force_login(rep)
    header, *rows = csv_rows(client)
    assert header[:3] == ["ID", "Name", "Status"]
    assert sorted(row[1] for row in rows) == sorted(ALL_REP)
    _header, *rows = csv_rows(client, verdict="worth", sort="-score")
    assert [row[1] for row in rows] == listed(client, verdict="worth", sort="-score")
    assert [int(row[0]) for row in rows] == [book["alpha"].pk, book["gamma"].pk]


def test_the_csv_never_contains_contacts_or_their_profile(client, rep, book):
    contact = ContactFactory(
        prospect=book["alpha"],
        name="王建国",
        personality="Secretive-personality-text",
        pressures="Secret-pressure-text",
        interests="Secret-interest-text",
        family_notes="Secret-family-text",
    )
    client.force_login(rep)
    text = repr(csv_rows(client))
    for value in (
        contact.name,
        *(getattr(contact, f) for f in contact.PERSONAL_FIELDS),
    ):
        assert value not in text


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_formula_in_the_csv_is_written_as_text(client, rep, name):
    ProspectFactory(owner=rep, name=name)
    client.force_login(rep)
    _header, row = csv_rows(client)
    assert row[1] == "'" + name


def test_the_exports_never_include_another_teams_accounts(client, rep, manager, book):
    for user in (rep, manager):
        client.force_login(user)
        assert "Foreign Alpha" not in repr(csv_rows(client))
        assert "Foreign Alpha" not in repr(
            [[c.value for c in r] for r in xlsx_rows(client)]
        )
        assert "Foreign Alpha" not in repr(csv_rows(client, q="Foreign"))


def test_an_outsider_exports_only_their_own_team(client, outsider, book):
    client.force_login(outsider)
    _header, *rows = csv_rows(client)
    assert [row[1] for row in rows] == ["Foreign Alpha"]


# XLSX


def test_the_xlsx_export_has_a_header_and_the_filtered_rows(client, rep, book):
    client.force_login(rep)
    response = client.get(reverse("prospects:export-xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert ".xlsx" in response["Content-Disposition"]
    header, *rows = xlsx_rows(client, status="potential")
    assert [c.value for c in header][:3] == ["ID", "Name", "Status"]
    assert [[c.value for c in row][:2] for row in rows] == [
        [book["beta"].pk, "北京贝塔科技有限公司"]
    ]
    _header, *rows = xlsx_rows(client)
    assert sorted(row[1].value for row in rows) == sorted(ALL_REP)


def test_a_formula_in_the_xlsx_is_a_string_cell(client, rep):
    ProspectFactory(owner=rep, name="=cmd|' /C calc'!A0")
    client.force_login(rep)
    _header, row = xlsx_rows(client)
    assert row[1].value == "=cmd|' /C calc'!A0"
    assert row[1].data_type == "s"


def test_the_exports_contain_no_contact_data(client, rep, book):
    ContactFactory(prospect=book["alpha"], name="李秘书", personality="private-trait")
    client.force_login(rep)
    cells = repr([[c.value for c in r] for r in xlsx_rows(client)])
    assert "李秘书" not in cells
    assert "private-trait" not in cells


def test_an_empty_export_still_has_its_header(client, rep):
    client.force_login(rep)
    assert len(csv_rows(client)) == 1
    assert len(xlsx_rows(client)) == 1
    assert not Prospect.objects.exists()


@pytest.mark.parametrize("accounts", [3, 25])
def test_the_list_takes_a_fixed_number_of_queries(
    client, rep, accounts, django_assert_max_num_queries
):
    category = ProductCategoryFactory()
    for _i in range(accounts):
        ProspectFactory(owner=rep, product_category=category, region="华东")
    client.force_login(rep)
    with django_assert_max_num_queries(10):  # 8 today, whatever the number of rows
        assert len(listed(client)) == accounts


def test_a_manager_s_list_reads_each_classification_list_once(client, manager, rep):
    """The filter form, the rows and the bulk form share one read of each list,
    and no select of the page goes through a server-side cursor (three round trips
    on PostgreSQL where a plain query is one)."""
    category = ProductCategoryFactory(name_en="Machines")
    ProspectFactory(owner=rep, product_category=category)
    client.force_login(manager)
    listed(client)  # warm up: the first request also touches the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("prospects:list"))
    sql = [query["sql"] for query in queries]
    reads = [s for s in sql if 'FROM "prospects_productcategory"' in s]
    assert len(reads) == 1, reads
    assert not [s for s in sql if s.startswith("DECLARE")]
    page = response.content.decode()
    # offered by the filter form and by the bulk form alike
    assert page.count(f'<option value="{category.pk}">Machines</option>') == 2
