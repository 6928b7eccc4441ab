import json
import os
import subprocess
import sys
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importing import import_paths
from articles.invalid_file import joined, with_outcome
from articles.models import Article, Author, CallToAction, Tag
from tests.factories import make_article, make_author, make_tag
from tests.markdown_files import article_text, media_files, png, run, run_json, write

pytestmark = pytest.mark.usefixtures("media_root")

PROJECT = Path(__file__).resolve().parent.parent

GOOD = """\
---
title: "Lanterns at the Harbour: A Night Shift"
subtitle: "What the overnight desk sees that the day desk never does"
description: "A look at the quiet hours of a regional newsroom, where every story is checked twice."
author: 'Nadia Ferreira'
read_time: '8 mins'
publish_date: '2025-02-19'
created_date: '2025-02-18'
heroImage: 'https://example.org/images/harbour-lanterns.jpg'
cta: 'Curious about how newsrooms work after dark? Follow us for a weekly look behind the desk.'
---

The night desk starts when the day desk leaves its coffee cups behind.

## Checking the Wire

Every wire story is read twice before it is trusted.

## Writing by Lamplight

Headlines written at three in the morning are short and plain.
"""


@pytest.mark.django_db
def test_seed_format_file_imports_every_field(site, settings):
    settings.TIME_ZONE = "Europe/Paris"
    write(site, "night-desk.md", GOOD)

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["status"] == "created"
    article = Article.objects.get(slug="night-desk")
    paris = ZoneInfo("Europe/Paris")
    assert article.title == "Lanterns at the Harbour: A Night Shift"
    assert article.subtitle == "What the overnight desk sees that the day desk never does"
    assert article.description.startswith("A look at the quiet hours")
    assert article.author == Author.objects.get(slug="nadia-ferreira", name="Nadia Ferreira")
    assert article.read_time == "8 mins"
    assert article.read_time_minutes == 8
    assert article.publish_date == datetime(2025, 2, 19, tzinfo=paris)
    assert article.created_date == datetime(2025, 2, 18, tzinfo=paris)
    assert article.status == Article.Status.PUBLISHED
    assert article in Article.objects.published()
    assert article.hero_image_url == "https://example.org/images/harbour-lanterns.jpg"
    assert article.hero_image_alt == article.title
    assert article.call_to_action.text.startswith("Curious about how newsrooms work after dark?")
    assert len(article.call_to_action.name) <= 60
    assert '<h2 id="checking-the-wire">' in article.body_html
    assert article.body.startswith("\nThe night desk starts")
    assert article.extra_front_matter == {}


@pytest.mark.django_db
def test_missing_read_time_is_computed_and_left_empty(site):
    write(site, "short.md", article_text(read_time=None))

    run(site)

    article = Article.objects.get(slug="short")
    assert article.read_time == ""
    assert article.read_time_minutes == 0  # a few words: under half a minute
    assert article.read_time_label == "Less than 1 min read"


@pytest.mark.django_db
def test_tags_are_created_by_name_and_reused_by_slug(site):
    existing = make_tag(name="Web Reading", slug="web-reading")
    write(site, "a.md", article_text(tags="[web reading, Typography]"))
    write(site, "b.md", article_text(title="'Second'", tags="'typography, Proofs'"))

    code, _ = run(site)

    assert code == 0
    assert Tag.objects.count() == 3
    assert set(Article.objects.get(slug="a").tags.values_list("slug", flat=True)) == {"web-reading", "typography"}
    assert set(Article.objects.get(slug="b").tags.values_list("slug", flat=True)) == {"typography", "proofs"}
    assert existing.articles.get().slug == "a"


@pytest.mark.django_db
def test_existing_author_and_call_to_action_are_reused(site):
    author = make_author(name="Ines Duarte", slug="ines-duarte")
    write(site, "a.md", article_text(cta="'Read us every week.'"))
    write(site, "b.md", article_text(cta="'Read us every week.'"))

    run(site)

    assert Author.objects.get() == author
    assert CallToAction.objects.get().text == "Read us every week."
    assert {a.call_to_action_id for a in Article.objects.all()} == {CallToAction.objects.get().pk}


