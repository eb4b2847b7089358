import datetime
import os
import subprocess
import sys

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from congress_admin import settings as settings_module


def test_embedded_defaults():
    database = settings.DATABASES["default"]

    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set: this run checks another database")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["CONN_MAX_AGE"] == 600
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


def test_celery_runs_in_process_without_a_broker(monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)

    output = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup();"
            "print(settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "congress_admin.settings"},
    ).stdout

    assert output.strip() == "True"


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("0", False), ("Yes", True), ("", False)]
)
def test_env_bool_reads_plain_values(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)

    assert settings_module.env_bool("SOME_FLAG", False) is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        settings_module.env_bool("SOME_FLAG", False)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03/04/1970", datetime.date(1970, 4, 3)),
        ("13/04/1970", datetime.date(1970, 4, 13)),
        ("03-04-1970", datetime.date(1970, 4, 3)),
        ("1970-04-03", datetime.date(1970, 4, 3)),
    ],
)
def test_dates_are_read_day_first(language, typed, expected):
    with translation.override(language):
        field = forms.DateField()

        assert field.clean(typed) == expected


def test_impossible_date_is_refused():
    with translation.override("vi"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("31/02/1980")


def test_deploy_check_passes_with_production_variables(tmp_path):
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x7#kP9!vQ2@mZ4$wR8^tY6&uI0*oL3(eA5)sD1_fG7+hJ9-kB2=nC4",
        "ALLOWED_HOSTS": "congress.example.org",
        "HTTPS": "true",
        "STATIC_ROOT": str(tmp_path),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=environment,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_workers_with_a_per_process_cache_are_warned_about(settings):
    from congress_admin.apps import check_shared_cache

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in check_shared_cache(None)] == ["congress_admin.W001"]

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    assert check_shared_cache(None) == []
    settings.CELERY_BROKER_URL = ""  # tasks in process: one process, nothing to share
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert check_shared_cache(None) == []
