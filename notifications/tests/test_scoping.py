"""A notification is personal: only its recipient sees it or marks it read.

Every notifications URL that names a record is in the table below; a new one fails
``test_every_notifications_url_that_names_a_record_is_in_the_table``.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Channel, Notification
from notifications.urls import urlpatterns
from visits.tests import factories
from visits.tests.factories import ProspectFactory

TABLE = {
    "read": "POST",
    "channel-edit": "GET",
    "channel-test": "POST",
    "channel-delete": "POST",
}
OTHERS = [
    "colleague",
    "supervisor",
    "manager",
    "outsider",
    "other_manager",
    "admin_user",
]


@pytest.fixture
def notification(rep, supervisor):
    held = factories.held_visit(
        ProspectFactory(owner=rep), supervisor, co_visitors=[rep]
    )
    return Notification.objects.create(
        follow_up=held.follow_up,
        kind=Notification.Kind.DUE,
        recipient=rep,
        created_at=timezone.now(),
        email_next_attempt_at=timezone.now(),
    )


def test_every_notifications_url_that_names_a_record_is_in_the_table():
    naming = {p.name for p in urlpatterns if p.pattern.converters}
    assert naming == set(TABLE)


def test_the_recipient_marks_it_read(client, rep, notification):
    client.force_login(rep)
    response = client.post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("who", OTHERS)
def test_anyone_else_gets_404_and_changes_nothing(client, request, notification, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("notifications:read", args=[notification.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"open": "1"}).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_sees_it_in_their_inbox_or_bell(client, request, notification, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("notifications:inbox"))
    assert list(response.context["notifications"]) == []
    assert response.context["unread_notifications"] == 0
    client.post(reverse("notifications:read-all"))
    notification.refresh_from_db()
    assert notification.read_at is None


# --- A team's chat robots: its manager's and the admins', nobody else's ------------

ROBOT_URLS = ["channel-edit", "channel-test", "channel-delete"]
NOT_THEIRS = ["rep", "colleague", "supervisor", "outsider", "other_manager"]


@pytest.fixture
def robot(team, settings):
    settings.KAM_WEBHOOK_HOSTS = [*settings.KAM_WEBHOOK_HOSTS, "127.0.0.1"]
    return services.channel_save(
        channel=Channel(team=team, kind="wecom", name="销售群"),
        kinds=["due"],
        # Nothing listens on port 9: a test message fails at once, harmlessly.
        address="http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
    )


@pytest.mark.parametrize("who", NOT_THEIRS)
@pytest.mark.parametrize("name", ROBOT_URLS)
def test_nobody_but_the_teams_manager_and_admins_reaches_a_robot(
    client, request, robot, who, name
):
    client.force_login(request.getfixturevalue(who))
    url = reverse(f"notifications:{name}", args=[robot.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"name": "taken over"}).status_code == 404
    robot.refresh_from_db()
    assert (robot.name, robot.version) == ("销售群", 0)


@pytest.mark.parametrize("who", NOT_THEIRS)
def test_nobody_else_sees_the_teams_robots(client, request, robot, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("notifications:channels"))
    if response.status_code == 200:
        assert "销售群" not in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["manager", "admin_user"])
def test_the_teams_manager_and_admins_reach_the_robot(client, request, robot, who):
    client.force_login(request.getfixturevalue(who))
    assert "销售群" in client.get(reverse("notifications:channels")).content.decode()
    edit = reverse("notifications:channel-edit", args=[robot.pk])
    assert client.get(edit).status_code == 200
    remove = reverse("notifications:channel-delete", args=[robot.pk])
    assert client.post(remove).status_code == 302
    assert not Channel.objects.filter(pk=robot.pk).exists()
