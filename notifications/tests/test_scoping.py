"""A notification is personal: only its recipient sees it or marks it read.

Every notifications URL that names a record is in the table below; a new one fails
``test_every_notifications_url_that_names_a_record_is_in_the_table``.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.urls import urlpatterns
from visits.tests import factories
from visits.tests.factories import ProspectFactory

TABLE = {"read": "POST"}
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
