"""The form renderer: Django's, except that <select> is written directly.

Django renders every <option> of a <select> through a template of its own; pages
with a filter form spent more time there than in the database. The markup is the
same as Django's select.html produces.
"""

from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"


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


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name != SELECT:
            return super().render(template_name, context, request)
        widget = context["widget"]
        parts = []
        for group_name, group, _index in widget["optgroups"]:
            options = _options(group)
            if group_name:
                parts.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>', group_name, options
                    )
                )
            else:
                parts.append(options)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),
        )
