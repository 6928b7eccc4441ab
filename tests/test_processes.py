"""Several processes at once, as production runs them: two app servers of two gunicorn workers each, with
stored pages in their one database, and commands run beside them. A change made anywhere reaches every
reader at once, and the admin sign-in limit counts every failure wherever it was made.
"""

import http.cookiejar
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from cms import stopping
from tests.markdown_files import article_text, write
from tests.servers import (
    READY_WITHIN,
    ROOT,
    fetch,
    free_port,
    gunicorn,
    install,
    manage,
    production_env,
    wait_until_answering,
)

# Enough requests that every worker of a server has answered some of them.
REQUESTS_PER_SERVER = 12
THREADS = ("--threads", "4")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("processes")
    environment = production_env(folder, STORED_PAGES="1")
    install(environment)
    return environment


@pytest.fixture(scope="module")
def servers(env):
    """Two app servers sharing one database: the layout README documents."""
    # Each started as README says: gunicorn cms.wsgi --workers 2 --threads 4.
    with gunicorn(env, extra=THREADS) as first, gunicorn(env, extra=THREADS) as second:
        yield first, second


def import_article(env, folder, *, title: str) -> None:
    write(folder, "harbour-lights.md", article_text(title=f"'{title}'", slug="harbour-lights"))
    result = manage(env, "import_markdown", str(folder), "--force")
    assert result.returncode == 0, result.stdout + result.stderr


def every_answer(servers, path: str) -> list[tuple[int, str]]:
    return [fetch(url + path)[::2] for url in servers for _ in range(REQUESTS_PER_SERVER)]


def test_a_change_from_another_process_reaches_every_worker_of_every_app_server_at_once(env, servers, tmp_path):
    import_article(env, tmp_path, title="Harbour lights")
    answers = every_answer(servers, "/articles/harbour-lights/")
    assert {status for status, _ in answers} == {200}
    assert {fetch(url + "/articles/harbour-lights/")[1].get("X-Stored-Page") for url in servers} == {"hit"}

    import_article(env, tmp_path, title="Harbour lights at dusk")
    for status, page in every_answer(servers, "/articles/harbour-lights/"):
        assert status == 200
        assert "Harbour lights at dusk" in page
    assert all("Harbour lights at dusk" in page for _, page in every_answer(servers, "/"))

    # An operator's QuerySet.update() in a shell sends no signal at all.
    unpublish = (
        "from articles.models import Article; Article.objects.filter(slug='harbour-lights').update(status='draft')"
    )
    result = manage(env, "shell", "-c", unpublish)
    assert result.returncode == 0, result.stderr
    assert {status for status, _ in every_answer(servers, "/articles/harbour-lights/")} == {404}
    assert not any("Harbour lights" in page for _, page in every_answer(servers, "/"))


def test_a_reader_holding_the_old_page_gets_the_new_one_after_a_change_elsewhere(env, servers, tmp_path):
    import_article(env, tmp_path, title="Tides and timetables")
    url = servers[0] + "/articles/harbour-lights/"
    for _ in range(REQUESTS_PER_SERVER):
        status, headers, _ = fetch(url)
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert fetch(url, **{"If-None-Match": etag})[0] == 304

    import_article(env, tmp_path, title="Tides and timetables, revised")
    for server in servers:
        for _ in range(REQUESTS_PER_SERVER):
            status, _, page = fetch(server + "/articles/harbour-lights/", **{"If-None-Match": etag})
            assert status == 200
            assert "Tides and timetables, revised" in page
    status, headers, _ = fetch(url)
    assert headers["Last-Modified"] != last_modified or headers["ETag"] != etag


def test_readers_arriving_together_at_a_page_not_yet_stored_all_get_it(env, servers, tmp_path):
    import_article(env, tmp_path, title="Many readers at once")
    paths = ["/", "/articles/harbour-lights/", "/feed/"] * 4
    with ThreadPoolExecutor(max_workers=len(paths) * len(servers)) as pool:
        answers = list(pool.map(lambda url: fetch(url)[::2], [server + path for server in servers for path in paths]))
    assert {status for status, _ in answers} == {200}
    assert all("Many readers at once" in page for _, page in answers)
    assert {fetch(server + "/")[1].get("X-Stored-Page") for server in servers} == {"hit"}


def test_a_reader_of_a_page_not_yet_stored_does_not_wait_for_another_process_s_write(env, servers, tmp_path):
    import_article(env, tmp_path, title="Low tide")
    url = servers[0] + "/articles/harbour-lights/"
    writer = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # the write lock, as an import's batch or an editor's save holds it
        status, headers, page = fetch(url)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert status == 200
    assert "Low tide" in page
    # Served without storing it, rather than after the write (the old way: busy_timeout, then not stored).
    assert headers["X-Stored-Page"] == "busy"
    assert fetch(url)[1]["X-Stored-Page"] == "stored"


