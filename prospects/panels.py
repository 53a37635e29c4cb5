"""Sections that later stages of the playbook add to the account page.

The account page belongs to ``prospects``, which knows nothing of visits or the
development log; those apps register a panel here (in their AppConfig.ready) with
a template and a function returning its context.

A panel registered with a ``name`` loads on its own: the account page shows a
placeholder that the browser fills from ``prospects:panel-<name>`` (kam.js), so that the
page does not wait for a section that is costly to build. The same address,
opened as a page, shows the section alone with the site around it.
"""

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: object  # callable(request, prospect) -> dict
    name: str = ""  # set: the panel loads on its own, at prospects:panel-<name>
    title: str = ""  # the placeholder's heading while it loads

    def render_context(self, request, prospect):
        return {"template": self.template, **self.context(request, prospect)}


_panels = []


def register(template, context, *, order=100, name="", title=""):
    _panels.append(Panel(order, template, context, name, title))
    _panels.sort(key=lambda panel: panel.order)


def panels_for(request, prospect):
    return [
        _placeholder(panel, prospect)
        if panel.name
        else panel.render_context(request, prospect)
        for panel in _panels
    ]


def _placeholder(panel, prospect):
    return {
        "template": "prospects/_panel_placeholder.html",
        "name": panel.name,
        "title": panel.title,
        "url": reverse(f"prospects:panel-{panel.name}", args=[prospect.pk]),
    }


def loading_apart():
    """The panels that load on their own."""
    return [panel for panel in _panels if panel.name]


def named(name):
    """The panel that loads on its own under ``name``; Http404 if there is none."""
    for panel in _panels:
        if panel.name and panel.name == name:
            return panel
    raise Http404("No such section.")
