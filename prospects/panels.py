"""Sections that later stages of the playbook add to the account page.

The account page belongs to ``prospects``, which knows nothing of visits or the
development log; those apps register a panel here (in their AppConfig.ready) with
a template and a function returning its context.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: object  # callable(request, prospect) -> dict


_panels = []


def register(template, context, *, order=100):
    _panels.append(Panel(order, template, context))
    _panels.sort(key=lambda panel: panel.order)


def panels_for(request, prospect):
    return [
        {"template": panel.template, **panel.context(request, prospect)}
        for panel in _panels
    ]
