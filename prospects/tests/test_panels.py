"""Sections of the account page that load on their own (prospects.panels): the page
shows a placeholder, kam.js fills it from the section's address."""

from django.urls import reverse

from prospects.tests.factories import ProspectFactory


def section_url(prospect):
    return reverse("prospects:panel-record", args=[prospect.pk])


def test_the_account_page_shows_a_placeholder_that_loads_the_record(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    html = client.get(prospect.get_absolute_url()).content.decode()
    assert f'data-kam-section="{section_url(prospect)}"' in html
    assert 'id="record"' in html
    assert "Recent changes" not in html  # built by the section's own request


def test_the_section_alone_is_what_kam_js_puts_in_the_page(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    response = client.get(section_url(prospect), headers={"X-KAM-Section": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="record"')
    assert "Recent changes" in html
    assert "<html" not in html
    assert "X-KAM-Section" in response["Vary"]


def test_opened_as_a_page_the_section_has_the_site_around_it(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    html = client.get(section_url(prospect)).content.decode()
    assert "<html" in html
    assert 'id="record"' in html
    assert prospect.get_absolute_url() in html  # the breadcrumb back to the account


def test_another_team_s_section_is_not_found(client, outsider):
    prospect = ProspectFactory()
    client.force_login(outsider)
    assert client.get(section_url(prospect)).status_code == 404


def test_an_unknown_section_is_not_found(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    unknown = section_url(prospect).replace("/record/", "/nothing/")
    assert client.get(unknown).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, db):
    prospect = ProspectFactory()
    response = client.get(section_url(prospect))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
