"""What goes in comes back out: calls to action, authors, the default call to action, old slugs, the updated
date, review status, tag order and image names survive export_markdown then import_markdown."""

import struct
import zipfile
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import import_sources
from articles.exporting import export_articles, select_articles
from articles.images import store_image
from articles.importing import import_paths
from articles.models import Article, Author, CallToAction, ImageName, OldAddress, Tag
from tests.factories import article_form_data, make_article, make_author, make_call_to_action, make_tag
from tests.markdown_files import png, run
from tests.test_round_trip import empty_database, folder_files, pages, snapshot

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def site_settings(settings, media_root):
    settings.TIME_ZONE = "Europe/Paris"
    settings.LANGUAGE_CODE = "en"


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")[4:].split("\n---\n", 1)[0])


def reimport(folder: Path, tmp_path: Path, **options):
    """Empty the site and its media, then import `folder`."""
    empty_database()
    media = tmp_path / "fresh-media"
    with override_settings(MEDIA_ROOT=media):
        return import_paths([folder], **options)


def write_article(folder: Path, name: str, front: str, body: str = "Text.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\ntitle: T\nauthor: Ada\npublish_date: 2025-01-02\n{front}---\n{body}", encoding="utf-8")
    return path


# Calls to action


@pytest.mark.django_db
def test_a_call_to_action_no_article_uses_travels_in_site_yml_and_comes_back(outdir, tmp_path):
    make_call_to_action(
        name="Spring drive",
        text="Give to the spring drive.",
        button_label="Give",
        button_url="https://example.org/give",
    )
    make_article(slug="plain")

    export_articles(outdir=outdir)
    site = yaml.safe_load((outdir / "site.yml").read_text(encoding="utf-8"))
    assert site["calls_to_action"] == [
        {
            "name": "Spring drive",
            "text": "Give to the spring drive.",
            "button_label": "Give",
            "button_url": "https://example.org/give",
        }
    ]
    reimport(outdir, tmp_path)

    cta = CallToAction.objects.get()
    assert (cta.name, cta.text, cta.button_label, cta.button_url) == (
        "Spring drive",
        "Give to the spring drive.",
        "Give",
        "https://example.org/give",
    )


@pytest.mark.django_db
def test_text_alone_comes_back_to_its_own_call_to_action_not_one_with_the_same_text_and_another_name(outdir, tmp_path):
    make_call_to_action(name="Spring drive", text="Follow us.")  # used by no article: it travels in site.yml
    make_article(slug="plain", call_to_action=make_call_to_action(name="Follow us.", text="Follow us."))

    export_articles(outdir=outdir)
    reimport(outdir, tmp_path)

    assert Article.objects.get().call_to_action.name == "Follow us."
    assert sorted(CallToAction.objects.values_list("name", flat=True)) == ["Follow us.", "Spring drive"]


@pytest.mark.django_db
def test_identical_calls_to_action_are_written_once_so_a_second_export_is_the_same(outdir, tmp_path):
    # An import finds an identical call to action again: copies written twice would come back as one.
    used, *_ = [make_call_to_action(name="Follow", text="Follow us for daily insights.") for _ in range(3)]
    make_article(slug="plain", call_to_action=used)

    export_articles(outdir=outdir)
    # The copies no article uses are the one in use: site.yml has only the export's own mark to give.
    assert yaml.safe_load((outdir / "site.yml").read_text(encoding="utf-8")) == {"generator": "folio"}
    first = folder_files(outdir)
    empty_database()
    import_paths([outdir])
    second_dir = tmp_path / "second"
    export_articles(outdir=second_dir)

    assert folder_files(second_dir) == first


