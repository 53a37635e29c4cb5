"""The form renderer: Django's, except that <select>, <input> and <textarea> are
written directly.

Django renders every widget, and every <option> of a <select>, through a template
of its own; pages with a filter form spent more time there than in the database.
The markup is the same as Django's templates produce.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
TEXTAREA = WIDGETS + "textarea.html"
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input", "text", "number", "email", "url", "password", "hidden",
        "date", "datetime", "time", "checkbox",
    )
}  # fmt: skip


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them, in their order."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )  # fmt: skip


def _options(group):
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                "" if o["value"] is None else o["value"],
                " selected" if o["selected"] else "",
                o["label"],
            )
            for o in group
        ),
    )


def _select(widget):
    parts = []
    for group_name, group, _index in widget["optgroups"]:
        options = _options(group)
        if group_name:
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, options)
            )
        else:
            parts.append(options)
    return format_html(
        '<select name="{}"{}>{}</select>',
        widget["name"],
        _attrs(widget["attrs"]),
        mark_safe("".join(parts)),
    )


def _input(widget):
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        "" if value is None else format_html(' value="{}"', value),
        _attrs(widget["attrs"]),
    )


def _textarea(widget):
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        _attrs(widget["attrs"]),
        widget["value"] or "",
    )


FAST = {SELECT: _select, TEXTAREA: _textarea, **dict.fromkeys(INPUTS, _input)}


class FastRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = FAST.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context["widget"])
