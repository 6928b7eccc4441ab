"""What cms/settings.py refuses: a production start without what production must be told."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "a-production-like-secret-for-this-test-only-0123456789"}


def import_settings(**environ: str) -> subprocess.CompletedProcess:
    """Import cms.settings in a fresh Python with only these variables (and PATH) set; print its SITE_URL."""
    return subprocess.run(
        [sys.executable, "-c", "import cms.settings as s; print(s.SITE_URL)"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_to_start_without_a_site_url_when_debug_is_off():
    for site_url in ({}, {"SITE_URL": ""}):
        result = import_settings(**PRODUCTION, **site_url)
        assert result.returncode != 0
        assert "ImproperlyConfigured: SITE_URL must be set when DEBUG is off" in result.stderr


def test_settings_take_the_given_site_url_when_debug_is_off():
    result = import_settings(**PRODUCTION, SITE_URL="https://news.example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://news.example.org"


def test_the_development_server_keeps_its_local_site_url():
    result = import_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_manage_py_names_a_missing_setting_in_one_line_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DEBUG": "0", "SECRET_KEY": PRODUCTION["SECRET_KEY"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert (
        result.stderr
        == "Folio cannot start: SITE_URL must be set when DEBUG is off (for example https://news.example.org).\n"
    )


def test_djangos_own_log_messages_are_printed_once_with_debug_on_and_with_it_off():
    log = "import django; django.setup(); import logging; logging.getLogger('django.request').warning('Not Found: /x/')"
    for environ in ({"DEBUG": "1"}, {**PRODUCTION, "SITE_URL": "https://news.example.org"}):
        result = subprocess.run(
            [sys.executable, "-c", log],
            cwd=ROOT,
            env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "cms.settings", **environ},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("Not Found: /x/") == 1, (environ, result.stderr)


def manage_py(*args: str, **environ: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DEBUG": "1", **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_command_whose_database_url_leads_nowhere_says_so_in_one_line_without_a_traceback(tmp_path):
    database = tmp_path / "no-such-folder" / "folio.sqlite3"
    result = manage_py("import_markdown", "content", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 1
    assert result.stderr == (
        f"Folio cannot reach its database (SQLite file {database}): unable to open database file. Check DATABASE_URL.\n"
    )


def test_a_command_run_on_a_database_not_yet_migrated_says_to_migrate_without_a_traceback(tmp_path):
    result = manage_py("ensure_admin", DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Folio's database (SQLite file {tmp_path / 'new.sqlite3'}) lacks ")
    assert result.stderr.endswith("run `manage.py migrate` first.\n")