@pytest.mark.django_db
def test_a_call_to_action_with_a_button_is_exported_as_a_mapping_and_comes_back_whole(outdir, tmp_path):
    cta = make_call_to_action(
        name="Newsletter", text="Get the weekly letter.", button_label="Subscribe", button_url="https://example.org/s"
    )
    make_article(slug="with-button", call_to_action=cta)

    export_articles(outdir=outdir)
    assert read(outdir / "with-button.md")["cta"] == {
        "name": "Newsletter",
        "text": "Get the weekly letter.",
        "button_label": "Subscribe",
        "button_url": "https://example.org/s",
    }
    report = reimport(outdir, tmp_path)

    assert report.summary["failed"] == 0, report.as_dict()
    back = Article.objects.get().call_to_action
    assert (back.name, back.text, back.button_label, back.button_url) == (
        "Newsletter",
        "Get the weekly letter.",
        "Subscribe",
        "https://example.org/s",
    )


@pytest.mark.django_db
def test_a_call_to_action_of_text_alone_is_exported_as_text(outdir):
    make_article(slug="plain", call_to_action=make_call_to_action(name="Follow us.", text="Follow us."))

    export_articles(outdir=outdir)

    assert read(outdir / "plain.md")["cta"] == "Follow us."


@pytest.mark.django_db
def test_text_alone_does_not_pick_a_call_to_action_with_a_button(site):
    with_button = make_call_to_action(text="Follow us.", button_label="Go", button_url="https://example.org/")
    write_article(site, "a.md", "cta: Follow us.\n")

    import_paths([site])

    assert Article.objects.get().call_to_action != with_button
    assert Article.objects.get().call_to_action.button_label == ""


@pytest.mark.django_db
def test_a_cta_mapping_with_a_bad_button_address_fails_that_file_naming_the_key(site):
    write_article(site, "bad.md", "cta:\n  text: Join\n  button_label: Join\n  button_url: not-an-address\n")
    write_article(
        site, "good.md", "slug: good\ncta:\n  text: Join\n  button_label: Join\n  button_url: https://x.org/\n"
    )

    report = import_paths([site])

    bad = next(result for result in report.files if result.path.endswith("bad.md"))
    assert bad.status == "failed"
    assert bad.errors == [
        "cta.button_url: 'not-an-address' is not a web address (it must start with https:// or http://)"
    ]
    assert list(Article.objects.values_list("slug", flat=True)) == ["good"]


@pytest.mark.django_db
def test_a_cta_mapping_with_an_unknown_key_or_half_a_button_fails_saying_what_a_call_to_action_has(site):
    write_article(site, "a.md", "cta:\n  heading: Hi\n  text: Join\n")
    write_article(site, "b.md", "slug: b\ncta:\n  text: Join\n  button_label: Join\n")

    report = import_paths([site])

    assert report.files[0].errors == [
        "cta: unknown key 'heading' (a call to action has name, text, button_label, button_url)"
    ]
    assert report.files[1].errors == ["cta.button_url: a button needs both a label and an address"]


# Authors


@pytest.mark.django_db
def test_authors_are_exported_to_authors_yml_with_their_avatar_and_without_their_account(outdir, django_user_model):
    user = django_user_model.objects.create_user("ada")
    author = make_author(
        name="Ada Lovelace",
        slug="ada",
        bio="Writes about *engines*.",
        website="https://ada.example",
        social_links={"mastodon": "https://m.example/@ada"},
        user=user,
    )
    author.avatar.save("portrait.png", ContentFile(png((5, 6, 7))))
    make_author(name="Quiet One", slug="quiet")

    export_articles(outdir=outdir)

    entries = yaml.safe_load((outdir / "authors.yml").read_text(encoding="utf-8"))
    assert entries == [
        {
            "name": "Ada Lovelace",
            "slug": "ada",
            "bio": "Writes about *engines*.",
            "avatar": "images/avatars/portrait.png",
            "website": "https://ada.example",
            "social_links": {"mastodon": "https://m.example/@ada"},
        },
        {"name": "Quiet One", "slug": "quiet"},
    ]
    assert (outdir / "images/avatars/portrait.png").read_bytes() == png((5, 6, 7))


