"""The production shape, run for real: DEBUG off, gunicorn on 127.0.0.1, static files from whitenoise."""

import http.client
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.core.management.utils import get_random_secret_key

from tests import servers
from tests.markdown_files import article_text, png, write


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    env = servers.production_env(tmp_path_factory.mktemp("production"))
    servers.install(env)
    return env


@pytest.fixture(scope="module")
def gunicorn_url(production_env):
    with servers.gunicorn(production_env) as url:
        yield url


@pytest.fixture(scope="module")
def https_gunicorn_url(production_env):
    """The production settings behind a TLS-terminating proxy, which the tests play by sending its headers."""
    env = {
        **production_env,
        "HTTPS": "1",
        "TRUST_X_FORWARDED_PROTO": "1",
        "ALLOWED_HOSTS": "news.example.org",
        "SITE_URL": "https://news.example.org",
    }
    with servers.gunicorn(env) as url:
        yield url


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"Host": "news.example.org", **headers})
    try:
        return urllib.request.build_opener(_NoRedirects).open(request, timeout=60)
    except urllib.error.HTTPError as error:
        return error


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off(production_env):
    env = {**production_env, "SECRET_KEY": ""}
    result = servers.manage(env, "check")
    assert result.returncode != 0
    assert result.stderr.startswith("Folio cannot start: SECRET_KEY is not set, and DEBUG is off: set it to 50 or more")


def test_the_default_sqlite_database_runs_in_wal_mode(production_env):
    result = servers.manage(
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


def test_keep_alive_connections_opened_together_are_shared_among_the_workers(production_env):
    # A proxy's pool of upstream connections or a load test's, opened at once. On one shared socket the worker
    # that woke first could take them all and, the connections being kept alive, all their work, leaving the
    # other worker and its core idle.
    # A worker closes a kept-alive connection left idle for gunicorn's keepalive (2 seconds by default), which
    # looking for the 32 ends can outlast on a loaded machine: here they are kept for as long as that may take.
    with servers.gunicorn(production_env, extra=("--threads", "4", "--keep-alive", "600")) as url:
        port = int(url.rsplit(":", 1)[1])
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(32)]
        try:
            for client in clients:
                client.connect()
            held = Counter()
            for client in clients:
                client.request("GET", "/healthz")
                assert client.getresponse().read() == b"ok\n"
                held[servers.server_process(port, client.sock.getsockname()[1])] += 1
        finally:
            for client in clients:
                client.close()
    assert len(held) == 2, held
    assert max(held.values()) <= 24, held  # the kernel spreads them evenly; 25 of 32 is about 1 run in 5,000


def test_a_reload_in_place_leaves_gunicorn_serving_from_new_workers_each_on_its_own_socket(production_env):
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=servers.ROOT, env=production_env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            servers.wait_until_answering(url, server, log=log)
            before = servers.workers_listening(server.pid, port, count=2)
            server.send_signal(signal.SIGHUP)  # what a deploy sends to pick up new code
            after = servers.workers_listening(server.pid, port, count=2, other_than=before)
            statuses = [servers.fetch(url + "/healthz")[0] for _ in range(8)]
        finally:
            server.terminate()
            server.wait(timeout=60)
    assert not after & before
    assert statuses == [200] * 8


def test_gunicorn_says_in_its_log_where_it_listens_though_each_worker_has_a_socket_of_its_own(production_env):
    with tempfile.TemporaryFile() as log:
        with servers.gunicorn(production_env, log=log) as url:
            pass
        log.seek(0)
        said = log.read().decode()
    assert re.search(rf"Listening at: {url} \(\d+\), each worker on a socket of its own", said), said


