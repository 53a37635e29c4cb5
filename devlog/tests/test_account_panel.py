"""The account page's development record: the stage reached, the attitude trend,
the totals and the outcome, with what can be done next."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.tests.factories import DevelopmentEntryFactory, OutcomeFactory, ago, reason
from prospects.models import Attitude, Progress
from prospects.services import prospect_advance_stage, prospect_set_status


def panel(client, prospect):
    """The record section, as kam.js loads it into the account page."""
    html = record_section(client, prospect)
    start = html.index('id="record"')
    return html[start : html.index("</section>", start)]


def record_section(client, prospect):
    url = reverse("prospects:panel-record", args=[prospect.pk])
    return client.get(url, headers={"X-KAM-Section": "1"}).content.decode()


def steps(html):
    """Each progress step's label and whether it is marked reached."""
    found = re.findall(r'<li class="kam-step( kam-step-done)?">(.*?)</li>', html, re.S)
    return [
        (re.sub(r"<[^>]+>", "", label).strip(), bool(done)) for done, label in found
    ]


@pytest.fixture
def worked(prospect):
    """Three contacts, warm then neutral then cold, 135 minutes; stage: demo."""
    for days_ago, attitude, progress, minutes in [
        (9, Attitude.WARM, Progress.CONTACT, 30),
        (6, Attitude.NEUTRAL, Progress.DEMO, 60),
        (3, Attitude.COLD, Progress.EXPLANATION, 45),
    ]:
        DevelopmentEntryFactory(
            prospect=prospect,
            occurred_at=ago(days=days_ago),
            attitude=attitude,
            progress=progress,
            duration_minutes=minutes,
        )
    prospect_advance_stage(prospect=prospect, progress=Progress.DEMO, by=None)
    return prospect


def test_the_steps_reached_are_marked(client, rep, worked):
    client.force_login(rep)

    html = panel(client, worked)

    assert steps(html) == [
        ("reached: Contact", True),
        ("reached: Product explanation", True),
        ("reached: Product demo", True),
        ("Proposal", False),
        ("Contract", False),
    ]


def test_no_step_is_marked_before_the_first_contact(client, rep, prospect):
    client.force_login(rep)

    html = panel(client, prospect)

    assert [done for _label, done in steps(html)] == [False] * 5
    assert "Record the outcome" in html


def test_the_attitude_trend_and_totals_are_shown(client, rep, worked):
    client.force_login(rep)

    html = panel(client, worked)

    badges = re.findall(r'class="badge kam-attitude-(\w+)"[^>]*>([^<]+)<', html)
    assert badges == [("warm", "Warm"), ("neutral", "Neutral"), ("cold", "Cold")]
    assert "3 contacts · 2 h 15 min" in html
    assert reverse("devlog:sheet", args=[worked.pk]) in html
    assert reverse("devlog:sheet-pdf", args=[worked.pk]) in html


def test_a_won_account_offers_its_dossier_and_no_restore(client, rep, worked):
    prospect_set_status(prospect=worked, status="won", by=None)
    OutcomeFactory(prospect=worked, result="won", summary="Signed for three years")
    client.force_login(rep)

    html = panel(client, worked)

    assert "Won" in html
    assert "Signed for three years" in html
    assert reverse("devlog:dossier", args=[worked.pk]) in html
    assert reverse("devlog:restore", args=[worked.pk]) not in html


def test_a_lost_account_offers_the_restore_button(client, rep, worked):
    prospect_set_status(prospect=worked, status="lost", by=None)
    again = timezone.localdate() + timedelta(days=30)
    OutcomeFactory(
        prospect=worked,
        result="lost",
        reasons=[reason("Price"), reason("Policy")],
        approach_again_on=again,
    )
    client.force_login(rep)

    html = panel(client, worked)

    assert "Lost" in html
    assert "Reasons: Price, Policy" in html
    assert f"Approach again on {again:%Y-%m-%d}." in html
    assert re.search(
        rf'<form method="post" action="{reverse("devlog:restore", args=[worked.pk])}"',
        html,
    )
    assert reverse("devlog:dossier", args=[worked.pk]) not in html


def test_a_restored_account_shows_no_old_outcome(client, rep, worked):
    OutcomeFactory(
        prospect=worked,
        result="lost",
        summary="Old story",
        restored_at=timezone.now(),
        archived_at=None,
    )
    client.force_login(rep)

    html = panel(client, worked)

    assert "Old story" not in html
    assert "Record the outcome" in html
