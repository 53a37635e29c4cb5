"""Sessions are Django's database sessions, the row read by a query written out
(kam.sessions): signed in while the session lasts, signed out once it expires or
is gone, and nothing else read."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone


def _home(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("notifications:inbox"))
    return response, [q["sql"] for q in captured if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_only_the_session_s_data(client, rep):
    client.force_login(rep)
    response, reads = _home(client)
    assert response.status_code == 200
    assert response.context["user"] == rep
    assert len(reads) == 1
    assert reads[0].startswith('SELECT "session_data" FROM "django_session" WHERE')


def test_an_expired_session_signs_the_person_out(client, rep):
    client.force_login(rep)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response, _reads = _home(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_session_gone_from_the_table_signs_the_person_out(client, rep):
    client.force_login(rep)
    Session.objects.all().delete()
    response, _reads = _home(client)
    assert response.status_code == 302


def test_signing_in_again_after_expiry_makes_a_new_session(client, rep):
    client.force_login(rep)
    old = client.session.session_key
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    client.force_login(rep)
    assert client.session.session_key != old
    assert _home(client)[0].status_code == 200
