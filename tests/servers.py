"""Real servers for the tests: Folio's production settings in a folder of its own, and gunicorn on 127.0.0.1.

A server is ready when it answers, not after a pause: the tests poll it, with a generous bound, so that a
loaded machine makes them slower, never wrong.
"""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_WITHIN = 90  # seconds; a quiet machine takes about one


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run manage.py in its own process, as an operator would beside the app servers."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def production_env(folder: Path, **overrides: str) -> dict:
    """The environment of a production install whose database, media and static files live in `folder`."""
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is for the test process only; production never sets it.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    inherited.pop("STORED_PAGES", None)  # production's default, unless a test says otherwise
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-for-this-test-only-0123456789",
        "SITE_URL": "http://127.0.0.1:8000",
        "DATABASE_URL": f"sqlite:///{folder / 'folio.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        **overrides,
    }


def fetch(url: str, *, method: str = "GET", **headers: str) -> tuple[int, dict, str]:
    """A request over HTTP, as a browser or a front end sends it (redirects followed): status, headers and body."""
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def fetch_once(url: str, *, method: str = "GET", **headers: str) -> tuple[int, dict]:
    """A request over HTTP whose redirect is not followed, as a cache sees it: status and headers."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def install(env: dict) -> None:
    """What an operator runs before starting the app servers."""
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = manage(env, *command)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(command)} failed:\n{result.stderr}")


def wait_until_answering(url: str, server: subprocess.Popen, *, log, within: float = READY_WITHIN) -> None:
    deadline = time.monotonic() + within
    while True:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server exited with status {server.returncode}:\n{log.read().decode()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # answering, if only to refuse the request
        except (OSError, http.client.HTTPException):
            # Refused, reset or timed out while the workers start: all mean "not yet".
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server at {url} did not answer within {within} s") from None
            time.sleep(0.1)


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, extra: tuple[str, ...] = (), log=None):
    """Folio under gunicorn on a free port of 127.0.0.1; yields its base URL. Its log goes to the file `log` when
    one is given."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # A file, not a pipe: nobody reads the log while the server runs, and a full pipe would stop it.
    with contextlib.nullcontext(log) if log is not None else tempfile.TemporaryFile() as log:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ]
        server = subprocess.Popen([*command, *extra], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_until_answering(url, server, log=log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def workers_listening(master: int, port: int, *, count: int, other_than: frozenset = frozenset()) -> frozenset:
    """The pids of `count` workers of gunicorn's `master`, none of `other_than`, each holding a listening socket of
    its own on `port`: waited for, as workers start and stop at their own pace."""
    listening = f"0100007F:{port:04X} 00000000:0000 0A"  # local address, no remote one, state LISTEN
    deadline = time.monotonic() + READY_WITHIN
    while True:
        try:
            with open(f"/proc/{master}/task/{master}/children") as children:
                workers = frozenset(int(pid) for pid in children.read().split())
        except FileNotFoundError:
            raise AssertionError(f"gunicorn's master {master} has exited") from None
        with open("/proc/net/tcp") as table:
            sockets = {fields[9] for fields in map(str.split, table) if " ".join(fields[1:4]) == listening}
        holding = frozenset(pid for pid in workers if holds_one_of(pid, sockets))
        if len(holding) == count and len(workers) == count and not workers & other_than:
            return holding
        assert time.monotonic() < deadline, f"workers {sorted(workers)}, of which listening: {sorted(holding)}"
        time.sleep(0.1)


def holds_one_of(pid: int, inodes: set[str]) -> bool:
    """Whether process `pid` holds one of the sockets whose inodes (as /proc/net/tcp gives them) are `inodes`."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] in inodes for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False  # a process that ended, or a file descriptor closed, while we looked


def server_process(port: int, client_port: int) -> int:
    """The pid of the process holding the server's end of the connection from 127.0.0.1:client_port."""
    ends = (f"0100007F:{port:04X}", f"0100007F:{client_port:04X}")
    with open("/proc/net/tcp") as table:
        inode = next(fields[9] for fields in map(str.split, table) if tuple(fields[1:3]) == ends)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if holds_one_of(int(pid), {inode}):
            return int(pid)
    raise LookupError(f"no process holds the server's end of 127.0.0.1:{client_port}")
