"""Merging two accounts of one customer (prospects.merging and its page)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.models import DevelopmentEntry, Outcome
from kam.history import account_history
from prospects.demo import demo_credit_code
from prospects.merging import merge
from prospects.models import AccountMerge, Contact, Prospect
from prospects.moves import MoveRefused
from prospects.tests.factories import (
    ContactFactory,
    FinancialStatementFactory,
    ForecastFactory,
    ProspectFactory,
    SalesProfileFactory,
)
from visits.models import FollowUp, Visit
from visits.tests.factories import held_visit, material, plan_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(rep):
    return ProspectFactory(name="苏州恒瑞精密机械股份有限公司", owner=rep)


@pytest.fixture
def twin(colleague):
    return ProspectFactory(
        name="苏州恒瑞精密机械有限公司",
        owner=colleague,
        credit_code=demo_credit_code(77),
    )


def test_every_record_moves_to_the_account_that_stays(kept, twin, supervisor, manager):
    contact = ContactFactory(prospect=twin, name="陈国栋")
    visit = held_visit(twin, supervisor)
    planned = plan_visit(twin, supervisor)
    attachment = material(planned)
    entry = DevelopmentEntry.objects.create(
        prospect=twin,
        occurred_at=timezone.now() - timedelta(days=3),
        person_met="王总",
        method=DevelopmentEntry.Method.MEAL,
        created_by=twin.owner,
    )
    record = merge(kept=kept, merged=twin, by=manager)
    assert Contact.objects.get(pk=contact.pk).prospect == kept
    assert Visit.objects.get(pk=visit.pk).prospect == kept
    assert FollowUp.objects.get(pk=visit.follow_up.pk).prospect == kept
    assert DevelopmentEntry.objects.get(pk=entry.pk).prospect == kept
    assert attachment.preparation.visit.prospect_id == kept.pk
    assert record.moved["prospects.contact"] == 1
    assert record.moved["visits.visit"] == 2


def test_the_history_of_moved_records_moves_too(kept, twin, manager):
    contact = ContactFactory(prospect=twin, name="陈国栋")
    merge(kept=kept, merged=twin, by=manager)
    records = {entry.record for entry in account_history(kept)}
    assert str(contact) in records


def test_one_to_one_sections_keep_the_staying_accounts_or_take_the_others(
    kept, twin, manager
):
    own = SalesProfileFactory(prospect=kept)
    theirs = SalesProfileFactory(prospect=twin)
    forecast = ForecastFactory(prospect=twin)
    Outcome.objects.create(
        prospect=twin,
        result=Outcome.Result.LOST,
        decided_on=timezone.localdate(),
        decided_by=manager,
        summary="Price",
    )
    record = merge(kept=kept, merged=twin, by=manager)
    kept.refresh_from_db()
    assert kept.sales_profile == own
    assert theirs.__class__.objects.get(pk=theirs.pk).prospect == twin
    assert kept.forecast == forecast
    assert kept.outcome.summary == "Price"
    assert record.left_behind == {"prospects.salesprofile": 1}


def test_a_statement_of_a_period_the_staying_account_has_stays_behind(
    kept, twin, manager
):
    FinancialStatementFactory(prospect=kept, period="2025")
    FinancialStatementFactory(prospect=twin, period="2025")
    FinancialStatementFactory(prospect=twin, period="2024")
    merge(kept=kept, merged=twin, by=manager)
    assert sorted(kept.financial_statements.values_list("period", flat=True)) == [
        "2024",
        "2025",
    ]
    assert twin.financial_statements.count() == 1


def test_the_merged_account_is_archived_marked_and_never_deleted(
    kept, twin, colleague, manager
):
    merge(kept=kept, merged=twin, by=manager)
    twin.refresh_from_db()
    kept.refresh_from_db()
    assert twin.status == Prospect.Status.DORMANT
    assert twin.history.first().history_user == manager
    assert twin.merged_into.kept == kept
    assert kept.credit_code == demo_credit_code(77)
    assert twin.credit_code == ""
    assert colleague in kept.colleagues.all()
    assert AccountMerge.objects.get().merged_by == manager


def test_only_a_manager_of_the_team_or_an_admin_merges(
    kept, twin, rep, other_manager, admin_user
):
    with pytest.raises(MoveRefused):
        merge(kept=kept, merged=twin, by=rep)
    with pytest.raises(MoveRefused):
        merge(kept=kept, merged=twin, by=other_manager)
    assert not AccountMerge.objects.exists()
    merge(kept=kept, merged=twin, by=admin_user)


def test_accounts_of_two_teams_or_twice_merged_are_refused(
    kept, twin, foreign, manager, admin_user
):
    with pytest.raises(MoveRefused):
        merge(kept=kept, merged=foreign, by=admin_user)
    with pytest.raises(MoveRefused):
        merge(kept=kept, merged=kept, by=manager)
    merge(kept=kept, merged=twin, by=manager)
    with pytest.raises(MoveRefused):
        merge(kept=twin, merged=kept, by=manager)


def test_the_merge_page_merges_and_both_accounts_show_it(client, kept, twin, manager):
    client.force_login(manager)
    url = reverse("prospects:merge", args=[twin.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"other": kept.pk, "stays": "other"}, follow=True)
    assert response.redirect_chain[-1][0] == kept.get_absolute_url()
    assert "was merged into this account" in response.text
    archived = client.get(twin.get_absolute_url())
    assert 'id="merged-into"' in archived.text


def test_the_merge_page_is_not_there_for_a_rep_or_another_team(
    client, kept, twin, rep, other_manager
):
    url = reverse("prospects:merge", args=[twin.pk])
    client.force_login(rep)
    assert client.get(url).status_code == 404
    client.force_login(other_manager)
    assert client.get(url).status_code == 404


def test_a_foreign_account_cannot_be_chosen(client, kept, foreign, manager):
    client.force_login(manager)
    url = reverse("prospects:merge", args=[kept.pk])
    response = client.post(url, {"other": foreign.pk, "stays": "this"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not AccountMerge.objects.exists()


def test_the_merged_accounts_subsidiaries_and_parent_go_to_the_account_that_stays(
    kept, twin, manager
):
    from prospects.groups import prospect_place_in_group

    holding = ProspectFactory(name="鼎盛控股集团", owner=twin.owner)
    plant = ProspectFactory(name="恒瑞精密二厂", owner=twin.owner)
    for account, parent in ((twin, holding), (plant, twin)):
        account.parent = parent
        account.save(update_fields=["parent"])
        prospect_place_in_group(account)
    merge(kept=kept, merged=twin, by=manager)
    plant, kept, twin = (Prospect.objects.get(pk=a.pk) for a in (plant, kept, twin))
    assert plant.parent_id == kept.pk
    assert kept.parent_id == holding.pk
    assert {plant.group_root_id, kept.group_root_id} == {holding.pk}
    assert (twin.parent_id, twin.group_root_id) == (None, None)


def test_a_subsidiary_merged_into_its_own_group_head_leaves_no_loop(
    kept, twin, manager
):
    from prospects.groups import prospect_place_in_group

    twin.parent = kept
    twin.save(update_fields=["parent"])
    prospect_place_in_group(twin)
    merge(kept=kept, merged=twin, by=manager)
    kept = Prospect.objects.get(pk=kept.pk)
    assert (kept.parent_id, kept.group_root_id) == (None, None)


def test_a_subsidiary_that_moves_to_the_staying_account_has_its_version_and_history(
    client, kept, twin, manager
):
    """A rep with the subsidiary's edit form open while it moves must meet an edit
    conflict, not put the archived twin back as its parent."""
    from prospects.groups import prospect_place_in_group

    plant = ProspectFactory(name="恒瑞精密二厂", owner=twin.owner)
    plant.parent = twin
    plant.save(update_fields=["parent"])
    prospect_place_in_group(plant)
    version = Prospect.objects.get(pk=plant.pk).version
    merge(kept=kept, merged=twin, by=manager)
    plant = Prospect.objects.get(pk=plant.pk)
    assert plant.version > version
    latest = plant.history.latest()
    assert (latest.parent_id, latest.history_user) == (kept.pk, manager)
    kept = Prospect.objects.get(pk=kept.pk)
    assert kept.history.latest().history_user == manager
