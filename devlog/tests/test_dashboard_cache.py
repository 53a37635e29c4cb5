"""The team's figures are cached until anything changes, for a minute at most: per
scope, filters and language. (The page cache is off here: these tests read the
figures each page was built from.)"""

import pytest
from django.urls import reverse

from devlog import dashboards
from prospects.tests.factories import ProspectFactory

pytestmark = pytest.mark.usefixtures("pages_built_every_time")


def _accounts_listed(client, **params):
    response = client.get(reverse("devlog:team"), params)
    assert response.status_code == 200
    return sum(row[1] for row in response.context["home"]["verdicts"].rows)


def test_figures_are_reused_while_nothing_changes_and_refreshed_on_demand(
    client, rep, manager, monkeypatch
):
    ProspectFactory(owner=rep)
    client.force_login(manager)
    assert _accounts_listed(client) == 1
    computed = []
    real = dashboards.manager_home
    monkeypatch.setattr(
        dashboards, "manager_home", lambda *a: computed.append(1) or real(*a)
    )
    assert _accounts_listed(client) == 1
    assert computed == []  # the cached figures
    assert _accounts_listed(client, fresh=1) == 1
    assert computed == [1]
    assert "figures as of" in client.get(reverse("devlog:team")).content.decode()


def test_any_change_rebuilds_the_figures(client, rep, manager):
    prospect = ProspectFactory(owner=rep)
    client.force_login(manager)
    assert _accounts_listed(client) == 1
    ProspectFactory(owner=rep)
    assert _accounts_listed(client) == 2
    type(prospect).objects.filter(pk=prospect.pk).delete()
    assert _accounts_listed(client) == 1


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
    client.get(reverse("devlog:team"))
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("devlog:team")).content.decode()
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
    response = client.get(reverse("devlog:team"), {"owner": manager.pk})
    assert sum(row[1] for row in response.context["home"]["verdicts"].rows) == 0