def test_a_stale_page_is_served_at_once_and_rebuilt_by_the_server_after_its_response(env, servers, tmp_path):
    import_article(env, tmp_path, title="Slack water")
    url = servers[0] + "/articles/harbour-lights/"
    assert fetch(url)[1]["X-Stored-Page"] in {"stored", "hit"}
    # The stored copy marked, and past its max age.
    past_max_age = (
        "import gzip; from datetime import timedelta; from django.utils import timezone; "
        "from articles.models import StoredPage; StoredPage.objects.filter(path='/articles/harbour-lights/').update("
        "body=gzip.compress(b'<p>the stored copy</p>'), fresh_until=timezone.now() - timedelta(minutes=1))"
    )
    result = manage(env, "shell", "-c", past_max_age)
    assert result.returncode == 0, result.stderr
    status, headers, page = fetch(url)
    assert (status, headers["X-Stored-Page"], page) == (200, "stale", "<p>the stored copy</p>")
    # The worker that sent it rebuilds the page once that response is out: then every server serves the new one.
    deadline = time.monotonic() + 60
    while "Slack water" not in fetch(url)[2] and time.monotonic() < deadline:
        pass
    for server in servers:
        status, headers, page = fetch(server + "/articles/harbour-lights/")
        assert (status, headers["X-Stored-Page"]) == (200, "hit")
        assert "Slack water" in page


def test_build_pages_run_beside_the_servers_stores_the_pages_they_then_serve(env, servers, tmp_path):
    for n in range(3):
        write(tmp_path, f"tide-{n}.md", article_text(title=f"'Tide {n}'", slug=f"tide-{n}"))
    assert manage(env, "import_markdown", str(tmp_path)).returncode == 0
    result = manage(env, "build_pages")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\d+ pages built and stored", result.stdout), result.stdout
    for server in servers:
        status, headers, page = fetch(server + "/articles/tide-1/")
        assert (status, headers["X-Stored-Page"]) == (200, "hit")
        assert "Tide 1" in page
    again = manage(env, "build_pages")
    assert again.returncode == 0 and again.stdout.startswith("0 pages built and stored"), again.stdout
    # In two processes: the pages a new article changed, and no other.
    write(tmp_path, "tide-3.md", article_text(title="'Tide 3'", slug="tide-3"))
    assert manage(env, "import_markdown", str(tmp_path)).returncode == 0
    parallel = manage(env, "build_pages", "--jobs", "2")
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    built = int(re.match(r"(\d+) pages built", parallel.stdout).group(1))
    assert 2 <= built < int(re.search(r"(\d+) pages built", result.stdout).group(1)) + 1, parallel.stdout
    status, headers, page = fetch(servers[1] + "/articles/tide-3/")
    assert (status, headers["X-Stored-Page"], "Tide 3" in page) == (200, "hit", True)


def test_two_imports_of_one_folder_run_at_once_create_each_article_once_and_both_succeed(env, tmp_path):
    # Enough files that the first import is still writing when the second has read the site.
    for n in range(60):
        text = article_text(title=f"'Shoal {n}'", slug=f"shoal-{n}", author="'Wren Halloway'", tags="[shoals, charts]")
        write(tmp_path, f"shoal-{n}.md", text)
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: manage(env, "import_markdown", str(tmp_path), "--json"), range(2)))
    for run in runs:
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Traceback" not in run.stderr, run.stderr
    statuses = [{entry["slug"]: entry["status"] for entry in json.loads(run.stdout)["files"]} for run in runs]
    for n in range(60):
        assert sorted(report[f"shoal-{n}"] for report in statuses) == ["created", "unchanged"]


class SignIn:
    """One browser signing in to the admin of one app server."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def attempt(self, username: str, password: str) -> int:
        login = self.base_url + "/admin/login/"
        with self.opener.open(login, timeout=30) as response:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"}
        ).encode()
        try:
            with self.opener.open(urllib.request.Request(login, data=data), timeout=30) as response:
                # Signed in: redirected to the admin's index. Refused: the form again.
                return 302 if response.url.rstrip("/").endswith("/admin") else response.status
        except urllib.error.HTTPError as error:
            return error.code


def test_the_sign_in_limit_counts_failures_made_on_every_app_server(env, servers):
    create = (
        "from django.contrib.auth import get_user_model; "
        "get_user_model().objects.create_superuser('harbourmaster', 'hm@example.org', 'the-right-password-42')"
    )
    result = manage(env, "shell", "-c", create)
    assert result.returncode == 0, result.stderr
    first, second = SignIn(servers[0]), SignIn(servers[1])
    failures = [first.attempt("harbourmaster", f"guess-{n}") for n in range(3)]
    failures += [second.attempt("harbourmaster", f"guess-{n}") for n in range(3, 5)]
    assert failures == [200] * 5
    assert first.attempt("harbourmaster", "the-right-password-42") == 429
    assert second.attempt("harbourmaster", "the-right-password-42") == 429


def started(env: dict, *args: str) -> subprocess.Popen:
    """manage.py running beside the test, its output read as it comes."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


