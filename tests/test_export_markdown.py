"""export_markdown: every article back out as Markdown with front matter, its images beside it."""

import os
import threading
import zipfile
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone

from articles import exporting
from articles.exporting import export_articles, export_date
from articles.images import store_image
from articles.models import Article
from tests.factories import make_article, make_author, make_call_to_action, make_tag
from tests.markdown_files import png

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def site_settings(settings, media_root):
    settings.TIME_ZONE = "Europe/Paris"
    settings.LANGUAGE_CODE = "en"


def read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    block, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(block), body


@pytest.mark.django_db
def test_every_article_is_written_as_its_slug_whatever_its_status(outdir):
    make_article(slug="live")
    make_article(slug="hidden", status=Article.Status.DRAFT, publish_date=None)
    make_article(slug="later", publish_date=timezone.now() + timedelta(days=5))

    report = export_articles(outdir=outdir)

    assert sorted(path.name for path in outdir.glob("*.md")) == ["hidden.md", "later.md", "live.md"]
    assert len(report.files) == 3


@pytest.mark.django_db
def test_site_yml_says_folio_wrote_the_folder_first_in_a_whole_or_a_partial_export(outdir, tmp_path):
    # The import reads this mark to take the bodies as written (see test_round_trip.py).
    make_article(slug="one", tags=[make_tag(name="Ink", slug="ink")])

    export_articles(outdir=outdir)
    export_articles(outdir=tmp_path / "part", articles=Article.objects.filter(slug="one"))

    for folder in (outdir, tmp_path / "part"):
        site = yaml.safe_load((folder / "site.yml").read_text(encoding="utf-8"))
        assert list(site) == ["generator", "tags"]
        assert site["generator"] == "folio"


@pytest.mark.django_db
def test_front_matter_uses_the_reference_keys_in_order(outdir):
    cta = make_call_to_action(name="Follow us for more.", text="Follow us for more.")
    author = make_author(name="Nadia Ferreira")
    article = make_article(
        title="Night Desk",
        slug="night-desk",
        subtitle="After dark",
        description="What the night shift sees.",
        author=author,
        read_time="8 mins",
        publish_date=datetime(2025, 2, 19, 21, 30, tzinfo=PARIS),
        created_date=datetime(2025, 2, 18, tzinfo=PARIS),
        hero_image_url="https://example.org/night.jpg",
        hero_image_alt="Lanterns on the quay",
        call_to_action=cta,
        tags=[make_tag(name="Night"), make_tag(name="Desk")],
    )

    export_articles(outdir=outdir)

    meta, body = read(outdir / "night-desk.md")
    assert list(meta) == [
        "title",
        "subtitle",
        "description",
        "author",
        "read_time",
        "publish_date",
        "created_date",
        "heroImage",
        "heroImageAlt",
        "cta",
        "slug",
        "tags",
    ]
    assert meta["title"] == "Night Desk"
    assert meta["author"] == "Nadia Ferreira"
    assert meta["read_time"] == "8 mins"
    assert meta["publish_date"] == "2025-02-19T21:30:00+01:00"
    assert meta["created_date"] == "2025-02-18"
    assert meta["heroImage"] == "https://example.org/night.jpg"
    assert meta["cta"] == "Follow us for more."
    assert meta["tags"] == ["Night", "Desk"]
    assert body == article.body


@pytest.mark.django_db
def test_read_time_is_written_only_when_one_was_given(outdir):
    make_article(slug="computed", read_time="")

    export_articles(outdir=outdir)

    meta, _ = read(outdir / "computed.md")
    assert "read_time" not in meta


@pytest.mark.django_db
def test_draft_is_written_only_for_articles_that_are_not_published(outdir):
    make_article(slug="live")
    make_article(slug="hidden", status=Article.Status.DRAFT, publish_date=datetime(2025, 1, 2, 9, tzinfo=PARIS))

    export_articles(outdir=outdir)

    assert "draft" not in read(outdir / "live.md")[0]
    hidden, _ = read(outdir / "hidden.md")
    assert hidden["draft"] is True
    assert hidden["publish_date"] == "2025-01-02T09:00:00+01:00"


@pytest.mark.django_db
def test_lang_is_written_only_when_it_is_not_the_site_language(outdir):
    make_article(slug="english", language="en")
    make_article(slug="french", language="fr")

    export_articles(outdir=outdir)

    assert "lang" not in read(outdir / "english.md")[0]
    assert read(outdir / "french.md")[0]["lang"] == "fr"


@pytest.mark.django_db
def test_translations_are_written_as_the_other_articles_slugs(outdir):
    english = make_article(slug="hello")
    english.translations.add(make_article(slug="bonjour", language="fr"), make_article(slug="ola", language="pt"))

    export_articles(outdir=outdir)

    assert read(outdir / "hello.md")[0]["translations"] == ["bonjour", "ola"]
    assert read(outdir / "bonjour.md")[0]["translations"] == ["hello"]


