from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from visits.models import MeetingDecision, MeetingProposal, MethodMeeting
from visits.tests.factories import ProspectFactory, decide, local_input, meeting
from visits.tests.helpers import development_panel, messages_of


@pytest.fixture
def open_meeting(manager, rep, prospect):
    return meeting(manager, prospects=[prospect], attendees=[rep])


def _decide(client, meeting, prospect, **data):
    prefixed = {f"d{prospect.pk}-{name}": value for name, value in data.items()}
    return client.post(
        reverse("visits:meeting-decide", args=[meeting.pk, prospect.pk]), prefixed
    )


def _propose(client, meeting, prospect, method="invite", rationale="A launch is due."):
    return client.post(
        reverse("visits:meeting-propose", args=[meeting.pk]),
        {"prospect": prospect.pk, "method": method, "rationale": rationale},
    )


# --- Calling a meeting --------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep", "supervisor"])
def test_only_a_ka_manager_may_call_a_meeting(client, request, who, prospect):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("visits:meeting-create")
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "held_on": local_input(timezone.now() + timedelta(days=1)),
            "prospects": [prospect.pk],
            "attendees": [user.pk],
        },
    )
    assert response.status_code == 403
    assert not MethodMeeting.objects.exists()


def test_a_manager_calls_a_meeting_for_accounts_of_the_team(
    client, manager, rep, supervisor, prospect
):
    client.force_login(manager)
    assert client.get(reverse("visits:meeting-create")).status_code == 200
    response = client.post(
        reverse("visits:meeting-create"),
        {
            "held_on": local_input(timezone.now() + timedelta(days=1)),
            "prospects": [prospect.pk],
            "attendees": [rep.pk, supervisor.pk],
            "briefing": "Their purchasing is centralised.",
        },
    )
    created = MethodMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.team == manager.team
    assert created.called_by == manager
    assert created.is_open
    assert set(created.attendees.all()) == {rep, supervisor}
    assert list(created.prospects.all()) == [prospect]


def test_a_meeting_cannot_take_another_team_s_account(
    client, manager, rep, prospect, outsider
):
    foreign = ProspectFactory(owner=outsider)
    client.force_login(manager)
    response = client.post(
        reverse("visits:meeting-create"),
        {
            "held_on": local_input(timezone.now() + timedelta(days=1)),
            "prospects": [foreign.pk],
            "attendees": [rep.pk],
        },
    )
    assert response.status_code == 200
    assert "prospects" in response.context["form"].errors
    assert not MethodMeeting.objects.exists()


# --- Proposals ----------------------------------------------------------------------


def test_an_attendee_proposes_a_method_while_the_meeting_is_open(
    client, rep, prospect, open_meeting
):
    client.force_login(rep)
    response = _propose(client, open_meeting, prospect, "mail", "They read brochures.")
    assert response.status_code == 302
    proposal = MeetingProposal.objects.get()
    assert (proposal.meeting, proposal.prospect, proposal.author) == (
        open_meeting,
        prospect,
        rep,
    )
    assert proposal.method == "mail"
    page = client.get(open_meeting.get_absolute_url()).content.decode()
    assert "They read brochures." in page


def test_the_manager_may_propose_too(client, manager, prospect, open_meeting):
    client.force_login(manager)
    assert _propose(client, open_meeting, prospect).status_code == 302
    assert MeetingProposal.objects.get().author == manager


def test_a_proposal_for_an_account_not_on_the_agenda_is_rejected(
    client, rep, prospect, open_meeting
):
    off_agenda = ProspectFactory(owner=rep)
    client.force_login(rep)
    response = _propose(client, open_meeting, off_agenda)
    assert response.status_code == 200
    assert "prospect" in response.context["proposal_form"].errors
    assert not MeetingProposal.objects.exists()


def test_a_proposal_needs_its_rationale(client, rep, prospect, open_meeting):
    client.force_login(rep)
    response = _propose(client, open_meeting, prospect, rationale="")
    assert "rationale" in response.context["proposal_form"].errors
    assert not MeetingProposal.objects.exists()


