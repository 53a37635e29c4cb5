"""The account form and the section forms refuse bad input with a clear message."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from kam.tests.helpers import in_threads, needs_postgresql
from prospects.models import (
    Advantage,
    Competitor,
    Contact,
    Forecast,
    MonthlyTransaction,
    Prospect,
    PurchaseFactors,
    SalesProfile,
)
from prospects.tests.factories import (
    MonthlyTransactionFactory,
    ProspectFactory,
    loaded_version,
)


def errors(response):
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


# The account: create and edit


def create(client, user, **data):
    client.force_login(user)
    return client.post(reverse("prospects:create"), {"status": "potential", **data})


def test_a_rep_creates_an_account_they_own(client, rep):
    response = create(client, rep, name="华鑫精密机械有限公司", region="华东")
    account = Prospect.objects.get()
    assert response.status_code == 302
    assert response["Location"] == account.get_absolute_url()
    assert (account.owner, account.team, account.region) == (rep, rep.team, "华东")
    assert account.verdict == Prospect.Verdict.UNDECIDED


def test_a_rep_cannot_give_the_account_to_someone_else(client, rep, colleague):
    response = create(client, rep, name="Acme", owner=colleague.pk)
    assert response.status_code == 302
    assert Prospect.objects.get().owner == rep


def test_a_rep_may_assign_colleagues_of_their_team(client, rep, colleague):
    create(client, rep, name="Acme", colleagues=[colleague.pk, rep.pk])
    account = Prospect.objects.get()
    assert list(account.colleagues.all()) == [colleague]  # the owner is not repeated


def test_a_manager_assigns_the_owner_within_the_team(client, manager, rep):
    response = create(client, manager, name="Acme", owner=rep.pk)
    assert response.status_code == 302
    account = Prospect.objects.get()
    assert (account.owner, account.team) == (rep, manager.team)


def test_a_manager_cannot_assign_an_owner_of_another_team(client, manager, outsider):
    response = create(client, manager, name="Acme", owner=outsider.pk)
    assert "owner" in errors(response)
    assert "Select a valid choice" in response.content.decode()
    assert not Prospect.objects.exists()


def test_a_manager_must_choose_an_owner(client, manager):
    response = create(client, manager, name="Acme", owner="")
    assert errors(response)["owner"] == ["This field is required."]
    assert not Prospect.objects.exists()


def test_a_manager_cannot_hand_an_account_to_another_team(
    client, manager, outsider, prospect
):
    client.force_login(manager)
    response = client.post(
        reverse("prospects:edit", args=[prospect.pk]),
        {
            "name": prospect.name,
            "status": "potential",
            "owner": outsider.pk,
            **loaded_version(Prospect, pk=prospect.pk),
        },
    )
    assert "owner" in errors(response)
    prospect.refresh_from_db()
    assert prospect.owner.team == manager.team


def test_colleagues_from_another_team_are_refused(client, rep, outsider):
    response = create(client, rep, name="Acme", colleagues=[outsider.pk])
    assert "colleagues" in errors(response)
    assert not Prospect.objects.exists()


def test_an_inactive_user_or_an_admin_cannot_be_made_owner(
    client, manager, team, admin_user, prospect
):
    gone = UserFactory(team=team, is_active=False)
    client.force_login(manager)
    for user in (gone, admin_user):
        response = client.post(
            reverse("prospects:edit", args=[prospect.pk]),
            {
                "name": prospect.name,
                "status": "potential",
                "owner": user.pk,
                **loaded_version(Prospect, pk=prospect.pk),
            },
        )
        assert "owner" in errors(response)
    prospect.refresh_from_db()
    assert prospect.owner.username == "rep"


def test_an_admin_picks_the_team_and_an_owner_of_that_team(
    client, admin_user, rep, outsider, other_team
):
    response = create(client, admin_user, name="Acme", team=other_team.pk, owner=rep.pk)
    assert errors(response)["owner"] == [
        "The owner must be a member of the account's team."
    ]
    assert not Prospect.objects.exists()
    response = create(
        client, admin_user, name="Acme", team=other_team.pk, owner=outsider.pk
    )
    assert response.status_code == 302
    assert Prospect.objects.get().team == other_team


def test_a_user_without_a_team_cannot_create_accounts(client, db):
    loner = UserFactory(team=None, role=Role.REP)
    client.force_login(loner)
    assert client.get(reverse("prospects:create")).status_code == 403


def test_the_name_is_required(client, rep):
    response = create(client, rep, name="")
    assert errors(response)["name"] == ["This field is required."]


def test_a_duplicate_name_in_the_team_is_a_form_error(client, rep, colleague):
    ProspectFactory(owner=colleague, name="Acme Trading")
    response = create(client, rep, name="ACME trading")
    assert "Your team already has an account of this name." in repr(errors(response))
    assert "Your team already has an account of this name." in response.content.decode()
    assert Prospect.objects.count() == 1


SAME_ACCOUNT = [
    ("name", "Acme Trading", "Your team already has an account of this name."),
    (
        "credit_code",
        "91350100M000100Y43",
        "An account with this unified social credit code already exists.",
    ),
]


def after_the_first_look(theirs, landed):
    """A query wrapper running ``theirs()`` once, right after the form first looks
    for a same account."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        looked = sql.startswith('SELECT %s AS "a" FROM "prospects_prospect"')
        if looked and not landed:
            landed.append(None)
            landed[0] = theirs()
        return result

    return wrapper


