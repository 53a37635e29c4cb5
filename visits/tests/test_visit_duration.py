"""The time from check-in to check-out becomes the visit's time spent, and so the
development record sheet's 滞留时间; it may still be changed, with a reason."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.tests.helpers import pdf_text, squeezed, table_rows
from visits import services
from visits.models import Visit, VisitCheck
from visits.tests.factories import check_in, complete_preparation, plan_visit
from visits.tests.helpers import loaded_version


@pytest.fixture
def visit(prospect, supervisor):
    """A visit the supervisor arrived at 52 minutes ago and has just left."""
    visit = plan_visit(
        prospect, supervisor, planned_at=timezone.now() - timedelta(hours=1)
    )
    complete_preparation(visit)
    arrived = check_in(visit)
    arrived.at = timezone.now() - timedelta(minutes=52)
    arrived.save(update_fields=["at"])
    services.visit_check_out(visit=visit, person=supervisor, location="refused")
    return visit


def _record(client, visit, **changes):
    data = {
        "held_at": timezone.localtime(visit.check_in.at).strftime("%Y-%m-%dT%H:%M"),
        "place": "Their plant",
        "method": "face_to_face",
        "people_met": "Chief engineer Liu",
        "talking_points": "The new line",
        "customer_views": "Keen",
        "progress": "demo",
        "attitude": "warm",
        **loaded_version(Visit, pk=visit.pk),
    }
    data.update(changes)
    return client.post(reverse("visits:record", args=[visit.pk]), data)


def _field(page, name):
    found = re.search(rf'<[^>]*name="{name}"[^>]*>', page)
    return found.group(0) if found else None


def test_the_record_form_starts_from_the_check_in(client, supervisor, visit):
    client.force_login(supervisor)
    page = client.get(reverse("visits:record", args=[visit.pk])).content.decode()
    assert 'value="52"' in _field(page, "duration_minutes")
    assert "Check-in to check-out: 52 minutes." in page
    arrived = timezone.localtime(visit.check_in.at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{arrived}"' in _field(page, "held_at")
    assert _field(page, "duration_reason") is not None


def test_a_record_without_check_in_asks_for_no_reason(client, supervisor, prospect):
    other = plan_visit(
        prospect, supervisor, planned_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(supervisor)
    page = client.get(reverse("visits:record", args=[other.pk])).content.decode()
    assert _field(page, "duration_reason") is None


def test_the_measured_time_is_saved_with_the_record(client, supervisor, visit):
    client.force_login(supervisor)
    assert _record(client, visit, duration_minutes="52").status_code == 302
    assert Visit.objects.get(pk=visit.pk).duration_minutes == 52


def test_a_record_left_without_a_time_takes_the_measured_one(client, supervisor, visit):
    client.force_login(supervisor)
    assert _record(client, visit, duration_minutes="").status_code == 302
    assert Visit.objects.get(pk=visit.pk).duration_minutes == 52


def test_changing_the_measured_time_needs_a_reason(client, supervisor, visit):
    client.force_login(supervisor)
    response = _record(client, visit, duration_minutes="90")
    assert response.status_code == 200
    assert (
        "Check-in to check-out measured 52 minutes: say why the time spent differs."
        in response.content.decode()
    )
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.PLANNED

    reason = "Checked out late: we went on to see their warehouse."
    response = _record(client, visit, duration_minutes="90", duration_reason=reason)
    assert response.status_code == 302
    saved = Visit.objects.get(pk=visit.pk)
    assert (saved.duration_minutes, saved.duration_reason) == (90, reason)
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert reason in page


def test_the_record_sheet_shows_the_time_spent_measured(client, rep, supervisor, visit):
    client.force_login(supervisor)
    _record(client, visit, duration_minutes="52")
    client.force_login(rep)
    page = client.get(reverse("devlog:sheet", args=[visit.prospect_id]))
    rows = table_rows(page.content.decode(), "kam-sheet")
    assert any("52 min" in cell["text"] for row in rows for cell in row)
    pdf = client.get(reverse("devlog:sheet-pdf", args=[visit.prospect_id]))
    assert squeezed("52 min") in squeezed(pdf_text(pdf.content))


def test_a_check_out_forgotten_for_a_day_fills_nothing(supervisor, prospect):
    visit = plan_visit(prospect, supervisor)
    arrived = check_in(visit)
    arrived.at -= timedelta(hours=30)
    arrived.save(update_fields=["at"])
    services.visit_check_out(visit=visit, person=supervisor, location="refused")
    visit = Visit.objects.get(pk=visit.pk)
    assert VisitCheck.objects.filter(visit=visit).count() == 2
    assert visit.measured_minutes is None
