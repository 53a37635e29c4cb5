"""Pages served again from the cache: never stale after a change, never someone else's."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kam import pagecache
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory
from visits.models import Notification
from visits.tests.factories import first_contact, held_visit, meeting

LIST = reverse("prospects:list")


@pytest.fixture
def account(rep):
    return ProspectFactory(owner=rep, name="Huaxin Precision")


def _load(client, path=LIST):
    response = client.get(path)
    assert response.status_code == 200
    return response


def _served_from_cache(response):
    # A page built by its view renders templates; one served from the cache does not.
    return response.context is None


def _signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    _load(client)  # the first page sets the CSRF cookie that later pages are keyed by
    return client


def test_a_page_seen_again_comes_from_the_cache_without_reading_the_data(
    rep, account, django_assert_max_num_queries
):
    client = _signed_in(rep)
    built = _load(client)
    assert not _served_from_cache(built)
    with django_assert_max_num_queries(2):  # the session and the user, no more
        again = _load(client)
    assert _served_from_cache(again)
    assert again.content == built.content
    assert "Huaxin Precision" in again.content.decode()


@pytest.mark.parametrize("how", ["save", "update", "delete", "raw SQL"])
def test_any_change_shows_on_the_next_load(rep, account, how):
    ProspectFactory(
        owner=rep, name="Lakeside Gears"
    )  # the list is not empty after a delete
    client = _signed_in(rep)
    assert "Huaxin Precision" in _load(client).content.decode()
    if how == "save":
        account.name = "Huaxin Tools"
        account.save()
    elif how == "update":
        Prospect.objects.filter(pk=account.pk).update(name="Huaxin Tools")
    elif how == "delete":
        account.delete()
    else:
        with connection.cursor() as cursor:
            table = Prospect._meta.db_table
            cursor.execute(
                f"UPDATE {table} SET name = %s WHERE id = %s",
                ["Huaxin Tools", account.pk],
            )
    html = _load(client).content.decode()
    assert "Huaxin Precision" not in html
    assert ("Huaxin Tools" in html) == (how != "delete")
    assert "Lakeside Gears" in html


def test_a_colleagues_change_shows_on_every_page_at_once(rep, manager, account):
    reps_client = _signed_in(rep)
    detail = reverse("prospects:detail", args=[account.pk])
    _load(reps_client, detail)
    _load(reps_client, detail)
    managers_client = _signed_in(manager)
    response = managers_client.post(
        reverse("prospects:edit", args=[account.pk]),
        {"version": account.version, "name": "Huaxin Tools", "status": "developing",
         "owner": rep.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert "Huaxin Tools" in _load(reps_client, detail).content.decode()


def test_each_person_gets_their_own_page(rep, colleague, account):
    client = _signed_in(rep)
    assert "Huaxin Precision" in _load(client).content.decode()
    client.force_login(colleague)
    assert "Huaxin Precision" not in _load(client).content.decode()
    assert "Huaxin Precision" not in _load(client).content.decode()


def test_each_language_gets_its_own_page(rep, account):
    client = _signed_in(rep)
    assert "Key accounts" in _load(client).content.decode()
    client.cookies["django_language"] = "zh-hans"
    html = _load(client).content.decode()
    assert "Key accounts" not in html
    assert "大客户" in html


def test_a_message_waiting_to_be_shown_is_shown_once(rep, account):
    now = timezone.now()
    Notification.objects.create(
        recipient=rep, prospect=account, kind="approach_again", due_on=now.date(),
        created_at=now, email_next_attempt_at=now,
    )  # fmt: skip
    client = _signed_in(rep)
    notifications = reverse("visits:notifications")
    _load(client, notifications)
    _load(client, notifications)
    response = client.post(reverse("visits:notifications-read-all"), follow=True)
    assert "1 notifications marked as read." in response.content.decode()
    assert "marked as read" not in _load(client, notifications).content.decode()


def test_forms_on_a_cached_page_still_post_after_the_csrf_secret_changes(rep, account):
    client = _signed_in(rep, enforce_csrf_checks=True)
    _load(client)
    _load(client)
    client.cookies["csrftoken"] = "x" * 32  # as after signing in again elsewhere
    html = _load(client).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("visits:notifications-read-all"), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "reload", [{"HTTP_CACHE_CONTROL": "max-age=0"}, {"HTTP_CACHE_CONTROL": "no-cache"}]
)
def test_a_reload_builds_the_page_anew_for_the_next_loads_too(
    rep, account, monkeypatch, reload
):
    client = _signed_in(rep)
    _load(client)
    # A change the stored page cannot know of, as when only the clock moved.
    with monkeypatch.context() as unnoticed:
        unnoticed.setattr(pagecache, "data_changed", lambda: None)
        Prospect.objects.filter(pk=account.pk).update(name="Huaxin Tools")
    assert "Huaxin Precision" in _load(client).content.decode()
    reloaded = client.get(LIST, **reload)
    assert not _served_from_cache(reloaded)
    assert "Huaxin Tools" in reloaded.content.decode()
    again = _load(client)
    assert _served_from_cache(again)
    assert "Huaxin Tools" in again.content.decode()


def test_without_a_csrf_cookie_the_page_is_built(rep, account):
    client = _signed_in(rep)
    _load(client)
    del client.cookies["csrftoken"]
    assert not _served_from_cache(_load(client))


def test_a_transaction_retires_the_pages_again_when_it_commits(rep, account):
    with transaction.atomic():
        before = pagecache.data_generation()
        account.name = "Huaxin Tools"
        account.save()
        Prospect.objects.filter(pk=account.pk).update(name="Huaxin Gears")
        assert pagecache.data_generation() != before
        hooks = [hook for _ids, hook, _robust in connection.run_on_commit]
        assert hooks.count(pagecache.data_changed) == 1  # once, however many writes


@pytest.mark.django_db(transaction=True)
def test_the_commit_retires_pages_built_while_the_change_was_uncommitted(rep, account):
    """Another request may read the new token before the commit but the old data; the
    commit replaces the token again, so what it stored is never found."""
    with transaction.atomic():
        account.name = "Huaxin Tools"
        account.save()
        during = pagecache.data_generation()
    assert pagecache.data_generation() != during


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE "django_session" SET "expire_date" = 1',
        'INSERT INTO "axes_accessattempt" ("username") VALUES (1)',
        'SELECT "prospects_prospect"."name" FROM "prospects_prospect"',
    ],
)
def test_signing_in_and_reading_do_not_retire_pages(sql):
    assert not pagecache.changes_shown_data(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE "prospects_prospect" SET "name" = 1',
        'INSERT OR IGNORE INTO "visits_notification" ("kind") VALUES (1)',
        "insert into visits_followup (status) values (1)",
        'DELETE FROM "devlog_developmententry" WHERE 1',
    ],
)
def test_every_write_to_the_data_retires_pages(sql):
    assert pagecache.changes_shown_data(sql)


def test_a_cache_outage_fails_neither_a_write_nor_a_page(
    rep, account, monkeypatch, caplog
):
    client = _signed_in(rep)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", down)
    monkeypatch.setattr(cache, "get", down)
    account.name = "Huaxin Tools"
    account.save()
    assert Prospect.objects.get(pk=account.pk).name == "Huaxin Tools"
    assert "Huaxin Tools" in _load(client).content.decode()
    assert "Could not retire cached pages" in caplog.text


def test_pages_are_kept_for_the_configured_time_at_most(
    rep, account, settings, monkeypatch
):
    settings.KAM_PAGE_CACHE_SECONDS = 45
    client = _signed_in(rep)
    stored = []
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout=None: (
            stored.append(timeout) or real_set(key, value, timeout)
        ),
    )
    _load(client)
    assert 45 in stored


def test_no_page_is_kept_when_the_cache_is_off(rep, account, settings):
    settings.KAM_PAGE_CACHE_SECONDS = 0
    client = _signed_in(rep)
    _load(client)
    assert not _served_from_cache(_load(client))


def test_another_persons_account_stays_404_after_a_cached_load(rep, outsider, account):
    client = _signed_in(outsider)
    detail = reverse("prospects:detail", args=[account.pk])
    assert client.get(detail).status_code == 404
    assert client.get(detail).status_code == 404


def _pages(account, visit, contact, called):
    return [
        reverse("home"),
        reverse("devlog:mine"),
        reverse("devlog:team"),
        reverse("devlog:register"),
        reverse("devlog:archive"),
        reverse("devlog:sheet", args=[account.pk]),
        reverse("devlog:history", args=[account.pk]),
        LIST,
        reverse("prospects:matrix"),
        reverse("prospects:detail", args=[account.pk]),
        reverse("prospects:financials", args=[account.pk]),
        reverse("prospects:transactions", args=[account.pk]),
        reverse("visits:list"),
        reverse("visits:calendar"),
        reverse("visits:meetings"),
        reverse("visits:meeting", args=[called.pk]),
        reverse("visits:detail", args=[visit.pk]),
        reverse("visits:first-contact", args=[contact.pk]),
        reverse("visits:notifications"),
    ]


def test_every_read_page_is_served_again_and_rebuilt_after_a_change(
    manager, rep, supervisor, account
):
    """The manager's whole navigation: each page comes from the cache on its second
    load, and is built again after any change."""
    visit = held_visit(account, supervisor, co_visitors=[rep])
    contact = first_contact(account, made_by=rep)
    called = meeting(manager, prospects=[account], attendees=[rep])
    client = _signed_in(manager)
    pages = _pages(account, visit, contact, called)
    for (
        path
    ) in pages:  # a first view makes what is made on first view (scoring weights …)
        _load(client, path)
    for path in pages:
        _load(client, path)
        assert _served_from_cache(_load(client, path)), path
        Prospect.objects.filter(pk=account.pk).update(region="Ningbo")
        assert not _served_from_cache(_load(client, path)), path