def just_before_our_insert(theirs, landed):
    """A query wrapper running ``theirs()`` in another connection, committed, right
    before our account's insert."""

    def wrapper(execute, sql, params, many, context):
        ours = sql.startswith('INSERT INTO "prospects_prospect" ')
        if ours and not landed:
            landed.extend(in_threads(1, lambda _i: theirs()))
        return execute(sql, params, many, context)

    return wrapper


def assert_refused_when_theirs_lands(
    moment, client, rep, colleague, field, value, message
):
    """The rep creates "Acme Trading" while the colleague's same account lands at
    ``moment``: the rep's form is refused with ``message``, keeps what was typed,
    and only the colleague's account exists."""
    landed = []
    theirs = moment(lambda: ProspectFactory(owner=colleague, **{field: value}), landed)
    data = {"name": "Acme Trading", field: value, "save_anyway": "on"}
    with connection.execute_wrapper(theirs):
        response = create(client, rep, **data)
    assert landed
    assert message in repr(errors(response))
    page = response.content.decode()
    assert message in page
    assert f'value="{value}"' in page
    assert list(Prospect.objects.all()) == landed


@pytest.mark.parametrize(("field", "value", "message"), SAME_ACCOUNT)
def test_a_same_account_saved_while_the_form_is_checked_is_a_form_error(
    client, rep, colleague, field, value, message
):
    """A teammate's account of the same name (or credit code) is saved after the
    form was checked: the service's check refuses it, and the page says why, as it
    would have had theirs come first, instead of answering 500."""
    assert_refused_when_theirs_lands(
        after_the_first_look, client, rep, colleague, field, value, message
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("field", "value", "message"), SAME_ACCOUNT)
def test_a_same_account_committed_just_before_the_insert_is_a_form_error(
    client, rep, colleague, field, value, message
):
    """Past every check, the database's constraint decides: its refusal is shown
    as the check's message."""
    # SQLite's writer holds the database from its first check to its commit.
    needs_postgresql("a write overtaking a checked one is PostgreSQL's")
    assert_refused_when_theirs_lands(
        just_before_our_insert, client, rep, colleague, field, value, message
    )


def test_the_same_name_in_another_team_is_allowed(client, rep, outsider):
    ProspectFactory(owner=outsider, name="Acme Trading")
    response = create(client, rep, name="Acme Trading", save_anyway="on")
    assert response.status_code == 302
    assert Prospect.objects.filter(name="Acme Trading").count() == 2


def test_renaming_onto_a_teammates_account_is_a_form_error(
    client, rep, colleague, prospect
):
    ProspectFactory(owner=colleague, name="Acme Trading")
    client.force_login(rep)
    response = client.post(
        reverse("prospects:edit", args=[prospect.pk]),
        {
            "name": "acme TRADING",
            "status": "developing",
            **loaded_version(Prospect, pk=prospect.pk),
        },
    )
    assert "Your team already has an account of this name." in repr(errors(response))
    prospect.refresh_from_db()
    assert prospect.status == "potential"


