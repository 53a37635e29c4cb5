"""My day: what to do next, my accounts, my visits this week, my follow-ups and my
unread notifications. The clock stands on Wednesday 2026-11-18, noon in Shanghai."""

from datetime import date

import pytest
from django.urls import reverse

from prospects.models import Progress
from reports import my_day
from reports.tests.test_support import (
    NOW,
    account,
    at,
    build_my_day,
    freeze,
    held_visit,
    planned_visit,
)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def day(rep, colleague, supervisor, manager):
    return build_my_day(rep, colleague, supervisor, manager)


@pytest.fixture
def mine(client, rep, day):
    client.force_login(rep)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["mine"]


def test_the_tasks_come_most_urgent_first(mine):
    assert [(task.urgency, task.text) for task in mine["tasks"]] == [
        (0, "Follow up Overdue Co: overdue since 2026-11-16."),
        (1, "Follow up Today Co today."),
        (2, "Prepare the visit to Prep Co on 2026-11-20."),
        (2, "Approach Again Co again (planned for 2026-11-18)."),
        (3, "Follow up Later Co by 2026-11-20."),
        (3, "Follow up Week Co by 2026-11-23."),
        (4, "Propose development methods for the meeting of 2026-11-19."),
        (5, "Fill in the forecast of Undecided Co to see if it is worth developing."),
    ]


def test_each_task_links_to_where_it_is_done(mine, day):
    links = {task.text.split(" ")[0]: task.url for task in mine["tasks"]}
    assert links["Prepare"] == reverse(
        "visits:prepare", args=[day["prep"].visits.get(planned_at=at(11, 20)).pk]
    )
    assert links["Approach"] == day["again"].get_absolute_url() + "#record"
    assert links["Propose"] == day["meeting"].get_absolute_url()
    assert links["Fill"] == day["undecided"].get_absolute_url() + "#forecast"
    overdue_follow_up = day["overdue"].follow_ups.get()
    assert mine["tasks"][0].url == overdue_follow_up.get_absolute_url()


def test_the_page_lists_the_tasks_in_order_and_marks_the_overdue_one(client, rep, day):
    client.force_login(rep)
    html = client.get(reverse("home")).text
    positions = [
        html.index(text)
        for text in (
            "Follow up Overdue Co: overdue since 2026-11-16.",
            "Follow up Today Co today.",
            "Prepare the visit to Prep Co on 2026-11-20.",
            "Propose development methods for the meeting of 2026-11-19.",
        )
    ]
    assert positions == sorted(positions)
    assert html.count("list-group-item-danger") == 1
    assert html.count("list-group-item-warning") == 1


def test_my_accounts_are_counted_by_stage_open_ones_only(mine):
    # Owned or assigned (Shared Co), open: not the resting, lost or won ones.
    assert mine["stages"] == [
        ("Contact", 2),
        ("Product explanation", 2),
        ("Product demo", 2),
        ("Proposal", 1),
        ("Contract", 0),
    ]
    assert [label for label, _n in mine["stages"]] == [
        str(label) for label in Progress.labels
    ]
    assert mine["not_contacted"] == 2


def test_my_visits_this_week_are_planned_or_held_this_week_and_mine(mine):
    assert [(v.prospect.name, v.status) for v in mine["visits"]] == [
        ("Week Co", "held"),
        ("Prep Co", "planned"),
        ("Prepared Co", "planned"),
    ]
    assert (mine["week"].first_day, mine["week"].last_day) == (
        date(2026, 11, 16),
        date(2026, 11, 22),
    )


def test_my_follow_ups_are_the_open_ones_due_within_a_week_or_overdue(mine):
    assert [f.prospect.name for f in mine["follow_ups"]] == [
        "Overdue Co",
        "Today Co",
        "Later Co",
        "Week Co",
    ]


def test_my_unread_notifications_are_listed_newest_first(mine):
    assert [(n.kind, str(n.account)) for n in mine["notifications"]] == [
        ("approach_again", "Again Co"),
        ("overdue", "Overdue Co"),
    ]


