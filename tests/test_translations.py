"""The .po files are the only source of the translations (docs/architecture.md, "Translations").

Vietnamese is translated entry by entry in locale/vi/LC_MESSAGES/django.po; English is the msgid
itself, so the en catalog's entries stay empty (plural entries may spell out both forms).
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LOCALE = Path(settings.BASE_DIR, "locale")
CATALOGS = {path.parts[-3]: path for path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))}
# The flags of `./dev messages`.
IGNORE = [".venv/*", "var/*"]


def label(entry):
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_both_languages_have_a_catalog():
    assert sorted(CATALOGS) == ["en", "vi"]


def untranslated(entry):
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def test_every_vietnamese_entry_is_translated():
    catalog = polib.pofile(str(CATALOGS["vi"]))

    offending = [
        label(entry)
        for entry in catalog
        if not entry.obsolete and ("fuzzy" in entry.flags or untranslated(entry))
    ]

    assert offending == [], (
        "translate these entries of locale/vi/LC_MESSAGES/django.po (and remove any fuzzy "
        "flag), then run ./dev messages:\n" + "\n".join(offending)
    )


def key(entry):
    if entry.msgid_plural:
        return (entry.msgctxt, entry.msgid, tuple(sorted(entry.msgstr_plural.items())))
    return (entry.msgctxt, entry.msgid, entry.msgstr)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_compiled_catalog_matches_the_po(language):
    """msgfmt compiles the translated, non-fuzzy entries and the plural rule of the header."""
    path = CATALOGS[language]
    catalog = polib.pofile(str(path))
    compiled = polib.mofile(str(path.with_suffix(".mo")))

    expected = {key(entry) for entry in catalog.translated_entries()}
    actual = {key(entry) for entry in compiled}

    assert (sorted(expected - actual), sorted(actual - expected)) == ([], []), (
        f"{path.with_suffix('.mo')} is not compiled from the .po: run ./dev messages"
    )
    assert compiled.metadata.get("Plural-Forms") == catalog.metadata.get("Plural-Forms")


def test_english_shows_the_msgid_unless_the_catalog_says_otherwise():
    """An empty en msgstr falls back to the msgid; no other catalog (Django's, an app's) wins."""
    catalog = polib.pofile(str(CATALOGS["en"]))
    wrong = []
    with translation.override("en"):
        for entry in catalog:
            if entry.msgid_plural:
                forms = {} if untranslated(entry) else entry.msgstr_plural
                singular, plural = forms.get(0, entry.msgid), forms.get(1, entry.msgid_plural)
                for n, expected in ((1, singular), (2, plural)):
                    shown = (
                        translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                        if entry.msgctxt
                        else translation.ngettext(entry.msgid, entry.msgid_plural, n)
                    )
                    if shown != expected:
                        wrong.append(f"{label(entry)} (n={n}): {shown!r}")
                continue
            expected = entry.msgstr or entry.msgid
            shown = (
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            )
            if shown != expected:
                wrong.append(f"{label(entry)}: {shown!r}")

    assert wrong == []


def test_makemessages_finds_no_msgid_the_catalogs_lack(tmp_path, monkeypatch):
    """makemessages, run as ./dev messages runs it, into a scratch locale/ (needs GNU gettext).

    makemessages writes into the locale/ of the directory it runs in, so it runs in a scratch
    directory holding links to the project's files and an empty locale/.
    """
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; .ci/run installs it")
    for path in Path(settings.BASE_DIR).iterdir():
        if path.name not in {"locale", "var"} and not path.name.startswith("."):
            (tmp_path / path.name).symlink_to(path)
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)

    call_command(
        "makemessages",
        locale=["vi"],
        no_obsolete=True,
        ignore_patterns=list(IGNORE),
        symlinks=True,
        verbosity=0,
    )

    fresh = polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    assert len(fresh) > 0
    missing = []
    for language, path in CATALOGS.items():
        known = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path))}
        missing += [
            f"{label(entry)} ({language})"
            for entry in fresh
            if (entry.msgctxt, entry.msgid) not in known
        ]
    assert sorted(missing) == [], (
        "the code has strings the catalogs lack: run ./dev messages, then translate the new "
        "entries of locale/vi/LC_MESSAGES/django.po:\n" + "\n".join(sorted(missing))
    )
