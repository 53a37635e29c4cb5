"""Upgrading to kam.auth.SignedInBackend signs nobody out (accounts migration 0005)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db

upgrade = import_module("accounts.migrations.0005_sessions_keep_their_sign_in")


def test_a_session_signed_in_before_the_upgrade_stays_signed_in(client, rep):
    client.force_login(rep, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("home")).status_code == 302  # the old name is unknown
    upgrade.forwards(apps, None)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == rep


def test_other_sessions_are_left_as_they_are(client, rep):
    from django.contrib.sessions.models import Session

    client.force_login(rep, backend="kam.auth.SignedInBackend")
    before = Session.objects.get().session_data
    upgrade.forwards(apps, None)
    assert Session.objects.get().session_data == before
    assert client.get(reverse("home")).status_code == 200
