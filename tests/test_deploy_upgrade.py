"""An upgrade in place (USR2), run for real: gunicorn as README.md starts it, readers asking all along."""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests import servers
from tests.markdown_files import article_text, write


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    env = servers.production_env(tmp_path_factory.mktemp("production"))
    servers.install(env)
    return env


def test_an_upgrade_in_place_answers_every_reader_while_both_masters_serve_and_leaves_the_new_one_serving(
    production_env, tmp_path
):
    for number in range(3):
        write(
            tmp_path / "articles", f"{number}.md", article_text(title=f"'Upgrade {number}'", slug=f"upgrade-{number}")
        )
    imported = servers.manage(production_env, "import_markdown", str(tmp_path / "articles"))
    assert imported.returncode == 0, imported.stderr
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}"
    pages = [url + "/", *(f"{url}/articles/upgrade-{number}/" for number in range(3))]
    pid_file = tmp_path / "gunicorn.pid"
    new_master = None
    with tempfile.TemporaryFile() as log:
        old_master = readme_gunicorn(production_env, port=port, pid_file=pid_file, log=log)
        try:
            old_workers = servers.workers_listening(old_master.pid, port, count=2)
            with readers_asking(pages) as outcomes:
                old_master.send_signal(signal.SIGUSR2)
                new_master = pid_written(Path(f"{pid_file}.2"), old_master, log=log)
                new_workers = servers.workers_listening(new_master, port, count=2)
                answer_of_a_new_worker = status_from_one_of(new_workers, port=port, path="/articles/upgrade-1/")
                while_both_serve = list(outcomes)

                old_master.terminate()  # its workers finish the requests they hold, then exit
                old_master.wait(timeout=servers.READY_WITHIN)
                pid_written(pid_file, old_master, log=log, being=new_master)  # the new master, promoted
                after = [servers.fetch(page)[0] for page in pages]
            retiring = outcomes[len(while_both_serve) :]
            workers_after = servers.workers_listening(new_master, port, count=2)
        finally:
            stop(new_master)
            old_master.terminate()
            old_master.wait(timeout=servers.READY_WITHIN)
        log.seek(0)
        said = log.read().decode()

    assert not old_workers & new_workers
    assert answer_of_a_new_worker == 200
    assert while_both_serve and set(while_both_serve) == {200}, Counter(while_both_serve)
    # Connections the kernel had queued at an old worker's socket when it closed are reset; nothing else fails.
    assert set(retiring) <= {200, "ConnectionResetError"}, Counter(retiring)
    assert after == [200] * len(pages)
    assert workers_after == new_workers
    assert "Master has been promoted" in said
    assert "Traceback" not in said, said


def test_an_upgrade_to_a_release_that_cannot_start_leaves_the_old_master_serving_and_can_be_tried_again(
    production_env, tmp_path
):
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}"
    pid_file = tmp_path / "gunicorn.pid"
    manifest = Path(production_env["STATIC_ROOT"]) / "staticfiles.json"
    new_master = None
    with tempfile.TemporaryFile() as log:
        old_master = readme_gunicorn(production_env, port=port, pid_file=pid_file, log=log)
        try:
            old_workers = servers.workers_listening(old_master.pid, port, count=2)
            manifest.rename(manifest.with_suffix(".aside"))  # the release's static files, not collected yet
            try:
                old_master.send_signal(signal.SIGUSR2)
                refused = logged("Folio cannot start: STATIC_ROOT", log=log, server=old_master)
                servers.workers_listening(old_master.pid, port, count=2)  # and no new master beside them
            finally:
                manifest.with_suffix(".aside").rename(manifest)
            pid_file_left = Path(f"{pid_file}.2").exists()
            statuses = [servers.fetch(url + "/")[0] for _ in range(4)]

            old_master.send_signal(signal.SIGUSR2)  # once collectstatic has run
            new_master = pid_written(Path(f"{pid_file}.2"), old_master, log=log)
            new_workers = servers.workers_listening(new_master, port, count=2)
        finally:
            stop(new_master)
            old_master.terminate()
            old_master.wait(timeout=servers.READY_WITHIN)

    assert "run `manage.py collectstatic --noinput` with the same environment first" in refused
    assert not pid_file_left
    assert statuses == [200] * 4
    assert not new_workers & old_workers


def readme_gunicorn(env: dict, *, port: int, pid_file: Path, log) -> subprocess.Popen:
    """gunicorn started by README.md's command, with the pid file docs/deployment.md adds, once it answers."""
    # By its script: an upgrade runs the starting command again, and `python -m gunicorn` cannot be run again so.
    command = [str(Path(sys.executable).parent / "gunicorn"), "cms.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "2", "--threads", "4", "--pid", str(pid_file)]
    server = subprocess.Popen(command, cwd=servers.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        servers.wait_until_answering(f"http://127.0.0.1:{port}", server, log=log)
    except BaseException:
        server.kill()
        server.wait()
        raise
    return server


def logged(text: str, *, log, server: subprocess.Popen) -> str:
    """The first line of the server's `log` holding `text`: waited for while the server runs."""
    deadline = time.monotonic() + servers.READY_WITHIN
    while True:
        # Read without moving the offset the server's processes write at.
        said = os.pread(log.fileno(), os.fstat(log.fileno()).st_size, 0).decode()
        lines = [line for line in said.splitlines() if text in line]
        if lines:
            return lines[0]
        assert server.poll() is None and time.monotonic() < deadline, f"no line saying {text!r}"
        time.sleep(0.1)


@contextlib.contextmanager
def readers_asking(pages: list[str]):
    """Two readers asking for `pages` over and over until the block ends, each request on a new connection, as a
    proxy keeping no upstream connections alive asks; yields the list of outcomes, a status or the error's name."""
    outcomes: list[int | str] = []
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            for page in pages:
                try:
                    outcomes.append(servers.fetch(page)[0])
                except (OSError, http.client.HTTPException) as error:
                    outcomes.append(type(getattr(error, "reason", error)).__name__)

    readers = [threading.Thread(target=ask) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        yield outcomes
    finally:
        done.set()
        for reader in readers:
            reader.join()


def pid_written(path: Path, master: subprocess.Popen, *, log, being: int | None = None) -> int:
    """The pid gunicorn writes into `path` (`being` that one, if given): waited for while `master` runs."""
    deadline = time.monotonic() + servers.READY_WITHIN
    while True:
        with contextlib.suppress(FileNotFoundError, ValueError):
            pid = int(path.read_text())
            if being in (None, pid):
                return pid
        assert time.monotonic() < deadline, log.seek(0) or log.read().decode()
        assert being or master.poll() is None, log.seek(0) or log.read().decode()
        time.sleep(0.1)


def status_from_one_of(workers: frozenset, *, port: int, path: str) -> int:
    """The status of `path` as answered by one of `workers`: the kernel spreads new connections over every worker
    listening on the port, old and new, so connections are made until one of those takes one."""
    deadline = time.monotonic() + servers.READY_WITHIN
    while True:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            client.request("GET", path)
            response = client.getresponse()
            response.read()
            if servers.server_process(port, client.sock.getsockname()[1]) in workers:
                return response.status
        finally:
            client.close()
        assert time.monotonic() < deadline, f"none of {sorted(workers)} took a connection"


def stop(master: int | None) -> None:
    """Stop the new master of an upgrade if it runs, and wait until it has: its parent, the old master, reaps it,
    or once that has gone, the system does."""
    if master is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(master, signal.SIGTERM)
    deadline = time.monotonic() + servers.READY_WITHIN
    while running(master) and time.monotonic() < deadline:
        time.sleep(0.1)


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
