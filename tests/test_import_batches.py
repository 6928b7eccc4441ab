"""Imports written in batches: a savepoint per file, a commit per batch, revisions in bulk, workers that render."""

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import reversion
from django.core import serializers
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from reversion.models import Version

from articles import import_workers, importing
from articles.importing import import_paths
from articles.models import Article, OldAddress, Tag
from articles.models import articles as article_models
from articles.rendering import render_markdown
from tests.markdown_files import article_text, png, run, write
from tests.servers import ROOT, manage, production_env

pytestmark = pytest.mark.usefixtures("media_root")


def write_articles(site: Path, count: int) -> list[Path]:
    return [
        write(site, f"post-{n:02}.md", article_text(title=f"'Post {n}'", tags=f"'shared, own {n}'"))
        for n in range(count)
    ]


def fail_while_saving(monkeypatch, *, slug: str, error: BaseException) -> None:
    """Raise `error` for the article `slug` once its row and its tags are written, before the rest of its import."""
    record = importing.record_old_addresses

    def failing(article, paths, *, warnings):
        if article.slug == slug:
            raise error
        return record(article, paths, warnings=warnings)

    monkeypatch.setattr(importing, "record_old_addresses", failing)


@pytest.mark.django_db
def test_a_file_failing_after_its_row_is_written_leaves_nothing_and_its_batch_is_imported(site, monkeypatch):
    write_articles(site, 6)
    fail_while_saving(monkeypatch, slug="post-02", error=IntegrityError("the disk said no"))

    report = import_paths([site], batch_files=10, batch_seconds=3600)

    statuses = {Path(result.path).stem: result.status for result in report.files}
    assert statuses == {f"post-{n:02}": "failed" if n == 2 else "created" for n in range(6)}
    failed = next(result for result in report.files if result.status == "failed")
    assert failed.path.endswith("post-02.md") and failed.errors == ["unexpected error: the disk said no"]
    assert not Article.objects.filter(slug="post-02").exists()
    assert not Tag.objects.filter(slug="own-2").exists()  # made for the failed file: gone with it
    assert Article.objects.count() == 5
    assert Version.objects.count() == 5
    assert not Article.objects.filter(imported_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_batch_ends_when_its_time_is_up_however_few_files_it_holds(site, monkeypatch):
    write_articles(site, 4)
    fail_while_saving(monkeypatch, slug="post-03", error=KeyboardInterrupt())

    with pytest.raises(KeyboardInterrupt):
        import_paths([site], batch_files=100, batch_seconds=0)

    # A batch of each file: only the one it was in is rolled back.
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["post-00", "post-01", "post-02"]


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_import_keeps_the_batches_committed_before_it_and_nothing_of_the_one_it_was_in(
    site, monkeypatch
):
    write_articles(site, 7)
    fail_while_saving(monkeypatch, slug="post-06", error=KeyboardInterrupt())

    with pytest.raises(KeyboardInterrupt):
        import_paths([site], batch_files=3, batch_seconds=3600)

    # Batches of three: the first two committed, whole; the third (post-06) rolled back.
    assert sorted(Article.objects.values_list("slug", flat=True)) == [f"post-{n:02}" for n in range(6)]
    for article in Article.objects.all():
        assert article.imported_at == article.updated_at
        assert [tag.name for tag in article.tags_in_order()] == ["shared", f"own {article.slug[-1]}"]
        assert Version.objects.get_for_object(article).get().revision.comment == f"Imported from {article.slug}.md."
    assert not Tag.objects.filter(slug="own-6").exists()


@pytest.mark.django_db
def test_an_import_revision_holds_what_serialising_the_saved_article_gives(site):
    write(site, "tagged.md", article_text(tags="'zeta, alpha, mu'"))
    write(site, "plain.md", article_text(title="'Plain'"))
    import_paths([site])
    write(site, "tagged.md", article_text(tags="'mu, beta'", title="'Retitled'"))

    import_paths([site])

    options = reversion.revisions._get_options(Article)
    for article in Article.objects.all():
        version = Version.objects.get_for_object(article).first()
        expected = serializers.serialize(options.format, [article], fields=options.fields)
        assert json.loads(version.serialized_data) == json.loads(expected)
        assert version.object_repr == article.title
    assert Version.objects.get_for_object(Article.objects.get(slug="tagged")).count() == 2


def mixed_site(site: Path) -> None:
    """Files that each take another path through rendering: worker-rendered, or rendered again here."""
    write(site, "images/dot.png", png((200, 40, 40)))
    bodies = {
        "plain": "Words and **strong** words.\n\n## A section\n\nMore :tada: words.\n",
        "code": "```python\nfor line in story:\n    check(line)\n```\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n",
        "linked": "See [the plain one](plain-0.md) and [elsewhere](https://example.org/x).\n",
        "image": "![A dot](images/dot.png)\n\nText after.\n",
        "html": "<p onclick='x()'>Hi</p>\n<script>alert(1)</script>\n\n> [!NOTE] Titled\n> An alert.\n",
        "footnote": "A claim.[^1]\n\n[^1]: The source.\n\n- [x] done\n- [ ] not yet\n",
    }
    for n in range(6):
        for name, body in bodies.items():
            write(site, f"{name}-{n}.md", article_text(title=f"'{name.title()} {n}'", tags=f"'{name}'", body=body))
    write(site, "broken.md", "---\ntitle: [unclosed\n---\nText.\n")


def stored(report) -> tuple[list, list]:
    articles = list(
        Article.objects.order_by("slug").values_list(
            "slug", "body", "body_html", "toc", "word_count", "read_time_minutes", "content_hash", "source_hash"
        )
    )
    results = sorted((r.path, r.status, r.slug, tuple(r.errors), tuple(r.warnings)) for r in report.files)
    return articles, results


@pytest.mark.django_db
def test_worker_processes_store_exactly_what_one_process_stores(site, monkeypatch):
    mixed_site(site)
    monkeypatch.setattr(import_workers, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(import_workers, "CHUNK_FILES", 5)
    rendered_here = []
    render = article_models.render_markdown

    def counted(text, **options):
        if text:  # an article's body, not a new author's empty bio
            rendered_here.append(text)
        return render(text, **options)

    monkeypatch.setattr(article_models, "render_markdown", counted)

    parallel = stored(import_paths([site], jobs=3, batch_files=7))
    rendered_in_parallel = len(rendered_here)
    Article.objects.all().delete()
    serial = stored(import_paths([site], jobs=1, batch_files=7))

    assert parallel == serial
    assert len(parallel[0]) == 36 and any(result[1] == "failed" for result in parallel[1])
    # The workers' renderings were used: only the files with an image or a rewritten link were rendered here.
    # Twice each for the images (as written, then stored), once each for the rewritten links; serially, once
    # each for all and twice for the images.
    assert rendered_in_parallel == 6 * 3 and len(rendered_here) == rendered_in_parallel + 36 + 6


def test_prepare_renders_as_the_article_will_and_leaves_images_to_the_importing_process(tmp_path):
    mixed_site(tmp_path)

    plain = import_workers.prepare(tmp_path / "plain-0.md", root=tmp_path, max_bytes=10**6)
    image = import_workers.prepare(tmp_path / "image-0.md", root=tmp_path, max_bytes=10**6)
    broken = import_workers.prepare(tmp_path / "broken.md", root=tmp_path, max_bytes=10**6)

    assert plain.rendering_of(plain.text).html == render_markdown(plain.text).html
    assert '<h2 id="a-section">' in plain.rendered.html
    assert image.rendered is None and image.raw.startswith(b"---")
    assert broken is None


@pytest.mark.django_db
def test_import_markdown_refuses_fewer_than_one_job(site):
    write(site, "one.md", article_text())

    with pytest.raises(CommandError) as raised:
        run(site, "--jobs", "0")

    assert "--jobs" in str(raised.value)
    assert not Article.objects.exists()


def import_under_way(tmp_path: Path, files: int) -> tuple[dict, Path, sqlite3.Connection, subprocess.Popen]:
    """An import of `files` articles run in production's way, into its own SQLite file, once its first batch is
    committed: its environment, its folder, the database and the running importer."""
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput").returncode == 0
    site = tmp_path / "site"
    write_articles(site, files)
    database = sqlite3.connect(tmp_path / "folio.sqlite3")
    command = [sys.executable, "manage.py", "import_markdown", str(site), "--jobs", "2"]
    importer = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while count(database, "articles_article") == 0 and importer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return env, site, database, importer


def test_an_import_killed_midway_leaves_whole_batches_and_the_next_run_imports_the_rest(tmp_path):
    env, site, database, importer = import_under_way(tmp_path, 1000)
    importer.kill()  # as an operator's kill -9, or the machine going down
    importer.wait()

    imported = count(database, "articles_article")
    assert 0 < imported < 1000
    assert count(database, "articles_article", "imported_at IS NULL") == 0
    assert count(database, "articles_article_tags") == 2 * imported
    assert count(database, "reversion_version") == imported
    finished = manage(env, "import_markdown", str(site), "--json")
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)["summary"] == {
        "created": 1000 - imported,
        "updated": 0,
        "unchanged": imported,
        "failed": 0,
        "skipped": 0,
    }


# An editor's saves, as the admin makes them: each a transaction, which takes SQLite's one write lock.
SAVES = """
import time
from django.db import transaction
from articles.models import Author
failed = []
for _ in range(8):
    try:
        with transaction.atomic():
            Author.objects.filter(slug="nobody").update(name="Nobody")
    except Exception as error:
        failed.append(str(error))
    time.sleep(0.2)
print(failed)
"""


def test_an_editor_s_saves_made_while_an_import_writes_all_go_through(tmp_path):
    env, _, _, importer = import_under_way(tmp_path, 3000)
    try:
        saves = manage(env, "shell", "-c", SAVES)
        still_importing = importer.poll() is None
    finally:
        importer.wait(timeout=300)

    assert saves.returncode == 0, saves.stderr
    # Each waited for a batch's commit at most, where it waited out SQLite's busy timeout and failed before.
    assert saves.stdout.strip().splitlines()[-1] == "[]"
    assert still_importing  # else the saves met no import, and this test says nothing


def count(database: sqlite3.Connection, table: str, where: str = "1") -> int:
    return database.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


@pytest.mark.django_db
def test_an_imported_article_takes_its_slug_back_from_a_redirect_even_one_made_earlier_in_the_run(site, client):
    write(site, "a-first.md", article_text(title="'First'", old_slugs="['taken-back']"))
    write(site, "b-second.md", article_text(title="'Second'", slug="'taken-back'"))
    write(site, "c-third.md", article_text(title="'Third'", slug="'third'"))
    import_paths([site])
    OldAddress.objects.create(path="/articles/third-old/", article=Article.objects.get(slug="a-first"))
    write(site, "d-fourth.md", article_text(title="'Fourth'", slug="'third-old'"))

    import_paths([site])

    assert not OldAddress.objects.filter(path__in=["/articles/taken-back/", "/articles/third-old/"]).exists()
    assert client.get("/articles/taken-back/").status_code == 200
    assert Article.objects.get(slug="third-old").title == "Fourth"


@pytest.mark.django_db
def test_an_import_leaves_statistics_for_the_query_planner(site):
    mixed_site(site)
    import_paths([site])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl FROM sqlite_stat1")
            analysed = {row[0] for row in cursor.fetchall()}
            assert {"articles_article", "articles_article_tags"} <= analysed
        else:
            # Not left to autovacuum, which may come round much later, or never where it is off.
            cursor.execute("SELECT tablename, attname FROM pg_stats WHERE tablename LIKE 'articles_article%'")
            analysed = set(cursor.fetchall())
            assert {("articles_article", "status"), ("articles_article", "publish_date")} <= analysed
            assert ("articles_article_tags", "tag_id") in analysed
            # The long text columns are not sampled: that took seconds at 10,000 articles and steers no plan.
            assert ("articles_article", "body") not in analysed