# --- Decisions ----------------------------------------------------------------------


def test_only_the_team_s_manager_decides(client, rep, prospect, open_meeting):
    client.force_login(rep)
    response = _decide(client, open_meeting, prospect, method="visit")
    assert response.status_code == 403
    assert not MeetingDecision.objects.exists()


def test_the_decided_method_shows_on_the_account(
    client, manager, rep, prospect, open_meeting
):
    client.force_login(manager)
    response = _decide(
        client, open_meeting, prospect, method="visit", reason="They value meetings."
    )
    assert response.status_code == 302
    decision = MeetingDecision.objects.get()
    assert (decision.method, decision.decided_by) == ("visit", manager)
    assert decision.reason == "They value meetings."

    client.force_login(rep)
    panel = development_panel(client.get(prospect.get_absolute_url()))
    assert "Visit the customer" in panel


def test_an_account_without_a_decision_says_so(client, rep, prospect):
    client.force_login(rep)
    panel = development_panel(client.get(prospect.get_absolute_url()))
    assert "not decided yet" in panel


def test_another_method_must_be_named_and_nothing_is_saved_until_it_is(
    client, manager, prospect, open_meeting
):
    client.force_login(manager)
    response = _decide(client, open_meeting, prospect, method="other")
    assert response.status_code == 200
    assert "Name the other method." in response.content.decode()
    assert not MeetingDecision.objects.exists()

    _decide(
        client, open_meeting, prospect, method="other", other_method="A factory tour"
    )
    assert MeetingDecision.objects.get().method_label == "A factory tour"
    panel = development_panel(client.get(prospect.get_absolute_url()))
    assert "A factory tour" in panel


def test_deciding_again_replaces_the_decision(client, manager, prospect, open_meeting):
    client.force_login(manager)
    _decide(client, open_meeting, prospect, method="mail")
    _decide(client, open_meeting, prospect, method="invite")
    assert list(MeetingDecision.objects.values_list("method", flat=True)) == ["invite"]


def test_a_decision_on_an_account_not_on_the_agenda_is_not_found(
    client, manager, rep, open_meeting
):
    off_agenda = ProspectFactory(owner=rep)
    client.force_login(manager)
    response = _decide(client, open_meeting, off_agenda, method="visit")
    assert response.status_code == 404
    assert not MeetingDecision.objects.exists()


# --- Closing ------------------------------------------------------------------------


