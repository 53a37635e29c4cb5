"""Helpers the apps' tests share."""

from django.db import connection
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


def queries_of_page(client, url):
    """How many queries the page at ``url`` costs, once warm (the first request
    also touches the session)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
