"""The team's figures are cached for a minute: per scope, filters and language."""

from django.urls import reverse

from prospects.tests.factories import ProspectFactory


def _accounts_listed(client, **params):
    response = client.get(reverse("devlog:team"), params)
    assert response.status_code == 200
    return sum(row[1] for row in response.context["home"]["verdicts"].rows)


def test_figures_are_reused_for_a_minute_and_refreshed_on_demand(client, rep, manager):
    ProspectFactory(owner=rep)
    client.force_login(manager)
    assert _accounts_listed(client) == 1
    ProspectFactory(owner=rep)
    assert _accounts_listed(client) == 1  # the cached figures
    assert _accounts_listed(client, fresh=1) == 2
    assert "figures as of" in client.get(reverse("devlog:team")).content.decode()


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