def test_closing_with_an_undecided_account_names_it_and_keeps_the_minutes(
    client, manager, rep, prospect, open_meeting
):
    second = ProspectFactory(name="Second account", owner=rep)
    open_meeting.prospects.add(second)
    decide(open_meeting, prospect)
    client.force_login(manager)
    response = client.post(
        reverse("visits:meeting-close", args=[open_meeting.pk]),
        {"minutes": "We agreed on a factory tour."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Decide the method for every account before closing") == 1
    assert "Second account" in page
    # The refused form shows what was typed.
    assert "We agreed on a factory tour.</textarea>" in page
    open_meeting.refresh_from_db()
    assert open_meeting.is_open
    assert open_meeting.minutes == ""


def test_closing_needs_the_minutes(client, manager, prospect, open_meeting):
    decide(open_meeting, prospect)
    client.force_login(manager)
    response = client.post(
        reverse("visits:meeting-close", args=[open_meeting.pk]), {"minutes": ""}
    )
    assert response.status_code == 200
    assert "Write the minutes before closing the meeting." in response.content.decode()
    open_meeting.refresh_from_db()
    assert open_meeting.is_open


def test_a_refused_decision_keeps_its_reason(client, manager, prospect, open_meeting):
    client.force_login(manager)
    response = _decide(
        client, open_meeting, prospect, method="other", reason="They like tours."
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Name the other method.") == 1
    assert "They like tours.</textarea>" in page
    assert not MeetingDecision.objects.exists()


def test_only_the_manager_closes_the_meeting(client, rep, prospect, open_meeting):
    decide(open_meeting, prospect)
    client.force_login(rep)
    response = client.post(
        reverse("visits:meeting-close", args=[open_meeting.pk]), {"minutes": "Done."}
    )
    assert response.status_code == 403
    open_meeting.refresh_from_db()
    assert open_meeting.is_open


def test_after_closing_proposals_and_decisions_are_refused(
    client, manager, rep, prospect, open_meeting
):
    decide(open_meeting, prospect, method="mail")
    client.force_login(manager)
    response = client.post(
        reverse("visits:meeting-close", args=[open_meeting.pk]),
        {"minutes": "Mail them the brochure."},
    )
    open_meeting.refresh_from_db()
    assert response.status_code == 302
    assert not open_meeting.is_open
    assert open_meeting.closed_at is not None
    assert open_meeting.minutes == "Mail them the brochure."

    response = _decide(client, open_meeting, prospect, method="visit")
    assert "This meeting is closed." in messages_of(response)
    assert MeetingDecision.objects.get().method == "mail"

    client.force_login(rep)
    response = _propose(client, open_meeting, prospect)
    assert "This meeting is closed." in messages_of(response)
    assert not MeetingProposal.objects.exists()

    page = client.get(open_meeting.get_absolute_url()).content.decode()
    assert "Mail them the brochure." in page
    assert reverse("visits:meeting-propose", args=[open_meeting.pk]) not in page


# --- Who sees a meeting -------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep", "manager", "admin_user"])
def test_attendees_the_team_manager_and_the_admin_see_the_meeting(
    client, request, who, open_meeting
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(open_meeting.get_absolute_url())
    assert response.status_code == 200
    assert "The accounts of the month." in response.content.decode()


@pytest.mark.parametrize(
    "who", ["colleague", "supervisor", "outsider", "other_manager"]
)
def test_a_non_attendee_and_another_team_get_404_on_the_meeting(
    client, request, who, open_meeting
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(open_meeting.get_absolute_url()).status_code == 404


def test_the_meeting_list_shows_only_meetings_the_user_may_see(
    client, manager, rep, colleague, prospect, open_meeting
):
    client.force_login(colleague)
    assert client.get(reverse("visits:meetings")).context["meetings"].count() == 0
    client.force_login(rep)
    assert list(client.get(reverse("visits:meetings")).context["meetings"]) == [
        open_meeting
    ]


# --- Editing an open meeting --------------------------------------------------------


def _edit(client, meeting, prospects, attendees, **changes):
    from visits.tests.helpers import loaded_version

    data = {
        "held_on": local_input(meeting.held_on),
        "prospects": [p.pk for p in prospects],
        "attendees": [a.pk for a in attendees],
        "briefing": meeting.briefing,
        **loaded_version(MethodMeeting, pk=meeting.pk),
    }
    data.update(changes)
    return client.post(reverse("visits:meeting-edit", args=[meeting.pk]), data)


def test_the_chair_adds_and_removes_accounts_of_an_open_meeting(
    client, manager, rep, prospect, open_meeting
):
    added = ProspectFactory(name="Added account", owner=rep)
    _propose_as = MeetingProposal.objects.create(
        meeting=open_meeting,
        prospect=prospect,
        author=rep,
        method="visit",
        rationale="r",
    )
    decide(open_meeting, prospect)
    client.force_login(manager)
    page = client.get(reverse("visits:meeting-edit", args=[open_meeting.pk]))
    assert page.status_code == 200
    assert 'data-filter-list="#div_id_prospects"' in page.content.decode()
    response = _edit(client, open_meeting, [added], [rep], briefing="New briefing.")
    assert response.status_code == 302
    open_meeting.refresh_from_db()
    assert list(open_meeting.prospects.all()) == [added]
    assert open_meeting.briefing == "New briefing."
    # The removed account took its proposal and decision with it.
    assert not MeetingProposal.objects.filter(pk=_propose_as.pk).exists()
    assert not MeetingDecision.objects.exists()


def test_a_stale_meeting_edit_is_refused(client, manager, rep, prospect, open_meeting):
    client.force_login(manager)
    stale = open_meeting.version
    open_meeting.briefing = "Changed meanwhile."
    open_meeting.save()
    response = _edit(
        client, open_meeting, [prospect], [rep], briefing="Mine.", version=stale
    )
    assert response.status_code == 200
    assert response.content.decode().count("Someone else saved this record") == 1
    open_meeting.refresh_from_db()
    assert open_meeting.briefing == "Changed meanwhile."


def test_only_the_chair_edits_and_only_while_open(
    client, manager, rep, prospect, open_meeting
):
    client.force_login(rep)
    assert (
        client.get(reverse("visits:meeting-edit", args=[open_meeting.pk])).status_code
        == 403
    )
    decide(open_meeting, prospect)
    client.force_login(manager)
    client.post(
        reverse("visits:meeting-close", args=[open_meeting.pk]), {"minutes": "m"}
    )
    response = client.get(reverse("visits:meeting-edit", args=[open_meeting.pk]))
    assert response.status_code == 302
    assert "This meeting is closed." in messages_of(response)


def test_an_account_is_deferred_to_a_later_meeting_with_its_proposals(
    client, manager, rep, prospect, open_meeting
):
    second = ProspectFactory(name="Second account", owner=rep)
    open_meeting.prospects.add(second)
    decide(open_meeting, prospect)
    MeetingProposal.objects.create(
        meeting=open_meeting, prospect=second, author=rep, method="mail", rationale="r"
    )
    later = meeting(
        manager,
        prospects=[],
        attendees=[rep],
        held_on=open_meeting.held_on + timedelta(days=7),
    )
    client.force_login(manager)
    page = client.get(open_meeting.get_absolute_url()).content.decode()
    defer_url = reverse("visits:meeting-defer", args=[open_meeting.pk, second.pk])
    assert defer_url in page
    # A decided account is not offered for deferring.
    assert (
        reverse("visits:meeting-defer", args=[open_meeting.pk, prospect.pk]) not in page
    )
    response = client.post(defer_url, {f"defer{second.pk}-to": later.pk})
    assert response.status_code == 302
    assert list(open_meeting.prospects.all()) == [prospect]
    assert list(later.prospects.all()) == [second]
    assert MeetingProposal.objects.get(prospect=second).meeting == later
    # Now it closes without the deferred account.
    response = client.post(
        reverse("visits:meeting-close", args=[open_meeting.pk]), {"minutes": "Done."}
    )
    open_meeting.refresh_from_db()
    assert not open_meeting.is_open


def test_an_account_cannot_be_deferred_to_an_earlier_meeting(
    client, manager, rep, prospect, open_meeting
):
    earlier = meeting(
        manager,
        prospects=[],
        attendees=[rep],
        held_on=open_meeting.held_on - timedelta(hours=2),
    )
    client.force_login(manager)
    response = client.post(
        reverse("visits:meeting-defer", args=[open_meeting.pk, prospect.pk]),
        {f"defer{prospect.pk}-to": earlier.pk},
    )
    assert "Choose a later open meeting of the team." in messages_of(response)
    assert list(open_meeting.prospects.all()) == [prospect]


def test_an_undecided_account_has_no_method_chosen(
    client, manager, prospect, open_meeting
):
    client.force_login(manager)
    response = client.get(open_meeting.get_absolute_url())
    form = response.context["accounts"][0]["form"]
    assert form["method"].value() in (None, "")
    html = response.content.decode()
    section = html[html.index(f'id="account-{prospect.pk}"') :]
    select = section[section.index("<select") : section.index("</select>")]
    assert 'value="" selected' in select
    for method in ("invite", "mail", "visit", "other"):
        assert f'value="{method}" selected' not in select
    response = _decide(client, open_meeting, prospect, method="")
    assert "Choose the method." in response.content.decode()
    assert not MeetingDecision.objects.exists()