@pytest.mark.django_db
def test_draft_true_imports_a_draft(site):
    write(site, "hidden.md", article_text(draft="true"))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get(slug="hidden")
    assert article.status == Article.Status.DRAFT
    assert article not in Article.objects.published()


@pytest.mark.django_db
def test_missing_publish_date_imports_a_draft_with_a_warning(site):
    write(site, "undated.md", article_text(publish_date=None))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["status"] == "created"
    assert "no publish_date" in report["files"][0]["warnings"][0]
    article = Article.objects.get(slug="undated")
    assert article.status == Article.Status.DRAFT
    assert article.publish_date is None


@pytest.mark.django_db
def test_dates_accept_yaml_dates_and_iso_datetimes(site, settings):
    settings.TIME_ZONE = "America/New_York"
    write(site, "a.md", article_text(publish_date="2025-02-19T10:00:00+01:00", created_date="2025-02-10"))
    write(site, "b.md", article_text(publish_date="'2025-02-19 08:30'"))

    run(site)

    a = Article.objects.get(slug="a")
    assert a.publish_date == datetime(2025, 2, 19, 9, tzinfo=ZoneInfo("UTC"))
    assert a.created_date == datetime(2025, 2, 10, tzinfo=ZoneInfo("America/New_York"))
    b = Article.objects.get(slug="b")
    assert b.publish_date == datetime(2025, 2, 19, 8, 30, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.django_db
def test_unknown_keys_are_kept_as_json(site):
    write(site, "extra.md", article_text(series="'Night Desk'", updated="2025-04-01", sources="[1, two]"))

    run(site)

    article = Article.objects.get(slug="extra")
    assert article.extra_front_matter == {"series": "Night Desk", "updated": "2025-04-01", "sources": [1, "two"]}


@pytest.mark.django_db
def test_slug_comes_from_key_then_file_name_then_index_folder(site):
    write(site, "ignored-name.md", article_text(slug="'Chosen Slug'"))
    write(site, "From File.markdown", article_text())
    write(site, "harbour-story/index.md", article_text())
    write(site, "Ünïcode Notes.md", article_text())

    code, report = run_json(site)

    assert code == 0
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "chosen-slug",
        "from-file",
        "harbour-story",
        "ünïcode-notes",
    }
    assert {f["slug"] for f in report["files"]} == set(Article.objects.values_list("slug", flat=True))


@pytest.mark.django_db
def test_a_slug_written_as_a_path_is_its_last_part(site):
    write(site, "walk.md", article_text(slug="'/notes/A Walk/'"))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().slug == "a-walk"


@pytest.mark.django_db
def test_slug_falls_back_to_the_title(site):
    write(site, "___.md", article_text(title="'Tide Tables'"))

    run(site)

    assert Article.objects.get().slug == "tide-tables"


@pytest.mark.django_db
def test_files_are_processed_fewest_folders_first_then_in_path_order_and_others_ignored_in_folders(site):
    write(site, "b.md", article_text())
    write(site, "a/z.md", article_text())
    write(site, "c.markdown", article_text())
    write(site, "notes.txt", "not an article")
    write(site, "images/x.png", png((1, 2, 3)))

    _, report = run_json(site)

    assert [Path(f["path"]).relative_to(site).as_posix() for f in report["files"]] == ["b.md", "c.markdown", "a/z.md"]


@pytest.mark.django_db
def test_a_named_file_that_is_not_markdown_is_skipped(site):
    notes = write(site, "notes.txt", "not an article")

    code, report = run_json(notes)

    assert code == 0
    assert report["summary"]["skipped"] == 1
    assert "not a Markdown file" in report["files"][0]["warnings"][0]


def bad(**front: str | None) -> str:
    """A broken article that would also create a tag and a call to action if it got that far."""
    return article_text(**{"tags": "[lost-tag]", "cta": "'Lost call'", **front})