def test_gunicorn_bound_to_a_unix_socket_serves_pages(production_env, tmp_path):
    # A Unix socket cannot be shared among sockets of each worker's own: the workers share the one gunicorn makes.
    path = tmp_path / "folio.sock"
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"unix:{path}", "--workers", "2"]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=servers.ROOT, env=production_env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            answer = b""
            deadline = time.monotonic() + servers.READY_WITHIN
            while not answer.startswith(b"HTTP/1.1 200"):
                assert server.poll() is None and time.monotonic() < deadline, log.seek(0) or log.read().decode()
                answer = ask_over_unix_socket(path, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        finally:
            server.terminate()
            server.wait(timeout=60)
        log.seek(0)
        assert b"Error" not in log.read()


def ask_over_unix_socket(path, request: bytes) -> bytes:
    """The first bytes of the answer to `request`, or nothing while no worker listens there yet."""
    with socket.socket(socket.AF_UNIX) as client:
        try:
            client.connect(str(path))
        except OSError:  # not there yet, or refused while the workers start
            time.sleep(0.1)
            return b""
        client.sendall(request)
        return client.recv(4096)


def test_gunicorn_refuses_in_one_line_a_port_another_program_listens_on(production_env):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        result = subprocess.run(
            command, cwd=servers.ROOT, env=production_env, capture_output=True, text=True, timeout=120
        )
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "Folio" in line] == [
        f"Folio cannot start: 127.0.0.1:{port} is in use by another program; stop it, or give gunicorn another --bind."
    ]
    assert "Booting worker" not in result.stderr  # refused before starting a worker that would fail for ever


def test_gunicorn_serves_hashed_static_files_through_whitenoise(gunicorn_url):
    with urllib.request.urlopen(gunicorn_url + "/") as response:
        page = response.read().decode()
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert match, "the page should link the hashed stylesheet"
    stylesheet = match.group(1)
    with urllib.request.urlopen(gunicorn_url + stylesheet) as response:
        assert response.status == 200
        assert "max-age=315360000" in response.headers["Cache-Control"]


