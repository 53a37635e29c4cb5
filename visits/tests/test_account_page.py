from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from visits.models import FollowUp
from visits.tests.factories import (
    ContactFactory,
    decide,
    first_contact,
    held_visit,
    meeting,
    plan_visit,
)
from visits.tests.helpers import development_panel


def test_the_account_page_shows_the_development_panel(client, rep, prospect):
    client.force_login(rep)
    panel = development_panel(client.get(prospect.get_absolute_url()))
    assert "Development" in panel
    assert "No visit yet." in panel
    for channel in ("letter", "phone", "email"):
        url = reverse("visits:first-contact-create", args=[prospect.pk, channel])
        assert f'href="{url}"' in panel
    assert reverse("visits:plan", args=[prospect.pk]) in panel


def test_the_panel_lists_first_contacts_visits_and_the_decided_method(
    client, rep, supervisor, manager, prospect
):
    contact = ContactFactory(prospect=prospect, name="Ms Qian")
    logged = first_contact(prospect)
    logged.contact = contact
    logged.save()
    planned = plan_visit(prospect, supervisor, place="Their Suzhou plant")
    held = held_visit(prospect, supervisor, co_visitors=[rep])
    decide(meeting(manager, prospects=[prospect], attendees=[rep]), prospect, "invite")

    client.force_login(rep)
    panel = development_panel(client.get(prospect.get_absolute_url()))
    assert reverse("visits:first-contact", args=[logged.pk]) in panel
    assert "Ms Qian" in panel
    assert planned.get_absolute_url() in panel
    assert "Their Suzhou plant" in panel
    assert held.get_absolute_url() in panel
    assert "Planned" in panel
    assert "Held" in panel
    assert "Invite to a product launch or promotion" in panel


def test_the_visit_page_and_the_list_flag_an_overdue_follow_up(
    client, rep, supervisor, prospect
):
    held = held_visit(prospect, supervisor, co_visitors=[rep])
    FollowUp.objects.filter(visit=held).update(
        due_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(rep)
    assert "Follow-up overdue" in client.get(held.get_absolute_url()).content.decode()
    assert "Overdue since" in client.get(reverse("visits:list")).content.decode()


def test_the_panel_flags_an_overdue_follow_up(client, rep, supervisor, prospect):
    held = held_visit(prospect, supervisor, co_visitors=[rep])
    FollowUp.objects.filter(visit=held).update(
        due_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(rep)
    assert "Follow-up overdue" in development_panel(
        client.get(prospect.get_absolute_url())
    )


def test_the_latest_meeting_s_decision_is_the_account_s_method(
    client, rep, manager, prospect
):
    earlier = meeting(
        manager,
        prospects=[prospect],
        attendees=[rep],
        held_on=timezone.now() - timedelta(days=30),
    )
    decide(earlier, prospect, "mail")
    later = meeting(
        manager,
        prospects=[prospect],
        attendees=[rep],
        held_on=timezone.now() - timedelta(days=1),
    )
    decide(later, prospect, "visit")
    client.force_login(rep)
    panel = development_panel(client.get(prospect.get_absolute_url()))
    assert "Visit the customer" in panel
    assert "Mail materials" not in panel
