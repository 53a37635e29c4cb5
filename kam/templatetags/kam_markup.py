"""Markup written in Python where a template in a loop made a page slow: the same
HTML as the templates it replaces, a few times faster to build."""

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kam.renderers import escaped
from kam.templatetags.kam import align, cell, dash

register = template.Library()
SIMPLE_WIDGETS = (forms.Select, forms.TextInput, forms.NumberInput, forms.DateInput)


@register.simple_tag
def filter_field(field):
    """A field of a filter form as crispy's bootstrap5 ``as_crispy_field`` writes
    it; fields with errors, help or a required mark are left to crispy."""
    widget = field.field.widget
    plain = not (field.errors or field.help_text or field.field.required)
    if not (plain and isinstance(widget, SIMPLE_WIDGETS)) or isinstance(
        widget, forms.SelectMultiple
    ):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
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
