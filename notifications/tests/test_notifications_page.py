"""Reminders in the app: the list, the unread count in the navigation, mark as read."""

from django.urls import reverse

from notifications import reminders
from notifications.models import Notification
from visits.tests.reminder_support import NOON, days, follow_up_due


def _reminders_for(rep, supervisor, manager):
    follow_up_due(rep, supervisor, NOON, name="Huaxin")
    follow_up_due(rep, supervisor, NOON - days(3), name="Hengtong")
    reminders.dispatch(NOON, enqueue=lambda pk: None)


def test_the_navigation_shows_the_unread_count(client, rep, supervisor, manager):
    _reminders_for(rep, supervisor, manager)
    client.force_login(rep)
    response = client.get(reverse("home"))
    assert response.context["unread_notifications"] == 2
    assert reverse("notifications:inbox") in response.content.decode()


def test_the_list_shows_the_users_reminders_only(client, rep, supervisor, manager):
    _reminders_for(rep, supervisor, manager)
    client.force_login(rep)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Huaxin" in html
    assert "Hengtong" in html
    assert "Follow-up escalated" not in html  # that one is the manager's
    client.force_login(manager)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Follow-up escalated" in html
    assert "Huaxin" not in html


def test_marking_one_as_read(client, rep, supervisor, manager):
    _reminders_for(rep, supervisor, manager)
    notification = Notification.objects.filter(recipient=rep).first()
    client.force_login(rep)
    response = client.post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(reverse("home")).context["unread_notifications"] == 1


def test_opening_one_marks_it_read_and_goes_to_the_visit(
    client, rep, supervisor, manager
):
    _reminders_for(rep, supervisor, manager)
    notification = Notification.objects.filter(recipient=rep).first()
    client.force_login(rep)
    response = client.post(
        reverse("notifications:read", args=[notification.pk]), {"open": "1"}
    )
    assert response["Location"] == notification.follow_up.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_mark_all_as_read(client, rep, supervisor, manager):
    _reminders_for(rep, supervisor, manager)
    client.force_login(rep)
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(recipient=rep, read_at=None).exists()
    assert Notification.objects.filter(recipient=manager, read_at=None).exists()


def test_someone_elses_notification_answers_404(
    client, rep, supervisor, manager, outsider
):
    _reminders_for(rep, supervisor, manager)
    notification = Notification.objects.filter(recipient=rep).first()
    for user in (outsider, manager, supervisor):
        client.force_login(user)
        response = client.post(reverse("notifications:read", args=[notification.pk]))
        assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
