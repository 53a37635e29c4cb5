"""A person enters the number robots @-mention them by, and mutes the e-mails of
reminders their team's robot already posts."""

import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Channel, MutedEmail

URL = reverse("notifications:preferences")


@pytest.fixture
def team_robot(team, settings):
    return services.channel_save(
        channel=Channel(team=team, kind="wecom", name="销售群"),
        kinds=["due", "overdue"],
        address="http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
    )


def test_a_rep_saves_a_number_and_mutes_what_the_robot_carries(client, rep, team_robot):
    client.force_login(rep)
    page = client.get(URL).content.decode()
    assert "销售群" in page
    assert 'value="due"' in page
    assert 'value="escalation"' not in page  # the robot does not carry it
    response = client.post(URL, {"mobile": "+86 138-0000-1111", "muted_kinds": ["due"]})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.mobile == "13800001111"
    assert list(MutedEmail.objects.filter(user=rep).values_list("kind", flat=True)) == [
        "due"
    ]
    client.post(URL, {"mobile": "", "muted_kinds": []})
    rep.refresh_from_db()
    assert rep.mobile == ""
    assert not MutedEmail.objects.filter(user=rep).exists()


@pytest.mark.parametrize("mobile", ["12345", "23800001111", "1380000111a", "1" * 20])
def test_a_number_that_is_not_a_mobile_is_refused(client, rep, mobile):
    client.force_login(rep)
    response = client.post(URL, {"mobile": mobile})
    assert response.status_code == 200
    assert "11-digit mainland China mobile number" in response.content.decode()
    rep.refresh_from_db()
    assert rep.mobile == ""


def test_a_kind_no_robot_carries_cannot_be_muted(client, rep, team_robot):
    client.force_login(rep)
    response = client.post(URL, {"muted_kinds": ["escalation"]})
    assert response.status_code == 200
    assert not MutedEmail.objects.exists()


def test_the_page_writes_nothing_on_a_get(client, rep):
    client.force_login(rep)
    assert client.get(URL).status_code == 200
    assert not MutedEmail.objects.exists()
