"""Markup written in Python where a template in a loop made a page slow: the same
HTML as the templates it replaces, a few times faster to build."""

from django import forms, template
from django.template.defaultfilters import unordered_list
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kam.renderers import _attrs, escaped
from kam.templatetags.kam import align, cell, dash

register = template.Library()
SIMPLE_WIDGETS = (forms.Select, forms.TextInput, forms.NumberInput, forms.DateInput)


@register.simple_tag
def filter_field(field):
    """A field of a filter form as crispy's bootstrap5 ``as_crispy_field`` writes
    it; fields with errors, help or a required mark as ``form_field`` writes them."""
    widget = field.field.widget
    plain = not (field.errors or field.help_text or field.field.required)
    if not (plain and isinstance(widget, SIMPLE_WIDGETS)) or isinstance(
        widget, forms.SelectMultiple
    ):
        return form_field(field)
    kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
    own = widget.attrs.get("class", "")
    name = type(widget).__name__.lower()
    classes = f"{own} {name}" if own and name not in own else own or name
    return format_html(
        '<div id="div_{}" class="mb-3"> <label for="{}" class="form-label">{}</label> {} </div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        field.as_widget(attrs={"class": f"{classes} {kind}"}),
    )


# The widgets ``form_field`` writes itself; any other goes to crispy.
WRITTEN = (forms.Select, forms.widgets.Input, forms.Textarea, forms.RadioSelect)
NOT_WRITTEN = (forms.SelectMultiple, forms.CheckboxInput, forms.FileInput, forms.CheckboxSelectMultiple)  # fmt: skip


def _crispy_classes(widget, kind):
    """The classes crispy's ``crispy_field`` gives a widget: its own, its class's
    name, then bootstrap's."""
    own = widget.attrs.get("class", "")
    name = type(widget).__name__.lower()
    classes = f"{own} {name}" if own and name not in own else own or name
    return f"{classes} {kind}"


def _errors(field, tag="span"):
    """crispy's field_errors.html (``span``) or field_errors_block.html (``p``)."""
    if not field.errors:
        return ""
    spans = "".join(
        format_html(
            '<{} id="error_{}_{}"><strong>{}</strong></{}>',
            tag,
            number,
            field.auto_id,
            error,
            tag,
        )
        for number, error in enumerate(field.errors, 1)
    )
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.auto_id,
        mark_safe(spans),
    )


def _help(field):
    if not field.help_text:
        return ""
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, mark_safe(field.help_text))  # fmt: skip


def _label(field, tag, extra=""):
    required = field.field.required
    return format_html(
        '<{} {}class="form-label{}{}">{}{}</{}>',
        tag,
        format_html('for="{}" ', field.id_for_label) if field.id_for_label else "",
        " requiredField" if required else "",
        extra,
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        tag,
    )