def test_gunicorn_serves_media_named_by_their_content_with_a_years_caching(production_env, gunicorn_url, tmp_path):
    write(tmp_path, "images/lantern.png", png((200, 120, 40)))
    write(tmp_path, "lantern.md", article_text(title="'Lantern'", slug="lantern", heroImage="images/lantern.png"))
    result = servers.manage(production_env, "import_markdown", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    with urllib.request.urlopen(gunicorn_url + "/articles/lantern/") as response:
        page = response.read().decode()
    hero = re.search(r'src="(/media/images/[0-9a-f]{2}/[0-9a-f]{64}\.png)"', page)
    assert hero, "the page should show the imported hero"
    with urllib.request.urlopen(gunicorn_url + hero.group(1)) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/png"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_request_for_a_host_not_allowed_is_logged_as_one_line_without_a_traceback(production_env):
    # What a scanner or a health probe addressing the server by its IP address sends.
    ask = "from django.test import Client; print(Client().get('/healthz', HTTP_HOST='10.0.0.5').status_code)"
    result = servers.manage(production_env, "shell", "--no-imports", "-c", ask)
    assert result.stdout.strip() == "400", result.stderr
    assert "Invalid HTTP_HOST header: '10.0.0.5'" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_an_unknown_page_is_a_404_not_a_debug_page(gunicorn_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(gunicorn_url + "/articles/no-such-thing/")
    assert error.value.code == 404
    assert b"Traceback" not in error.value.read()


def _production_checks(env: dict) -> subprocess.CompletedProcess:
    return servers.manage(env, "check", "--deploy", "--fail-level", "WARNING")


def test_check_deploy_is_clean_with_debug_off_a_real_key_and_https_on(production_env):
    env = {
        **production_env,
        "SECRET_KEY": get_random_secret_key(),
        "HTTPS": "1",
        "ALLOWED_HOSTS": "news.example.org",
        "SITE_URL": "https://news.example.org",
    }
    result = _production_checks(env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_the_https_switch(production_env):
    env = {**production_env, "SECRET_KEY": get_random_secret_key(), "HTTPS": "0"}
    result = _production_checks(env)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


def test_behind_a_tls_proxy_gunicorn_serves_https_pages_with_hsts(https_gunicorn_url):
    with _fetch(https_gunicorn_url + "/", **{"X-Forwarded-Proto": "https"}) as response:
        assert response.status == 200
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_behind_a_tls_proxy_plain_http_is_redirected_but_health_probes_are_not(https_gunicorn_url):
    with _fetch(https_gunicorn_url + "/") as response:
        assert response.status == 301
        assert response.headers["Location"] == "https://news.example.org/"
    with _fetch(https_gunicorn_url + "/healthz") as response:
        assert response.status == 200


def _gunicorn_refuses(env: dict) -> str:
    """Start gunicorn as README.md does and return what it printed, asserting that it stopped with status 1."""
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{servers.free_port()}"]
    result = subprocess.run(command, cwd=servers.ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "Listening at" not in result.stderr
    return result.stderr


def test_gunicorn_refuses_to_start_before_collectstatic_naming_the_command(production_env, tmp_path):
    said = _gunicorn_refuses({**production_env, "STATIC_ROOT": str(tmp_path / "static")})
    assert (
        f"Folio cannot start: STATIC_ROOT ({tmp_path / 'static'}) holds no collected static files: "
        "run `manage.py collectstatic --noinput` with the same environment first.\n"
    ) in said


def _without_database_url(env: dict) -> dict:
    return {name: value for name, value in env.items() if name != "DATABASE_URL"}


def test_gunicorn_without_a_database_url_names_the_sqlite_file_it_uses_once_as_it_starts(production_env, tmp_path):
    # Before collectstatic, so that gunicorn stops before anything opens the project folder's own database.
    said = _gunicorn_refuses({**_without_database_url(production_env), "STATIC_ROOT": str(tmp_path / "static")})
    note = (
        f"DATABASE_URL is not set, so Folio keeps its content in the SQLite file {servers.ROOT / 'db.sqlite3'} in "
        "its own folder: set DATABASE_URL if the site should use another database.\n"
    )
    folios = [line for line in said.splitlines(keepends=True) if not line.startswith("[")]  # gunicorn's own
    assert folios[0] == note, said
    assert folios[1].startswith("Folio cannot start: STATIC_ROOT"), said
    assert said.count(note) == 1


def test_a_command_without_a_database_url_says_nothing_of_it(production_env):
    result = servers.manage(_without_database_url(production_env), "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


PAGES_FAIL_UNTIL_IT_ANSWERS = "Pages fail, and /healthz answers 503, until it answers."


def _gunicorn_starts_saying(env: dict) -> str:
    """Start gunicorn as README.md does and return the first line it prints about Folio (or that it listens)."""
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{servers.free_port()}"]
    server = subprocess.Popen(command, cwd=servers.ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = iter(server.stderr.readline, "")
        return next(line for line in lines if "Folio" in line or "Listening at" in line)
    finally:
        server.terminate()
        server.communicate(timeout=60)


def _home_page(env: dict) -> tuple[str, str, str]:
    """The home page asked for in a process with `env`, as a reader would: its status, its page, and the log."""
    ask = (
        "from django.test import Client; r = Client(raise_request_exception=False).get('/', HTTP_HOST='127.0.0.1'); "
        "print(r.status_code); print(r.content.decode())"
    )
    result = servers.manage(env, "shell", "--no-imports", "-c", ask)
    status, page = result.stdout.split("\n", 1) if "\n" in result.stdout else (result.stdout, "")
    return status, page, result.stderr


def test_a_database_that_does_not_answer_is_said_in_one_line_when_gunicorn_starts_and_on_each_request(
    production_env, tmp_path
):
    database = tmp_path / "no-such-folder" / "folio.sqlite3"
    env = {**production_env, "DATABASE_URL": f"sqlite:///{database}"}
    unreachable = f"Folio cannot reach its database (SQLite file {database}): unable to open database file."
    said = _gunicorn_starts_saying(env)
    assert said == f"Starting all the same: {unreachable} Check DATABASE_URL. {PAGES_FAIL_UNTIL_IT_ANSWERS}\n"

    status, page, log = _home_page(env)
    assert status == "503", log
    assert "Error 503" in page
    assert f"Service Unavailable: /: {unreachable} Check DATABASE_URL.\n" in log
    assert "Traceback" not in log, log


def test_a_database_not_yet_migrated_is_said_in_one_line_when_gunicorn_starts_and_on_each_request(
    production_env, tmp_path
):
    database = tmp_path / "new.sqlite3"
    env = {**production_env, "DATABASE_URL": f"sqlite:///{database}"}
    said = _gunicorn_starts_saying(env)
    lacks = re.fullmatch(
        rf"Starting all the same: Folio's database \(SQLite file {re.escape(str(database))}\) lacks (\d+) of its "
        r"migrations: run `manage\.py migrate` first\. Pages fail, and /healthz answers 503, until it is run\.\n",
        said,
    )
    assert lacks, said

    status, page, log = _home_page(env)
    assert status == "503", log
    assert "Error 503" in page
    assert "migrate" not in page  # the reader is told the site is down, not how to mend it
    assert (
        f"Service Unavailable: /: Folio's database (SQLite file {database}) lacks {lacks.group(1)} of its migrations "
        "(no such table: articles_storedpage): run `manage.py migrate` first.\n"
    ) in log
    assert "Traceback" not in log, log
