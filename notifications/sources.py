"""The registry of reminder sources, and the calendar helpers they share.

Other apps register a ``Source`` in their AppConfig.ready() (visits: the one-week
follow-up; devlog: approach again); every way a reminder goes out (e-mail, the
team's chat robots) asks ``still_wanted`` before sending it.
"""

from dataclasses import dataclass

from kam import dates

local_date = dates.local_day  # the calendar day where the team works
start_of = dates.start_of


@dataclass(frozen=True)
class Source:
    """Where reminders come from: ``create(now, rules)`` lists the new ones due,
    ``still_wanted(notification)`` says whether one waiting to be sent still is."""

    kinds: tuple
    create: object
    still_wanted: object


SOURCES = []


def register_source(source):
    """Each app adds its reminders in its AppConfig.ready()."""
    if source not in SOURCES:
        SOURCES.append(source)


def still_wanted(notification):
    for source in SOURCES:
        if notification.kind in source.kinds:
            return source.still_wanted(notification)
    return False