@pytest.mark.django_db
def test_authors_yml_creates_authors_by_slug_and_articles_find_them_by_name(site):
    (site / "images").mkdir()
    (site / "images/ada.png").write_bytes(png((1, 2, 3)))
    (site / "authors.yml").write_text(
        "- name: Ada\n  slug: ada-l\n  bio: Hi *there*\n  avatar: images/ada.png\n  website: https://ada.example\n"
        "  social_links:\n    github: https://github.com/ada\n",
        encoding="utf-8",
    )
    write_article(site, "a.md", "")

    report = import_paths([site])

    assert [(Path(r.path).name, r.status) for r in report.files] == [("authors.yml", "created"), ("a.md", "created")]
    author = Author.objects.get()
    assert (author.slug, author.bio_html.strip(), author.website) == (
        "ada-l",
        "<p>Hi <em>there</em></p>",
        "https://ada.example",
    )
    assert author.social_links == {"github": "https://github.com/ada"}
    assert author.avatar.name == "avatars/ada.png"
    assert Article.objects.get().author == author


@pytest.mark.django_db
def test_an_author_edited_in_the_admin_since_the_import_is_kept_unless_forced(site):
    (site / "authors.yml").write_text("- name: Ada\n  slug: ada\n  bio: First.\n", encoding="utf-8")
    import_paths([site])
    author = Author.objects.get()
    author.bio = "Edited in the admin."
    author.save()
    (site / "authors.yml").write_text("- name: Ada\n  slug: ada\n  bio: From the file.\n", encoding="utf-8")

    kept = import_paths([site])
    assert Author.objects.get().bio == "Edited in the admin."
    assert "edited in the admin since the last import" in kept.files[0].warnings[0]

    import_paths([site], force=True)
    assert Author.objects.get().bio == "From the file."


@pytest.mark.django_db
def test_an_unchanged_authors_yml_changes_nothing(site):
    (site / "authors.yml").write_text("- name: Ada\n  slug: ada\n", encoding="utf-8")
    import_paths([site])

    again = import_paths([site])

    assert again.files[0].status == "unchanged"


@pytest.mark.django_db
def test_a_malformed_authors_yml_fails_that_file_naming_it_and_the_articles_still_import(site):
    (site / "authors.yml").write_text("- name: Ada\n  slug: [unclosed\n", encoding="utf-8")
    write_article(site, "a.md", "")

    code, out = run(site)

    assert code == 1
    assert "failed: " in out and "authors.yml" in out
    assert "error: not valid YAML on line 3" in out
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_an_unusable_author_in_authors_yml_is_skipped_and_said(site):
    (site / "authors.yml").write_text(
        "- name: Ada\n  slug: ada\n  website: not a site\n- name: Bea\n  slug: bea\n- name: Cy\n", encoding="utf-8"
    )

    report = import_paths([site])

    assert report.files[0].status == "created"
    assert report.files[0].warnings == [
        "author 1 ('ada'): website: Enter a valid URL. That author was skipped.",
        "author 3: slug: missing; that author was skipped",
    ]
    assert list(Author.objects.values_list("slug", flat=True)) == ["bea"]


@pytest.mark.django_db
def test_two_authors_of_the_same_name_keep_their_own_articles(outdir, tmp_path):
    first, second = make_author(name="Sam Lee", slug="sam-1"), make_author(name="Sam Lee", slug="sam-2")
    make_article(slug="one", author=first)
    make_article(slug="two", author=second)

    export_articles(outdir=outdir)
    reimport(outdir, tmp_path)

    assert dict(Article.objects.values_list("slug", "author__slug")) == {"one": "sam-1", "two": "sam-2"}


# The site: default call to action and tags


@pytest.mark.django_db
def test_the_default_call_to_action_is_exported_to_site_yml_and_comes_back_as_the_default(outdir, tmp_path):
    make_call_to_action(
        name="Default",
        text="Thanks for reading.",
        button_label="More",
        button_url="https://example.org/",
        is_default=True,
    )
    make_article(slug="plain")

    export_articles(outdir=outdir)
    site = yaml.safe_load((outdir / "site.yml").read_text(encoding="utf-8"))
    assert site["default_cta"] == {
        "name": "Default",
        "text": "Thanks for reading.",
        "button_label": "More",
        "button_url": "https://example.org/",
    }
    reimport(outdir, tmp_path)

    default = CallToAction.site_default()
    assert (default.name, default.text, default.button_label) == ("Default", "Thanks for reading.", "More")
    assert Article.objects.get().effective_call_to_action() == default