BAD_FILES = [
    ("missing title", bad(title=None)),
    pytest.param("missing title", bad(title="''"), id="empty title"),
    ("the file is empty", ""),
    ("not UTF-8 text", bad(title="'Caf\u00e9'").encode("latin-1")),
    ("the front matter is not valid YAML on line 3", "---\ntitle: 'Fine'\nauthor: 'Bad' extra\n---\nBody\n"),
    pytest.param(
        "the front matter is not valid YAML on line 4: found unexpected end of stream "
        "(while scanning a quoted scalar on line 2)",
        "---\ntitle: 'Unclosed\nauthor: Mara\ntags: [a]\n---\nBody\n",
        id="unclosed quote",
    ),
    ("must be 'key: value' lines", "---\n- just\n- a list\n---\nBody\n"),
    ("publish_date: 'next tuesday' is not a date (use YYYY-MM-DD)", bad(publish_date="'next tuesday'")),
    ("created_date: 'soon' is not a date", bad(created_date="'soon'")),
    ("read_time: 'a while' is not a number of minutes", bad(read_time="'a while'")),
    ("heroImage: 'javascript:alert(1)' is not allowed", bad(heroImage="'javascript:alert(1)'")),
    ("heroImage: 'data:image/png;base64,AAAA' is not allowed", bad(heroImage="'data:image/png;base64,AAAA'")),
    ("heroImage: 'file:///etc/passwd' is not allowed", bad(heroImage="'file:///etc/passwd'")),
    ("author: an author written as a mapping needs a name", bad(author="{url: home}")),
    ("draft: 'maybe' must be true or false", bad(draft="maybe")),
    ("front matter opened by --- has no closing --- line", "---\ntitle: 'Open'\n\nBody\n"),
    ("front matter opened by ---json has no closing --- line", '---json\n{"title": "Open"}\n\nBody\n'),
    # These fail after the author (and tags) were created, so they prove the rollback.
    ("title: Ensure this value has at most 300 characters", bad(title="'" + "x" * 301 + "'")),
    ("tags: Ensure this value has at most 100 characters", bad(tags="['" + "t" * 101 + "']")),
    ("heroImage: Ensure this value has at most 1000 characters", bad(heroImage=f"'https://example.org/{'x' * 1000}'")),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("problem", "content"), BAD_FILES)
def test_a_bad_file_fails_alone_and_writes_nothing(site, problem, content):
    write(site, "a-bad.md", content)
    write(site, "b-good.md", article_text(author="'Somebody Else'"))

    code, report = run_json(site)

    assert code == 1
    bad_result, good_result = report["files"]
    assert bad_result["status"] == "failed"
    assert bad_result["path"].endswith("a-bad.md")
    assert problem in " ".join(bad_result["errors"])
    assert good_result["status"] == "created"
    assert list(Article.objects.values_list("slug", flat=True)) == ["b-good"]
    assert list(Author.objects.values_list("name", flat=True)) == ["Somebody Else"]
    assert not Tag.objects.exists()
    assert not CallToAction.objects.exists()


@pytest.mark.django_db
def test_byte_order_mark_and_crlf_line_endings_import(site):
    text = "\ufeff" + article_text(body="First line.\n\n## Windows Heading\n\nLast line.\n").replace("\n", "\r\n")
    write(site, "windows.md", text.encode("utf-8"))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get(slug="windows")
    assert article.title == "A Modest Proposal for Footnotes"
    assert "\r" not in article.body
    assert '<h2 id="windows-heading">' in article.body_html


@pytest.mark.django_db
def test_local_hero_and_body_images_are_stored_once_and_rewritten(site, media_root):
    write(site, "images/hero.png", png((200, 40, 40)))
    write(site, "images/inline.png", png((40, 200, 40)))
    write(site, "images/same-bytes.png", png((40, 200, 40)))
    body = (
        "Intro.\n\n"
        '![A red harbour](../images/inline.png "The harbour")\n\n'
        "Again: ![again](../images/inline.png) and ![copy](<../images/same-bytes.png>)\n\n"
        "![remote](https://example.org/remote.png)\n\n"
        "    ![in code](../images/hero.png)\n"
    )
    write(site, "posts/harbour.md", article_text(heroImage="'../images/hero.png'", heroAlt="'Red sky'", body=body))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get(slug="harbour")
    assert article.hero_image.name.startswith("images/")
    assert default_storage.exists(article.hero_image.name)
    assert article.hero_image_url == ""
    assert article.hero_image_alt == "Red sky"
    stored = [path for path in media_files(media_root) if path.suffix == ".png"]
    assert len(stored) == 2  # hero + one copy of the green image, referenced three times
    green = next(path for path in stored if path.name != Path(article.hero_image.name).name)
    url = default_storage.url(green.relative_to(media_root).as_posix())
    assert f'![A red harbour]({url} "The harbour")' in article.body
    assert f"![again]({url})" in article.body
    assert f"![copy]({url})" in article.body
    assert "![remote](https://example.org/remote.png)" in article.body
    assert "    ![in code](../images/hero.png)" in article.body
    assert f'src="{url}"' in article.body_html