@pytest.mark.django_db
def test_unknown_keys_kept_from_import_are_written_back(outdir):
    make_article(slug="extra", extra_front_matter={"series": "Night Desk", "weight": 3, "updatedDate": "2025-04-01"})

    export_articles(outdir=outdir)

    meta, _ = read(outdir / "extra.md")
    assert meta["series"] == "Night Desk"
    assert meta["weight"] == 3
    assert meta["updatedDate"] == "2025-04-01"


def test_a_midnight_on_the_site_clock_is_written_as_a_date_and_any_other_instant_in_full(settings):
    settings.TIME_ZONE = "Europe/Paris"

    assert export_date(datetime(2025, 2, 19, tzinfo=PARIS)) == "2025-02-19"
    assert export_date(datetime(2025, 2, 19, tzinfo=ZoneInfo("UTC"))) == "2025-02-19T01:00:00+01:00"
    assert export_date(datetime(2025, 2, 19, 0, 0, 0, 5, tzinfo=PARIS)) == "2025-02-19T00:00:00.000005+01:00"


@pytest.mark.django_db
def test_stored_hero_and_body_images_are_copied_and_referenced_relatively(outdir, media_root):
    from django.core.files.storage import default_storage

    hero = store_image(png((200, 10, 10)))
    inline = store_image(png((10, 200, 10)))
    body = (
        f'Text.\n\n![Inline]({default_storage.url(inline)} "Caption")\n\n'
        "![Remote](https://example.org/remote.png)\n\n"
        f"    ![in code]({default_storage.url(inline)})\n"
    )
    make_article(slug="pictures", hero_image=hero, body=body)

    report = export_articles(outdir=outdir)

    meta, written = read(outdir / "pictures.md")
    hero_copy = f"images/{Path(hero).name}"
    inline_copy = f"images/{Path(inline).name}"
    assert meta["heroImage"] == hero_copy
    assert (outdir / hero_copy).read_bytes() == (media_root / hero).read_bytes()
    assert (outdir / inline_copy).read_bytes() == (media_root / inline).read_bytes()
    assert f'![Inline]({inline_copy} "Caption")' in written
    assert "![Remote](https://example.org/remote.png)" in written
    assert f"    ![in code]({default_storage.url(inline)})" in written
    assert len(report.images) == 2


@pytest.mark.django_db
def test_a_missing_media_file_keeps_its_reference_with_a_warning(outdir):
    make_article(slug="gone", body="![Lost](/media/images/aa/lost.png)\n")

    report = export_articles(outdir=outdir)

    assert "images/aa/lost.png" in report.warnings[0]
    assert "![Lost](/media/images/aa/lost.png)" in read(outdir / "gone.md")[1]


@pytest.mark.django_db
def test_the_command_writes_the_folder_and_reports_what_it_wrote(outdir):
    make_article(slug="one")
    out = StringIO()

    call_command("export_markdown", str(outdir), stdout=out)

    assert (outdir / "one.md").is_file()
    assert f"Exported 1 articles, 1 authors and 0 images to {outdir}." in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_a_file_as_the_output_folder(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")

    with pytest.raises(CommandError) as error:
        call_command("export_markdown", str(target), stdout=StringIO())

    assert error.value.returncode == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"", b"# Notes I keep by hand\n", b"PK\x03\x04 but not really an archive"],
    ids=["empty", "text", "zip-like"],
)
def test_a_zip_export_never_replaces_a_file_that_is_not_a_zip_archive(tmp_path, content):
    make_article(slug="one")
    target = tmp_path / "notes.md"
    target.write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("export_markdown", str(target), "--zip", stdout=StringIO())

    assert error.value.returncode == 2
    assert "is not a .zip archive" in str(error.value)
    assert target.read_bytes() == content


@pytest.mark.django_db
def test_a_zip_export_refuses_what_is_not_a_regular_file(tmp_path):
    make_article(slug="one")
    target = tmp_path / "pipe"
    os.mkfifo(target)

    with pytest.raises(CommandError, match=r"is not a \.zip archive"):
        call_command("export_markdown", str(target), "--zip", stdout=StringIO())

    assert target.is_fifo()


@pytest.mark.django_db
def test_a_zip_export_replaces_an_earlier_zip_export(tmp_path):
    make_article(slug="one")
    call_command("export_markdown", str(tmp_path / "site.zip"), "--zip", stdout=StringIO())
    make_article(slug="two")

    call_command("export_markdown", str(tmp_path / "site.zip"), "--zip", stdout=StringIO())

    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert {"one.md", "two.md"} <= set(archive.namelist())


@pytest.mark.django_db
def test_an_export_into_a_folder_holding_other_files_is_refused_and_leaves_them_alone(tmp_path):
    make_article(slug="one")
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.txt").write_text("years of work")

    with pytest.raises(CommandError) as error:
        call_command("export_markdown", str(home), stdout=StringIO())

    assert error.value.returncode == 2
    assert "not an earlier export" in str(error.value)
    assert [path.name for path in home.iterdir()] == ["thesis.txt"]


