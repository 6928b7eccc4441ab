"""Whole generator sites import as their generator builds them: its authors, titles, dates, pages and languages."""

import os
import textwrap
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from articles import import_workers
from articles.import_workers import prepare
from articles.models import Article
from tests.factories import make_author
from tests.markdown_files import png, run_json, write
from tests.test_round_trip import export_and_reimport, snapshot

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def site_settings(settings, media_root):
    settings.TIME_ZONE = "Europe/Paris"
    settings.LANGUAGE_CODE = "en"
    settings.DEFAULT_AUTHOR = "The Desk"


def post(title: str | None = "A Walk", **keys) -> str:
    """A post in a generator's shape: no author unless given, a date, and a line of text."""
    fields = {"title": title, "date": "2024-03-01", **keys}
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\nSome words.\n"


def statuses(report: dict) -> dict[str, str]:
    return {f["path"].rsplit("/site/", 1)[1]: f["status"] for f in report["files"]}


# Authors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "config, text, page",
    [
        (
            "hugo.toml",
            'title = "Notes"\nauthor = "Site Owner"\n[params]\nauthor = "Mira Sol"\n',
            "content/post/walk.md",
        ),
        ("mkdocs.yml", "site_name: Notes\nsite_author: Mira Sol\n", "docs/walk.md"),
    ],
)
def test_a_post_without_an_author_takes_the_site_author_from_the_config_found_above_the_import_folder(
    site, config, text, page
):
    write(site, config, text)
    write(site, page, post())

    code, report = run_json(site / page.split("/")[0])

    assert code == 0, report
    assert Article.objects.get().author.name == "Mira Sol"
    assert f"no author: imported under 'Mira Sol' (the site's author in {config})" in report["files"][0]["warnings"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "files, source",
    [
        (  # Eleventy's data folder is inside its input folder
            {
                ".eleventy.js": "module.exports = () => ({ dir: { input: 'src', output: 'dist' } });\n",
                "src/_data/site.json": '{"name": "Notes", "author": {"name": "Mira Sol"}}\n',
            },
            "src/_data/site.json",
        ),
        (  # a data folder of another name, in the config's `dir`
            {
                ".eleventy.js": "module.exports = () => ({ dir: { input: 'src', data: 'globals' } });\n",
                "src/globals/site.json": '{"name": "Notes", "author": {"name": "Mira Sol"}}\n',
                "src/_data/site.json": '{"name": "Notes", "author": {"name": "Old Name"}}\n',
            },
            "src/globals/site.json",
        ),
        (  # Hylia names it authorName
            {
                ".eleventy.js": "module.exports = () => ({ dir: { input: 'src', output: 'dist' } });\n",
                "src/_data/site.json": '{"name": "Notes", "authorName": "Mira Sol"}\n',
            },
            "src/_data/site.json",
        ),
        (  # Astro themes name the site's author beside its content (Cactus, AstroPaper)
            {
                "astro.config.mjs": "export default {};\n",
                "src/site.config.ts": "export const theme = {\n  title: 'Notes',\n  author: 'Mira Sol',\n};\n",
            },
            "src/site.config.ts",
        ),
        (  # astro-sphere writes its settings' keys in capitals
            {
                "astro.config.mjs": "export default {};\n",
                "src/consts.ts": 'export const SITE: Site = {\n  TITLE: "Notes",\n  AUTHOR: "Mira Sol",\n}\n',
            },
            "src/consts.ts",
        ),
    ],
)
def test_a_site_s_author_is_read_from_the_data_or_theme_file_inside_its_source_folder(site, files, source):
    for name, text in files.items():
        write(site, name, text)
    write(site, "src/posts/walk.md", post())

    code, report = run_json(site / "src/posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.name == "Mira Sol"
    assert f"no author: imported under 'Mira Sol' (the site's author in {source})" in report["files"][0]["warnings"]


@pytest.mark.django_db
def test_a_hugo_language_file_of_its_own_declares_the_language_and_gives_its_author(site):
    write(site, "config/_default/hugo.toml", 'defaultContentLanguage = "en"\n')
    write(site, "config/_default/languages.en.toml", 'weight = 1\n[params.author]\nname = "Mira Sol"\n')
    write(site, "config/_default/languages.zh-Hans.toml", 'weight = 2\n[params.author]\nname = "米拉"\n')
    write(site, "content/post/walk/index.md", post())
    write(site, "content/post/walk/index.zh-Hans.md", post(title="散步"))

    code, report = run_json(site / "content")

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", "language", "author__name")) == [
        ("walk", "en", "Mira Sol"),
        ("walk-zh-hans", "zh-hans", "Mira Sol"),
    ]
    warnings = report["files"][0]["warnings"]
    assert "no author: imported under 'Mira Sol' (the site's author in config/_default/languages.en.toml)" in warnings


@pytest.mark.django_db
def test_hugo_config_in_config_default_gives_the_top_level_author(site):
    write(site, "config/_default/hugo.yaml", "title: Notes\nauthor: Jon Ash\n")
    write(site, "content/walk.md", post())

    run_json(site / "content")

    assert Article.objects.get().author.name == "Jon Ash"


@pytest.mark.django_db
def test_jekyll_config_author_mapping_gives_the_author_name_and_website(site):
    write(site, "_config.yml", "title: Notes\nauthor:\n  name: Ilse Berg\n  url: https://ilse.example.org/\n")
    write(site, "_posts/2024-03-01-a-walk.md", post())

    run_json(site / "_posts")

    author = Article.objects.get().author
    assert (author.name, author.website) == ("Ilse Berg", "https://ilse.example.org/")


@pytest.mark.django_db
def test_an_author_written_as_a_markdown_link_is_the_name_with_the_link_as_website(site, tmp_path):
    write(site, "hugo.toml", "title = 'Notes'\n")
    write(site, "content/posts/walk.md", post(author='"[Ilse Berg](https://ilse.example.org/)"'))
    write(site, "content/posts/swim.md", post(title="A Swim", author='"[Ada Moss](/about/)"'))

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    walk, swim = (Article.objects.get(slug=slug) for slug in ("walk", "swim"))
    assert (walk.author.name, walk.author.website) == ("Ilse Berg", "https://ilse.example.org/")
    assert (swim.author.name, swim.author.website) == ("Ada Moss", "")  # a page of the old site is no website
    before = snapshot()
    assert export_and_reimport(tmp_path)[0] == before


@pytest.mark.django_db
def test_gatsby_site_metadata_author_is_read_from_the_javascript_config(site):
    write(
        site,
        "gatsby-config.js",
        "module.exports = {\n  siteMetadata: {\n    title: `Notes`,\n"
        "    author: {\n      name: `Tomas Rey`,\n      summary: `who walks.`,\n    },\n  },\n}\n",
    )
    write(site, "content/blog/a-walk/index.md", post())

    code, report = run_json(site / "content")

    assert code == 0, report
    article = Article.objects.get()
    assert (article.slug, article.author.name) == ("a-walk", "Tomas Rey")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reads",
    ["const settings = require('./data/settings')", "import settings from './data/settings.js'"],
)
def test_gatsby_author_given_as_a_field_of_the_sites_own_module_is_read_from_that_module(site, reads):
    write(
        site, "gatsby-config.js", f"{reads}\n\nmodule.exports = {{\n  siteMetadata: {{ author: settings.owner }},\n}}\n"
    )
    write(site, "data/settings.js", "module.exports = {\n  siteTitle: 'Notes',\n  owner: 'Tomas Rey',\n}\n")
    write(site, "content/blog/a-walk/index.md", post())

    code, report = run_json(site / "content")

    assert code == 0, report
    assert Article.objects.get().author.name == "Tomas Rey"
    assert report["files"][0]["warnings"] == [
        "no author: imported under 'Tomas Rey' (the site's author in data/settings.js)"
    ]