@pytest.mark.django_db
def test_images_outside_the_root_missing_or_broken_are_warnings(tmp_path, site):
    write(tmp_path, "secret.png", png((0, 0, 0)))
    write(site, "images/broken.png", b"this is not a picture")
    body = "![outside](../secret.png)\n\n![missing](images/nowhere.png)\n\n![broken](images/broken.png)\n"
    write(site, "risky.md", article_text(heroImage="'../secret.png'", body=body))

    code, report = run_json(site)

    assert code == 0
    warnings = report["files"][0]["warnings"]
    assert any("heroImage '../secret.png' is outside the import folder" in w for w in warnings)
    assert any("image 'images/nowhere.png' was not found" in w for w in warnings)
    assert any("image 'images/broken.png' was refused" in w for w in warnings)
    article = Article.objects.get(slug="risky")
    assert not article.hero_image
    assert article.body.startswith("\n![outside](../secret.png)")
    assert "![broken](images/broken.png)" in article.body


@pytest.mark.django_db
def test_a_symlink_out_of_the_root_is_outside_the_root(tmp_path, site):
    write(tmp_path, "secret.png", png((0, 0, 0)))
    (site / "link.png").symlink_to(tmp_path / "secret.png")
    write(site, "linked.md", article_text(heroImage="'link.png'"))

    _, report = run_json(site)

    assert "outside the import folder" in report["files"][0]["warnings"][0]
    assert not Article.objects.get().hero_image


@pytest.mark.django_db
def test_a_symlink_pointed_out_of_the_root_since_the_last_import_is_followed_where_it_now_leads(tmp_path, site):
    write(site, "images/hero.png", png((9, 9, 9)))
    write(tmp_path, "secret.png", png((0, 0, 0)))
    (site / "link.png").symlink_to(site / "images/hero.png")
    write(site, "linked.md", article_text(heroImage="'link.png'"))
    run_json(site)
    assert Article.objects.get().hero_image
    (site / "link.png").unlink()
    (site / "link.png").symlink_to(tmp_path / "secret.png")
    write(site, "linked.md", article_text(heroImage="'link.png'", title="'Again'"))

    # Each run follows its paths once, afresh: the earlier run's answer is not this one's.
    _, report = run_json(site)

    assert "outside the import folder" in report["files"][0]["warnings"][0]


@pytest.mark.django_db
def test_a_single_named_file_has_its_own_folder_as_root(site):
    write(site, "images/hero.png", png((9, 9, 9)))
    post = write(site, "posts/one.md", article_text(heroImage="'../images/hero.png'"))

    _, report = run_json(post)

    assert "outside the import folder" in report["files"][0]["warnings"][0]


@pytest.mark.django_db
def test_reimporting_an_unchanged_file_writes_nothing(site):
    write(site, "steady.md", article_text(tags="[calm]"))
    run(site)
    before = Article.objects.get()

    code, report = run_json(site)

    assert code == 0
    assert report["summary"] == {"created": 0, "updated": 0, "unchanged": 1, "failed": 0, "skipped": 0}
    after = Article.objects.get()
    assert after.updated_at == before.updated_at
    assert after.source_path == "steady.md"
    assert len(after.source_hash) == 64


