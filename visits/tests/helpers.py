"""Small readers of responses shared by the visits tests."""

from django.contrib.messages import get_messages


def messages_of(response):
    """The flash messages a view left for the next page, as text."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def development_panel(response):
    """The account page's "Development" section, as HTML."""
    html = response.content.decode()
    start = html.index('id="development"')
    return html[start : html.index("</section>", start)]


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
