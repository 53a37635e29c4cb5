"""The form renderer: Django's, except that <select>, <input>, <textarea> and radio
buttons and tick boxes are written directly.

Django renders every widget, and every <option> of a <select>, through a template
of its own; pages with a filter form spent more time there than in the database.
The markup is the same as Django's templates produce.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
TEXTAREA = WIDGETS + "textarea.html"
OPTIONS = {WIDGETS + "radio_option.html", WIDGETS + "checkbox_option.html"}
CHOICES = {WIDGETS + "radio.html", WIDGETS + "checkbox_select.html"}
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input", "text", "number", "email", "url", "password", "hidden",
        "date", "datetime", "time", "checkbox",
    )
}  # fmt: skip


def escaped(value):
    """Escaped as the template engine escapes, without the lazy-string wrapper of
    Django's ``escape`` that cost more than the escaping."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them, in their order."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _options(group):
    return "".join(
        f'<option value="{"" if o["value"] is None else escaped(o["value"])}"'
        f"{' selected' if o['selected'] else ''}>{escaped(o['label'])}</option>"
        for o in group
    )


def _select(widget):
    parts = []
    for group_name, group, _index in widget["optgroups"]:
        options = _options(group)
        parts.append(
            f'<optgroup label="{escaped(group_name)}">{options}</optgroup>'
            if group_name
            else options
        )
    return mark_safe(
        f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>'
        f"{''.join(parts)}</select>"
    )


def _input(widget):
    value = widget["value"]
    shown = "" if value is None else f' value="{escaped(value)}"'
    return mark_safe(
        f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget):
    return mark_safe(
        f'<textarea name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{escaped(widget['value'] or '')}</textarea>"
    )


def _input_option(widget):
    """A radio button or tick box, in its label as input_option.html writes it
    (the included input.html ends on a line break)."""
    tag = _input(widget)
    if not widget["wrap_label"]:
        return tag
    id_ = widget["attrs"].get("id")
    label_for = f' for="{escaped(id_)}"' if id_ else ""
    return mark_safe(f"<label{label_for}>{tag}\n {escaped(widget['label'])}</label>")


def _choices(widget):
    """multiple_input.html: the options of a RadioSelect or CheckboxSelectMultiple;
    None (Django's templates then) where an option has a template of its own."""
    options = [o for _name, group, _index in widget["optgroups"] for o in group]
    if any(o["template_name"] not in OPTIONS for o in options):
        return None
    attrs = widget["attrs"]
    id_, classes = attrs.get("id"), attrs.get("class")
    parts = [
        "<div",
        f' id="{escaped(id_)}"' if id_ else "",
        f' class="{escaped(classes)}"' if classes else "",
        ">",
    ]
    for group_name, group, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{escaped(group_name)}</label>")
        parts.extend(f"<div>\n    {_input_option(o)}\n\n</div>" for o in group)
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))


FAST = {
    SELECT: _select,
    TEXTAREA: _textarea,
    **dict.fromkeys(INPUTS, _input),
    **dict.fromkeys(OPTIONS, _input_option),
    **dict.fromkeys(CHOICES, _choices),
}


class FastRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = FAST.get(template_name)
        written = write and write(context["widget"])
        if written is None:
            return super().render(template_name, context, request)
        return written