@pytest.mark.django_db
def test_an_export_into_an_empty_folder_writes_there(outdir):
    make_article(slug="one")
    outdir.mkdir()

    call_command("export_markdown", str(outdir), stdout=StringIO())

    assert (outdir / "one.md").is_file()


@pytest.mark.django_db
def test_an_export_over_an_earlier_export_replaces_it_so_a_deleted_article_does_not_come_back(outdir):
    make_article(slug="kept")
    make_article(slug="deleted-since")
    call_command("export_markdown", str(outdir), stdout=StringIO())
    Article.objects.get(slug="deleted-since").delete()

    call_command("export_markdown", str(outdir), stdout=StringIO())

    assert sorted(path.name for path in outdir.glob("*.md")) == ["kept.md"]


@pytest.mark.django_db
def test_an_export_over_an_earlier_export_keeps_its_hidden_files_such_as_its_git_history(outdir):
    make_article(slug="kept")
    call_command("export_markdown", str(outdir), stdout=StringIO())
    (outdir / ".git").mkdir()
    (outdir / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (outdir / ".gitignore").write_text("*.tmp\n")

    call_command("export_markdown", str(outdir), stdout=StringIO())

    assert (outdir / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (outdir / ".gitignore").read_text() == "*.tmp\n"
    assert (outdir / "kept.md").is_file()


def interrupt_on_second_article(monkeypatch) -> None:
    """Ctrl+C while the second article is being written."""
    written = []

    def article_markdown(article, **options):
        written.append(article)
        if len(written) == 2:
            raise KeyboardInterrupt
        return original(article, **options)

    original = exporting.article_markdown
    monkeypatch.setattr(exporting, "article_markdown", article_markdown)


@pytest.mark.django_db
def test_an_interrupted_export_writes_nothing_and_leaves_no_partial_folder(outdir, monkeypatch):
    make_article(slug="one")
    make_article(slug="two")
    interrupt_on_second_article(monkeypatch)

    with pytest.raises(KeyboardInterrupt):
        call_command("export_markdown", str(outdir), stdout=StringIO())

    assert list(outdir.parent.iterdir()) == []


@pytest.mark.django_db
def test_an_interrupted_export_leaves_the_earlier_export_as_it_was(outdir, monkeypatch):
    make_article(slug="one")
    call_command("export_markdown", str(outdir), stdout=StringIO())
    before = {path.name: path.read_bytes() for path in outdir.rglob("*") if path.is_file()}
    make_article(slug="two")
    interrupt_on_second_article(monkeypatch)

    with pytest.raises(KeyboardInterrupt):
        call_command("export_markdown", str(outdir), stdout=StringIO())

    assert {path.name: path.read_bytes() for path in outdir.rglob("*") if path.is_file()} == before
    assert [path.name for path in outdir.parent.iterdir()] == [outdir.name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "option", "day"),
    [("Asia/Tokyo", "--since", "0001-01-01"), ("Europe/Paris", "--until", "9999-12-31")],
)
def test_a_bound_at_the_end_of_the_calendar_leaves_that_side_open(outdir, settings, zone, option, day):
    settings.TIME_ZONE = zone
    make_article(slug="one")

    call_command("export_markdown", str(outdir), option, day, stdout=StringIO())

    assert (outdir / "one.md").is_file()


def _in_another_process(write) -> None:
    """`write`, committed on a connection of its own, as an import or an editor beside the export would."""

    failed = []

    def run():
        try:
            write()
        except Exception as error:
            failed.append(error)
        finally:
            connections.close_all()

    writer = threading.Thread(target=run)
    writer.start()
    writer.join(60)
    assert not failed, failed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's transactions here take the write lock")
@pytest.mark.django_db(transaction=True)
def test_an_export_writes_the_site_as_it_stood_when_it_began_whatever_is_committed_while_it_runs(outdir):
    harbours = make_tag(name="Harbours")
    make_article(slug="first-light", tags=[harbours])

    def add_a_tag():
        Article.objects.get(slug="first-light").set_tags([harbours, make_tag(name="Late tag")])

    def articles_read_while_a_tag_is_added():
        yield Article.objects.get(slug="first-light")  # the export's first read: its moment
        _in_another_process(add_a_tag)

    export_articles(outdir=outdir, articles=articles_read_while_a_tag_is_added())
    meta, _ = read(outdir / "first-light.md")
    assert meta["tags"] == ["Harbours"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the test database of SQLite is in memory, one process's")
@pytest.mark.django_db(transaction=True)
def test_an_export_run_while_an_import_writes_says_it_does_not_wait_for_it(outdir, request):
    make_article(slug="first-light")
    quiet = StringIO()
    call_command("export_markdown", str(outdir), stdout=StringIO(), stderr=quiet)
    request.getfixturevalue("import_running")
    during = StringIO()
    call_command("export_markdown", str(outdir), stdout=StringIO(), stderr=during)

    assert quiet.getvalue() == ""
    assert "An import into this database is running: this export does not wait for it" in during.getvalue()
