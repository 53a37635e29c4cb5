#!/usr/bin/env python3
"""Fill in Chinese translations from a JSON file: [[context or null, msgid, msgstr], …].

For plural entries give msgstr as a list. Clears the fuzzy flag of every entry it
sets; prints what is still untranslated or fuzzy. Then: make messages (compiles).
"""

import json
import sys
from pathlib import Path

import polib

PO = (
    Path(__file__).resolve().parents[1]
    / "locale"
    / "zh_Hans"
    / "LC_MESSAGES"
    / "django.po"
)


def main(path):
    po = polib.pofile(str(PO))
    wanted = {(c or None, m): s for c, m, s in json.loads(Path(path).read_text())}
    for entry in po:
        key = (entry.msgctxt or None, entry.msgid)
        if key in wanted:
            value = wanted.pop(key)
            if entry.msgid_plural:
                entry.msgstr_plural = dict(
                    enumerate([value] if isinstance(value, str) else value)
                )
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
    po.save()
    for key in wanted:
        print("not in the catalogue:", key)
    for entry in po:
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
            print("untranslated:", repr(entry.msgctxt), repr(entry.msgid))


if __name__ == "__main__":
    main(sys.argv[1])
