"""The caller's own notifications over the API."""

from django.utils import timezone

from kam.tests.api import ApiClient
from notifications.models import Notification
from prospects.tests.factories import ProspectFactory


def notification_for(user):
    return Notification.objects.create(
        prospect=ProspectFactory(owner=user),
        kind=Notification.Kind.APPROACH_AGAIN,
        due_on=timezone.localdate(),
        recipient=user,
        created_at=timezone.now(),
        email_next_attempt_at=timezone.now(),
    )


def test_a_person_lists_and_reads_their_notifications(rep, colleague):
    mine = notification_for(rep)
    notification_for(colleague)
    api = ApiClient(rep)
    rows = api.get("/api/v1/notifications/").json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["account"] == mine.prospect_id
    assert api.get(f"/api/v1/notifications/{mine.pk}/").json()["read_at"] is None
    read = api.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert api.get("/api/v1/notifications/", unread="true").json()["count"] == 0