def test_an_assigned_colleague_edits_but_cannot_take_the_account(
    client, colleague, assigned, rep
):
    client.force_login(colleague)
    response = client.post(
        reverse("prospects:edit", args=[assigned.pk]),
        {
            "name": "Renamed",
            "owner": colleague.pk,
            "colleagues": [colleague.pk],
            **loaded_version(Prospect, pk=assigned.pk),
        },
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert (assigned.name, assigned.owner) == ("Renamed", rep)


def test_a_manager_hands_the_account_to_a_teammate(
    client, manager, colleague, prospect
):
    client.force_login(manager)
    response = client.post(
        reverse("prospects:edit", args=[prospect.pk]),
        {
            "name": prospect.name,
            "status": "potential",
            "owner": colleague.pk,
            **loaded_version(Prospect, pk=prospect.pk),
        },
    )
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert prospect.owner == colleague


def test_a_bad_website_is_refused(client, rep):
    response = create(client, rep, name="Acme", website="not a url")
    assert "website" in errors(response)


# Monthly transactions


@pytest.fixture
def add_month(client, rep, prospect):
    client.force_login(rep)
    url = reverse("prospects:transactions-create", args=[prospect.pk])

    def add_month(month, our_sales="100", purchase_volume="1000"):
        return client.post(
            url,
            {
                "month": month,
                "our_sales": our_sales,
                "purchase_volume": purchase_volume,
            },
        )

    return add_month


def test_a_month_is_entered_as_yyyy_mm_and_stored_as_its_first_day(add_month, prospect):
    response = add_month("2025-07")
    assert response.status_code == 302
    assert response["Location"] == reverse("prospects:transactions", args=[prospect.pk])
    row = MonthlyTransaction.objects.get()
    assert row.month == date(2025, 7, 1)
    assert row.share == Decimal("10")


def test_a_full_date_is_stored_as_its_month(add_month):
    assert add_month("2025-07-19").status_code == 302
    assert MonthlyTransaction.objects.get().month == date(2025, 7, 1)


@pytest.mark.parametrize("month", ["2025-13", "July", "", "2025-7-x"])
def test_a_bad_month_is_refused(add_month, month):
    assert "month" in errors(add_month(month))
    assert not MonthlyTransaction.objects.exists()


def test_our_sales_cannot_exceed_the_customers_purchases(add_month):
    response = add_month("2025-07", our_sales="1000.01", purchase_volume="1000")
    assert errors(response)["our_sales"] == [
        "Our sales cannot exceed everything the customer bought."
    ]
    assert not MonthlyTransaction.objects.exists()


def test_a_month_already_recorded_is_a_form_error(add_month, prospect):
    MonthlyTransactionFactory(prospect=prospect, month=date(2025, 7, 1))
    response = add_month("2025-07-15")
    assert "This month is already recorded." in repr(errors(response))
    assert "This month is already recorded." in response.content.decode()
    assert MonthlyTransaction.objects.count() == 1


def test_the_same_month_on_another_account_is_fine(add_month, rep):
    MonthlyTransactionFactory(prospect__owner=rep, month=date(2025, 7, 1))
    assert add_month("2025-07").status_code == 302


def test_the_transactions_page_saves_the_product_sales_notes(client, rep, prospect):
    client.force_login(rep)
    url = reverse("prospects:transactions", args=[prospect.pk])
    response = client.post(
        url,
        {
            "product_sales_notes": "Sells best in spring.",
            **loaded_version(Prospect, pk=prospect.pk),
        },
    )
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert prospect.product_sales_notes == "Sells best in spring."


# The forecast

FORECAST = {"expected_sales": "1000000", "margin": "20", "risk_coefficient": "20"}


@pytest.fixture
def save_forecast(client, rep, prospect):
    client.force_login(rep)
    url = reverse("prospects:forecast", args=[prospect.pk])
    return lambda **changes: client.post(
        url, {**FORECAST, **loaded_version(Forecast, prospect=prospect), **changes}
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"margin": "100.01"}, "margin", "A margin cannot exceed 100%."),
        ({"margin": "-100.01"}, "margin", "A margin cannot be below -100%."),
        (
            {"risk_coefficient": "101"},
            "risk_coefficient",
            "Enter a risk from 0 to 100%.",
        ),
        (
            {"risk_coefficient": "-1"},
            "risk_coefficient",
            "Enter a risk from 0 to 100%.",
        ),
        ({"staff_cost": "-1"}, "staff_cost", "This cannot be negative."),
        (
            {"expected_sales": "abc"},
            "expected_sales",
            "Write the amount in figures, in yuan; 万 and 亿 are understood "
            "(150万 is 1,500,000).",
        ),
    ],
)
def test_the_forecast_refuses_figures_out_of_range(
    save_forecast, changes, field, message
):
    response = save_forecast(**changes)
    assert errors(response)[field] == [message]
    assert message in response.content.decode()
    assert not Forecast.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"margin": "100"},
        {"margin": "-100"},
        {"risk_coefficient": "0"},
        {"risk_coefficient": "100"},
    ],
)
def test_the_forecast_accepts_the_ends_of_each_range(save_forecast, changes, prospect):
    assert save_forecast(**changes).status_code == 302
    assert Forecast.objects.filter(prospect=prospect).count() == 1


