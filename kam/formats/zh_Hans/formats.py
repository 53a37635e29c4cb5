"""Django's Simplified Chinese formats, with amounts grouped by thousands (千分位),
as Chinese financial statements print them."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