def test_at_most_five_unread_notifications_are_shown(rep, supervisor):
    from reports.tests.test_support import notify

    for n in range(7):
        _v, follow_up = held_visit(
            account(f"Busy {n}", rep), supervisor, at(11, 1 + n), co=[rep]
        )
        notify(rep, follow_up=follow_up, minutes_ago=n)
    home = my_day.rep_home(rep, NOW)
    assert [str(n.account) for n in home["notifications"]] == [
        f"Busy {n}" for n in range(5)
    ]


def test_the_page_shows_each_section(client, rep, day):
    client.force_login(rep)
    html = client.get(reverse("home")).text
    for heading in (
        "What to do next",
        "My accounts by stage",
        "My visits this week",
        "My follow-ups due and overdue",
        "Unread notifications",
    ):
        assert heading in html
    assert "Overdue since 11-16" in html
    assert "Due 11-20" in html
    assert "Their Co" not in html


def test_nothing_of_a_colleague_s_day_is_in_mine(client, colleague, rep, day):
    client.force_login(colleague)
    mine = client.get(reverse("reports:mine")).context["mine"]
    texts = " ".join(task.text for task in mine["tasks"])
    assert "Overdue Co" not in texts
    assert "Undecided Co" not in texts
    assert [f.prospect.name for f in mine["follow_ups"]] == ["Their Co"]
    assert [str(n.account) for n in mine["notifications"]] == ["Later Co"]
    # The colleague attends the open meeting too.
    assert "Propose development methods for the meeting of 2026-11-19." in texts


def test_a_supervisor_s_day_lists_the_visits_they_lead(client, supervisor, day):
    client.force_login(supervisor)
    response = client.get(reverse("home"))
    mine = response.context["mine"]
    assert [(v.prospect.name, v.status) for v in mine["visits"]] == [
        ("Week Co", "held"),
        ("Their Co", "planned"),
        ("Prep Co", "planned"),
        ("Prepared Co", "planned"),
    ]
    assert "Prepare the visit to Prep Co on 2026-11-20." in [
        t.text for t in mine["tasks"]
    ]


def test_an_empty_day_says_nothing_is_urgent(client, rep):
    client.force_login(rep)
    response = client.get(reverse("home"))
    assert response.context["mine"]["tasks"] == []
    assert "Nothing urgent." in response.text
    assert "No visit this week." in response.text
    assert "No follow-up due in the next week." in response.text
    assert "No unread notification." in response.text


def test_a_visit_whose_preparation_was_waived_needs_no_preparing(
    rep, supervisor, manager
):
    visit = planned_visit(
        account("Waived", rep, verdict="worth"), supervisor, at(11, 20), co=[rep]
    )
    visit.preparation.waived_by = manager
    visit.preparation.waiver_reason = "Known customer"
    visit.preparation.save()
    assert my_day.rep_home(rep, NOW)["tasks"] == []


def test_at_most_three_accounts_are_offered_for_assessment(rep):
    for n in range(5):
        account(f"Fresh {n}", rep)
    tasks = my_day.rep_home(rep, NOW)["tasks"]
    assert [task.urgency for task in tasks] == [5, 5, 5]


def test_a_visit_at_midnight_next_monday_is_not_this_week(rep, supervisor):
    planned_visit(
        account("Next week", rep, verdict="worth"),
        supervisor,
        at(11, 23, 0, 0),
        co=[rep],
    )
    assert my_day.rep_home(rep, NOW)["visits"] == []


def test_a_long_backlog_shows_the_most_urgent_follow_ups_and_links_to_all(
    client, rep, supervisor
):
    """A rep who let follow-ups pile up sees the oldest due first, as many as the
    page holds, and a link to every one of them (the visits page, by pages)."""
    shown = my_day.FOLLOW_UPS_SHOWN
    for n in range(shown + 2):
        held_visit(account(f"Late {n:02d}", rep), supervisor, at(10, 1 + n), co=[rep])
    client.force_login(rep)
    answer = client.get(reverse("home"))
    home = answer.context["mine"]
    assert [f.prospect.name for f in home["follow_ups"]] == [
        f"Late {n:02d}" for n in range(shown)
    ]
    assert home["follow_ups_total"] == shown + 2
    assert f"All {shown + 2} follow-ups" in answer.text
    assert f'href="{reverse("visits:list")}"' in answer.text
    follow_up_tasks = [t for t in home["tasks"] if t.icon == "telephone"]
    assert len(follow_up_tasks) == shown