@pytest.mark.django_db
def test_mkdocs_author_ids_become_names_from_the_authors_file_and_the_other_authors_are_kept(site):
    write(site, "mkdocs.yml", "site_name: Notes\nplugins:\n  - blog\n")
    write(
        site,
        "docs/blog/.authors.yml",
        "authors:\n  ana:\n    name: Ana Lind\n    avatar: https://example.org/ana.png\n"
        "    url: https://ana.example.org/\n  bo:\n    name: Bo Tran\n",
    )
    write(site, "docs/blog/posts/walk.md", post(authors="[ana, bo]"))

    code, report = run_json(site / "docs/blog/posts")

    assert code == 0, report
    article = Article.objects.get()
    assert article.author.name == "Ana Lind"
    assert article.author.website == "https://ana.example.org/"
    assert article.extra_front_matter == {"authors": ["ana", "bo"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "authors_file"),
    [
        ("{blog_dir: news}", "docs/news/.authors.yml"),
        ("{blog_dir: ., authors_file: 'people/team.yml'}", "docs/people/team.yml"),
    ],
)
def test_mkdocs_authors_are_read_where_the_blog_plugin_is_told_to_read_them(site, options, authors_file):
    write(site, "mkdocs.yml", f"site_name: Notes\nplugins:\n  - blog: {options}\n")
    write(site, authors_file, "authors:\n  ana:\n    name: Ana Lind\n")
    write(site, "docs/news/posts/walk.md", post(authors="[ana]"))

    code, report = run_json(site / "docs/news/posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.name == "Ana Lind"


@pytest.mark.django_db
def test_docusaurus_authors_file_maps_an_author_id_to_its_name(site):
    write(site, "docusaurus.config.js", "export default {title: 'Notes'};\n")
    write(site, "blog/authors.yml", "kim:\n  name: Kim Oh\n  title: Editor\n  image_url: /img/kim.png\n")
    write(site, "blog/2024-03-01-walk.md", post(authors="kim"))

    run_json(site / "blog")

    assert Article.objects.get().author.name == "Kim Oh"


@pytest.mark.django_db
@pytest.mark.parametrize("listed_in", ["_data/authors.yml", "_config.yml"])
def test_a_jekyll_data_file_or_config_gives_a_new_author_the_bio_and_site_root_avatar_it_describes(site, listed_in):
    person = "ilse:\n  name: Ilse Berg\n  bio: Walks *every* coast.\n  avatar: /assets/people/ilse.png\n"
    write(site, "assets/people/ilse.png", png((90, 40, 20)))
    if listed_in == "_config.yml":
        write(site, "_config.yml", "title: Notes\nauthors:\n" + textwrap.indent(person, "  "))
    else:
        write(site, "_config.yml", "title: Notes\n")
        write(site, listed_in, person)
    write(site, "_posts/2024-03-01-a-walk.md", post(author="ilse"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    author = Article.objects.get().author
    assert (author.name, author.bio) == ("Ilse Berg", "Walks *every* coast.")
    assert "<em>every</em>" in author.bio_html
    assert author.avatar.name.startswith("images/")


@pytest.mark.django_db
def test_a_list_of_authors_beside_the_posts_is_read_by_name_with_avatars_beside_it(site):
    write(site, "gatsby-config.js", "module.exports = {siteMetadata: {title: 'Notes'}};\n")
    write(site, "src/content/avatars/ana.png", png((20, 40, 90)))
    write(site, "src/content/author.yaml", "- name: Ana Lind\n  bio: Maps rivers.\n  avatar: avatars/ana.png\n")
    write(site, "src/content/walk.md", post(author="Ana Lind"))

    code, report = run_json(site / "src/content", "--root", site)

    assert code == 0, report
    author = Article.objects.get().author
    assert (author.bio, bool(author.avatar)) == ("Maps rivers.", True)


@pytest.mark.django_db
def test_an_astro_collection_of_authors_gives_each_its_bio_and_a_remote_avatar_is_a_warning(site):
    write(site, "astro.config.mjs", "export default {};\n")
    write(
        site,
        "src/content/authors/kim.md",
        "---\nname: Kim Oh\nbio: Edits the desk.\navatar: https://example.org/kim.png\n---\n",
    )
    write(site, "src/content/blog/walk.md", post(authors="[kim]"))

    code, report = run_json(site / "src/content/blog", "--root", site)

    assert code == 0, report
    author = Article.objects.get().author
    assert (author.name, author.bio, author.avatar.name) == ("Kim Oh", "Edits the desk.", "")
    assert report["files"][0]["warnings"] == [
        "avatar of Kim Oh 'https://example.org/kim.png' is on another site: give --download-images to store it"
    ]


@pytest.mark.django_db
def test_an_author_who_is_already_there_keeps_the_bio_editors_gave_them(site):
    make_author(name="Ilse Berg", slug="ilse-berg", bio="Written in the admin.")
    write(site, "_config.yml", "title: Notes\n")
    write(site, "_data/authors.yml", "ilse:\n  name: Ilse Berg\n  bio: From the old site.\n")
    write(site, "_posts/2024-03-01-a-walk.md", post(author="ilse"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.bio == "Written in the admin."


@pytest.mark.django_db
def test_an_avatar_that_is_not_there_is_a_warning_saying_the_author_has_none_and_the_post_imports(site):
    write(site, "_config.yml", "title: Notes\n")
    write(site, "_data/authors.yml", "ilse:\n  name: Ilse Berg\n  avatar: /assets/gone.png\n")
    write(site, "_posts/2024-03-01-a-walk.md", post(author="ilse"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.avatar.name == ""
    assert (
        "avatar of Ilse Berg '/assets/gone.png' was not found; the author has no avatar"
        in report["files"][0]["warnings"]
    )


@pytest.mark.django_db
def test_the_default_author_flag_wins_over_the_site_config_author(site):
    write(site, "_config.yml", "author: Ilse Berg\n")
    write(site, "_posts/2024-03-01-a-walk.md", post())

    _, report = run_json(site / "_posts", "--default-author", "House Writer")

    assert Article.objects.get().author.name == "House Writer"
    assert "no author: imported under 'House Writer' (--default-author)" in report["files"][0]["warnings"]


@pytest.mark.django_db
def test_a_front_matter_author_mapping_gives_the_name_and_website(site):
    write(site, "walk.md", post(author="{name: Rui Paz, url: 'https://rui.example.org/', picture: rui.png}"))

    code, report = run_json(site)

    assert code == 0, report
    author = Article.objects.get().author
    assert (author.name, author.website) == ("Rui Paz", "https://rui.example.org/")


@pytest.mark.django_db
def test_an_author_list_uses_the_first_and_keeps_the_list_for_export(site):
    write(site, "walk.md", post(author="[Rui Paz, Ana Lind]"))

    _, report = run_json(site)

    article = Article.objects.get()
    assert article.author.name == "Rui Paz"
    assert article.extra_front_matter == {"authors": ["Rui Paz", "Ana Lind"]}
    assert report["files"][0]["warnings"] == [
        "author: Folio keeps one author per article; 'Rui Paz' is used and 'Ana Lind' kept for export"
    ]


@pytest.mark.django_db
def test_a_site_config_that_cannot_be_read_is_a_warning_and_the_default_author_is_used(site):
    write(site, "_config.yml", "author: [unclosed\n")
    write(site, "_posts/2024-03-01-a-walk.md", post())

    code, report = run_json(site / "_posts")

    assert code == 0, report
    assert Article.objects.get().author.name == "The Desk"
    warnings = report["files"][0]["warnings"]
    assert warnings[0] == (
        "the site config _config.yml could not be read (not valid YAML on line 2: did not find expected ',' or "
        "']' (while parsing a flow sequence on line 1)); it was not used"
    )
    assert warnings[1] == "no author: imported under 'The Desk' (DEFAULT_AUTHOR)"


# Titles


@pytest.mark.django_db
def test_a_jekyll_post_without_a_title_takes_its_file_name_with_each_word_capitalised(site):
    write(site, "2023-01-29-my-first-walk.md", post(title=None))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert (article.title, article.slug) == ("My First Walk", "my-first-walk")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "config, title",
    [
        ("plugins:\n  - jekyll-feed\n  - jemoji\n", "🍜 Noodles: a guide"),
        ("gems: [jemoji]\n", "🍜 Noodles: a guide"),
        ("plugins:\n  - jekyll-feed\n", ":ramen: Noodles: a guide"),  # without jemoji the page shows it so
    ],
)
def test_a_jekyll_title_shows_its_emoji_shortcodes_as_emoji_when_the_site_uses_jemoji(site, tmp_path, config, title):
    write(site, "_config.yml", "title: Notes\n" + config)
    write(site, "_posts/2024-03-01-noodles.md", post(title='":ramen: Noodles: a guide"'))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get().title == title
    before = snapshot()
    assert export_and_reimport(tmp_path)[0] == before


@pytest.mark.django_db
def test_a_dated_post_folder_gives_its_index_the_date_title_and_slug(site):
    write(site, "blog/2021-08-26-long-walk/index.md", "---\ntags: [maps]\n---\nSome words.\n")

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert (article.slug, article.title) == ("long-walk", "Long Walk")
    assert article.publish_date == datetime(2021, 8, 26, tzinfo=PARIS)


@pytest.mark.django_db
def test_a_post_without_a_title_takes_its_first_heading_which_leaves_the_body(site):
    write(site, "walk.md", "---\ndate: 2024-03-01\n---\n\n# The Long Walk\n\nSome words.\n")

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.title == "The Long Walk"
    assert "Long Walk" not in article.body


@pytest.mark.django_db
def test_a_dated_post_without_a_title_is_named_by_its_file_not_by_a_heading_further_down(site):
    write(site, "_config.yml", "title: Harbour\n")
    later = "---\nauthor: W\n---\nThe boats came in.\n\n# Cargo\n\nCrates.\n"
    write(site, "_posts/2020-07-07-harbour-notes.md", later)
    write(site, "_posts/2020-07-08-tides.md", "---\nauthor: W\n---\n# Spring Tides\n\nHigh water.\n")

    code, report = run_json(site)

    assert code == 0, report
    titles = dict(Article.objects.values_list("slug", "title"))
    assert titles == {"harbour-notes": "Harbour Notes", "tides": "Spring Tides"}
    assert "# Cargo" in Article.objects.get(slug="harbour-notes").body


@pytest.mark.django_db
def test_an_mkdocs_page_takes_its_first_heading_as_title_wherever_it_is(site):
    write(site, "mkdocs.yml", "site_name: Harbour\n")
    write(site, "docs/2020-07-07-harbour-notes.md", "---\nauthor: W\n---\nThe boats came in.\n\n# Cargo\n\nCrates.\n")

    code, report = run_json(site / "docs", "--root", site)

    assert code == 0, report
    assert Article.objects.get().title == "Cargo"


@pytest.mark.django_db
def test_an_eleventy_page_without_a_title_or_heading_takes_its_name_in_the_site_s_navigation(site):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    navigation = "eleventyNavigation:\n  parent: Guides\n  key: Shared Maps\n  order: 2\n"
    write(site, "src/guides/maps.md", f"---\n{navigation}author: W\n---\nHow to share a map.\n")
    named = "eleventyNavigation:\n  key: trails\n  title: '<i class=\"icon-map\"></i>Trail &amp; <code>Notes</code>'\n"
    write(site, "src/guides/trails.md", f"---\n{named}author: W\n---\nWhere the trails go.\n")
    huts = "---\neleventyNavigation:\n  key: Huts\nauthor: W\n---\n# Mountain Huts\n\nBeds.\n"
    write(site, "src/guides/huts.md", huts)

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    titles = dict(Article.objects.values_list("slug", "title"))
    assert titles == {"maps": "Shared Maps", "trails": "Trail & Notes", "huts": "Mountain Huts"}
    assert Article.objects.get(slug="maps").extra_front_matter["eleventyNavigation"]["parent"] == "Guides"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "config, text, folder",
    [
        ("hugo.toml", 'title = "Notes"\n', "content/status"),
        (".eleventy.js", "module.exports = () => ({ dir: { input: 'src' } });\n", "src/notes"),
    ],
)
def test_an_untitled_post_without_a_heading_on_a_generators_site_is_titled_by_its_first_words_with_a_warning(
    site, config, text, folder
):
    write(site, config, text)
    short = "---\ndate: 2024-03-01\nauthor: Mira Sol\n---\nThe ferry is ~~late~~ early today. More soon.\n"
    write(site, f"{folder}/a1f3.md", short)
    long = "Packed the **tent**, two maps and a [stove](https://example.org/stove) for the long coast walk north."
    write(site, f"{folder}/b7c2.md", f"---\ndate: 2024-03-02\nauthor: Mira Sol\n---\n{long}\n")

    code, report = run_json(site / folder.split("/")[0], "--root", site)

    assert code == 0, report
    assert dict(Article.objects.values_list("slug", "title")) == {
        "a1f3": "The ferry is late early today",
        "b7c2": "Packed the tent, two maps and a stove for the…",
    }
    assert "The ferry is ~~late~~ early today." in Article.objects.get(slug="a1f3").body
    assert next(f["warnings"] for f in report["files"] if f["path"].endswith("a1f3.md")) == [
        "no title: titled by its first words, 'The ferry is late early today', as the site shows the post untitled"
    ]


@pytest.mark.django_db
def test_an_untitled_file_without_a_heading_outside_a_generators_site_still_fails_for_its_missing_title(site):
    write(site, "notes/a1f3.md", "---\ndate: 2024-03-01\nauthor: Mira Sol\n---\nThe ferry is early today.\n")

    code, report = run_json(site / "notes")

    assert code == 1, report
    assert report["files"][0]["errors"] == ["missing title"]


@pytest.mark.django_db
def test_a_page_s_eleventy_navigation_name_is_no_title_outside_an_eleventy_site(site):
    write(site, "hugo.toml", 'title = "A site"\n')
    write(site, "content/maps.md", "---\neleventyNavigation:\n  key: Shared Maps\nauthor: W\n---\nWords.\n")

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert Article.objects.get().title == "Words"


@pytest.mark.django_db
def test_a_title_from_a_heading_leaves_out_its_template_tags_but_not_code_showing_one(site):
    write(site, "eleventy.config.js", "export const config = {};\n")
    write(site, "maps.md", '---\nauthor: W\n---\n# Shared Maps {% since "2.1" %}\n\nWords.\n')
    write(site, "tags.md", "---\nauthor: W\n---\n# The `{% raw %}` tag {{< badge >}}\n\nWords.\n")

    code, report = run_json(site)

    assert code == 0, report
    titles = dict(Article.objects.values_list("slug", "title"))
    assert titles == {"maps": "Shared Maps", "tags": "The {% raw %} tag"}


@pytest.mark.django_db
def test_a_body_opening_with_the_title_as_a_heading_does_not_show_the_title_twice(site):
    write(site, "walk.md", "---\ntitle: The Long Walk\ndate: 2024-03-01\n---\n\n# The Long Walk\n\nSome words.\n")

    run_json(site)

    assert Article.objects.get().body.strip() == "Some words."


@pytest.mark.django_db
def test_javascript_front_matter_of_plain_values_is_read(site):
    write(
        site,
        "walk.md",
        "---js\nconst title = 'A Walk';\nconst date = \"2024-03-01\";\nconst tags = [\"maps\", 'hills',];\n"
        'const eleventyNavigation = {\n\tkey: "Walk",\n\torder: 3\n};\nexport { title, eleventyNavigation };\n'
        "---\nSome words.\n",
    )
    write(site, "old-style.md", '---js\n{ title: "Old style", draft: true }\n---\nMore words.\n')

    code, report = run_json(site)

    assert code == 0, report
    walk = Article.objects.get(title="A Walk")
    assert sorted(walk.tags.values_list("name", flat=True)) == ["hills", "maps"]
    assert walk.extra_front_matter["eleventyNavigation"] == {"key": "Walk", "order": 3}
    assert Article.objects.get(title="Old style").status == Article.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("front", "error"),
    [
        (
            "const title = 'A Walk';\nconst date = () => new Date();\n",
            "front matter: date is JavaScript code, not a plain value (text, number, true/false, list or object); "
            "Folio runs no code: write it as YAML between --- lines",
        ),
        (
            "import x from 'y';\nconst title = 'A Walk';\n",
            "the front matter is JavaScript (---js) that is not plain data; Folio reads `const name = value;` lines "
            "and object literals, and runs no code: write it as YAML between --- lines",
        ),
    ],
)
def test_javascript_front_matter_that_is_code_fails_naming_what_folio_reads(site, front, error):
    write(site, "walk.md", f"---js\n{front}---\nSome words.\n")

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == [error]


@pytest.mark.django_db
def test_json_front_matter_is_read(site):
    write(site, "walk.md", '---json\n{"title": "A Walk", "date": "2024-03-01", "tags": ["maps"]}\n---\nSome words.\n')

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert (article.title, list(article.tags.values_list("name", flat=True))) == ("A Walk", ["maps"])


@pytest.mark.django_db
def test_invalid_json_front_matter_is_an_error_with_its_line(site):
    write(site, "walk.md", '---json\n{"title": "A Walk",\n "date": }\n---\nSome words.\n')

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"][0].startswith("the front matter is not valid JSON on line 3: ")


# Dates


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("'Jan 5, 2021'", datetime(2021, 1, 5, tzinfo=PARIS)),
        ("'2016-02-14 12:00:00 -0500'", datetime(2016, 2, 14, 17, tzinfo=UTC)),
        ("2023-01-29 18:30:22 2023 -0800", datetime(2023, 1, 30, 2, 30, 22, tzinfo=UTC)),
        ("'Tuesday, 5 January 2021 10:00'", datetime(2021, 1, 5, 10, tzinfo=PARIS)),
    ],
)
def test_dates_are_read_as_leniently_as_generators_read_them(site, written, expected):
    write(site, "walk.md", post(date=written))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().publish_date == expected


@pytest.mark.django_db
def test_a_date_without_a_day_is_not_completed_from_today_but_the_file_name_date_is_used(site):
    write(site, "2021-03-09-walk.md", post(date="'March 2021'"))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().publish_date == datetime(2021, 3, 9, tzinfo=PARIS)
    assert (
        "date: 'March 2021' is not a date (use YYYY-MM-DD); the date in the file name, 2021-03-09, is used"
        in (report["files"][0]["warnings"])
    )


@pytest.mark.django_db
def test_an_unreadable_date_falls_back_to_the_file_name_date_with_a_warning(site):
    write(site, "2023-01-29-walk.md", post(date="'someday soon'"))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().publish_date == datetime(2023, 1, 29, tzinfo=PARIS)
    assert (
        "date: 'someday soon' is not a date (use YYYY-MM-DD); the date in the file name, 2023-01-29, is used"
        in report["files"][0]["warnings"]
    )


@pytest.mark.django_db
def test_an_unreadable_date_in_a_jekyll_post_falls_back_to_the_file_name_date_for_the_article_and_its_address(site):
    write(site, "_config.yml", "title: A Jekyll site\n")
    write(site, "_posts/2020-01-05-x.md", post(date="someday"))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.publish_date == datetime(2020, 1, 5, tzinfo=PARIS)
    assert list(article.old_addresses.values_list("path", flat=True)) == ["/2020/01/05/x.html"]
    assert report["files"][0]["errors"] == []
    assert [w for w in report["files"][0]["warnings"] if "someday" in w] == [
        "date: 'someday' is not a date (use YYYY-MM-DD); the date in the file name, 2020-01-05, is used"
    ]


@pytest.mark.django_db
def test_mkdocs_date_mapping_gives_the_created_date_and_keeps_the_mapping(site):
    write(site, "walk.md", post(date="{created: 2024-03-01, updated: 2024-04-02}"))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.publish_date == datetime(2024, 3, 1, tzinfo=PARIS)
    assert article.extra_front_matter == {"date": {"created": "2024-03-01", "updated": "2024-04-02"}}


@pytest.mark.django_db
def test_a_bad_update_date_in_the_mkdocs_mapping_is_an_error_naming_it(site):
    write(site, "walk.md", post(date="{created: 2024-03-01, updated: [1]}"))

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == ["date.updated: a list is not a date (use YYYY-MM-DD)"]


def mkdocs_blog(site, plugins: str = "[meta, blog]") -> None:
    """A Material blog whose drafts folder makes its posts drafts, and whose blog folder tags every post."""
    write(site, "mkdocs.yml", f"site_name: Notes\nplugins: {plugins}\n")
    write(site, "docs/blog/.meta.yml", "tags: [blog]\ndraft: false\n")
    write(site, "docs/blog/posts/drafts/.meta.yml", "draft: true\ntags: [unfinished]\n")
    write(site, "docs/blog/posts/drafts/idea.md", post("An idea"))
    write(site, "docs/blog/posts/drafts/ready.md", post("Ready", draft="false"))
    write(site, "docs/blog/posts/out.md", post("Out", tags="[news]"))


@pytest.mark.django_db
def test_mkdocs_meta_files_apply_to_the_pages_below_them_the_nearest_first_and_the_page_own_front_matter_last(site):
    mkdocs_blog(site)

    code, report = run_json(site, "--root", site)

    assert code == 0, report
    statuses = dict(Article.objects.values_list("slug", "status"))
    assert statuses == {"idea": "draft", "ready": "published", "out": "published"}
    tags = {article.slug: sorted(article.tags.values_list("slug", flat=True)) for article in Article.objects.all()}
    assert tags == {"idea": ["blog", "unfinished"], "ready": ["blog", "unfinished"], "out": ["blog", "news"]}


@pytest.mark.django_db
def test_mkdocs_meta_files_mean_nothing_without_the_meta_plugin(site):
    mkdocs_blog(site, plugins="[blog]")

    run_json(site, "--root", site)

    assert Article.objects.get(slug="idea").status == Article.Status.PUBLISHED


@pytest.mark.django_db
def test_a_meta_file_that_makes_an_imported_post_a_draft_changes_it_on_the_next_import(site):
    write(site, "mkdocs.yml", "site_name: Notes\nplugins: [meta, blog]\n")
    write(site, "docs/blog/posts/drafts/idea.md", post("An idea"))
    run_json(site, "--root", site)
    assert Article.objects.get().status == Article.Status.PUBLISHED
    write(site, "docs/blog/posts/drafts/.meta.yml", "draft: true\n")

    _, report = run_json(site, "--root", site)

    assert report["summary"]["updated"] == 1
    assert Article.objects.get().status == Article.Status.DRAFT


@pytest.mark.django_db
def test_a_meta_file_that_is_not_valid_yaml_fails_the_pages_below_it_naming_it(site):
    write(site, "mkdocs.yml", "site_name: Notes\nplugins:\n  - meta:\n      meta_file: '**/.folder.yml'\n")
    write(site, "docs/drafts/.folder.yml", "draft: [true\n")
    write(site, "docs/drafts/idea.md", post("An idea"))

    code, report = run_json(site, "--root", site)

    assert code == 1
    assert report["files"][0]["errors"][0].startswith("the folder's .folder.yml (")
    assert not Article.objects.exists()


def test_worker_processes_read_the_meta_files_too(site):
    mkdocs_blog(site)

    prepared = prepare(site / "docs/blog/posts/drafts/idea.md", root=site, max_bytes=10**6)

    assert prepared.fm.draft is True
    assert prepared.inherited == {"tags": ["blog", "unfinished"], "draft": True}


@pytest.mark.django_db
def test_hugo_publish_date_wins_over_date_which_is_kept(site):
    write(site, "walk.md", post(date="2024-03-01", publishDate="2024-03-05"))

    run_json(site)

    article = Article.objects.get()
    assert article.publish_date == datetime(2024, 3, 5, tzinfo=PARIS)
    assert article.extra_front_matter == {"date": "2024-03-01"}


@pytest.mark.django_db
def test_an_expired_hugo_page_is_imported_as_a_draft_with_a_warning_and_keeps_its_expiry_date(site):
    write(site, "walk.md", post(expiryDate="2024-06-01"))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.extra_front_matter == {"expiryDate": "2024-06-01"}
    assert report["files"][0]["warnings"] == [
        "no author: imported under 'The Desk' (DEFAULT_AUTHOR)",
        "expiryDate: 2024-06-01 has passed, and the site no longer shows an expired page: "
        "imported as a draft (the date is kept for export)",
    ]


@pytest.mark.django_db
def test_an_undated_page_of_a_generator_site_is_published_and_keeps_its_first_date(site, monkeypatch):
    write(site, "hugo.toml", "title = 'A site'\n")
    write(site, "content/about.md", post(title="About", date=None, author="Ana"))
    first = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: first)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert (article.status, article.publish_date) == (Article.Status.PUBLISHED, first)
    assert report["files"][0]["warnings"] == [
        "no date: published, dated at its first import, as Hugo publishes a page without one"
    ]
    write(site, "content/about.md", post(title="About us", date=None, author="Ana"))
    monkeypatch.setattr(timezone, "now", lambda: first + timedelta(days=30))
    run_json(site)
    assert Article.objects.get().publish_date == first


@pytest.mark.django_db
def test_an_undated_file_outside_a_generator_site_is_a_draft(site):
    write(site, "walk.md", post(date=None, author="Ana"))

    code, report = run_json(site)

    assert code == 0

    assert Article.objects.get().status == Article.Status.DRAFT
    assert report["files"][0]["warnings"] == ["no publish_date: imported as a draft"]


@pytest.mark.django_db
def test_a_page_that_expires_later_is_published(site):
    later = (timezone.now() + timedelta(days=30)).date().isoformat()
    write(site, "walk.md", post(expiryDate=later))

    run_json(site)

    assert Article.objects.get().status == Article.Status.PUBLISHED


@pytest.mark.django_db
def test_an_expiry_date_that_is_no_date_is_an_error_naming_the_key(site):
    write(site, "walk.md", post(expiryDate="{a: 1}"))

    _, report = run_json(site)

    assert report["files"][0]["errors"] == ["expiryDate: a mapping is not a date (use YYYY-MM-DD)"]


# Section and list pages


@pytest.mark.django_db
def test_hugo_section_and_list_pages_are_skipped_with_a_reason_and_bundles_are_articles(site):
    write(site, "hugo.toml", 'title = "Notes"\n')
    write(site, "content/_index.md", "+++\nauthor = 'X'\n+++\n")
    write(site, "content/post/_index.md", "---\ntitle: Posts\n---\n")
    write(site, "content/archives.md", "---\ndate: 2024-01-01\ntype: section\nlayout: archives\n---\n")
    write(site, "content/404.md", "---\ntitle: Not found\n---\nGone.\n")
    write(site, "content/post/walk.md", post())
    write(site, "content/post/swim/index.md", post(title="A Swim"))
    write(site, "content/homepage/index.md", "---\nheadless: true\n---\n")
    write(site, "content/homepage/about.md", post(title="About"))

    code, report = run_json(site / "content")

    assert code == 0, report
    assert statuses(report) == {
        "content/404.md": "skipped",
        "content/_index.md": "skipped",
        "content/archives.md": "skipped",
        "content/homepage/about.md": "skipped",
        "content/homepage/index.md": "skipped",
        "content/post/_index.md": "skipped",
        "content/post/swim/index.md": "created",
        "content/post/walk.md": "created",
    }
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["swim", "walk"]
    reasons = {f["path"].rsplit("/", 1)[1]: f["warnings"] for f in report["files"] if f["status"] == "skipped"}
    assert reasons["_index.md"] == ["a section's list page (_index.md), not an article; Folio makes its own lists"]
    assert reasons["archives.md"] == ["a listing page (layout: archives), not an article; Folio makes its own lists"]
    assert reasons["404.md"] == ["the site's 'page not found' page, not an article"]


@pytest.mark.django_db
def test_a_page_hugo_does_not_render_itself_or_by_its_section_s_cascade_is_skipped_with_the_reason(site):
    write(site, "hugo.toml", 'title = "Notes"\n')
    write(site, "content/post/walk.md", post())
    write(
        site, "content/post/draft-notes.md", post(title="Notes").replace("---\n", "---\nbuild:\n  render: never\n", 1)
    )
    write(site, "content/post/old.md", post(title="Old").replace("---\n", "---\n_build:\n  render: false\n", 1))
    write(site, "content/_common/_index.md", "---\ncascade:\n  build:\n    render: never\n---\n")
    write(site, "content/_common/snippet.md", post(title="Snippet"))

    code, report = run_json(site / "content")

    assert code == 0, report
    assert Article.objects.get().slug == "walk"
    reasons = {f["path"].rsplit("/", 1)[1]: f["warnings"] for f in report["files"] if f["status"] == "skipped"}
    assert reasons["draft-notes.md"] == [
        "a page Hugo does not render (build.render: never), which the site publishes nowhere"
    ]
    assert reasons["old.md"] == ["a page Hugo does not render (_build.render: false), which the site publishes nowhere"]
    assert reasons["snippet.md"] == [
        "a page Hugo does not render (build.render: never, cascaded from _common/_index.md), "
        "which the site publishes nowhere"
    ]


@pytest.mark.django_db
def test_the_index_of_a_section_is_skipped_and_a_post_folder_index_is_an_article(site):
    write(site, "blog/index.md", "# Blog\n")
    write(site, "blog/posts/walk.md", post())
    write(site, "blog/a-swim/index.md", post(title="A Swim"))

    code, report = run_json(site)

    assert code == 0, report
    assert statuses(report) == {
        "blog/a-swim/index.md": "created",
        "blog/index.md": "skipped",
        "blog/posts/walk.md": "created",
    }
    assert next(f for f in report["files"] if f["path"].endswith("blog/index.md"))["warnings"] == [
        "the list page of the section blog/ (an index.md beside other Markdown files)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("plugin, warned", [("markdown-exec", True), ("search", False)])
def test_a_code_block_markdown_exec_runs_is_kept_as_code_with_a_warning_naming_it(site, plugin, warned):
    write(site, "mkdocs.yml", f"site_name: Notes\nplugins:\n  - {plugin}\n")
    ran = '```python exec="1"\nprint("<b>tide table</b>")\n```\n'
    plain = "\n```python\nx = 1\n```\n"
    write(site, "docs/tides.md", "---\ntitle: Tides\nauthor: Mira Sol\n---\nToday:\n\n" + ran + plain)

    code, report = run_json(site / "docs", "--root", site)

    assert code == 0, report
    assert ran in Article.objects.get().body
    expected = (
        'a python code block markdown-exec runs (exec="1"), opening \'print("<b>tide table</b>")\', is shown as its '
        "code: the old site showed what running it printed, and Folio runs no code"
    )
    assert (expected in report["files"][0]["warnings"]) is warned


@pytest.mark.django_db
def test_an_empty_section_index_is_skipped_as_a_list_page_not_failed_as_an_empty_file(site):
    write(site, "hugo.toml", 'title = "Notes"\n')
    write(site, "content/trips/_index.md", "")
    write(site, "content/trips/coast/index.md", post())

    code, report = run_json(site / "content")

    assert code == 0, report
    assert statuses(report) == {"content/trips/_index.md": "skipped", "content/trips/coast/index.md": "created"}
    assert report["files"][0]["errors"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "folder"), [("mkdocs.yml", "docs/guide"), ("astro.config.mjs", "src/content/blog/series")]
)
def test_an_astro_or_mkdocs_section_index_with_text_of_its_own_is_an_article_and_one_with_a_title_only_is_not(
    site, config, folder
):
    write(site, config, "site_name: Notes\n" if config == "mkdocs.yml" else "export default {};\n")
    write(site, f"{folder}/index.md", "# The Series\n\nWhat the series is about, at length.\n")
    write(site, f"{folder}/part-two.md", post(title="Part Two"))
    write(site, f"{folder}/more/index.md", "# More\n")
    write(site, f"{folder}/more/part-three.md", post(title="Part Three"))

    code, report = run_json(site / folder, "--root", site)

    assert code == 0, report
    assert statuses(report) == {
        f"{folder}/index.md": "created",
        f"{folder}/part-two.md": "created",
        f"{folder}/more/index.md": "skipped",
        f"{folder}/more/part-three.md": "created",
    }


@pytest.mark.django_db
def test_an_astro_dash_index_file_with_no_text_is_its_list_page_s_data_and_one_with_text_a_page(site):
    write(site, "astro.config.mjs", "export default {};\n")
    write(site, "src/content/blog/-index.md", "---\ntitle: Field Notes\ndescription: All the notes\n---\n")
    write(site, "src/content/blog/walk.md", post())
    write(site, "src/content/about/-index.md", "---\ntitle: About Us\n---\n\nWe walk and write.\n")

    code, report = run_json(site / "src/content", "--root", site)

    assert code == 0, report
    assert statuses(report) == {
        "src/content/blog/-index.md": "skipped",
        "src/content/blog/walk.md": "created",
        "src/content/about/-index.md": "created",
    }


@pytest.mark.django_db
def test_an_empty_tags_page_is_skipped_but_a_tags_article_with_text_is_not(site):
    write(site, "tags.md", "---\ntitle: Tags\n---\n")
    write(site, "notes/tags.md", post(title="On Tags"))

    _, report = run_json(site)

    assert statuses(report) == {"notes/tags.md": "created", "tags.md": "skipped"}


# Translations


@pytest.mark.django_db
def test_hugo_language_in_the_file_name_makes_a_linked_translation_with_its_own_slug(site):
    write(site, "hugo.toml", 'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n')
    write(site, "content/post/walk.md", post())
    write(site, "content/post/walk.fr.md", post(title="Une promenade"))

    code, report = run_json(site / "content")

    assert code == 0, report
    english, french = Article.objects.get(slug="walk"), Article.objects.get(slug="walk-fr")
    assert (english.language, french.language) == ("en", "fr")
    assert list(french.translations.values_list("slug", flat=True)) == ["walk"]
    assert list(english.translations.values_list("slug", flat=True)) == ["walk-fr"]


@pytest.mark.django_db
def test_translations_written_as_mappings_link_the_pages_their_addresses_name(site, tmp_path):
    write(site, "gatsby-config.js", "module.exports = {siteMetadata: {title: 'Notes', author: 'Tomas Rey'}};\n")
    links = "translations:\n  - link: '{link}'\n    language: {language}\n    hreflang: {code}\n"
    write(
        site,
        "content/blog/walk/index.md",
        post(language="en").replace("---\n\n", links.format(link="/walk-fr", language="French", code="fr") + "---\n\n"),
    )
    write(
        site,
        "content/blog/walk-fr/index.md",
        post(title="Une promenade", language="fr").replace(
            "---\n\n",
            links.format(link="/walk", language="English", code="en")
            + "  - link: 'https://elsewhere.example.org/walk-de'\n    language: German\n---\n\n",
        ),
    )

    code, report = run_json(site / "content")

    assert code == 0, report
    english, french = Article.objects.get(slug="walk"), Article.objects.get(slug="walk-fr")
    assert list(english.translations.values_list("slug", flat=True)) == ["walk-fr"]
    assert list(french.translations.values_list("slug", flat=True)) == ["walk"]
    warnings = [w for f in report["files"] for w in f["warnings"] if w.startswith("translations")]
    assert warnings == [
        "translations: 'https://elsewhere.example.org/walk-de' is a page of another site, not an article to link to"
    ]
    before = snapshot()
    assert export_and_reimport(tmp_path)[0] == before


@pytest.mark.django_db
def test_a_gatsby_bundles_index_beside_its_translation_is_an_article_not_a_list(site):
    write(site, "gatsby-config.js", "module.exports = {siteMetadata: {title: 'Notes', author: 'Tomas Rey'}};\n")
    write(site, "content/blog/walk/index.md", post(slug="walk", language="en"))
    write(site, "content/blog/walk/index-fr.md", post(title="Une promenade", slug="walk-fr", language="fr"))

    code, report = run_json(site / "content")

    assert code == 0, report
    assert set(statuses(report).values()) == {"created"}
    assert sorted(Article.objects.values_list("slug", "language")) == [("walk", "en"), ("walk-fr", "fr")]


@pytest.mark.django_db
def test_a_language_with_several_subtags_declared_in_a_config_folder_is_read_from_the_bundle_file_name(site):
    write(site, "config/_default/languages.toml", "[en]\nweight = 1\n[zh-hant-tw]\nweight = 2\n")
    write(site, "content/post/walk/index.md", post())
    write(site, "content/post/walk/index.zh-hant-tw.md", post(title="散步"))
    write(site, "content/page/swim/index.zh-hant-tw.md", post(title="游泳"))

    code, report = run_json(site / "content")

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", "language")) == [
        ("swim-zh-hant-tw", "zh-hant-tw"),
        ("walk", "en"),
        ("walk-zh-hant-tw", "zh-hant-tw"),
    ]