def _radios(field):
    """crispy's bootstrap5 radio_checkbox_select.html, in its fieldset."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": widget.attrs.get("id") or field.auto_id})
    invalid = " is-invalid" if field.errors else ""
    groups = widget.optgroups(
        field.html_name, widget.format_value(field.value()), attrs
    )
    if any(name for name, _group, _index in groups):
        raise _Unwritten  # crispy heads each group; not written here
    options = [
        f'<div class="form-check"><input type="{option["type"]}" class="form-check-input{invalid}" '
        f'name="{escaped(field.html_name)}" value="{escaped(option["value"])}"{_attrs(option["attrs"])}>'
        f'<label for="{escaped(option["attrs"]["id"])}" class="form-check-label">{escaped(option["label"])}</label>'
        for _name, group, _index in groups
        for option in group
    ]  # fmt: skip
    # The errors go in the last option's box, as crispy writes them.
    if options:
        options = "</div>".join(options) + _errors(field, "p") + "</div>"
    described = field.aria_describedby
    return format_html(
        "<fieldset{}>{}<div>{}</div>{}</fieldset>",
        format_html(' aria-describedby="{}"', described) if described else "",
        _label(field, "legend", " fs-6"),
        mark_safe(options),
        _help(field),
    )


def _by_crispy(field):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    return as_crispy_field(field)


def form_field(field, inline_errors=False):
    """A field as crispy's bootstrap5 ``field.html`` writes it: label with its
    required mark, widget, errors, help. Its errors as ``as_crispy_field`` writes
    them (a paragraph each), or ``inline_errors`` as ``{% crispy %}`` does (a span
    each). Checkboxes, files and multiple choices are left to crispy."""
    widget = field.field.widget
    if field.is_hidden:
        return field.as_widget()
    if isinstance(widget, NOT_WRITTEN) or not isinstance(widget, WRITTEN):
        return _by_crispy(field)
    if isinstance(widget, forms.RadioSelect):
        try:
            inner = _radios(field)
        except _Unwritten:
            return _by_crispy(field)
    else:
        kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
        invalid = " is-invalid" if field.errors else ""
        control = field.as_widget(attrs={"class": _crispy_classes(widget, kind) + invalid})  # fmt: skip
        label = _label(field, "label") if field.label else ""
        errors = _errors(field, "span" if inline_errors else "p")
        inner = format_html("{}{}{}{}", label, control, errors, _help(field))
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}</div>',
        field.auto_id,
        f" {css}" if css else "",
        inner,
    )


@register.simple_tag(name="form_field")
def form_field_tag(field):
    return form_field(field)


class _Unwritten(Exception):
    """A layout object or helper setting ``crispy_form`` does not write."""


# The helper's settings under which crispy writes what ``crispy_form`` writes.
PLAIN_HELPER = {
    "form_tag": False,
    "form_show_labels": True,
    "form_show_errors": True,
    "error_text_inline": True,
    "help_text_inline": False,
    "label_class": "",
    "field_class": "",
    "form_class": "",
    "render_unmentioned_fields": False,
    "render_required_fields": False,
    "field_template": None,
    "form_error_title": "",
}


def _plain(item):
    return not (item.css_id or getattr(item, "css_class", None) or item.flat_attrs)


def _layout(form, item, written):
    from crispy_forms import layout

    if isinstance(item, str):
        written.add(item)
        return form_field(form[item], inline_errors=True)
    inner = mark_safe("".join(_layout(form, child, written) for child in item.fields))
    kind = type(item)
    if kind is layout.Layout:
        return inner
    if kind is layout.Row and _plain(item):
        return format_html('<div class="row">{}</div>', inner)
    if kind is layout.Column and _plain(item):
        return format_html('<div class="col-md">{}</div>', inner)
    if kind is layout.Fieldset and _plain(item) and item.legend:
        # crispy writes the legend unescaped (``|safe``): it is ours, not typed in.
        return format_html("<fieldset><legend>{}</legend>{}</fieldset>", mark_safe(str(item.legend)), inner)  # fmt: skip
    raise _Unwritten


def crispy_form(form):
    """``{% crispy form %}`` for a form of KamFormHelper's (no <form> tag, no CSRF
    field: the template writes them) laid out in rows, columns and fieldsets: the
    same markup, written in Python. Any other layout or helper goes to crispy."""
    helper = form.helper
    try:
        if any(getattr(helper, key) != value for key, value in PLAIN_HELPER.items()):
            raise _Unwritten
        written = set()
        html = _layout(form, helper.layout, written)
    except _Unwritten:
        from crispy_forms.utils import render_crispy_form

        return mark_safe(render_crispy_form(form, helper))
    if helper.render_hidden_fields:
        html += mark_safe("".join(
            str(form[name]) for name, field in form.fields.items()
            if field.widget.is_hidden and name not in written
        ))  # fmt: skip
    errors = form.non_field_errors()
    alert = ""
    if errors:
        alert = format_html(
            '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
            unordered_list(errors),
        )
    return format_html("{}{}{}", form.media if helper.include_media else "", alert, html)  # fmt: skip


@register.simple_tag(name="crispy_form")
def crispy_form_tag(form):
    return crispy_form(form)


def _cells(row):
    if not row:
        return ""
    first, *rest = row
    figures = "".join(
        f'<td class="{align(c)}">{escaped(cell(dash(c)))}</td>' for c in rest
    )
    return f'<th scope="row" class="fw-normal">{escaped(first)}</th>{figures}'


@register.simple_tag
def table_rows(rows):
    """The body of a report table: the first cell heads its row, the others are
    figures aligned and formatted by ``align`` and ``cell``."""
    return mark_safe("".join(f"<tr>{_cells(row)}</tr>" for row in rows))
