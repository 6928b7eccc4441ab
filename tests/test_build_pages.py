"""build_pages stores every page a reader can reach, ahead of readers, exactly as a reader's request would."""

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from articles.models import Article, StoredPage
from articles.page_building import build_pages
from tests.factories import make_article, make_author, make_tag
from tests.markdown_files import run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stored_pages_on")]


@pytest.fixture(autouse=True)
def connection_kept_between_pages():
    """build_pages runs each page through Django's WSGI handler, which closes an old database connection around
    each request; the test's transaction lives on that connection, so it is kept, as Django's test client keeps it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def stored() -> set[str]:
    return set(StoredPage.objects.values_list("path", flat=True))


@pytest.fixture
def site():
    harbours = make_tag(name="Harbours", slug="harbours")
    writer = make_author(name="Ines Duarte", slug="ines-duarte")
    first = make_article(slug="harbour-lights", author=writer, tags=[harbours])
    second = make_article(slug="ships-at-night", author=writer)
    draft = make_article(slug="not-yet", status=Article.Status.DRAFT, author=make_author(slug="drafter"))
    later = make_article(
        slug="coming-soon",
        publish_date=timezone.now() + timedelta(days=2),
        tags=[make_tag(name="Later", slug="later")],
        author=writer,
    )
    return first, second, draft, later


def test_build_pages_stores_every_published_page_and_no_draft_or_scheduled_one(site):
    code, out = run(command="build_pages")
    assert code is None or code == 0
    assert stored() == {
        "/",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        "/authors/",
        "/tags/",
        "/authors/ines-duarte/",
        "/tags/harbours/",
        "/articles/harbour-lights/",
        "/articles/ships-at-night/",
    }
    assert "10 pages built and stored" in out


def test_a_built_page_is_what_a_readers_request_stores_and_is_then_served_as_a_hit(site):
    run(command="build_pages")
    ahead = bytes(StoredPage.objects.get(path="/articles/harbour-lights/").body)
    answer = Client().get("/articles/harbour-lights/")
    assert answer["X-Stored-Page"] == "hit"
    StoredPage.objects.all().delete()
    assert Client().get("/articles/harbour-lights/")["X-Stored-Page"] == "stored"
    assert bytes(StoredPage.objects.get(path="/articles/harbour-lights/").body) == ahead


def test_a_second_run_builds_only_the_pages_a_change_took_out(site):
    first = site[0]
    make_article(slug="far-away", author=make_author(slug="elsewhere"))
    run(command="build_pages")
    everything = stored()
    first.title = "Harbour lights at dusk"
    first.save()
    taken_out = everything - stored()
    assert "/articles/harbour-lights/" in taken_out and "/tags/harbours/" in taken_out
    assert "/authors/elsewhere/" not in taken_out
    # Pages showing it among their related articles are kept, stale: served once more, then built again.
    stale = set(StoredPage.objects.filter(fresh_until__lte=timezone.now()).values_list("path", flat=True))
    assert stale == {"/articles/far-away/", "/articles/ships-at-night/"}
    _, out = run(command="build_pages")
    assert f"{len(taken_out) + len(stale)} pages built and stored" in out
    assert f"{len(everything) - len(taken_out) - len(stale)} were stored already" in out
    assert stored() == everything
    assert not StoredPage.objects.filter(fresh_until__lte=timezone.now()).exists()
    assert "Harbour lights at dusk" in Client().get("/articles/harbour-lights/").content.decode()


def test_pages_past_their_max_age_are_built_again_and_counted_as_built(site, settings, clock):
    settings.STORED_PAGES_MAX_AGE = 60
    run(command="build_pages")
    everything = stored()
    clock.advance(minutes=2)
    _, out = run(command="build_pages")
    assert f"{len(everything)} pages built and stored" in out
    assert not StoredPage.objects.filter(fresh_until__lte=clock.now).exists()


def test_build_pages_before_collectstatic_names_the_command_and_builds_nothing(settings, site, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "static"
    with pytest.raises(CommandError) as refused:
        run(command="build_pages")
    assert str(refused.value) == (
        f"STATIC_ROOT ({tmp_path / 'static'}) holds no collected static files: "
        "run `manage.py collectstatic --noinput` with the same environment first."
    )
    assert stored() == set()


def test_build_pages_with_stored_pages_off_says_there_is_nothing_to_build(settings, site):
    settings.STORED_PAGES = False
    with pytest.raises(CommandError, match=r"STORED_PAGES=0"):
        run(command="build_pages")
    assert stored() == set()


def test_every_article_is_built_whatever_the_chunks_and_however_many_share_a_date(monkeypatch, author):
    from articles import page_building

    monkeypatch.setattr(page_building, "CHUNK", 2)
    same_moment = timezone.now() - timedelta(hours=1)
    slugs = [f"tide-{n}" for n in range(5)]
    for slug in slugs:
        make_article(slug=slug, author=author, publish_date=same_moment)
    assert list(page_building.reader_paths())[-5:] == [f"/articles/{slug}/" for slug in reversed(slugs)]
    run(command="build_pages")
    assert {f"/articles/{slug}/" for slug in slugs} <= stored()


def test_a_page_that_is_gone_is_left_to_its_next_reader_not_counted_as_a_failure(site):
    report = build_pages(paths=["/articles/harbour-lights/", "/articles/no-such-article/"])
    assert (report.built, report.failed) == (1, [])
    assert report.not_stored == [("/articles/no-such-article/", "404 Not Found")]


def test_an_import_says_how_to_build_its_pages_ahead_only_when_pages_are_stored(settings, tmp_path, media_root):
    from tests.markdown_files import article_text, write

    write(tmp_path, "harbour.md", article_text(slug="harbour"))
    _, out = run(tmp_path)
    assert "manage.py build_pages" in out
    settings.STORED_PAGES = False
    write(tmp_path, "harbour.md", article_text(slug="harbour", title="'Changed'"))
    _, out = run(tmp_path)
    assert "1 updated" in out and "build_pages" not in out


def test_pages_at_addresses_with_escapes_are_built_at_those_addresses(author):
    writer = make_author(name="Tomás Lindqvist", slug="tomás-lindqvist")
    make_article(slug="café-au-lait", author=writer)
    report = build_pages(paths=["/authors/tom%C3%A1s-lindqvist/", "/articles/caf%C3%A9-au-lait/"])
    assert (report.built, report.not_stored, report.failed) == (2, [], [])
    assert Client().get("/articles/caf%C3%A9-au-lait/")["X-Stored-Page"] == "hit"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the test database of SQLite is in memory, one process's")
@pytest.mark.django_db(transaction=True)
def test_build_pages_run_while_an_import_writes_says_to_run_it_again_afterwards(request):
    make_article(slug="first-light")
    quiet = StringIO()
    call_command("build_pages", stdout=StringIO(), stderr=quiet)
    request.getfixturevalue("import_running")
    during = StringIO()
    call_command("build_pages", stdout=StringIO(), stderr=during)

    assert quiet.getvalue() == ""
    assert "run build_pages again once the import has finished" in during.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the test database of SQLite is in memory, one process's")
@pytest.mark.django_db(transaction=True)
def test_a_page_a_writer_s_lock_keeps_from_being_stored_is_reported_as_the_database_busy_not_as_changed():
    make_article(slug="first-light")
    settings_dict = connection.settings_dict
    writer = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
    )
    try:
        # What a writer's triggers do first: lock the content generation, until its transaction ends.
        writer.execute("UPDATE articles_contentstate SET generation = generation WHERE id = 1")
        report = build_pages(paths=["/articles/first-light/"])
    finally:
        writer.rollback()
        writer.close()

    assert report.built == 0
    assert report.not_stored == [("/articles/first-light/", "the database was busy with another write")]
    assert build_pages(paths=["/articles/first-light/"]).built == 1
