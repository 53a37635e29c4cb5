from django import template

from kam.pdf import SCHEME

register = template.Library()


@register.simple_tag
def pdf_asset(path):
    """The address of a static file as a PDF may fetch it (see kam.pdf)."""
    return f"{SCHEME}{path}"
