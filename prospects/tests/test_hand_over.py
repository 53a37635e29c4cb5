"""Hand-over and bulk changes: prospects.moves and the list's bulk form."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from kam.history import account_history
from notifications.models import Notification
from prospects import moves
from prospects.models import Prospect
from prospects.tests.factories import IndustryFactory, ProspectFactory
from visits.models import FollowUp
from visits.tests.factories import held_visit, plan_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(team):
    return UserFactory(username="leaving", team=team, role=Role.SUPERVISOR)


@pytest.fixture
def accounts(leaving):
    return [ProspectFactory(name=f"离职账户{n}", owner=leaving) for n in range(3)]


def test_a_hand_over_moves_the_owner_and_writes_history_as_the_manager(
    accounts, colleague, manager
):
    before = accounts[0].version
    assert moves.hand_over(accounts[:2], colleague, manager) == 2
    moved = Prospect.objects.get(pk=accounts[0].pk)
    assert moved.owner == colleague
    assert moved.version > before
    latest = moved.history.first()
    assert latest.history_user == manager
    assert latest.owner_id == colleague.pk
    assert Prospect.objects.get(pk=accounts[2].pk).owner.username == "leaving"


def test_open_follow_ups_planned_visits_and_reminders_move_with_the_account(
    accounts, leaving, supervisor, manager
):
    account = accounts[0]
    visit = held_visit(account, leaving)
    follow_up = visit.follow_up
    planned = plan_visit(account, leaving)
    reminder = Notification.objects.create(
        follow_up=follow_up,
        kind=Notification.Kind.DUE,
        recipient=leaving,
        created_at=follow_up.due_at,
        email_next_attempt_at=follow_up.due_at,
    )
    moves.hand_over([account], supervisor, manager)
    follow_up.refresh_from_db()
    planned.refresh_from_db()
    reminder.refresh_from_db()
    assert follow_up.assignee == supervisor
    assert follow_up.history.first().history_user == manager
    assert planned.lead_visitor == supervisor
    assert reminder.recipient == supervisor


def test_a_rep_taking_over_joins_the_planned_visit_instead_of_leading_it(
    accounts, leaving, colleague, manager
):
    planned = plan_visit(accounts[0], leaving)
    moves.hand_over([accounts[0]], colleague, manager)
    planned.refresh_from_db()
    assert planned.lead_visitor == leaving
    assert colleague in planned.co_visitors.all()


def test_a_done_follow_up_stays_with_whoever_did_it(
    accounts, leaving, manager, colleague
):
    follow_up = held_visit(accounts[0], leaving).follow_up
    FollowUp.objects.filter(pk=follow_up.pk).update(status=FollowUp.Status.DONE)
    moves.hand_over([accounts[0]], colleague, manager)
    follow_up.refresh_from_db()
    assert follow_up.assignee == leaving


def test_the_new_owner_is_notified_in_the_app_only(accounts, colleague, manager):
    moves.hand_over(accounts, colleague, manager)
    notices = Notification.objects.filter(
        recipient=colleague, kind=Notification.Kind.HANDED_OVER
    )
    assert sorted(n.prospect_id for n in notices) == sorted(a.pk for a in accounts)
    assert {n.email_status for n in notices} == {Notification.Email.SKIPPED}


def test_all_accounts_of_a_leaving_rep_is_one_action(
    accounts, leaving, colleague, manager
):
    assert moves.hand_over_all(leaving=leaving, to=colleague, by=manager) == 3
    assert not Prospect.objects.filter(owner=leaving).exists()


def test_the_history_shows_who_moved_the_account(accounts, colleague, manager):
    moves.hand_over([accounts[0]], colleague, manager)
    entries = account_history(accounts[0])
    assert entries[0].who == manager


def test_a_rep_cannot_move_accounts(accounts, colleague, rep):
    with pytest.raises(moves.MoveRefused):
        moves.hand_over(accounts, colleague, rep)
    assert not Prospect.objects.filter(owner=colleague).exists()


def test_a_manager_cannot_move_another_teams_account(accounts, other_manager, outsider):
    with pytest.raises(moves.MoveRefused):
        moves.hand_over(accounts, outsider, other_manager)


def test_accounts_go_only_to_a_colleague_of_their_team(accounts, outsider, manager):
    with pytest.raises(moves.MoveRefused):
        moves.hand_over(accounts, outsider, manager)
    assert all(a.owner.username == "leaving" for a in Prospect.objects.all())


def test_one_foreign_account_refuses_the_whole_move(
    accounts, foreign, colleague, manager
):
    with pytest.raises(moves.MoveRefused):
        moves.hand_over([*accounts, foreign], colleague, manager)
    assert not Prospect.objects.filter(owner=colleague).exists()


def test_an_admin_moves_any_teams_accounts(foreign, admin_user, other_manager):
    assert moves.hand_over([foreign], other_manager, admin_user) == 1


def test_add_colleague_and_classify(accounts, colleague, manager):
    industry = IndustryFactory()
    assert moves.add_colleague(accounts, colleague, manager) == 3
    assert moves.add_colleague(accounts, colleague, manager) == 0
    assert moves.classify(accounts, manager, industry=industry) == 3
    account = Prospect.objects.get(pk=accounts[0].pk)
    assert colleague in account.colleagues.all()
    assert account.industry == industry
    assert account.history.first().history_user == manager


# --- The pages ----------------------------------------------------------------------


def test_the_list_offers_the_bulk_form_to_managers_only(client, accounts, manager, rep):
    client.force_login(rep)
    assert 'id="kam-bulk"' not in client.get(reverse("prospects:list")).text
    client.force_login(manager)
    assert 'id="kam-bulk"' in client.get(reverse("prospects:list")).text


def test_the_ticked_accounts_are_handed_over(client, accounts, colleague, manager):
    client.force_login(manager)
    response = client.post(
        reverse("prospects:bulk"),
        {
            "action": "hand_over",
            "person": colleague.pk,
            "apply_to": "ticked",
            "account": [accounts[0].pk, accounts[1].pk],
        },
        follow=True,
    )
    assert "2 accounts handed over to" in response.text
    assert Prospect.objects.filter(owner=colleague).count() == 2


def test_every_account_the_filter_selects_is_handed_over(
    client, accounts, leaving, colleague, manager
):
    ProspectFactory(name="Another", owner=colleague)
    client.force_login(manager)
    client.post(
        reverse("prospects:bulk"),
        {
            "action": "hand_over",
            "person": colleague.pk,
            "apply_to": "filtered",
            "filter": f"owner={leaving.pk}",
        },
    )
    assert Prospect.objects.filter(owner=colleague).count() == 4


def test_a_foreign_account_ticked_changes_nothing(
    client, accounts, foreign, colleague, manager
):
    client.force_login(manager)
    response = client.post(
        reverse("prospects:bulk"),
        {
            "action": "hand_over",
            "person": colleague.pk,
            "apply_to": "ticked",
            "account": [accounts[0].pk, foreign.pk],
        },
        follow=True,
    )
    assert "Select a valid choice" in response.text
    assert not Prospect.objects.filter(owner=colleague).exists()


def test_the_leaving_page_moves_everything_in_chinese_too(
    client, accounts, leaving, colleague, manager
):
    client.force_login(manager)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("prospects:hand-over"))
    assert page.status_code == 200
    response = client.post(
        reverse("prospects:hand-over"),
        {"leaving": leaving.pk, "to": colleague.pk},
        follow=True,
    )
    assert Prospect.objects.filter(owner=colleague).count() == 3
    assert response.redirect_chain


def test_a_rep_gets_404_from_the_hand_over_pages(client, rep):
    client.force_login(rep)
    assert client.get(reverse("prospects:hand-over")).status_code == 404
    assert client.post(reverse("prospects:bulk"), {}).status_code == 404
