#!/usr/bin/env python3
"""After merging two branches that both changed the Chinese catalogue.

    git show HEAD:locale/zh_Hans/LC_MESSAGES/django.po > /tmp/ours.po
    git show OTHER:locale/zh_Hans/LC_MESSAGES/django.po > /tmp/theirs.po
    python scripts/merge_catalogue.py /tmp/ours.po /tmp/theirs.po

puts the first catalogue back, collects the merged code's strings (makemessages),
fills every entry still untranslated or fuzzy from the catalogues given, compiles,
and prints what is still untranslated.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def translations(path):
    return {
        (e.msgctxt, e.msgid): e
        for e in polib.pofile(str(path))
        if e.translated() and "fuzzy" not in e.flags and not e.obsolete
    }


def main(first, *others):
    shutil.copyfile(first, PO)
    manage = [sys.executable, "manage.py"]
    ignore = ["--ignore", ".venv/*", "--ignore", "staticfiles/*", "--ignore", "var/*"]
    subprocess.run(
        [*manage, "makemessages", "--locale", "zh_Hans", "--no-obsolete",
         "--add-location", "file", *ignore],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    known = {}
    for path in (first, *others):
        for key, entry in translations(path).items():
            known.setdefault(key, entry)
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        source = known.get((entry.msgctxt, entry.msgid))
        if source is None:
            continue
        entry.msgstr = source.msgstr
        entry.msgstr_plural = dict(source.msgstr_plural)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
    po.save()
    subprocess.run(
        [*manage, "compilemessages", "--locale", "zh_Hans", "--ignore", ".venv/*"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    left = [
        e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    for entry in left:
        print("untranslated:", repr(entry.msgctxt), repr(entry.msgid))
    print(f"{len(po)} entries, {len(left)} untranslated")


if __name__ == "__main__":
    main(*sys.argv[1:])
