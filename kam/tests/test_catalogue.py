"""The Chinese catalogue is complete, and the committed .mo is what the .po says."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE / "django.po"))


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def test_no_entry_is_untranslated(po):
    assert [e.msgid for e in po.untranslated_entries()] == []


def test_no_entry_is_fuzzy(po):
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_translations_keep_every_placeholder(po):
    for entry in po.translated_entries():
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


def test_the_compiled_catalogue_matches_the_source(po):
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {_key(e): (e.msgstr, e.msgstr_plural) for e in mo}
    source = {
        _key(e): (e.msgstr, e.msgstr_plural)
        for e in po.translated_entries()
        if not e.obsolete
    }
    compiled.pop((None, ""), None)  # the header
    assert compiled == source, "run `make messages` to recompile django.mo"


# One English word, two meanings: each meaning has its own entry (a message context),
# so neither is translated as the other.
HOMONYMS = [
    (("accounts still in development", "Open"), "进行中"),
    (("follow-up status", "Open"), "待完成"),
    (("button", "Open"), "查看"),
    (("logistics", "Storage"), "仓储"),
    ((None, "Save"), "保存"),
]


def test_words_with_two_meanings_are_translated_by_meaning(po):
    entries = {(e.msgctxt or None, e.msgid): e.msgstr for e in po}
    for key, chinese in HOMONYMS:
        assert entries[key] == chinese, key
    assert len({chinese for _key, chinese in HOMONYMS}) == len(HOMONYMS)
    # A bare "Open" or "Storage" would again mean both.
    assert (None, "Open") not in entries
    assert (None, "Storage") not in entries