HOLD_SETUP_LOCK = """
import sys
from articles.import_lock import one_setup_step_at_a_time
with one_setup_step_at_a_time():
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_migrate_and_ensure_admin_wait_for_a_setup_step_another_process_is_running_and_say_so(env):
    holder = started(env, "shell", "--no-imports", "-c", HOLD_SETUP_LOCK)
    try:
        assert holder.stdout.readline() == "holding\n"
        steps = [started(env, "migrate", "--noinput"), started(env, "ensure_admin")]
        # Each says so before it waits: its first line on standard error, read while the lock is still held.
        waiting = [step.stderr.readline() for step in steps]
        assert waiting[0].startswith("Another migrate or ensure_admin is running on this database: waiting")
        assert waiting[1].startswith("Another migrate or ensure_admin is running on this database: waiting")
    finally:
        holder.stdin.close()
        holder.wait(60)
    for step in steps:
        out, err = step.communicate(timeout=120)
        assert step.returncode == 0, out + err
        assert "Traceback" not in err, err


HOLD_IMPORT_LOCK = HOLD_SETUP_LOCK.replace("one_setup_step_at_a_time", "one_import_at_a_time")


@pytest.mark.parametrize(
    ("stop", "status", "said"), [(signal.SIGINT, 130, "Ctrl-C (SIGINT)"), (signal.SIGTERM, 143, "SIGTERM")]
)
def test_an_import_stopped_by_ctrl_c_or_sigterm_says_what_it_left_in_one_line_and_the_next_run_finishes(
    env, tmp_path, stop, status, said
):
    for n in range(3):
        write(tmp_path, f"ebb-{status}-{n}.md", article_text(title=f"'Ebb {n}'", slug=f"ebb-{status}-{n}"))
    holder = started(env, "shell", "--no-imports", "-c", HOLD_IMPORT_LOCK)
    try:
        assert holder.stdout.readline() == "holding\n"
        run = started(env, "import_markdown", str(tmp_path))
        # Stopped where an operator's Ctrl-C or a service manager's stop finds it: waiting, mid-way.
        assert run.stderr.readline().startswith("Another import into this database is running: waiting")
        run.send_signal(stop)
        out, err = run.communicate(timeout=120)
    finally:
        holder.stdin.close()
        holder.wait(60)

    assert run.returncode == status, out + err
    assert "Traceback" not in err, err
    assert err.strip().splitlines() == [
        f"import_markdown: stopped by {said} before it finished. The articles it saved are whole; the batch it was "
        "writing was not saved. Run the same import again to import the rest: the files it finished are unchanged "
        "and skipped."
    ]
    again = manage(env, "import_markdown", str(tmp_path))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "3 created, 0 updated, 0 unchanged, 0 failed" in again.stdout


@pytest.mark.parametrize(
    ("command", "left"),
    [
        ("build_pages", "The pages it stored are kept"),
        ("export_markdown", "The folder or archive it writes is as it was before"),
        ("render_articles", "The HTML it stored is whole"),
        ("migrate", "Each migration applied is whole"),
    ],
)
def test_each_command_that_writes_says_what_it_left_when_stopped(command, left):
    line, status = stopping.stopped(argv=["manage.py", command], stop=KeyboardInterrupt("SIGTERM"))

    assert line.startswith(f"{command}: stopped by SIGTERM before it finished. {left}")
    assert status == 143


def test_several_app_servers_setting_up_one_new_database_at_once_all_succeed_and_make_one_admin(tmp_path):
    fresh = production_env(tmp_path)
    with ThreadPoolExecutor(3) as pool:
        migrations = list(pool.map(lambda _: manage(fresh, "migrate", "--noinput"), range(3)))
        admins = list(pool.map(lambda _: manage(fresh, "ensure_admin"), range(3)))
    for run in migrations + admins:
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Traceback" not in run.stderr, run.stderr
    assert sum("Admin account created" in run.stdout for run in admins) == 1
    assert sum("A superuser already exists (admin)" in run.stdout for run in admins) == 2


def test_an_app_server_started_before_migrate_says_so_in_one_line_of_its_log_not_a_traceback_a_round(tmp_path):
    fresh = production_env(tmp_path, WEBHOOK_POLL_SECONDS="0.5", LOG_LEVEL="DEBUG")
    # Its own static files are made when the release is installed; only `migrate` has not been run.
    assert manage(fresh, "collectstatic", "--noinput").returncode == 0
    port = free_port()
    log_path = tmp_path / "server.log"
    said = "The webhook sender waits until this is fixed: Folio's database"
    again = "The webhook sender still waits"
    with open(log_path, "w+b") as log:
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        server = subprocess.Popen(command, cwd=ROOT, env=fresh, stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_until_answering(f"http://127.0.0.1:{port}", server, log=log)
            # Three more rounds, each of which must add nothing but its debug line to the log.
            deadline = time.monotonic() + READY_WITHIN
            while log_path.read_text().count(again) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(30)
    text = log_path.read_text()

    assert text.count(again) >= 3, text
    assert text.count(said) == 1, text
    assert "run `manage.py migrate` first" in text
    assert text.count("Starting all the same: Folio's database") == 1, text  # said once as gunicorn starts
    assert "Traceback" not in text, text
