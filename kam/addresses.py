"""The address of one record's page, written without a reverse() per row.

Django's ``reverse()`` walks the URL resolvers on every call (35 µs for a visit's
page); lists write one a row, and a team's month calendar hundreds. The address of
a view taking one id is reversed once, with a marker for the id, and each record's
id put in its place; a view taking none (the navigation's, on every page) once.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

#: An id no row has, to find where the id goes in the reversed address.
_MARKER = 2**62 + 12345


def address(name, pk):
    """``reverse(name, args=[pk])`` for a view taking one integer id."""
    before, after = _around_the_id(name, get_script_prefix())
    return f"{before}{int(pk)}{after}"


def page(name):
    """``reverse(name)`` for a view taking no argument."""
    return _page(name, get_script_prefix())


@functools.lru_cache(maxsize=128)
def _page(name, _script_prefix):
    return reverse(name)


@functools.lru_cache(maxsize=128)
def _around_the_id(name, _script_prefix):
    before, marker, after = reverse(name, args=[_MARKER]).partition(str(_MARKER))
    if not marker:
        raise ValueError(f"{name} does not take an id")
    return before, after


@receiver(setting_changed)
def _forget_on_new_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around_the_id.cache_clear()
        _page.cache_clear()