@pytest.mark.django_db
def test_a_language_suffix_is_read_in_a_bundle_without_a_site_config(site):
    write(site, "post/walk/index.md", post())
    write(site, "post/walk/index.de.md", post(title="Ein Spaziergang"))

    code, report = run_json(site)

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", "language")) == [("walk", "en"), ("walk-de", "de")]
    assert Article.objects.get(slug="walk-de").translations.get().slug == "walk"


@pytest.mark.django_db
def test_language_folders_declared_in_the_site_config_make_linked_translations(site):
    write(site, "hugo.yaml", "defaultContentLanguage: fr\nlanguages:\n  fr: {weight: 1}\n  en: {weight: 2}\n")
    write(site, "content/fr/post/walk.md", post(title="Une promenade"))
    write(site, "content/en/post/walk.md", post())

    code, report = run_json(site / "content")

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", "language")) == [("walk", "fr"), ("walk-en", "en")]
    assert Article.objects.get(slug="walk").translations.get().slug == "walk-en"


@pytest.mark.django_db
def test_a_hugo_yaml_language_keyed_no_is_norwegian_with_its_folder_as_hugo_reads_yaml_1_2(site):
    write(
        site,
        "hugo.yaml",
        "contentDir: content/en\nlanguages:\n  en: {contentDir: content/en}\n  no: {contentDir: content/no}\n",
    )
    write(site, "content/en/post/walk.md", post())
    write(site, "content/no/post/walk.md", post(title="En tur"))

    code, report = run_json(site / "content")

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", "language")) == [("walk", "en"), ("walk-no", "no")]
    assert Client().get("/no/post/walk/")["Location"] == "/articles/walk-no/"