@pytest.mark.django_db
def test_a_tag_keeps_its_own_slug_and_an_unused_tag_comes_back(outdir, tmp_path):
    make_article(slug="tagged", tags=[make_tag(name="Night Desk", slug="nights")])
    make_tag(name="Unused", slug="unused")

    export_articles(outdir=outdir)
    reimport(outdir, tmp_path)

    assert sorted(Tag.objects.values_list("name", "slug")) == [("Night Desk", "nights"), ("Unused", "unused")]
    assert [tag.slug for tag in Article.objects.get().tags_in_order()] == ["nights"]


# Articles


@pytest.mark.django_db
def test_old_slugs_are_exported_and_keep_redirecting_after_import(outdir, tmp_path, client):
    article = make_article(slug="first-name")
    article.slug = "second-name"
    article.save()

    export_articles(outdir=outdir)
    assert read(outdir / "second-name.md")["old_slugs"] == ["first-name"]
    reimport(outdir, tmp_path)

    assert OldAddress.objects.get().path == "/articles/first-name/"
    response = client.get("/articles/first-name/")
    assert (response.status_code, response["Location"]) == (301, "/articles/second-name/")


@pytest.mark.django_db
def test_the_updated_date_survives_export_and_import(outdir, tmp_path):
    article = make_article(slug="fixed", publish_date=datetime(2025, 1, 2, 9, tzinfo=PARIS))
    article.body += "\n\nA correction."
    article.save()
    revised = Article.objects.get().revised_at
    assert revised is not None

    export_articles(outdir=outdir)
    reimport(outdir, tmp_path)

    again = Article.objects.get()
    assert again.revised_at == revised
    assert again.was_updated


@pytest.mark.django_db
def test_an_article_in_review_stays_in_review(outdir, tmp_path):
    make_article(slug="waiting", status=Article.Status.REVIEW, publish_date=None)

    export_articles(outdir=outdir)
    meta = read(outdir / "waiting.md")
    assert (meta["draft"], meta["status"]) == (True, "review")
    reimport(outdir, tmp_path)

    assert Article.objects.get().status == Article.Status.REVIEW


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["canonical_url", "canonicalURL"])
def test_a_cross_posts_canonical_url_is_exported_under_folios_key_and_comes_back(site, outdir, tmp_path, key):
    write_article(site, "crossed.md", f"{key}: https://first.example.com/crossed\n")
    import_paths([site])

    export_articles(outdir=outdir)
    meta = read(outdir / "crossed.md")
    assert {name: value for name, value in meta.items() if name.lower().startswith("canonical")} == {
        "canonical_url": "https://first.example.com/crossed"
    }
    reimport(outdir, tmp_path)

    assert Article.objects.get().canonical_url == "https://first.example.com/crossed"


@pytest.mark.django_db
def test_a_canonical_that_is_no_web_address_is_written_back_as_it_was_and_warned_of_again(site, outdir, tmp_path):
    write_article(site, "crossed.md", "canonical: /posts/crossed/\n")
    import_paths([site])

    export_articles(outdir=outdir)
    meta = read(outdir / "crossed.md")
    assert (meta["canonical"], "canonical_url" in meta) == ("/posts/crossed/", False)
    report = reimport(outdir, tmp_path)

    assert [warning for result in report.files for warning in result.warnings if "canonical" in warning] == [
        "canonical: '/posts/crossed/' is not a web address (it must start with https:// or http://); "
        "the article keeps its own address as canonical"
    ]
    article = Article.objects.get()
    assert (article.canonical_url, article.extra_front_matter) == ("", {"canonical": "/posts/crossed/"})


