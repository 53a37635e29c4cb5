"""An account's badges, written by {% status_badge %} and {% verdict_badge %}, are
what the includes they replace (prospects/_status.html, _verdict.html) wrote."""

import pytest
from django.template import Context, Template
from django.utils import translation

from prospects.models import Prospect

# The includes as they were, word for word.
STATUS = Template(
    '<span class="badge kam-status kam-status-{{ prospect.status }}">{{ prospect.get_status_display }}</span>'
)
VERDICT = Template(
    '<span class="badge kam-verdict kam-verdict-{{ prospect.verdict }}">{{ prospect.get_verdict_display }}</span>'
)
TAGS = Template(
    "{% load prospects_markup %}{% status_badge prospect %}|{% verdict_badge prospect %}"
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("status", [*Prospect.Status.values, "retired"])
@pytest.mark.parametrize("verdict", Prospect.Verdict.values)
def test_the_badges_are_what_the_includes_wrote(language, status, verdict):
    prospect = Prospect(status=status, verdict=verdict)
    context = Context({"prospect": prospect})
    with translation.override(language):
        expected = f"{STATUS.render(context)}|{VERDICT.render(context)}"
        assert TAGS.render(context) == expected
