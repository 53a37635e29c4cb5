"""What every signed-in page costs before its own content: the session, then the
person with their team and their unread count in one query (kam.auth)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import reminders
from visits.tests.reminder_support import NOON, days, follow_up_due


def _unread(rep, supervisor):
    follow_up_due(rep, supervisor, NOON, name="Huaxin")
    follow_up_due(rep, supervisor, NOON - days(3), name="Hengtong")
    reminders.dispatch(NOON, enqueue=lambda pk: None)


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries]


def test_the_person_their_team_and_unread_count_are_one_query(client, rep, supervisor):
    _unread(rep, supervisor)
    client.force_login(rep)
    response, queries = _queries(client, reverse("notifications:inbox"))
    # The session, the person (team and unread count joined), the inbox's rows.
    assert len(queries) == 3
    assert "django_session" in queries[0]
    assert "accounts_team" in queries[1]
    assert "notifications_notification" in queries[1]
    assert response.context["unread_notifications"] == 2
    html = response.content.decode()
    assert "Team A" in html  # the navigation names the team
    assert '<span class="badge rounded-pill text-bg-danger kam-bell-count">2' in html


def test_the_count_is_read_again_on_the_next_page(client, rep, supervisor):
    _unread(rep, supervisor)
    client.force_login(rep)
    assert client.get(reverse("home")).context["unread_notifications"] == 2
    client.post(reverse("notifications:read-all"))
    response = client.get(reverse("home"))
    assert response.context["unread_notifications"] == 0
    assert "kam-bell-count" not in response.content.decode()


def test_no_unread_reads_zero_and_a_person_without_a_team_signs_in(client, db):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory

    admin = UserFactory(username="boss", team=None, role=Role.ADMIN)
    client.force_login(admin)
    response, queries = _queries(client, reverse("notifications:inbox"))
    assert len(queries) == 3
    assert response.context["user"] == admin
    assert response.context["unread_notifications"] == 0


def test_an_inactive_person_is_signed_out(client, rep):
    client.force_login(rep)
    rep.is_active = False
    rep.save()
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
