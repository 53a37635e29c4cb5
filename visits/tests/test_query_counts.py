"""Lists cost the same number of queries whether a rep has three visits or thirty."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from visits.models import MeetingProposal
from visits.tests.factories import ProspectFactory, held_visit, meeting, plan_visit

# What building each page costs: none comes from the page cache.

# The pages need about five queries (session, user with team and unread count, the lists);
# one per visit would be 30 or more.
MAX_QUERIES = 10


def _busy_rep(rep, supervisor, n):
    """n accounts, each with a visit planned this week and one held with its open
    follow-up, all involving the rep."""
    now = timezone.now()
    for i in range(n):
        account = ProspectFactory(owner=rep)
        plan_visit(
            account,
            supervisor,
            planned_at=now + timedelta(days=1 + i % 5, hours=i),
            co_visitors=[rep],
        )
        held_visit(
            account,
            supervisor,
            held_at=now - timedelta(days=1 + i % 5, hours=i),
            co_visitors=[rep],
        )


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("name", ["visits:list", "visits:calendar"])
def test_the_page_s_query_count_does_not_grow_with_the_visits(
    client, rep, supervisor, django_assert_max_num_queries, name, n
):
    _busy_rep(rep, supervisor, n)
    client.force_login(rep)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('href="/visits/') >= n  # the visits really are on the page


def _count(client, url):
    client.get(url)  # warm up: the first request also touches the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_account_page_costs_the_same_with_three_or_thirty_visits(
    client, rep, supervisor
):
    counts = []
    for n in (3, 30):
        account = ProspectFactory(owner=rep)
        for i in range(n):
            plan_visit(
                account,
                supervisor,
                planned_at=timezone.now() + timedelta(days=1, hours=i),
            )
            held_visit(
                account, supervisor, held_at=timezone.now() - timedelta(days=2, hours=i)
            )
        client.force_login(rep)
        counts.append(_count(client, account.get_absolute_url()))
    assert counts[0] == counts[1]


def test_the_meeting_page_costs_the_same_with_three_or_thirty_accounts(
    client, manager, rep, team
):
    counts = []
    for n in (3, 30):
        accounts = [ProspectFactory(owner=rep) for _ in range(n)]
        authors = [UserFactory(team=team) for _ in range(n)]
        called = meeting(manager, prospects=accounts, attendees=[rep, *authors])
        for account, author in zip(accounts, authors, strict=True):
            MeetingProposal.objects.create(
                meeting=called,
                prospect=account,
                author=author,
                method="mail",
                rationale="r",
            )
        client.force_login(manager)
        counts.append(_count(client, called.get_absolute_url()))
    assert counts[0] == counts[1]


def test_a_visit_s_page_costs_eight_queries_however_many_visitors(
    client, rep, supervisor, team
):
    """The session, the person, the visit with its preparation and follow-up, the
    people they name, its check-ins, co-visitors, contacts met and photos."""
    counts = []
    for n in (1, 4):
        account = ProspectFactory(owner=rep)
        others = [UserFactory(team=team) for _ in range(n)]
        visit = held_visit(account, supervisor, co_visitors=[rep, *others])
        client.force_login(rep)
        response = client.get(visit.get_absolute_url())
        assert 'name="customer_opinion"' in response.content.decode()  # the form
        counts.append(_count(client, visit.get_absolute_url()))
    assert counts == [8, 8]
