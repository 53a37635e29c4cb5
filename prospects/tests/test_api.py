"""Key accounts and their analysis over the API: the web's forms decide what is
valid, the version check refuses stale changes, status moves only by outcome."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kam.tests.api import ApiClient
from prospects.models import Contact, FinancialStatement, Prospect
from prospects.tests import factories


def test_a_rep_adds_an_account_of_their_own(rep):
    response = ApiClient(rep).post("/api/v1/accounts/", {"name": "宏达化工"})
    assert response.status_code == 201
    body = response.json()
    account = Prospect.objects.get(pk=body["id"])
    assert account.owner == rep
    assert account.team == rep.team
    assert body["status"] == "potential"
    assert body["version"] == account.version


def test_bad_input_answers_the_forms_messages_and_saves_nothing(rep, prospect):
    response = ApiClient(rep).post("/api/v1/accounts/", {"name": prospect.name})
    assert response.status_code == 400
    assert "already has an account of this name" in str(response.json())
    assert Prospect.objects.count() == 1


def test_bad_input_is_explained_in_chinese(rep):
    response = ApiClient(rep, language="zh-hans").post("/api/v1/accounts/", {})
    assert response.status_code == 400
    assert response.json()["name"] == ["该字段是必填项。"]


def test_a_change_with_the_current_version_saves(rep, prospect):
    api = ApiClient(rep)
    version = api.get(f"/api/v1/accounts/{prospect.pk}/").json()["version"]
    response = api.patch(
        f"/api/v1/accounts/{prospect.pk}/", {"region": "华东", "version": version}
    )
    assert response.status_code == 200
    assert response.json()["region"] == "华东"
    assert response.json()["version"] == version + 1
    prospect.refresh_from_db()
    assert prospect.name == "华鑫精密机械有限公司"  # what was not sent stays


def test_a_stale_version_answers_409_with_the_current_one(rep, prospect):
    api = ApiClient(rep)
    version = api.get(f"/api/v1/accounts/{prospect.pk}/").json()["version"]
    api.patch(f"/api/v1/accounts/{prospect.pk}/", {"region": "A", "version": version})
    response = api.patch(
        f"/api/v1/accounts/{prospect.pk}/", {"region": "B", "version": version}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["current_version"] == version + 1
    prospect.refresh_from_db()
    assert prospect.region == "A"


def test_a_change_without_a_version_is_refused(rep, prospect):
    response = ApiClient(rep).patch(f"/api/v1/accounts/{prospect.pk}/", {"region": "A"})
    assert response.status_code == 400
    assert "version" in response.json()


def test_the_status_is_not_changed_by_an_edit(rep, prospect):
    response = ApiClient(rep).patch(
        f"/api/v1/accounts/{prospect.pk}/",
        {"status": "won", "verdict": "worth", "version": prospect.version},
    )
    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.POTENTIAL


@pytest.mark.parametrize("method", ["put", "delete"])
def test_what_the_web_does_not_do_is_not_offered(rep, prospect, method):
    api = ApiClient(rep)
    url = f"/api/v1/accounts/{prospect.pk}/"
    response = api.delete(url) if method == "delete" else api.put(url, {})
    assert response.status_code == 405
    assert Prospect.objects.filter(pk=prospect.pk).exists()


def test_private_notes_only_in_a_single_contacts_answer(rep, prospect):
    contact = factories.ContactFactory(prospect=prospect)
    api = ApiClient(rep)
    listed = api.get("/api/v1/contacts/").json()["results"]
    assert listed[0]["id"] == contact.pk
    assert not set(Contact.PERSONAL_FIELDS) & set(listed[0])
    one = api.get(f"/api/v1/contacts/{contact.pk}/").json()
    assert one["family_notes"] == contact.family_notes


def test_a_contact_is_added_to_a_visible_account_only(rep, prospect, foreign):
    api = ApiClient(rep)
    mine = api.post("/api/v1/contacts/", {"account": prospect.pk, "name": "王总"})
    assert mine.status_code == 201
    theirs = api.post("/api/v1/contacts/", {"account": foreign.pk, "name": "李总"})
    assert theirs.status_code == 400
    assert "account" in theirs.json()
    assert not Contact.objects.filter(prospect=foreign).exists()


def test_a_statement_answers_its_six_ratios(rep, prospect):
    body = {
        "account": prospect.pk,
        "period": "2025",
        "revenue": "1000",
        "net_profit": "100",
        "total_assets": "2000",
        "current_assets": "800",
        "current_liabilities": "400",
        "accounts_receivable": "200",
        "inventory": "150",
        "cost_of_sales": "730",
    }
    response = ApiClient(rep).post("/api/v1/financial-statements/", body)
    assert response.status_code == 201, response.json()
    row = response.json()
    statement = FinancialStatement.objects.get(pk=row["id"])
    assert row["net_profit_margin"] == pytest.approx(float(statement.net_profit_margin))
    assert row["current_ratio"] == pytest.approx(float(statement.current_ratio))
    for ratio in ("current_asset_ratio", "return_on_assets", "collection_period"):
        assert row[ratio] is not None
    assert row["inventory_period"] is not None
    prospect.refresh_from_db()
    assert prospect.score is not None  # the assessment followed, as on the web


def test_a_statement_with_a_bad_period_is_refused(rep, prospect):
    response = ApiClient(rep).post(
        "/api/v1/financial-statements/", {"account": prospect.pk, "period": "next"}
    )
    assert response.status_code == 400
    assert "period" in response.json()


def test_the_forecast_is_read_only(rep, prospect):
    forecast = factories.ForecastFactory(prospect=prospect)
    api = ApiClient(rep)
    body = api.get(f"/api/v1/forecasts/{forecast.pk}/").json()
    assert body["verdict"] == prospect.verdict
    assert (
        api.patch(f"/api/v1/forecasts/{forecast.pk}/", {"version": 0}).status_code
        == 405
    )
    assert api.post("/api/v1/forecasts/", {}).status_code == 405


def test_lists_filter_like_the_web(rep):
    factories.ProspectFactory(owner=rep, name="Alpha", status=Prospect.Status.LOST)
    factories.ProspectFactory(owner=rep, name="Beta")
    api = ApiClient(rep)
    names = [
        a["name"] for a in api.get("/api/v1/accounts/", status="lost").json()["results"]
    ]
    assert names == ["Alpha"]
    assert api.get("/api/v1/accounts/", status="nonsense").status_code == 400


def _queries(api, url):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("resource", "make"),
    [
        ("accounts", lambda p: factories.ProspectFactory(owner=p.owner)),
        ("contacts", lambda p: factories.ContactFactory(prospect=p)),
        (
            "financial-statements",
            lambda p: factories.FinancialStatementFactory(prospect=p),
        ),
        ("transactions", lambda p: factories.MonthlyTransactionFactory(prospect=p)),
        ("competitors", lambda p: factories.CompetitorFactory(prospect=p)),
    ],
)
def test_a_page_costs_the_same_queries_however_many_rows(
    rep, colleague, prospect, resource, make
):
    prospect.colleagues.add(colleague)
    api = ApiClient(rep)
    make(prospect)
    api.get(f"/api/v1/{resource}/")  # the token's first use notes it
    few = _queries(api, f"/api/v1/{resource}/")
    for _ in range(5):
        make(prospect)
    assert _queries(api, f"/api/v1/{resource}/") == few