@pytest.mark.django_db
def test_reimporting_a_changed_file_updates_the_article(site):
    path = write(site, "moving.md", article_text(tags="[old-tag]", cta="'Old call'"))
    run(site)
    first = Article.objects.get()
    path.write_text(article_text(title="'A Better Title'", tags="[new-tag]", body="New body.\n"), encoding="utf-8")

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["status"] == "updated"
    article = Article.objects.get()
    assert article.pk == first.pk
    assert article.title == "A Better Title"
    assert article.body == "\nNew body.\n"
    assert article.call_to_action is None
    assert list(article.tags.values_list("slug", flat=True)) == ["new-tag"]
    assert article.source_hash != first.source_hash


@pytest.mark.django_db
def test_a_slug_owned_by_an_admin_article_fails_and_leaves_it_alone(site):
    make_article(title="Made by hand", slug="taken", body="Original.")
    write(site, "taken.md", article_text())
    write(site, "free.md", article_text())

    code, report = run_json(site)

    assert code == 1
    failed = next(f for f in report["files"] if f["status"] == "failed")
    assert "slug 'taken' already belongs to an article created in the admin" in failed["errors"][0]
    assert Article.objects.get(slug="taken").body == "Original."
    assert Article.objects.filter(slug="free").exists()


@pytest.mark.django_db
def test_a_slug_written_in_folio_s_own_format_that_another_file_has_fails_naming_that_file(site):
    write(site, "a/same.md", article_text())
    write(site, "b/other.md", article_text(title="'Impostor'", slug="same"))

    code, report = run_json(site)

    assert code == 1
    assert [f["status"] for f in report["files"]] == ["created", "failed"]
    assert report["files"][1]["errors"] == [
        "slug 'same' already belongs to the file a/same.md ('A Modest Proposal for Footnotes'); a slug written in "
        "Folio's own format is the article's address and is not changed: give this file another slug"
    ]
    assert Article.objects.get().title == "A Modest Proposal for Footnotes"


@pytest.mark.django_db
def test_a_file_named_as_another_file_gets_its_folders_in_its_slug(site):
    write(site, "a/same.md", article_text())
    write(site, "b/same.md", article_text(title="'Namesake'"))

    code, report = run_json(site)

    assert code == 0, report
    assert [f["slug"] for f in report["files"]] == ["same", "b-same"]
    warning = "slug 'same' already belongs to the file a/same.md, so this file's article is 'b-same'"
    assert warning in report["files"][1]["warnings"]
    assert Article.objects.get(slug="b-same").title == "Namesake"


@pytest.mark.django_db
def test_dry_run_writes_no_rows_and_no_media(site, media_root):
    write(site, "images/hero.png", png((1, 100, 200)))
    write(
        site,
        "a.md",
        article_text(heroImage="'images/hero.png'", tags="[dry]", cta="'Stay dry'", body="![x](images/hero.png)\n"),
    )
    write(site, "b.md", article_text(slug="a"))

    code, report = run_json(site, "--dry-run")

    assert code == 1
    assert [f["status"] for f in report["files"]] == ["created", "failed"]
    assert not Article.objects.exists()
    assert not Author.objects.exists()
    assert not Tag.objects.exists()
    assert not CallToAction.objects.exists()
    assert media_files(media_root) == []