@pytest.mark.django_db
def test_tags_keep_the_order_they_were_given_in_through_export_and_import(outdir, tmp_path):
    zebra, apple, mango = make_tag(name="Zebra"), make_tag(name="Apple"), make_tag(name="Mango")
    make_article(slug="ordered", tags=[zebra, apple, mango])

    export_articles(outdir=outdir)
    assert read(outdir / "ordered.md")["tags"] == ["Zebra", "Apple", "Mango"]
    reimport(outdir, tmp_path)

    assert [tag.name for tag in Article.objects.get().tags_in_order()] == ["Zebra", "Apple", "Mango"]


@pytest.mark.django_db
def test_a_reimported_file_with_tags_in_a_new_order_keeps_that_order(site):
    write_article(site, "a.md", "tags: [b, a, c]\n")
    import_paths([site])
    write_article(site, "a.md", "tags: [c, b, a]\n")

    import_paths([site])

    assert [tag.name for tag in Article.objects.get().tags_in_order()] == ["c", "b", "a"]


@pytest.mark.django_db
def test_the_article_page_shows_tags_in_their_order(client):
    article = make_article(tags=[make_tag(name="Zebra"), make_tag(name="Apple")])

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.index("Zebra") < html.index("Apple")


# Images


@pytest.mark.django_db
def test_an_image_keeps_its_original_file_name_and_a_clash_falls_back_to_its_stored_name(outdir, tmp_path):
    hero = store_image(png((200, 1, 1)), original_name="harbour at night.png")
    clash = store_image(png((1, 200, 1)), original_name="harbour at night.png")
    make_article(slug="a", hero_image=hero, body=f"![x]({default_storage.url(clash)})\n")

    export_articles(outdir=outdir)

    assert read(outdir / "a.md")["heroImage"] == "images/harbour-at-night.png"
    assert f"![x](images/{Path(clash).name})" in (outdir / "a.md").read_text()
    reimport(outdir, tmp_path)
    assert ImageName.objects.get(stored_name=hero).original_name == "harbour-at-night.png"


@pytest.mark.django_db
def test_an_image_uploaded_in_the_editor_keeps_its_name(staff_client):
    response = staff_client.post(
        "/admin/markdownx/upload/", {"image": SimpleUploadedFile("Quay.PNG", png((3, 4, 5)), "image/png")}
    )

    assert response.status_code == 200
    assert ImageName.objects.get().original_name == "Quay.png"


# The command


@pytest.mark.django_db
def test_the_command_exports_one_article_one_authors_articles_or_a_date_range(tmp_path):
    ada, bea = make_author(slug="ada"), make_author(slug="bea")
    make_article(slug="old", author=ada, publish_date=datetime(2024, 3, 1, 12, tzinfo=PARIS))
    make_article(slug="mid", author=bea, publish_date=datetime(2024, 6, 30, 23, 30, tzinfo=PARIS))
    make_article(slug="new", author=ada, publish_date=datetime(2025, 1, 1, tzinfo=PARIS))

    def exported(*options) -> list[str]:
        out = tmp_path / "-".join(options).replace("/", "")
        run(out, *options, command="export_markdown")
        return sorted(path.stem for path in out.glob("*.md"))

    assert exported("--slug", "mid") == ["mid"]
    assert exported("--author", "ada") == ["new", "old"]
    assert exported("--since", "2024-06-30", "--until", "2024-12-31") == ["mid"]
    assert exported("--until", "2024-06-29") == ["old"]
    authors = yaml.safe_load((tmp_path / "--author-ada" / "authors.yml").read_text())
    assert [entry["slug"] for entry in authors] == ["ada"]


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_slug_or_author(tmp_path):
    make_article(slug="real")
    with pytest.raises(CommandError, match="there is no author 'nobody'"):
        run(tmp_path / "x", "--author", "nobody", command="export_markdown")
    with pytest.raises(CommandError, match="there is no article 'ghost'"):
        run(tmp_path / "x", "--slug", "real", "--slug", "ghost", command="export_markdown")


