"""The production shape, run for real: DEBUG off, gunicorn on 127.0.0.1, static files from whitenoise."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-for-this-test-only-0123456789",
        "DATABASE_URL": f"sqlite:///{tmp / 'folio.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = _manage(env, *command)
        assert result.returncode == 0, result.stderr
    return env


@pytest.fixture(scope="module")
def gunicorn_url(production_env):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None:
                    pytest.fail("gunicorn exited: " + server.stderr.read().decode())
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off(production_env):
    env = {**production_env, "SECRET_KEY": ""}
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_default_sqlite_database_runs_in_wal_mode(production_env):
    result = _manage(
        production_env,
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])",
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


def test_gunicorn_serves_pages_with_debug_off(gunicorn_url):
    with urllib.request.urlopen(gunicorn_url + "/") as response:
        assert response.status == 200
        assert response.read().lstrip().lower().startswith(b"<!doctype html>")


def test_gunicorn_serves_hashed_static_files_through_whitenoise(gunicorn_url):
    with urllib.request.urlopen(gunicorn_url + "/") as response:
        page = response.read().decode()
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert match, "the page should link the hashed stylesheet"
    stylesheet = match.group(1)
    with urllib.request.urlopen(gunicorn_url + stylesheet) as response:
        assert response.status == 200
        assert "max-age=315360000" in response.headers["Cache-Control"]


def test_an_unknown_page_is_a_404_not_a_debug_page(gunicorn_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(gunicorn_url + "/articles/no-such-thing/")
    assert error.value.code == 404
    assert b"Traceback" not in error.value.read()
