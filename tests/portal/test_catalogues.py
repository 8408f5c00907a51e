"""Every interface string is translated in every shipped language."""

import re
import shutil

from django.core.management import call_command
from django.test import override_settings

import polib
import pytest

from tests.helpers import ROOT

SHIPPED = ["fr", "es", "pt", "ar"]
APPS = ["portal", "home", "stories", "events", "newsletter"]
# The brand stays as it is; a single word may be spelled alike in two languages
# ("Image", "Portal"), a phrase left identical is untranslated English.
# Names: the brand and the programme members register for.
SAME_IN_TRANSLATION = {"Learning Commons", "Let's Connect"}
PLACEHOLDER = re.compile(r"%(\(\w+\))?[sd]")


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogue_is_complete_and_not_fuzzy(code):
    po = catalogue(code)
    assert len(po) > 0
    assert po.metadata["Language"] == code
    assert "fuzzy" not in po.metadata_is_fuzzy
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in po:
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            assert form.strip(), entry.msgid
            words = PLACEHOLDER.sub("", entry.msgid).strip()
            if entry.msgid not in SAME_IN_TRANSLATION and " " in words:
                assert form != entry.msgid, f"{code}: English left in {entry.msgid!r}"


def test_arabic_has_all_six_plural_forms():
    for entry in catalogue("ar"):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2, 3, 4, 5], entry.msgid


def test_makemessages_finds_no_string_missing_from_the_catalogues(
    tmp_path, monkeypatch
):
    """Extract the strings afresh from a copy of the code and compare with locale/."""
    for app in APPS:
        shutil.copytree(
            ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["fr"], no_location=True, verbosity=0)
    extracted = polib.pofile(
        str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    )
    shipped = {(e.msgctxt, e.msgid) for e in catalogue("fr")}
    missing = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in shipped)
    assert len(extracted) > 20
    assert missing == [], "run makemessages and translate: " + ", ".join(missing)
