"""Who may open which account: every URL that takes an account id answers 404
to anyone outside the account's scope, exactly as for an account that does not exist.

The URL table below is checked against prospects.urls, so a new URL with an account
id fails here until it is added (and so tested)."""

from urllib.parse import unquote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from prospects import urls as prospect_urls
from prospects.models import (
    Competitor,
    Contact,
    FinancialStatement,
    MonthlyTransaction,
    Prospect,
)
from prospects.tests.factories import (
    CompetitorFactory,
    ContactFactory,
    FinancialStatementFactory,
    MonthlyTransactionFactory,
    ProspectFactory,
)

ROWS = {
    "financials": (FinancialStatementFactory, FinancialStatement),
    "contacts": (ContactFactory, Contact),
    "transactions": (MonthlyTransactionFactory, MonthlyTransaction),
    "competitors": (CompetitorFactory, Competitor),
}

# URL name → (method, row kind or None). A row URL takes (account id, row id).
HOW_TO_CALL = {
    "detail": ("GET", None),
    "edit": ("GET", None),
    "group": ("GET", None),
    "financials": ("GET", None),
    "transactions": ("GET", None),
    "advantages": ("GET", None),
    "sales": ("GET", None),
    "purchase-factors": ("GET", None),
    "forecast": ("GET", None),
    "profile-pdf": ("GET", None),
    "panel-record": ("GET", None),  # the record section, loaded on its own
    **{f"{kind}-create": ("GET", None) for kind in ROWS},
    **{f"{kind}-edit": ("GET", kind) for kind in ROWS},
    **{f"{kind}-delete": ("POST", kind) for kind in ROWS},
    "merge": ("GET", None),
}
#: Pages only the team's manager (and an admin) may open of an account they see.
MANAGERS_ONLY = {"merge"}


def account_url_names():
    """Every URL of the app whose route takes an account id."""
    return [
        pattern.name
        for pattern in prospect_urls.urlpatterns
        if "pk" in pattern.pattern.converters
    ]


def test_every_url_with_an_account_id_is_in_the_table():
    names = account_url_names()
    assert len(names) == len(set(names))
    assert set(names) == set(HOW_TO_CALL), "add the new URL to HOW_TO_CALL"


def test_every_url_with_a_parameter_takes_the_account_id_as_pk():
    """So that the walk above cannot miss a URL keyed by another name."""
    for pattern in prospect_urls.urlpatterns:
        converters = set(pattern.pattern.converters)
        assert not converters or "pk" in converters, pattern.name
        assert converters <= {"pk", "row_pk"}, pattern.name


def test_row_urls_take_the_row_id_after_the_account_id():
    for pattern in prospect_urls.urlpatterns:
        if HOW_TO_CALL.get(pattern.name, (None, None))[1]:
            route = str(pattern.pattern)
            assert route.index("<int:pk>") < route.index("<int:row_pk>")


@pytest.fixture
def people(rep, colleague, manager, other_manager, outsider, admin_user, supervisor):
    """Everyone, with whether they may open ``assigned`` (owned by rep)."""
    bystander = UserFactory(username="bystander", team=rep.team, role=Role.REP)
    return [
        (rep, True),
        (colleague, True),  # assigned
        (bystander, False),  # same team, not assigned
        (supervisor, False),  # same team, not assigned
        (manager, True),
        (other_manager, False),
        (outsider, False),
        (admin_user, True),
    ]


def call(client, name, account, row=None, data=None):
    method = HOW_TO_CALL[name][0]
    args = [account.pk] if row is None else [account.pk, row.pk]
    url = reverse(f"prospects:{name}", args=args)
    if method == "POST" or data is not None:
        return client.post(url, data or {})
    return client.get(url)


def make_row(name, account):
    kind = HOW_TO_CALL[name][1]
    return ROWS[kind][0](prospect=account) if kind else None


def row_exists(row):
    return row is None or type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("name", account_url_names())
def test_only_the_accounts_people_may_open_it(client, name, assigned, people):
    method = HOW_TO_CALL[name][0]
    for user, allowed in people:
        if name in MANAGERS_ONLY:
            allowed = allowed and user.role in (Role.MANAGER, Role.ADMIN)
        row = make_row(name, assigned)
        client.force_login(user)
        response = call(client, name, assigned, row)
        who = f"{user.username} on {name}"
        if not allowed:
            assert response.status_code == 404, who
            assert row_exists(row), who
            if user.username in ("bystander", "outsider"):
                # Writing is refused just the same.
                response = call(client, name, assigned, row, data={})
                assert response.status_code == 404, who
                assert row_exists(row), who
        elif method == "POST":
            assert response.status_code == 302, who
            assert not row_exists(row), who
        else:
            assert response.status_code == 200, who
            if response["Content-Type"] == "application/pdf":  # named after it
                assert assigned.name in unquote(response["Content-Disposition"]), who
            else:
                assert assigned.name in response.content.decode(), who


@pytest.mark.parametrize("name", account_url_names())
def test_an_account_that_does_not_exist_answers_404(client, name, admin_user, prospect):
    row = make_row(name, prospect)
    client.force_login(admin_user)
    missing = Prospect(pk=prospect.pk + 1000)
    assert call(client, name, missing, row).status_code == 404


@pytest.mark.parametrize("name", account_url_names())
def test_anonymous_visitors_are_sent_to_sign_in(client, name, prospect):
    row = make_row(name, prospect)
    response = call(client, name, prospect, row)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert row_exists(row)


