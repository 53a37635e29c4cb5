"""The team's figures are cached until a change to them commits, for a minute at
most: per scope, filters and language; without the cache they are computed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.models import Outcome
from devlog.services import outcome_record
from prospects.services import prospect_save
from prospects.tests.factories import ProspectFactory
from reports import pipeline


def _accounts_listed(client, **params):
    response = client.get(reverse("reports:team"), params)
    assert response.status_code == 200
    return sum(row[1] for row in response.context["home"]["verdicts"].rows)


def test_figures_are_reused_while_nothing_changes_and_refreshed_on_demand(
    client, rep, manager, monkeypatch
):
    ProspectFactory(owner=rep)
    client.force_login(manager)
    assert _accounts_listed(client) == 1
    computed = []
    real = pipeline.manager_home
    monkeypatch.setattr(
        pipeline, "manager_home", lambda *a: computed.append(1) or real(*a)
    )
    assert _accounts_listed(client) == 1
    assert computed == []  # the cached figures
    assert _accounts_listed(client, fresh=1) == 1
    assert computed == [1]
    assert "figures as of" in client.get(reverse("reports:team")).content.decode()


def test_a_change_through_the_services_rebuilds_the_figures(
    client, rep, manager, django_capture_on_commit_callbacks
):
    prospect = ProspectFactory(owner=rep)
    client.force_login(manager)
    assert _accounts_listed(client) == 1
    with django_capture_on_commit_callbacks(execute=True):
        prospect_save(prospect=ProspectFactory.build(owner=rep, team=None))
    assert _accounts_listed(client) == 2
    with django_capture_on_commit_callbacks(execute=True):
        outcome_record(
            outcome=Outcome(
                prospect=prospect, result="won", decided_on=timezone.localdate(),
                decided_by=manager, summary="Signed.",
            ),
            reasons=[],
        )  # fmt: skip
    response = client.get(reverse("reports:team"))
    results = dict(response.context["home"]["results"].rows)
    assert results["Won"] == 1


def test_a_change_in_another_team_keeps_this_teams_figures(
    client, rep, manager, outsider, monkeypatch, django_capture_on_commit_callbacks
):
    ProspectFactory(owner=rep)
    client.force_login(manager)
    assert _accounts_listed(client) == 1
    with django_capture_on_commit_callbacks(execute=True):
        prospect_save(prospect=ProspectFactory.build(owner=outsider, team=None))
    computed = []
    real = pipeline.manager_home
    monkeypatch.setattr(
        pipeline, "manager_home", lambda *a: computed.append(1) or real(*a)
    )
    assert _accounts_listed(client) == 1
    assert computed == []


@pytest.mark.usefixtures("cache_down")
def test_without_the_cache_the_figures_are_computed(client, rep, manager):
    ProspectFactory(owner=rep)
    client.force_login(manager)
    assert _accounts_listed(client) == 1
    prospect_save(prospect=ProspectFactory.build(owner=rep, team=None))
    assert _accounts_listed(client) == 2


def test_another_teams_manager_never_gets_the_cached_figures(
    client, rep, manager, outsider, other_manager
):
    ProspectFactory(owner=rep)
    ProspectFactory(owner=rep)
    ProspectFactory(owner=outsider)
    client.force_login(manager)
    assert _accounts_listed(client) == 2
    client.force_login(other_manager)
    assert _accounts_listed(client) == 1


def test_the_cached_figures_follow_the_language(client, rep, manager):
    ProspectFactory(owner=rep)
    client.force_login(manager)
    client.get(reverse("reports:team"))
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("reports:team")).content.decode()
    assert (
        "业务进度漏斗" in html
    )  # "Funnel by business progress", not the cached English


def test_filters_are_part_of_the_key(client, rep, manager):
    ProspectFactory(owner=rep, status="won")
    ProspectFactory(owner=rep, status="developing")
    client.force_login(manager)
    assert _accounts_listed(client) == 2
    category_less = _accounts_listed(client, owner=rep.pk)
    assert category_less == 2
    client.force_login(manager)
    response = client.get(reverse("reports:team"), {"owner": manager.pk})
    assert sum(row[1] for row in response.context["home"]["verdicts"].rows) == 0
