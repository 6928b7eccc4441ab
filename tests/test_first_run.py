"""`make run` as a newcomer runs it, twice: the second run keeps the editor's work and still serves."""

import os
import shutil
import signal
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port, manage, wait_until_answering

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make run needs make")


def make_run_env(folder: Path, port: int) -> dict:
    inherited = {name: value for name, value in os.environ.items() if name not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    for name in ("STORED_PAGES", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        inherited.pop(name, None)
    return {
        **inherited,
        "PORT": str(port),
        "CONTENT": str(folder / "content"),
        "DATABASE_URL": f"sqlite:///{folder / 'folio.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
    }


def make_run(env: dict, port: int) -> str:
    """Start `make run`, wait until it serves, stop it; return what it printed."""
    with tempfile.TemporaryFile() as log:
        # Its own session: runserver's autoreloader is a child of a child, and all of them must stop.
        server = subprocess.Popen(
            ["make", "--no-print-directory", "run"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
        try:
            wait_until_answering(f"http://127.0.0.1:{port}", server, log=log, within=180)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/feed/", timeout=30) as response:
                feed = response.read().decode()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        log.seek(0)
        return log.read().decode() + feed


def shell(env: dict, code: str) -> str:
    # --no-imports: Django's shell would first print what it imported for an interactive session.
    result = manage({**env, "DEBUG": "1", "SITE_URL": "http://127.0.0.1"}, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_second_make_run_keeps_the_editors_edit_and_deletion_and_serves(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    port = free_port()
    env = make_run_env(tmp_path, port)

    first = make_run(env, port)
    assert f"http://127.0.0.1:{port}/articles/" in first  # the feed's links use the port it serves on
    slugs = shell(
        env,
        "from articles.models import Article; print(*Article.objects.order_by('slug').values_list('slug', flat=True))",
    )
    edited, deleted, *_ = slugs.split()
    shell(
        env,
        "from articles.models import Article\n"
        f"a = Article.objects.get(slug='{edited}'); a.title = 'Retitled by an editor'; a.save()\n"
        f"Article.objects.get(slug='{deleted}').delete()",
    )
    for path in (tmp_path / "content").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: Changed", 1), encoding="utf-8")

    second = make_run(env, port)

    assert "nothing imported (--if-empty)" in second
    assert "Retitled by an editor" in second  # in the feed served by the second run
    remaining = shell(env, "from articles.models import Article; print(*Article.objects.values_list('slug', 'title'))")
    assert deleted not in remaining
    assert "Changed" not in remaining
