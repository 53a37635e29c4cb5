"""Helpers the apps' tests share."""

import os
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext


def loaded_version(model, **lookup):
    """The hidden ``version`` an edit page renders for its record, read fresh from the
    database: what a browser that just loaded the page posts back (each save bumps it).

    Nothing when there is no record yet: a first save creates it and needs no version.
    """
    version = (
        model._default_manager.filter(**lookup)
        .values_list("version", flat=True)
        .first()
    )
    return {} if version is None else {"version": version}


def in_threads(count, work):
    """Run ``work(i)`` in ``count`` threads that start together; the results in order.
    Each thread closes its database connections when done."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # re-raised in the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def queries_of_page(client, url):
    """How many queries the page at ``url`` costs, once warm (the first request
    also touches the session)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def rendered_token(client, url):
    """The one-time token the create form at ``url`` renders, as a browser posts it."""
    token = client.get(url).context["form"]["form_token"].value()
    assert len(token or "") >= 32
    return token


def once_claimed(theirs, landed):
    """A query wrapper running ``theirs()`` once, right after a create form's token
    is claimed: past every check of the form, before the service's own."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "kam_formsubmission" ') and not landed:
            landed.append(theirs())
        return result

    return wrapper


def needs_postgresql(why, *, also=True):
    """Skip a test of what only PostgreSQL does (``why``: what that is) on another
    database, or where ``also`` (what else it needs) is false, unless the run must
    be on PostgreSQL (KAM_REQUIRE_POSTGRES=1, as .ci/run sets): there it fails, so
    that it cannot pass by being skipped."""
    if connection.vendor == "postgresql" and also:
        return
    if os.environ.get("KAM_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"KAM_REQUIRE_POSTGRES=1, but this test cannot run here: {why}")
    pytest.skip(f"{why}; run the suite on PostgreSQL")