def test_saving_the_forecast_again_updates_it(save_forecast, prospect):
    save_forecast()
    save_forecast(margin="30")
    assert Forecast.objects.get(prospect=prospect).margin == Decimal("30")


# Competitors, contacts, sales information, purchase factors, advantages


def test_a_competitor_is_added_with_its_risk(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:competitors-create", args=[prospect.pk]),
        {"name": "西门子", "risk": "high", "strengths": "Brand", "weaknesses": "Price"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#competitors")
    competitor = Competitor.objects.get(prospect=prospect)
    assert (competitor.name, competitor.risk, competitor.strengths) == (
        "西门子",
        "high",
        "Brand",
    )


def test_a_competitor_needs_a_name_and_a_known_risk(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:competitors-create", args=[prospect.pk]),
        {"name": "", "risk": "extreme"},
    )
    assert set(errors(response)) == {"name", "risk"}
    assert not Competitor.objects.exists()


def test_a_contact_is_added_with_their_personal_profile(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:contacts-create", args=[prospect.pk]),
        {
            "name": "王总",
            "position": "总经理",
            "purchase_role": "decision_maker",
            "email": "wang@example.com",
            "personality": "务实",
            "pressures": "降本10%",
            "interests": "高尔夫",
            "family_notes": "孩子高考",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#decision-makers")
    contact = Contact.objects.get(prospect=prospect)
    assert (
        contact.name,
        contact.purchase_role,
        contact.personality,
        contact.family_notes,
    ) == (
        "王总",
        "decision_maker",
        "务实",
        "孩子高考",
    )


def test_a_contact_refuses_a_bad_email_and_an_overlong_profile(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:contacts-create", args=[prospect.pk]),
        {
            "name": "Li",
            "purchase_role": "user",
            "email": "li@",
            "personality": "x" * 5001,
        },
    )
    assert set(errors(response)) == {"email", "personality"}
    assert not Contact.objects.exists()


def test_the_sales_information_is_saved_once_and_updated(client, rep, prospect):
    client.force_login(rep)
    url = reverse("prospects:sales", args=[prospect.pk])
    data = {"buyers": "Factories", "buyer_gender": "businesses", "buyer_age": "25–40"}
    assert client.post(url, data).status_code == 302
    version = loaded_version(SalesProfile, prospect=prospect)
    assert (
        client.post(url, {**data, "marketing": "Trade fairs", **version}).status_code
        == 302
    )
    profile = SalesProfile.objects.get(prospect=prospect)
    assert (profile.buyers, profile.marketing) == ("Factories", "Trade fairs")


def test_purchase_factors_take_only_the_three_ratings(client, rep, prospect):
    client.force_login(rep)
    url = reverse("prospects:purchase-factors", args=[prospect.pk])
    response = client.post(url, {"purchase_cost": "excellent"})
    assert "purchase_cost" in errors(response)
    assert not PurchaseFactors.objects.exists()
    data = {
        "purchase_cost": "unfavourable",
        "purchase_cost_notes": "Group approval needed",
        "technical_content": "favourable",
        "policy_social": "neutral",
    }
    assert client.post(url, data).status_code == 302
    factors = PurchaseFactors.objects.get(prospect=prospect)
    assert factors.ratings() == ["unfavourable", "favourable", "neutral"]
    assert factors.purchase_cost_notes == "Group approval needed"


def test_the_advantages_form_saves_the_six_aspects(client, rep, prospect):
    client.force_login(rep)
    url = reverse("prospects:advantages", args=[prospect.pk])
    page = client.get(url).content.decode()
    for aspect in Advantage.Aspect.values:
        assert f'name="{aspect}_note"' in page
        assert f'name="{aspect}_evidence"' in page
    data = {}
    for aspect in Advantage.Aspect.values:
        data[f"{aspect}_note"] = f"note on {aspect}"
        data[f"{aspect}_evidence"] = f"proof of {aspect}"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith("#advantages")
    saved = {a.aspect: (a.note, a.evidence) for a in prospect.advantages.all()}
    assert saved == {
        a: (f"note on {a}", f"proof of {a}") for a in Advantage.Aspect.values
    }
    assert "note on solution" in client.get(url).content.decode()  # shown for editing


def test_an_overlong_advantage_note_is_refused(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:advantages", args=[prospect.pk]),
        {"solution_note": "x" * 4001},
    )
    assert "solution_note" in errors(response)
    assert not Advantage.objects.exists()
