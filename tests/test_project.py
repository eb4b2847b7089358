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


def test_catalogs_hold_every_string_of_the_code():
    """makemessages finds no msgid that the committed catalogs lack (needs GNU gettext).

    makemessages writes into locale/ in place, so the catalogs are restored afterwards.
    """
    import shutil

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; .ci/run installs it")
    committed = {path: path.read_bytes() for path in CATALOGS}
    try:
        call_command(
            "makemessages",
            locale=["vi", "en"],
            ignore_patterns=[".venv/*", "var/*", "tests/*"],
            verbosity=0,
        )
        fresh = {path: {entry.msgid for entry in polib.pofile(str(path))} for path in CATALOGS}
    finally:
        for path, content in committed.items():
            path.write_bytes(content)
    for path in CATALOGS:
        known = {entry.msgid for entry in polib.pofile(str(path))}
        assert sorted(fresh[path] - known) == [], f"run ./dev messages: {path}"