ROW_URLS = [name for name, (_method, kind) in HOW_TO_CALL.items() if kind]


@pytest.mark.parametrize("name", ROW_URLS)
def test_a_row_of_another_account_answers_404(
    client, name, rep, manager, prospect, foreign
):
    """The row id must belong to the account in the URL, even when the user may
    see both accounts."""
    also_mine = ProspectFactory(owner=rep)
    for user in (rep, manager):
        client.force_login(user)
        for other in (also_mine, foreign):
            row = make_row(name, other)
            assert call(client, name, prospect, row).status_code == 404, (user, other)
            assert call(client, name, prospect, row, data={}).status_code == 404
            assert row_exists(row)


@pytest.mark.parametrize("kind", ROWS)
def test_an_outsider_cannot_delete_a_row(
    client, kind, outsider, other_manager, prospect
):
    row = ROWS[kind][0](prospect=prospect)
    url = reverse(f"prospects:{kind}-delete", args=[prospect.pk, row.pk])
    for user in (outsider, other_manager):
        client.force_login(user)
        assert client.post(url).status_code == 404
    assert ROWS[kind][1].objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("kind", ROWS)
def test_delete_answers_only_post(client, kind, rep, prospect):
    row = ROWS[kind][0](prospect=prospect)
    client.force_login(rep)
    response = client.get(
        reverse(f"prospects:{kind}-delete", args=[prospect.pk, row.pk])
    )
    assert response.status_code == 405
    assert ROWS[kind][1].objects.filter(pk=row.pk).exists()


def test_an_outsider_cannot_write_any_section(client, outsider, prospect):
    client.force_login(outsider)
    forms = {
        "edit": {"name": "Stolen", "status": "lost"},
        "forecast": {"expected_sales": "1", "margin": "1"},
        "sales": {"buyers": "x"},
        "purchase-factors": {"purchase_cost": "favourable"},
        "advantages": {"solution_note": "x"},
        "transactions": {"product_sales_notes": "x"},
        "contacts-create": {"name": "Spy"},
    }
    for name, data in forms.items():
        response = client.post(reverse(f"prospects:{name}", args=[prospect.pk]), data)
        assert response.status_code == 404, name
    prospect.refresh_from_db()
    assert prospect.name != "Stolen"
    assert prospect.product_sales_notes == ""
    assert not Contact.objects.exists()
    assert not prospect.advantages.exists()


# Prospect.objects.visible_to()


@pytest.fixture
def accounts(rep, colleague, manager, outsider):
    """rep's own account, one rep is assigned to, a colleague's, another team's."""
    own = ProspectFactory(owner=rep, name="own")
    helping = ProspectFactory(
        owner=colleague, name="helping", colleagues=[rep, manager]
    )
    theirs = ProspectFactory(owner=colleague, name="theirs")
    foreign = ProspectFactory(owner=outsider, name="foreign", colleagues=[outsider])
    return own, helping, theirs, foreign


def visible(user):
    return sorted(Prospect.objects.visible_to(user).values_list("name", flat=True))


def test_a_rep_sees_what_they_own_or_are_assigned_to(rep, accounts):
    assert visible(rep) == ["helping", "own"]


def test_a_colleague_sees_only_their_own_accounts(colleague, accounts):
    assert visible(colleague) == ["helping", "theirs"]


def test_a_supervisor_sees_only_the_accounts_they_work(supervisor, accounts):
    assert visible(supervisor) == []
    accounts[0].colleagues.add(supervisor)
    assert visible(supervisor) == ["own"]


def test_a_manager_sees_their_whole_team_once(manager, accounts):
    # manager is also assigned to "helping": still one row each
    assert visible(manager) == ["helping", "own", "theirs"]
    assert Prospect.objects.visible_to(manager).count() == 3


def test_an_outsider_sees_only_their_team(outsider, other_manager, accounts):
    assert visible(outsider) == ["foreign"]
    assert visible(other_manager) == ["foreign"]


def test_an_admin_sees_everything(admin_user, accounts):
    assert visible(admin_user) == ["foreign", "helping", "own", "theirs"]


def test_an_inactive_user_sees_nothing(rep, manager, accounts):
    for user in (rep, manager):
        user.is_active = False
        user.save()
        assert visible(user) == []


def test_an_anonymous_user_sees_nothing(accounts):
    assert visible(AnonymousUser()) == []
    assert visible(None) == []


def test_many_colleagues_do_not_repeat_an_account(rep, colleague, supervisor, manager):
    crowded = ProspectFactory(owner=rep, colleagues=[colleague, supervisor, manager])
    for user in (rep, colleague, manager):
        assert list(Prospect.objects.visible_to(user)) == [crowded]
    ContactFactory(prospect=crowded)
    for user in (rep, colleague, supervisor, manager):
        assert Contact.objects.visible_to(user).count() == 1


def test_records_under_an_account_share_its_scope(rep, colleague, outsider, accounts):
    for account in accounts:
        ContactFactory(prospect=account, name=account.name)
    names = sorted(Contact.objects.visible_to(rep).values_list("name", flat=True))
    assert names == ["helping", "own"]
    names = sorted(Contact.objects.visible_to(outsider).values_list("name", flat=True))
    assert names == ["foreign"]
    assert not Contact.objects.visible_to(AnonymousUser()).exists()