@pytest.mark.django_db
def test_a_zip_export_holds_the_same_files_as_a_folder_and_is_the_same_bytes_twice(tmp_path):
    make_article(slug="zipped", hero_image=store_image(png((9, 9, 9)), original_name="pier.png"))

    run(tmp_path / "site.zip", "--zip", command="export_markdown")
    first = (tmp_path / "site.zip").read_bytes()
    run(tmp_path / "site.zip", "--zip", command="export_markdown")
    export_articles(outdir=tmp_path / "folder")

    assert (tmp_path / "site.zip").read_bytes() == first
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == folder_files(tmp_path / "folder")


@pytest.mark.django_db
def test_the_command_shows_progress_when_asked(tmp_path):
    for _ in range(7):
        make_article()
    err = StringIO()

    call_command("export_markdown", str(tmp_path / "out"), "--progress", stdout=StringIO(), stderr=err)

    assert "Exporting" in err.getvalue() and "7/7" in err.getvalue()


@pytest.mark.django_db
def test_select_articles_with_a_range_leaves_out_undated_drafts():
    make_article(slug="undated", status=Article.Status.DRAFT, publish_date=None)
    make_article(slug="dated", publish_date=timezone.now() - timedelta(days=1))

    chosen = select_articles(since=(timezone.localdate() - timedelta(days=3)))

    assert [article.slug for article in chosen] == ["dated"]


# The admin


@pytest.mark.django_db
def test_the_slug_help_text_shows_the_address_pattern(staff_client):
    html = staff_client.get(reverse("admin:articles_article_add")).content.decode()

    assert "address: /articles/your-slug/" in html
    assert "/articles//." not in html


@pytest.mark.django_db
def test_the_admin_shows_and_saves_tags_in_the_order_given(staff_client):
    zebra, apple, mango = make_tag(name="Zebra"), make_tag(name="Apple"), make_tag(name="Mango")
    author = make_author()
    data = article_form_data(
        author, title="Ordered", slug="ordered", body="Words.", tags=[mango.pk, zebra.pk, apple.pk]
    )

    assert staff_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert [tag.name for tag in article.tags_in_order()] == ["Mango", "Zebra", "Apple"]

    html = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert html.index(">Mango<") < html.index(">Zebra<") < html.index(">Apple<")


@pytest.mark.django_db
def test_a_site_made_in_the_admin_survives_export_and_import_into_an_empty_database(staff_client, tmp_path):
    author_response = staff_client.post(
        reverse("admin:articles_author_add"),
        {
            "name": "Grace Hopper",
            "slug": "grace",
            "bio": "Admiral of *code*.",
            "website": "grace.example",
            "social_links": '{"github": "https://github.com/grace"}',
            "avatar": SimpleUploadedFile("grace.png", png((10, 20, 30)), content_type="image/png"),
        },
    )
    assert author_response.status_code == 302
    cta_response = staff_client.post(
        reverse("admin:articles_calltoaction_add"),
        {"name": "Letter", "text": "Read us weekly.", "button_label": "Subscribe", "button_url": "example.org/s"},
    )
    assert cta_response.status_code == 302
    image = staff_client.post(
        "/admin/markdownx/upload/", {"image": SimpleUploadedFile("quay.png", png((40, 50, 60)), "image/png")}
    ).json()["image_code"]
    tags = [make_tag(name=name, slug=name.lower()) for name in ("Zebra", "Apple", "Mango")]
    article_response = staff_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(
            Author.objects.get(),
            title="From the admin",
            slug="from-the-admin",
            subtitle="Made by hand",
            description="An article made in the admin.",
            body=f"## Opening\n\nWords.\n\n{image}\n",
            status="published",
            publish_date_0="2025-02-01",
            publish_date_1="09:30:00",
            created_date_0="2025-01-30",
            call_to_action=CallToAction.objects.get().pk,
            tags=[tags[0].pk, tags[2].pk, tags[1].pk],
        ),
    )
    assert article_response.status_code == 302
    before, pages_before = snapshot(), pages()
    assert before["from-the-admin"]["tags"] == [("Zebra", "zebra"), ("Mango", "mango"), ("Apple", "apple")]
    assert before["from-the-admin"]["call_to_action"][2:4] == ("Subscribe", "https://example.org/s")

    export_articles(outdir=tmp_path / "first")
    empty_database()
    with override_settings(MEDIA_ROOT=tmp_path / "fresh-media"):
        report = import_paths([tmp_path / "first"])
        after, pages_after = snapshot(), pages()
        export_articles(outdir=tmp_path / "second")

    assert report.summary["failed"] == 0, report.as_dict()
    assert after == before
    assert pages_after == pages_before
    assert folder_files(tmp_path / "second") == folder_files(tmp_path / "first")
    assert (tmp_path / "first/images/quay.png").is_file()
    assert (tmp_path / "first/images/avatars/grace.png").is_file()