@pytest.mark.django_db
def test_a_shared_translation_key_links_articles_whatever_their_names(site):
    write(site, "walk.md", post(translationKey="walk"))
    write(site, "promenade.md", post(title="Une promenade", lang="fr", translationKey="walk"))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get(slug="promenade").translations.get().slug == "walk"
    assert Article.objects.get(slug="walk").extra_front_matter == {"translationKey": "walk"}


@pytest.mark.django_db
def test_a_dotted_file_name_that_is_no_language_is_left_whole(site):
    write(site, "release.v2.md", post())

    run_json(site)

    assert Article.objects.get().language == "en"


# Round trip


@pytest.mark.django_db
def test_a_generator_site_imported_then_exported_imports_again_the_same(site, tmp_path):
    write(site, "mkdocs.yml", "site_name: Notes\n")
    write(site, "docs/blog/.authors.yml", "authors:\n  ana:\n    name: Ana Lind\n  bo:\n    name: Bo Tran\n")
    write(
        site,
        "docs/blog/posts/walk.md",
        post(
            title=None, authors="[ana, bo]", date="{created: 2024-03-01, updated: 2024-04-02}", expiryDate="2024-06-01"
        ).replace("Some words.", "# A Walk\n\nSome words."),
    )
    write(site, "docs/blog/posts/walk.fr.md", post(title="Une promenade", author="'Ana Lind'"))
    run_json(site / "docs/blog/posts")
    before = snapshot()

    after, report = export_and_reimport(tmp_path)

    assert report.summary["failed"] == 0, report.as_dict()
    assert after == before
    assert before["walk"]["author"] == "ana-lind"
    assert before["<authors>"]["ana-lind"]["name"] == "Ana Lind"
    assert before["walk"]["translations"] == ["walk-fr"]


