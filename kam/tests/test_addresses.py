"""A record's address, written from a pattern reversed once, is reverse()'s."""

import pytest
from django.urls import reverse, set_script_prefix

from kam.addresses import address, page
from kam.navigation import ITEMS
from prospects.tests.factories import ProspectFactory
from visits.tests.factories import held_visit, meeting


@pytest.mark.parametrize(
    "name",
    ["visits:detail", "visits:meeting", "visits:first-contact", "prospects:detail"],
)
@pytest.mark.parametrize("pk", [1, 42, 9_223_372_036_854_775_807])
def test_an_address_is_what_reverse_writes(name, pk):
    assert address(name, pk) == reverse(name, args=[pk])


def test_an_address_keeps_the_site_s_prefix():
    set_script_prefix("/kam/")
    try:
        assert address("visits:detail", 7) == "/kam/visits/7/"
        assert address("visits:detail", 7) == reverse("visits:detail", args=[7])
    finally:
        set_script_prefix("/")
    assert address("visits:detail", 7) == "/visits/7/"


def test_an_id_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="invalid literal"):
        address("visits:detail", "7/../../admin")


def test_the_records_link_to_their_pages(rep, supervisor, manager):
    account = ProspectFactory(owner=rep)
    visit = held_visit(account, supervisor)
    follow_up = visit.follow_up
    called = meeting(manager, prospects=[account], attendees=[rep])
    assert account.get_absolute_url() == reverse("prospects:detail", args=[account.pk])
    assert visit.get_absolute_url() == reverse("visits:detail", args=[visit.pk])
    assert follow_up.get_absolute_url() == (
        reverse("visits:detail", args=[visit.pk]) + "#follow-up"
    )
    assert called.get_absolute_url() == reverse("visits:meeting", args=[called.pk])


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.url_name)
def test_a_navigation_address_is_what_reverse_writes(item):
    assert item.url == page(item.url_name) == reverse(item.url_name)


def test_a_page_address_keeps_the_site_s_prefix():
    set_script_prefix("/kam/")
    try:
        assert page("visits:list") == "/kam/visits/" == reverse("visits:list")
    finally:
        set_script_prefix("/")
    assert page("visits:list") == "/visits/"
