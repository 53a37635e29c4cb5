"""Printed sheets answer conditional GETs: a browser that already has the very
sheet gets 304 Not Modified, and no PDF is rendered; anything the sheet shows
changing gives it a new ETag."""

import pytest
import weasyprint
from django.urls import reverse

from devlog.tests.factories import DevelopmentEntryFactory
from visits.tests.factories import ProspectFactory, held_visit


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs WeasyPrint writes."""
    made = []
    real = weasyprint.HTML

    class Counting(real):
        def write_pdf(self, *args, **kwargs):
            made.append(1)
            return super().write_pdf(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", Counting)
    return made


@pytest.fixture
def visit(rep, supervisor):
    return held_visit(ProspectFactory(owner=rep, name="华鑫精密 Huaxin"), supervisor)


def _url(visit):
    return reverse("visits:record-pdf", args=[visit.pk])


def test_a_sheet_carries_an_etag_and_is_kept_for_this_user_only(client, rep, visit):
    client.force_login(rep)
    response = client.get(_url(visit))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"].startswith('"')
    assert {"private", "no-cache"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


def test_asking_again_with_its_etag_answers_304_without_rendering(
    client, rep, visit, renders
):
    client.force_login(rep)
    etag = client.get(_url(visit))["ETag"]
    assert len(renders) == 1
    again = client.get(_url(visit), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert len(renders) == 1


def _renamed_account(visit):
    visit.prospect.name = "华鑫精密机械 Huaxin Precision"
    visit.prospect.save()


def _record_edited(visit):
    visit.talking_points = "The energy savings, with figures"
    visit.save()


def _lead_visitor_renamed(visit):
    visit.lead_visitor.full_name = "Wang Wei"
    visit.lead_visitor.save()


@pytest.mark.parametrize(
    "change", [_renamed_account, _record_edited, _lead_visitor_renamed]
)
def test_the_etag_changes_with_what_the_sheet_shows(client, rep, visit, change):
    client.force_login(rep)
    etag = client.get(_url(visit))["ETag"]
    change(visit)
    response = client.get(_url(visit), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_etag_changes_with_the_language(client, rep, visit):
    client.force_login(rep)
    etag = client.get(_url(visit), headers={"accept-language": "en"})["ETag"]
    chinese = client.get(
        _url(visit), headers={"accept-language": "zh-hans", "if-none-match": etag}
    )
    assert chinese.status_code == 200
    assert chinese["ETag"] != etag


def test_another_user_gets_404_even_with_the_etag(client, rep, outsider, visit):
    client.force_login(rep)
    etag = client.get(_url(visit))["ETag"]
    client.force_login(outsider)
    assert client.get(_url(visit), headers={"if-none-match": etag}).status_code == 404


def test_a_contact_added_to_the_record_changes_the_record_sheet_s_etag(
    client, rep, visit
):
    client.force_login(rep)
    url = reverse("devlog:sheet-pdf", args=[visit.prospect.pk])
    etag = client.get(url)["ETag"]
    DevelopmentEntryFactory(prospect=visit.prospect, person_met="Director Zhao")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize(
    "name", ["prospects:profile-pdf", "devlog:sheet-pdf", "visits:record-pdf"]
)
def test_every_sheet_answers_with_an_etag(client, rep, visit, name):
    client.force_login(rep)
    pk = visit.pk if name.startswith("visits") else visit.prospect.pk
    assert client.get(reverse(name, args=[pk])).has_header("ETag")