@pytest.mark.django_db
def test_a_folder_s_readme_is_named_after_its_folder_so_two_folders_readmes_do_not_collide(site):
    write(site, "mkdocs.yml", "site_name: Notes\n")
    write(site, "docs/user-guide/README.md", post(title="The User Guide"))
    write(site, "docs/dev-guide/README.md", post(title="The Developer Guide"))

    code, report = run_json(site / "docs", "--root", site)

    assert code == 0, report
    assert set(Article.objects.values_list("slug", flat=True)) == {"user-guide", "dev-guide"}
    assert Client().get("/user-guide/").status_code == 301


@pytest.mark.django_db
def test_an_mkdocs_page_with_neither_title_nor_heading_is_named_after_its_file_as_mkdocs_names_it(site):
    write(site, "mkdocs.yml", "site_name: Notes\n")
    write(site, "docs/getting-started.md", "Some words.\n")
    write(site, "docs/user_guide/index.md", "More words.\n")
    write(site, "docs/user_guide/FAQ.md", "Answers.\n")

    code, report = run_json(site / "docs", "--root", site, "--default-author", "W")

    assert code == 0, report
    assert sorted(Article.objects.values_list("title", flat=True)) == ["FAQ", "Getting started", "User guide"]


CONFIG_WITH_DOCS_DIR = "site_name: Notes\nsite_author: Mira Sol\ndocs_dir: pages/src/text\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "configs",
    [
        # Zensical builds from a zensical.yml in mkdocs.yml's shape.
        {"zensical.yml": CONFIG_WITH_DOCS_DIR},
        # The one below is a source a build copies to the top, its docs_dir written from there.
        {
            "pages/src/mkdocs.yml": CONFIG_WITH_DOCS_DIR.replace("Mira Sol", "A Template"),
            "mkdocs.yml": CONFIG_WITH_DOCS_DIR,
        },
    ],
)
def test_the_mkdocs_config_read_is_the_nearest_whose_docs_dir_holds_the_import_a_zensical_yml_too(site, configs):
    for name, text in configs.items():
        write(site, name, text)
    write(site, "pages/src/text/guide/setup.md", post(title="Setting up"))

    code, report = run_json(site / "pages/src/text", "--root", site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.author.name == "Mira Sol"
    assert list(article.old_addresses.values_list("path", flat=True)) == ["/guide/setup/"]


ZENSICAL_TOML = """\
[project]
site_name = "Notes"
site_author = "Mira Sol"

[project.plugins.blog]
post_url_format = "{date}/{slug}"

[project.markdown_extensions.pymdownx.superfences]
"""


@pytest.mark.django_db
def test_a_zensical_toml_is_read_as_the_mkdocs_config_its_project_table_holds(site):
    write(site, "zensical.toml", ZENSICAL_TOML)
    write(site, "docs/blog/.authors.yml", "authors:\n  ana:\n    name: Ana Lind\n")
    write(site, "docs/blog/posts/walk.md", post(date="2024-03-01", authors="[ana]"))
    write(site, "docs/blog/posts/swim.md", post(title="A Swim", date="2024-04-02"))

    code, report = run_json(site / "docs/blog", "--root", site)

    assert code == 0, report
    walk, swim = Article.objects.order_by("publish_date")
    assert (walk.author.name, swim.author.name) == ("Ana Lind", "Mira Sol")
    assert list(walk.old_addresses.values_list("path", flat=True)) == ["/blog/2024/03/01/a-walk/"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "listing",
    [
        "---\ntitle: Blog\npermalink: /blog/\n---\n"
        "{% for post in collections.blog | reverse %}\n- {{ post.data.title }}\n{% endfor %}\n",
        "---\ntitle: Tags\npagination:\n  data: collections\n  size: 1\n---\nA tag.\n",
    ],
)
def test_an_eleventy_page_that_loops_or_pages_over_its_collections_is_a_listing_skipped_with_the_reason(site, listing):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    write(site, "src/blog.md", listing)
    write(site, "src/blog/walk.md", post(author="W"))

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert statuses(report) == {"src/blog.md": "skipped", "src/blog/walk.md": "created"}


@pytest.mark.django_db
def test_an_eleventy_page_with_permalink_false_is_written_nowhere_and_skipped_with_the_reason(site):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    menu = "---\neleventyNavigation:\n  key: Why walk?\n  url: /#why\npermalink: false\n---\n"
    write(site, "src/docs/menu-why.md", menu)
    write(site, "src/docs/walk.md", post(author="W", permalink="/walk/"))

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert statuses(report) == {"src/docs/menu-why.md": "skipped", "src/docs/walk.md": "created"}
    skipped = next(f for f in report["files"] if f["status"] == "skipped")
    assert "(permalink: false)" in skipped["warnings"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("words", ["Last Modified", "git Last Modified", "Created"])
def test_an_eleventy_date_given_as_the_file_s_own_time_is_that_time_and_says_so(site, words):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    page = write(site, "src/privacy.md", f"---\ntitle: Privacy\nauthor: W\ndate: {words}\n---\nWhat we keep.\n")
    moment = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    os.utime(page, (moment.timestamp(), moment.timestamp()))

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    article = Article.objects.get()
    if words != "Created":  # a file's creation time is the file system's, where it keeps one
        assert article.publish_date == moment
    assert f"date: '{words}' is the file's own date" in " ".join(report["files"][0]["warnings"])


@pytest.mark.django_db
def test_last_modified_is_a_date_only_on_an_eleventy_site(site):
    write(site, "hugo.toml", 'title = "A site"\n')
    write(site, "content/posts/privacy.md", "---\ntitle: Privacy\nauthor: W\ndate: Last Modified\n---\nText.\n")

    code, report = run_json(site / "content", "--root", site)

    assert code == 1
    assert "date: 'Last Modified' is not a date" in report["files"][0]["errors"][0]


# Pages of one name in different folders


def hugo_docs(site, *pages: tuple[str, str, str]) -> None:
    """A Hugo documentation site whose content is mounted from content/en, as gohugoio/hugoDocs' is; each page is
    (path inside content/en, title, body)."""
    write(site, "hugo.toml", '[module]\n[[module.mounts]]\nsource = "content/en"\ntarget = "content"\n')
    for path, title, body in pages:
        write(site, f"content/en/{path}", f"---\ntitle: {title}\n---\n\n{body}\n")


INTRODUCTIONS = (
    ("about/introduction.md", "About Hugo", "Then [get started](../getting-started/introduction/)."),
    ("getting-started/introduction.md", "Getting started", "First [about Hugo](/about/introduction/)."),
)


def slugs_by_file(report: dict) -> dict[str, str]:
    return {f["path"].rsplit("/content/en/", 1)[1]: f["slug"] for f in report["files"]}


@pytest.mark.django_db
def test_a_page_whose_slug_another_file_has_gets_its_folders_in_front_and_a_warning_naming_both(site):
    hugo_docs(site, *INTRODUCTIONS)

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert slugs_by_file(report) == {
        "about/introduction.md": "introduction",
        "getting-started/introduction.md": "getting-started-introduction",
    }
    assert (
        "slug 'introduction' already belongs to the file content/en/about/introduction.md, so this file's article "
        "is 'getting-started-introduction'; its old address /getting-started/introduction/ leads there"
    ) in report["files"][1]["warnings"]
    assert not any("slug" in warning for warning in report["files"][0]["warnings"])


@pytest.mark.django_db
def test_the_old_address_of_a_page_named_after_its_folders_redirects_to_its_article(site):
    hugo_docs(site, *INTRODUCTIONS)
    run_json(site / "content", "--root", site)

    client = Client()
    moved = client.get("/getting-started/introduction/")
    kept = client.get("/about/introduction/")

    assert (moved.status_code, moved["Location"]) == (301, "/articles/getting-started-introduction/")
    assert (kept.status_code, kept["Location"]) == (301, "/articles/introduction/")
    assert client.get(moved["Location"]).status_code == 200


@pytest.mark.django_db
def test_links_between_two_pages_of_one_name_point_at_each_one_s_article(site):
    hugo_docs(site, *INTRODUCTIONS)

    run_json(site / "content", "--root", site)

    about = Article.objects.get(slug="introduction")
    getting_started = Article.objects.get(slug="getting-started-introduction")
    assert "[get started](/articles/getting-started-introduction/)" in about.body
    assert "[about Hugo](/articles/introduction/)" in getting_started.body


@pytest.mark.django_db
def test_importing_the_site_again_finds_every_page_under_the_slug_it_was_given(site):
    hugo_docs(site, *INTRODUCTIONS)
    _, first = run_json(site / "content", "--root", site)
    write(site, "content/en/getting-started/introduction.md", "---\ntitle: Getting started, again\n---\n\nText.\n")

    code, again = run_json(site / "content", "--root", site)

    assert code == 0, again
    assert slugs_by_file(again) == slugs_by_file(first)
    assert [f["status"] for f in again["files"]] == ["unchanged", "updated"]
    assert Article.objects.get(slug="getting-started-introduction").title == "Getting started, again"
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_page_named_after_its_folders_keeps_that_slug_when_the_one_it_could_not_have_is_free_again(site):
    hugo_docs(site, *INTRODUCTIONS)
    run_json(site / "content", "--root", site)
    (site / "content/en/about/introduction.md").unlink()
    Article.objects.filter(slug="introduction").delete()

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert [(f["slug"], f["status"]) for f in report["files"]] == [("getting-started-introduction", "unchanged")]


@pytest.mark.django_db
def test_a_page_imported_later_whose_slug_an_earlier_article_has_gets_its_folders_in_front(site):
    hugo_docs(site, INTRODUCTIONS[1])
    run_json(site / "content", "--root", site)
    hugo_docs(site, INTRODUCTIONS[0])

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert slugs_by_file(report) == {
        "about/introduction.md": "about-introduction",
        "getting-started/introduction.md": "introduction",
    }
    assert [f["status"] for f in report["files"]] == ["created", "unchanged"]


@pytest.mark.django_db
def test_a_hugo_slug_is_its_section_s_so_two_sections_may_have_one_and_both_old_addresses_redirect(site):
    write(site, "hugo.toml", 'title = "Notes"\n')
    write(site, "content/blog/walk.md", post(slug="notes"))
    write(site, "content/docs/guide.md", post(title="Guide", slug="notes"))

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["docs-notes", "notes"]
    assert Client().get("/docs/notes/")["Location"] == "/articles/docs-notes/"
    assert Client().get("/blog/notes/")["Location"] == "/articles/notes/"


@pytest.mark.django_db
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_of_two_pages_of_one_name_the_one_in_fewest_folders_keeps_the_slug_whatever_the_processes(
    site, monkeypatch, jobs
):
    monkeypatch.setattr(import_workers, "PARALLEL_MIN_FILES", 0)
    hugo_docs(
        site,
        # Read first, and its link asks for the slug of a page in a folder before the page at the top is read.
        ("a.md", "Start", 'Read [the notes]({{< ref "insiders/upgrade.md" >}}).'),
        ("insiders/upgrade.md", "Upgrading Insiders", "Text."),
        ("upgrade.md", "Upgrading", "Text."),
    )

    code, report = run_json(site / "content", "--root", site, "--jobs", jobs)

    assert code == 0, report
    assert slugs_by_file(report) == {"a.md": "a", "upgrade.md": "upgrade", "insiders/upgrade.md": "insiders-upgrade"}
    assert "[the notes](/articles/insiders-upgrade/)" in Article.objects.get(slug="a").body


@pytest.mark.django_db
def test_a_page_whose_folder_named_slug_is_taken_too_gets_a_number(site):
    hugo_docs(
        site,
        ("0/x.md", "First", "Text."),
        ("a-b/x.md", "Second", "Text."),
        ("a/b/x.md", "Third", "Text."),
        ("x.md", "Fourth", "Text."),
    )

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert slugs_by_file(report) == {"x.md": "x", "0/x.md": "0-x", "a-b/x.md": "a-b-x", "a/b/x.md": "a-b-x-2"}


@pytest.mark.django_db
def test_a_page_named_after_long_folders_keeps_within_the_longest_slug(site):
    name, folder = "n" * 250, "f" * 200
    hugo_docs(site, (f"a/{name}.md", "First", "Text."), (f"{folder}/{name}.md", "Second", "Text."))

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert slugs_by_file(report)[f"{folder}/{name}.md"] == f"{'f' * 49}-{name}"


@pytest.mark.django_db
def test_a_site_whose_pages_were_named_after_their_folders_exports_and_imports_again_the_same(site, tmp_path):
    hugo_docs(site, *INTRODUCTIONS)
    run_json(site / "content", "--root", site)
    before = snapshot()

    after, report = export_and_reimport(tmp_path)

    assert report.summary["failed"] == 0, report.as_dict()
    assert after == before
    assert before["getting-started-introduction"]["old_addresses"] == ["/getting-started/introduction/"]
