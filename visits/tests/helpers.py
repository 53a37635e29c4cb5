"""Small readers of responses shared by the visits tests."""

from django.contrib.messages import get_messages

from kam.tests.helpers import loaded_version  # noqa: F401  (used by the tests)


def messages_of(response):
    """The flash messages a view left for the next page, as text."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def development_panel(response):
    """The account page's "Development" section, as HTML."""
    html = response.content.decode()
    start = html.index('id="development"')
    return html[start : html.index("</section>", start)]