@pytest.mark.django_db
def test_dry_run_summary_says_nothing_was_saved(site):
    write(site, "a.md", article_text())

    code, out = run(site, "--dry-run")

    assert code == 0
    assert "Dry run, nothing saved: 1 created, 0 updated, 0 unchanged, 0 failed, 0 skipped." in out
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_json_output_has_exactly_the_documented_shape(site):
    write(site, "a.md", article_text())
    write(site, "b.md", article_text(title=None))

    _, report = run_json(site)

    assert set(report) == {"summary", "files"}
    assert report["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "failed": 1, "skipped": 0}
    for entry in report["files"]:
        assert set(entry) == {"path", "status", "slug", "errors", "warnings"}
    assert report["files"][1] == {
        "path": str(site / "b.md"),
        "status": "failed",
        "slug": "",
        "errors": ["missing title"],
        "warnings": [],
    }


@pytest.mark.django_db
def test_readable_summary_lists_problem_files_then_counts(site):
    write(site, "a.md", article_text())
    write(site, "b.md", article_text(title=None))

    code, out = run(site)

    assert code == 1
    assert f"failed: {site / 'b.md'}\n    error: missing title\n" in out
    assert "a.md" not in out
    assert out.rstrip().endswith("1 created, 0 updated, 0 unchanged, 1 failed, 0 skipped.")


@pytest.mark.django_db
def test_exit_status_is_zero_when_every_file_imports(site):
    write(site, "a.md", article_text())

    assert run(site)[0] == 0


@pytest.mark.django_db
def test_exit_status_is_one_when_a_file_fails(site):
    write(site, "a.md", "")

    with pytest.raises(SystemExit) as exit_:
        call_command("import_markdown", str(site), stdout=StringIO())

    assert exit_.value.code == 1


@pytest.mark.django_db
def test_exit_status_is_two_for_a_path_that_does_not_exist(site):
    with pytest.raises(CommandError) as error:
        call_command("import_markdown", str(site / "nowhere"), stdout=StringIO())

    assert error.value.returncode == 2
    assert "nowhere" in str(error.value)


def test_command_line_reports_a_missing_path_with_status_two_and_no_traceback(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings_test"}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_markdown", str(tmp_path / "nowhere")],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert "No such file or folder" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.django_db
def test_an_unexpected_error_fails_only_that_file(site, monkeypatch):
    import articles.import_rows

    real = articles.import_rows._call_to_action

    def explode(text, **fields):
        if text == "boom":
            raise RuntimeError("the storage is on fire")
        return real(text, **fields)

    monkeypatch.setattr(articles.import_rows, "_call_to_action", explode)
    write(site, "a.md", article_text(cta="boom"))
    write(site, "b.md", article_text(cta="fine"))

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == ["unexpected error: the storage is on fire"]
    assert list(Article.objects.values_list("slug", flat=True)) == ["b"]


@pytest.mark.django_db
def test_the_sample_content_folder_imports_without_failures():
    report = import_paths([PROJECT / "content"])

    assert report.summary["failed"] == 0, report.as_dict()
    assert report.summary["created"] >= 4
    assert all(not result.warnings for result in report.files)
    articles = Article.objects.all()
    assert all(article.hero_image for article in articles)
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert Author.objects.count() >= 2
    assert any("<table>" in article.body_html for article in articles)
    assert any("<pre" in article.body_html for article in articles)
    assert any("/media/images/" in article.body for article in articles)


@pytest.mark.django_db
def test_the_sample_articles_keep_within_the_lengths_the_editor_recommends():
    import_paths([PROJECT / "content"])

    # The editor's counters (static/admin/js/folio-seo.js) turn red past 60 and 160 characters.
    for title, description in Article.objects.values_list("title", "description"):
        assert len(title) <= 60, title
        assert 0 < len(description) <= 160, description


@pytest.mark.django_db
def test_title_is_stored_as_written_without_escaping(site):
    write(site, "raw.md", article_text(title="'Less <em>is</em> more & more'"))

    run(site)

    assert Article.objects.get().title == "Less <em>is</em> more & more"


@pytest.mark.django_db
def test_control_characters_in_a_file_are_left_out_of_the_article(site):
    # YAML refuses raw control characters but reads them from escapes; the body takes them raw.
    text = article_text(title='"Proofs\\0 at\\v midnight"', author='"Ines\\0 Duarte"', tags='["night\\vdesk"]')
    write(site, "proofs.md", text.replace("Some words.", "Some\x00 words\x0b."))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.title == "Proofs at midnight"
    assert article.author.name == "Ines Duarte"
    assert [tag.name for tag in article.tags.all()] == ["nightdesk"]
    assert article.body.strip().startswith("Some words.\n")
    assert run_json(site)[1]["files"][0]["status"] == "unchanged"


@pytest.mark.django_db
def test_a_call_to_action_with_a_control_character_is_one_row_for_every_file_and_run(site):
    cta = '"Follow\\0 us for daily insights"'
    write(site, "first.md", article_text(slug="first", cta=cta))
    write(site, "second.md", article_text(slug="second", cta=cta))

    assert run_json(site)[0] == 0
    (site / "second.md").write_text(article_text(slug="second", cta=cta, subtitle="'Again'"), encoding="utf-8")
    assert run_json(site)[0] == 0

    assert list(CallToAction.objects.values_list("text", flat=True)) == ["Follow us for daily insights"]


@pytest.mark.django_db
def test_a_file_given_a_new_slug_warns_that_its_old_article_is_kept(site):
    path = write(site, "renamed.md", article_text())
    run(site)
    path.write_text(article_text(slug="'fresh-start'"), encoding="utf-8")

    _, report = run_json(site)

    assert report["files"][0]["status"] == "created"
    assert report["files"][0]["warnings"] == [
        "this file was imported before as 'renamed'; that article is left as it was"
    ]
    assert set(Article.objects.values_list("slug", flat=True)) == {"renamed", "fresh-start"}


@pytest.mark.django_db
def test_a_moved_content_folder_is_still_the_same_source(site, tmp_path):
    write(site, "steady.md", article_text())
    run(site)
    moved = tmp_path / "moved"
    site.rename(moved)

    code, report = run_json(moved)

    assert code == 0
    assert report["summary"]["unchanged"] == 1


# Editors' work is never lost


def edit_in_admin(article: Article, **changes) -> None:
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()


@pytest.mark.django_db
def test_import_records_the_saved_time_as_the_import_time(site):
    write(site, "a.md", article_text())

    run(site)

    article = Article.objects.get()
    assert article.imported_at == article.updated_at


@pytest.mark.django_db
def test_a_changed_file_for_an_article_edited_since_its_import_fails_and_keeps_the_edit(site):
    path = write(site, "a.md", article_text())
    run(site)
    edit_in_admin(Article.objects.get(), body="Edited by an editor.")
    path.write_text(article_text(body="Changed in the file.\n"), encoding="utf-8")

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["status"] == "failed"
    assert "was edited in the admin since its last import" in report["files"][0]["errors"][0]
    assert "--force" in report["files"][0]["errors"][0]
    assert Article.objects.get().body == "Edited by an editor."


@pytest.mark.django_db
def test_force_overwrites_an_edited_article_and_says_so(site):
    path = write(site, "a.md", article_text())
    run(site)
    edit_in_admin(Article.objects.get(), body="Edited by an editor.")
    path.write_text(article_text(body="Changed in the file.\n"), encoding="utf-8")

    code, report = run_json(site, "--force")

    assert code == 0
    assert report["files"][0]["status"] == "updated"
    assert "--force overwrote those edits" in report["files"][0]["warnings"][0]
    article = Article.objects.get()
    assert article.body == "\nChanged in the file.\n"
    assert article.imported_at == article.updated_at


@pytest.mark.django_db
def test_an_unchanged_file_leaves_an_edited_article_alone_without_failing(site):
    write(site, "a.md", article_text())
    run(site)
    edit_in_admin(Article.objects.get(), body="Edited by an editor.")

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["status"] == "unchanged"
    assert Article.objects.get().body == "Edited by an editor."


@pytest.mark.django_db
def test_force_restores_an_edited_article_from_its_unchanged_file(site):
    write(site, "a.md", article_text())
    run(site)
    edit_in_admin(Article.objects.get(), body="Edited by an editor.")

    _, report = run_json(site, "--force")

    assert report["files"][0]["status"] == "updated"
    assert Article.objects.get().body.startswith("\nSome words.")


@pytest.mark.django_db
def test_a_changed_file_updates_an_article_nobody_edited(site):
    path = write(site, "a.md", article_text())
    run(site)
    path.write_text(article_text(body="Changed in the file.\n"), encoding="utf-8")

    _, report = run_json(site)

    assert report["files"][0]["status"] == "updated"
    assert report["files"][0]["warnings"] == []


# Progress and scale


@pytest.mark.django_db
def test_a_progress_bar_goes_to_stderr_when_asked_even_with_json(site):
    for n in range(8):
        write(site, f"p{n}.md", article_text())
    err = StringIO()

    code, out = run(site, "--json", "--progress", stderr=err)

    assert code == 0
    assert json.loads(out)["summary"]["created"] == 8
    assert "Importing" in err.getvalue()
    assert "8/8" in err.getvalue()


@pytest.mark.django_db
def test_json_output_has_no_progress_bar_unless_asked(site):
    for n in range(8):
        write(site, f"p{n}.md", article_text())
    err = StringIO()

    run(site, "--json", stderr=err)

    assert err.getvalue() == ""


@pytest.mark.django_db
def test_a_run_of_a_few_files_shows_no_progress_bar(site):
    for n in range(3):
        write(site, f"p{n}.md", article_text())
    err = StringIO()

    run(site, "--progress", stderr=err)

    assert err.getvalue() == ""


@pytest.mark.django_db
def test_a_tag_with_no_letters_or_digits_is_left_out_with_a_warning_and_the_article_imported(site):
    write(site, "a.md", article_text(tags="['Proofs', '~!@', '#$%']"))

    code, report = run_json(site)

    assert code == 0, report
    assert list(Article.objects.get(slug="a").tags.values_list("slug", flat=True)) == ["proofs"]
    assert "tags: '~!@' has no letters or digits to make an address from; left out" in report["files"][0]["warnings"]
    assert Tag.objects.count() == 1


@pytest.mark.django_db
def test_authors_tags_and_calls_to_action_are_looked_up_once_per_run_not_per_file(site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(20):
        write(site, f"p{n:02}.md", article_text(tags="[harbour, night]", cta="'Follow us.'"))

    with CaptureQueriesContext(connection) as queries:
        code, _ = run(site)

    assert code == 0
    assert Article.objects.count() == 20
    lookups = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        # Recording each article's revision reads its own tag links; that is not a lookup by name.
        and "articles_article_tags" not in q["sql"]
        and (
            "articles_author" in q["sql"].partition("FROM")[2]
            or "articles_tag" in q["sql"].partition("FROM")[2]
            or "articles_calltoaction" in q["sql"].partition("FROM")[2]
        )
    ]
    assert len(lookups) <= 4
    # Per file: its savepoint, the row, its tags and their listings, its revision; nothing that grows with the run.
    assert len(queries) <= 20 * 13 + 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--site-var", "no-equals"], "--site-var"),
        (["--root", "/nonexistent/folder"], "--root"),
        (["--public-dir", "/nonexistent/folder"], "--public-dir"),
        (["--download-timeout", "0"], "--download-timeout"),
    ],
)
def test_bad_options_are_a_bad_command_line(site, options, message):
    with pytest.raises(CommandError) as error:
        call_command("import_markdown", str(site), *options, stdout=StringIO())

    assert error.value.returncode == 2
    assert message in str(error.value)


