from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from visits.tests.factories import (
    first_contact,
    held_visit,
    local_input,
    material,
    meeting,
    plan_visit,
)


@pytest.fixture
def chinese(client):
    client.cookies["django_language"] = "zh-hans"
    return client


def test_every_visits_page_renders_in_chinese(
    chinese, rep, manager, supervisor, prospect
):
    planned = plan_visit(prospect, supervisor, co_visitors=[rep])
    held = held_visit(prospect, supervisor, co_visitors=[rep])
    called = meeting(manager, prospects=[prospect], attendees=[rep])
    logged = first_contact(prospect)
    material(planned)
    urls = [
        reverse("visits:list"),
        reverse("visits:calendar"),
        reverse("visits:meetings"),
        called.get_absolute_url(),
        reverse("visits:first-contact", args=[logged.pk]),
        reverse("visits:plan", args=[prospect.pk]),
        planned.get_absolute_url(),
        held.get_absolute_url(),
        reverse("visits:edit", args=[planned.pk]),
        reverse("visits:prepare", args=[planned.pk]),
        reverse("visits:record", args=[planned.pk]),
        reverse("visits:record", args=[held.pk]),
        reverse("visits:follow-up", args=[held.pk]),
        prospect.get_absolute_url(),
        *(
            reverse("visits:first-contact-create", args=[prospect.pk, channel])
            for channel in ("letter", "phone", "email")
        ),
    ]
    for who in (rep, manager):
        chinese.force_login(who)
        for url in urls:
            response = chinese.get(url)
            assert response.status_code == 200, url
            assert response.headers["Content-Language"] == "zh-hans", url
    assert chinese.get(reverse("visits:meeting-create")).status_code == 200


def test_a_rep_as_lead_visitor_is_refused_in_the_user_s_language(
    chinese, rep, colleague, prospect
):
    chinese.force_login(rep)
    response = chinese.post(
        reverse("visits:plan", args=[prospect.pk]),
        {
            "planned_at": local_input(timezone.now() + timedelta(days=2)),
            "place": "客户总部",
            "method": "face_to_face",
            "lead_visitor": colleague.pk,
        },
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["lead_visitor"]
    with translation.override("zh-hans"):
        expected = gettext(
            "The lead visitor must be a KA supervisor or above: the playbook has "
            "visits made at supervisor level or higher."
        )
    assert error == expected
    assert escape(expected) in response.content.decode()
