"""What cms/settings.py refuses: a production start without what production must be told."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests import servers

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
        assert "ImproperlyConfigured: SITE_URL is not set, and DEBUG is off" in result.stderr


def test_settings_take_the_given_site_url_when_debug_is_off():
    result = import_settings(**PRODUCTION, SITE_URL="https://news.example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://news.example.org"


def test_the_development_server_keeps_its_local_site_url():
    result = import_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


NO_SITE_URL = (
    "Folio cannot start: SITE_URL is not set, and DEBUG is off: set it to the site's public address, "
    "for example SITE_URL=https://news.example.org.\n"
)


def run(*command: str, **environ: str) -> subprocess.CompletedProcess:
    """A command run from the project's folder, as README.md's steps run it, with only these variables set."""
    return subprocess.run(
        command,
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_names_a_missing_setting_in_one_line_without_a_traceback():
    result = run(sys.executable, "manage.py", "migrate", **PRODUCTION)
    assert result.returncode == 1
    assert result.stderr == NO_SITE_URL


def test_gunicorn_started_without_a_site_url_says_so_in_one_line_and_stops(tmp_path):
    port = str(servers.free_port())
    command = (sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2")
    result = run(*command, **PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'folio.sqlite3'}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "Folio" in line] == [NO_SITE_URL.strip()]
    assert "Listening at" not in result.stderr  # refused before it took the port or started a worker


def test_an_app_server_loading_folio_without_a_site_url_is_told_so_in_one_line_and_stops():
    # What each gunicorn worker (or any WSGI server) does when gunicorn.conf.py is not read.
    result = run(sys.executable, "-c", "import cms.wsgi", **PRODUCTION)
    assert result.returncode == 4  # gunicorn's "App failed to load": it stops instead of starting the worker again
    assert result.stderr == NO_SITE_URL


MISTAKES = {
    "SECRET_KEY": (
        {"SECRET_KEY": ""},
        "SECRET_KEY is not set, and DEBUG is off: set it to 50 or more random characters, as printed by python -c",
    ),
    "ALLOWED_HOSTS": ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS is empty, and DEBUG is off: set it to the host names"),
    "SITE_URL without a scheme": (
        {"SITE_URL": "news.example.org"},
        "SITE_URL must be an address starting with https:// or http://, not 'news.example.org'",
    ),
    "SITE_URL with a path": (
        {"SITE_URL": "https://news.example.org/blog/"},
        "SITE_URL must be the site's scheme and host alone, not 'https://news.example.org/blog': Folio serves its",
    ),
    "SITE_URL over HTTP with HTTPS on": (
        {"HTTPS": "1", "SITE_URL": "http://news.example.org"},
        "SITE_URL must start with https:// when HTTPS is on, not 'http://news.example.org': change SITE_URL, or set",
    ),
    "DATABASE_URL misspelt": (
        {"DATABASE_URL": "postgress://folio:s3cret@db.internal/folio"},
        "DATABASE_URL is not a database address: write it as postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:",
    ),
    "DATABASE_URL with a bad port": (
        {"DATABASE_URL": "postgres://folio:s3cret@db.internal:54x32/folio"},
        "DATABASE_URL is not a database address: write it as postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:",
    ),
    "DATABASE_URL of another database": (
        {"DATABASE_URL": "mysql://folio:s3cret@db.internal/folio"},
        "DATABASE_URL names a mysql database; Folio runs on PostgreSQL or SQLite: postgres://",
    ),
    "a number": (
        {"IMAGE_MAX_PIXELS": "40M"},
        "IMAGE_MAX_PIXELS must be a whole number of 1 or more, not '40M' (unset, it is IMAGE_MAX_PIXELS=40000000).",
    ),
    "a negative number": (
        {"CONN_MAX_AGE": "-60"},
        "CONN_MAX_AGE must be a whole number of 0 or more, not '-60' (unset, it is CONN_MAX_AGE=60).",
    ),
    "a switch": (
        {"HTTPS": "y"},
        "HTTPS must be 1 or 0 (or true/false, yes/no, on/off), not 'y' (unset, it is HTTPS=0).",
    ),
    "TIME_ZONE": ({"TIME_ZONE": "Europe/Londn"}, "TIME_ZONE must name a time zone, such as Europe/London or UTC"),
    "LOG_LEVEL": ({"LOG_LEVEL": "verbose"}, "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'VERBOSE'"),
    "SEARCH_CONFIG": (
        {"SEARCH_CONFIG": "french; drop"},
        "SEARCH_CONFIG must name a PostgreSQL text search configuration, such as french or simple (psql's \\dF lists",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistaken_setting_is_named_in_one_line_by_manage_py_and_by_gunicorn(mistake):
    environ, said = MISTAKES[mistake]
    environ = {**PRODUCTION, "SITE_URL": "https://news.example.org", **environ}
    port = str(servers.free_port())
    for command in (
        (sys.executable, "manage.py", "check"),
        (sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}"),
    ):
        result = run(*command, **environ)
        assert result.returncode == 1, result.stderr
        folio_says = [line for line in result.stderr.splitlines() if "Folio" in line]
        assert len(folio_says) == 1 and folio_says[0].startswith(f"Folio cannot start: {said}"), result.stderr
        assert "Traceback" not in result.stderr
        assert "s3cret" not in result.stderr  # a DATABASE_URL's password is never printed


SWITCHES = re.findall(r'env_bool\("(\w+)"', (ROOT / "cms" / "settings.py").read_text())


@pytest.mark.parametrize("name", SWITCHES)
def test_a_switch_that_is_neither_on_nor_off_stops_folio_rather_than_being_taken_as_off(load_settings, name):
    # Read as off, HTTPS=enabled would serve a production site without HTTPS, and API_KEYS_REQUIRED=required
    # an open API, with nothing said.
    with pytest.raises(
        ImproperlyConfigured, match=rf"^{name} must be 1 or 0 \(or true/false, yes/no, on/off\), not 'enabled'"
    ):
        load_settings(**{"DEBUG": "1", name: "enabled"})


def test_a_switch_is_on_or_off_in_any_of_its_words_and_nothing_else(load_settings):
    for word, on in (("1", True), (" TRUE ", True), ("yes", True), ("On", True), ("0", False), ("NO", False)):
        assert load_settings(DEBUG="1", STORED_PAGES=word)["STORED_PAGES"] is on, word
    with pytest.raises(ImproperlyConfigured, match=r"^STORED_PAGES must be 1 or 0"):
        load_settings(DEBUG="1", STORED_PAGES="2")


def test_empty_variables_are_taken_as_unset():
    result = import_settings(
        DEBUG="1", DATABASE_URL="", IMAGE_MAX_PIXELS="", TIME_ZONE="", LOG_LEVEL="", SEARCH_CONFIG=" "
    )
    assert result.returncode == 0, result.stderr


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


def test_a_command_that_cannot_write_where_it_was_told_says_so_in_one_line_without_a_traceback(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    static_root = tmp_path / "a-file" / "static"
    result = manage_py("collectstatic", "--noinput", STATIC_ROOT=str(static_root))
    assert result.returncode == 1
    assert result.stderr.startswith("collectstatic stopped: [Errno 20] Not a directory: ")
    assert result.stderr.count("\n") == 1
