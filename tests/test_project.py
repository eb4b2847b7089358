"""Project hygiene: migrations in step with models, complete translations."""

from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

CATALOGS = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_migrations_match_models():
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


def test_both_languages_have_a_catalog():
    assert [path.parts[-3] for path in CATALOGS] == ["en", "vi"]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_catalog_is_complete_and_compiled(path):
    catalog = polib.pofile(str(path))
    compiled = polib.mofile(str(path.with_suffix(".mo")))

    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
    assert {
        entry.msgid: entry.msgstr
        for entry in catalog.translated_entries()
        if not entry.msgid_plural
    } == {entry.msgid: entry.msgstr for entry in compiled if not entry.msgid_plural}


def test_catalogs_hold_every_string_of_the_code(settings, tmp_path):
    """makemessages finds no msgid that the committed catalogs lack (needs GNU gettext)."""
    import shutil

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; ./dev install adds it")
    for path in CATALOGS:
        target = tmp_path / path.relative_to(Path(settings.BASE_DIR, "locale"))
        target.parent.mkdir(parents=True)
        shutil.copy(path, target)
    settings.LOCALE_PATHS = [tmp_path]

    call_command(
        "makemessages",
        locale=["vi", "en"],
        ignore_patterns=[".venv/*", "var/*", "tests/*"],
        verbosity=0,
    )

    for path in CATALOGS:
        committed = {entry.msgid for entry in polib.pofile(str(path))}
        fresh = {
            entry.msgid
            for entry in polib.pofile(
                str(tmp_path / path.relative_to(Path(settings.BASE_DIR, "locale")))
            )
        }
        assert sorted(fresh - committed) == [], f"run ./dev messages: {path}"