@pytest.mark.django_db
def test_a_zip_export_imports_as_it_is_into_an_empty_site(tmp_path):
    cta = make_call_to_action(name="Letter", text="Read us.", button_label="Go", button_url="https://example.org/")
    make_article(slug="packed", call_to_action=cta, tags=[make_tag(name="b"), make_tag(name="a")])
    before = snapshot()
    run(tmp_path / "site.zip", "--zip", command="export_markdown")
    empty_database()

    with override_settings(MEDIA_ROOT=tmp_path / "fresh-media"):
        code, out = run(tmp_path / "site.zip", "-v", "2")

    assert code == 0, out
    assert f"created: {tmp_path / 'site.zip'}:packed.md (packed)" in out
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile's own, as the second archive is packed
@pytest.mark.parametrize(
    ("names", "refusal"),
    [
        (["../escape.md"], "'../escape.md' would be unpacked outside its folder"),
        # One would be unpacked over the other: which text became the article would be the packer's choice.
        (["post.md", "./post.md"], "'./post.md' is in the archive twice; it holds two files so named"),
    ],
)
def test_a_zip_with_a_member_it_cannot_unpack_as_named_is_refused_whole(tmp_path, names, refusal):
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("ok.md", "---\ntitle: Fine\nauthor: Ada\n---\nText.\n")
        for name in names:
            archive.writestr(name, "---\ntitle: Out\nauthor: Ada\n---\nText.\n")

    with pytest.raises(CommandError) as error:
        run(tmp_path / "evil.zip")

    assert refusal in str(error.value)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_zip_whose_sizes_understate_what_a_member_unpacks_to_is_refused_whole(tmp_path):
    # The sizes a zip declares are the packer's word: this one says 10 bytes for a member of 50,000.
    text = "---\ntitle: Long\nauthor: Ada\n---\n" + "word " * 10_000
    with zipfile.ZipFile(tmp_path / "liar.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fine.md", "---\ntitle: Fine\nauthor: Ada\n---\nText.\n")
        archive.writestr("long.md", text)
    data = bytearray((tmp_path / "liar.zip").read_bytes())
    local, central = data.index(b"long.md") - 30, data.rindex(b"long.md") - 46  # where each header starts
    assert data[local : local + 4] == b"PK\x03\x04" and data[central : central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, local + 22, 10)
    struct.pack_into("<I", data, central + 24, 10)
    (tmp_path / "liar.zip").write_bytes(bytes(data))

    with pytest.raises(CommandError) as error:
        run(tmp_path / "liar.zip")

    assert f"{tmp_path / 'liar.zip'}: not a zip archive Folio can read" in str(error.value)
    assert "long.md" in str(error.value)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_zip_that_unpacks_past_the_archive_limit_is_refused_whole(tmp_path, monkeypatch):
    # Files of zeros, each within the limit, that deflate to almost nothing: together past it.
    monkeypatch.setattr(import_sources, "MAX_ARCHIVE_BYTES", 3_000_000)
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(4):
            archive.writestr(f"zeros-{number}.png", b"\0" * 1_000_000)

    with pytest.raises(CommandError) as error:
        run(tmp_path / "bomb.zip")

    assert str(error.value).endswith("its files come to more than 3,000,000 bytes unpacked; unpack it yourself")
    assert not Article.objects.exists()