@pytest.mark.django_db
def test_a_folder_holding_no_markdown_file_says_so_by_name(site):
    write(site, "readme.txt", "Posts live in another folder.")

    code, out = run(site)

    assert code == 0
    assert out.splitlines() == [
        "0 created, 0 updated, 0 unchanged, 0 failed, 0 skipped.",
        f"No Markdown file (.md or .markdown) was found in {site}.",
    ]


@pytest.mark.django_db
def test_if_empty_imports_into_an_empty_site(site):
    write(site, "first.md", article_text())

    code, _ = run(str(site), "--if-empty")

    assert code == 0
    assert Article.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("existing", [make_article, make_author])
def test_if_empty_leaves_a_site_with_articles_or_authors_as_it_is(site, existing):
    existing()
    write(site, "first.md", article_text(slug="first"))

    code, output = run(str(site), "--if-empty")

    assert code == 0
    assert "nothing imported (--if-empty)" in output
    assert not Article.objects.filter(slug="first").exists()
    assert run_json(site, "--if-empty")[1]["summary"]["created"] == 0


def test_a_warning_reads_as_sentences_when_its_reason_is_one_and_as_clauses_otherwise():
    assert with_outcome("'a.png' was not found", "left as written") == "'a.png' was not found; left as written"
    refused = "'a.png' was refused: The image is 9000×9000 pixels (81 megapixels); the limit is 40 megapixels."
    assert with_outcome(refused, "left as written") == f"{refused} Left as written."
    assert joined(["website: Enter a valid URL.", "slug: Enter a valid “slug”."]) == (
        "website: Enter a valid URL. slug: Enter a valid “slug”."
    )
    assert joined(["date: not a date", "lang: not a language"]) == "date: not a date; lang: not a language"
