"""Front matter and template tags as other tools write them: Astro, Hugo, Jekyll, Ghost."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articles.import_workers import prepare
from articles.models import Article
from tests.markdown_files import media_files, png, run, run_json, write

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def site_settings(settings, media_root):
    settings.TIME_ZONE = "Europe/Paris"


ASTRO = """\
---
title: 'Charting the Tides'
description: 'A short history of tide tables.'
author: 'Ola Berg'
pubDate: 'Jul 08 2022'
updatedDate: 'Jul 10 2022'
heroImage: 'https://example.org/tides.jpg'
---

Body.
"""


@pytest.mark.django_db
def test_astro_keys_give_the_publish_date_and_hero_and_keep_the_update_date(site):
    write(site, "tides.md", ASTRO)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get(slug="tides")
    assert article.publish_date == datetime(2022, 7, 8, tzinfo=PARIS)
    assert article.status == Article.Status.PUBLISHED
    assert article.description == "A short history of tide tables."
    assert article.hero_image_url == "https://example.org/tides.jpg"
    assert article.extra_front_matter == {"updatedDate": "Jul 10 2022"}


ASTRO_PAPER = """\
---
title: 'Adding new posts'
author: 'Sat Naing'
pubDatetime: 2022-09-23T15:22:00Z
modDatetime: 2022-09-25T10:00:00Z
description: 'How to add posts in AstroPaper.'
---

Body.
"""


@pytest.mark.django_db
def test_astro_paper_pub_datetime_is_the_publish_date_and_its_mod_datetime_is_checked_and_kept(site):
    write(site, "adding-new-posts.md", ASTRO_PAPER)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.publish_date == datetime(2022, 9, 23, 15, 22, tzinfo=UTC)
    assert article.status == Article.Status.PUBLISHED
    assert article.extra_front_matter == {"modDatetime": "2022-09-25T10:00:00+00:00"}
    assert report["files"][0]["warnings"] == []


@pytest.mark.django_db
def test_an_astro_paper_mod_datetime_that_is_no_date_is_an_error_naming_it(site):
    write(site, "adding-new-posts.md", ASTRO_PAPER.replace("2022-09-25T10:00:00Z", "later"))

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == ["modDatetime: 'later' is not a date (use YYYY-MM-DD)"]


FUWARI = """\
---
title: Simple Guides for Fuwari
author: 'Saica'
published: 2024-04-01
updated: 2024-04-10
tags: [Blogging]
---

Body.
"""


@pytest.mark.django_db
def test_fuwari_published_date_is_the_publish_date_and_its_updated_date_is_checked_and_kept(site):
    write(site, "guide.md", FUWARI)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.publish_date == datetime(2024, 4, 1, tzinfo=PARIS)
    assert article.status == Article.Status.PUBLISHED
    assert article.extra_front_matter == {"updated": "2024-04-10"}


@pytest.mark.django_db
def test_a_fuwari_published_value_that_is_neither_a_date_nor_true_or_false_is_an_error_naming_it(site):
    write(site, "guide.md", FUWARI.replace("published: 2024-04-01", "published: someday"))

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == ["published: 'someday' is not a date (use YYYY-MM-DD)"]


SCHEMA_DATES = """\
---
title: Mapping the Shoals
author: Ines Ferro
datePublished: "2019-05-02"
dateModified: "2019-06-11"
---

Body.
"""


@pytest.mark.django_db
def test_schema_org_date_published_is_the_publish_date_and_date_modified_is_checked_and_kept(site):
    write(site, "shoals.mdx", SCHEMA_DATES)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.publish_date == datetime(2019, 5, 2, tzinfo=PARIS)
    assert article.status == Article.Status.PUBLISHED
    assert article.extra_front_matter == {"dateModified": "2019-06-11"}
    assert report["files"][0]["warnings"] == []


@pytest.mark.django_db
def test_a_date_modified_that_is_no_date_is_an_error_naming_it(site):
    write(site, "shoals.md", SCHEMA_DATES.replace('"2019-06-11"', "soon"))

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == ["dateModified: 'soon' is not a date (use YYYY-MM-DD)"]


HUGO_YAML = """\
---
title: "Field Notes"
author: "Kai Moreno"
date: 2023-11-02T21:15:00+01:00
lastmod: 2023-11-05
draft: true
summary: "Notes from the field."
tags: ["maps", "walking"]
categories: ["Travel"]
images: ["https://example.org/first.jpg", "https://example.org/second.jpg"]
---
Body.
"""


@pytest.mark.django_db
def test_hugo_yaml_keys_map_to_folio_fields(site):
    write(site, "field-notes.md", HUGO_YAML)

    code, _ = run_json(site)

    assert code == 0
    article = Article.objects.get(slug="field-notes")
    assert article.publish_date == datetime(2023, 11, 2, 20, 15, tzinfo=UTC)
    assert article.status == Article.Status.DRAFT
    assert article.description == "Notes from the field."
    assert sorted(article.tags.values_list("name", flat=True)) == ["Travel", "maps", "walking"]
    assert article.hero_image_url == "https://example.org/first.jpg"
    assert article.extra_front_matter == {"lastmod": "2023-11-05"}


HUGO_TOML = """\
+++
title = "Harbour Lights"
author = "Kai Moreno"
date = 2024-03-09T08:30:00-05:00
draft = false
tags = ["harbour", "night"]
weight = 3

[params]
mood = "calm"
+++

Body under TOML.
"""


@pytest.mark.django_db
def test_hugo_toml_front_matter_between_plus_fences_imports(site):
    write(site, "harbour-lights.md", HUGO_TOML)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get(slug="harbour-lights")
    assert article.title == "Harbour Lights"
    assert article.publish_date == datetime(2024, 3, 9, 13, 30, tzinfo=UTC)
    assert article.status == Article.Status.PUBLISHED
    assert sorted(article.tags.values_list("slug", flat=True)) == ["harbour", "night"]
    assert article.extra_front_matter == {"weight": 3, "params": {"mood": "calm"}}
    assert article.body == "\nBody under TOML.\n"


@pytest.mark.django_db
def test_invalid_toml_is_an_error_with_its_line(site):
    write(site, "broken.md", '+++\ntitle = "Fine"\nauthor = oops\n+++\nBody\n')

    code, report = run_json(site)

    assert code == 1
    assert "the front matter is not valid TOML" in report["files"][0]["errors"][0]
    assert "line 3" in report["files"][0]["errors"][0]


@pytest.mark.django_db
def test_toml_front_matter_without_a_closing_fence_is_an_error(site):
    write(site, "open.md", '+++\ntitle = "Open"\n\nBody\n')

    _, report = run_json(site)

    assert "opened by +++ has no closing +++ line" in report["files"][0]["errors"][0]


JEKYLL = """\
---
layout: post
permalink: /2022/07/summer/
title: "Summer Notes"
author: "Lea Roux"
categories: essays field-work
tags: sea light
---
Body.
"""


@pytest.mark.django_db
def test_jekyll_file_name_date_is_the_publish_date_and_leaves_the_slug(site):
    write(site, "_posts/2022-07-08-summer-notes.md", JEKYLL)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.slug == "summer-notes"
    assert article.publish_date == datetime(2022, 7, 8, tzinfo=PARIS)
    assert article.status == Article.Status.PUBLISHED


@pytest.mark.django_db
def test_a_jekyll_file_name_date_may_write_its_month_and_day_with_one_digit(site):
    write(site, "_config.yml", "title: Notes\npermalink: /:year/:month/:day/:title/\n")
    write(site, "_posts/2021-3-9-harbour-lights.md", "---\ntitle: Harbour Lights\n---\nBody.\n")

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.slug == "harbour-lights"
    assert article.publish_date == datetime(2021, 3, 9, tzinfo=PARIS)
    assert list(article.old_addresses.values_list("path", flat=True)) == ["/2021/03/09/harbour-lights/"]


@pytest.mark.django_db
def test_a_hugo_lead_is_the_subtitle_shown_under_the_title(site):
    write(site, "hugo.toml", "title = 'Notes'\n")
    write(
        site,
        "content/posts/tides.md",
        "---\ntitle: Tides\ndate: 2024-03-01\nlead: Why the sea comes back.\n---\nBody.\n",
    )

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.subtitle == "Why the sea comes back."
    assert "lead" not in article.extra_front_matter


@pytest.mark.django_db
def test_jekyll_space_separated_categories_and_tags_become_tags(site):
    write(site, "_posts/2022-07-08-summer-notes.md", JEKYLL)

    run(site)

    assert sorted(Article.objects.get().tags.values_list("slug", flat=True)) == ["essays", "field-work", "light", "sea"]


@pytest.mark.django_db
def test_a_jekyll_category_is_one_name_beside_space_separated_tags(site):
    write(site, "_config.yml", "title: Notes\n")
    write(site, "_posts/2022-07-08-summer-notes.md", "---\ntitle: Summer\ncategory: Field Work\ntags: sea light\n---\n")

    run(site)

    assert [tag.name for tag in Article.objects.get().tags_in_order()] == ["sea", "light", "Field Work"]


@pytest.mark.django_db
def test_jekyll_singular_tag_key_gives_tags_as_its_plural_does(site):
    write(site, "_config.yml", "title: Notes\n")
    write(site, "_posts/2022-07-08-summer-notes.md", "---\ntitle: Summer\ntag: [boats, Night Walks]\n---\n")
    write(site, "_posts/2022-07-09-winter-notes.md", "---\ntitle: Winter\ntag: Slow Travel\n---\n")

    run(site)

    assert [tag.name for tag in Article.objects.get(slug="summer-notes").tags_in_order()] == ["boats", "Night Walks"]
    assert [tag.name for tag in Article.objects.get(slug="winter-notes").tags_in_order()] == ["Slow Travel"]


TEXT_TAGS = """\
---
title: A Walk
date: 2024-03-01
category: Creative Process
categories: Field Work
tags: Slow Travel, Night Walks
---
Body.
"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "folder"),
    [
        ("gatsby-config.js", "content/posts"),
        ("hugo.toml", "content/posts"),
        ("eleventy.config.js", "posts"),
        ("astro.config.mjs", "src/content/blog"),
        ("mkdocs.yml", "docs"),
    ],
)
def test_outside_jekyll_a_text_tag_or_category_is_one_name_and_commas_separate_names(site, config, folder):
    write(site, config, "")
    write(site, f"{folder}/walk.md", TEXT_TAGS)

    code, report = run_json(site / folder, "--root", site)

    assert code == 0, report
    names = [tag.name for tag in Article.objects.get().tags_in_order()]
    assert names == ["Slow Travel", "Night Walks", "Field Work", "Creative Process"]


def test_worker_processes_read_text_tags_by_the_site_generator_s_rule(site):
    write(site, "gatsby-config.js", "")
    path = write(site, "content/posts/walk.md", TEXT_TAGS)

    prepared = prepare(path, root=site / "content", max_bytes=10**6)

    assert prepared.fm.tags == ["Slow Travel", "Night Walks", "Field Work", "Creative Process"]


@pytest.mark.django_db
def test_jekyll_layout_and_permalink_are_ignored(site):
    write(site, "_posts/2022-07-08-summer-notes.md", JEKYLL)

    _, report = run_json(site)

    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().extra_front_matter == {}


@pytest.mark.django_db
def test_jekyll_date_key_wins_over_the_file_name_and_keeps_its_instant(site):
    write(site, "2022-07-08-later.md", JEKYLL.replace("layout: post", "date: 2023-11-02 21:15:00 +0100"))

    run(site)

    article = Article.objects.get(slug="later")
    assert article.publish_date == datetime(2023, 11, 2, 20, 15, tzinfo=UTC)


@pytest.mark.django_db
def test_jekyll_published_false_imports_a_draft(site):
    write(site, "2022-07-08-unpublished.md", JEKYLL.replace("layout: post", "published: false"))

    run(site)

    assert Article.objects.get().status == Article.Status.DRAFT


@pytest.mark.django_db
def test_jekyll_published_true_is_a_switch_and_the_date_still_comes_from_the_file_name(site):
    write(site, "2022-07-08-switched-on.md", JEKYLL.replace("layout: post", "published: true"))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_date == datetime(2022, 7, 8, tzinfo=PARIS)
    assert article.extra_front_matter == {}


GHOST = """\
---
title: "The Ghost Desk"
author: "Ama Mensah"
published_at: "2021-05-04T09:00:00.000Z"
excerpt: "What the desk saw."
feature_image: "https://example.org/ghost.jpg"
feature_image_alt: "An empty desk"
---
Body.
"""


@pytest.mark.django_db
def test_ghost_feature_image_and_excerpt_are_read(site):
    write(site, "ghost-desk.md", GHOST)

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.hero_image_url == "https://example.org/ghost.jpg"
    assert article.hero_image_alt == "An empty desk"
    assert article.description == "What the desk saw."
    assert article.publish_date == datetime(2021, 5, 4, 9, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("'2023-11-02 21:15:00 +0100'", datetime(2023, 11, 2, 20, 15, tzinfo=UTC)),
        ("'Jul 08 2022'", datetime(2022, 7, 8, tzinfo=PARIS)),
        ("'2023-11-02T21:15:00Z'", datetime(2023, 11, 2, 21, 15, tzinfo=UTC)),
        ("'2023-11-02T21:15:00+05:30'", datetime(2023, 11, 2, 21, 15, tzinfo=timezone(timedelta(hours=5.5)))),
        ("'2023-11-02T21:15'", datetime(2023, 11, 2, 21, 15, tzinfo=PARIS)),
        ("2023-11-02 21:15:00", datetime(2023, 11, 2, 21, 15, tzinfo=PARIS)),
        ("2023-11-02T21:15:00+01:00", datetime(2023, 11, 2, 20, 15, tzinfo=UTC)),
        ("2023-11-02", datetime(2023, 11, 2, tzinfo=PARIS)),
        ("'2023/11/02'", datetime(2023, 11, 2, tzinfo=PARIS)),
    ],
)
def test_each_date_form_keeps_its_instant_and_a_bare_date_is_midnight_on_the_site_clock(site, written, expected):
    write(site, "dated.md", f"---\ntitle: Dated\nauthor: A. Writer\ndate: {written}\n---\nBody.\n")

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().publish_date == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "value"), [("pubDate", "someday"), ("date", "32 Jul 2022"), ("lastmod", "soon"), ("updatedDate", "x")]
)
def test_a_date_that_cannot_be_read_is_an_error_naming_the_field(site, key, value):
    write(site, "bad-date.md", f"---\ntitle: Dated\nauthor: A. Writer\n{key}: '{value}'\n---\nBody.\n")

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == [f"{key}: '{value}' is not a date (use YYYY-MM-DD)"]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_file_without_front_matter_takes_its_title_from_the_first_heading(site):
    write(site, "plain.md", "# A Plain Title\n\nFirst paragraph.\n\n## Later\n\n# Not the title\n")

    code, report = run_json(site, "--default-author", "House Writer")

    assert code == 0, report
    article = Article.objects.get()
    assert article.title == "A Plain Title"
    assert article.body == "First paragraph.\n\n## Later\n\n# Not the title\n"
    assert "<h1" not in article.body_html.split("Later")[0]
    assert article.author.name == "House Writer"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code",
    [
        "```\n# a shell comment\n```\n",
        "    echo hi\n    # a shell comment\n",
        "<pre>\n# a shell comment\n</pre>\n",
        "{% highlight bash %}\n# a shell comment\n{% endhighlight %}\n",
        "{{< highlight bash >}}\n# a shell comment\n{{< /highlight >}}\n",
    ],
)
def test_a_heading_inside_a_code_block_is_not_taken_as_the_title_nor_taken_out(site, code):
    write(site, "code-first.md", f"{code}\n# Real Title\n\nText.\n")

    run(site, "--default-author", "House Writer")

    article = Article.objects.get()
    assert article.title == "Real Title"
    assert "# a shell comment" in article.body


@pytest.mark.django_db
def test_a_first_heading_further_down_is_the_title_and_stays_in_its_place(site):
    write(site, "late.md", "An opening paragraph.\n\n# The Heading\n\nText.\n")

    run(site, "--default-author", "House Writer")

    article = Article.objects.get()
    assert (article.title, article.body) == ("The Heading", "An opening paragraph.\n\n# The Heading\n\nText.\n")


@pytest.mark.django_db
def test_an_underlined_heading_opening_the_body_is_the_title(site):
    write(site, "setext.md", "The Title\n=========\n\nText.\n")

    run(site, "--default-author", "House Writer")

    article = Article.objects.get()
    assert (article.title, article.body) == ("The Title", "Text.\n")


@pytest.mark.django_db
def test_a_title_taken_from_a_heading_is_its_text_as_readers_see_it_not_its_markdown(site):
    write(site, "tide.md", "# Tides &mdash; a *tre*mendous `ebb` and [flow](https://example.org)\n\nText.\n")

    run(site, "--default-author", "House Writer")

    assert Article.objects.get().title == "Tides — a tremendous ebb and flow"


@pytest.mark.django_db
def test_a_file_without_front_matter_or_heading_fails_for_its_missing_title(site):
    write(site, "untitled.md", "Just words.\n")

    code, report = run_json(site, "--default-author", "House Writer")

    assert code == 1
    assert report["files"][0]["errors"][0].startswith("missing title")


@pytest.mark.django_db
def test_a_file_without_an_author_is_imported_under_the_default_author_setting_with_a_warning(site, settings):
    settings.DEFAULT_AUTHOR = "The Desk"
    write(site, "plain.md", "# A Plain Title\n\nText.\n")

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().author.name == "The Desk"
    assert "no author: imported under 'The Desk' (DEFAULT_AUTHOR)" in report["files"][0]["warnings"]


@pytest.mark.django_db
def test_a_file_without_an_author_and_no_default_author_at_all_fails_naming_both_ways_to_give_one(site, settings):
    settings.DEFAULT_AUTHOR = ""
    write(site, "plain.md", "# A Plain Title\n\nText.\n")

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"] == ["missing author (give --default-author, or set DEFAULT_AUTHOR)"]


@pytest.mark.django_db
def test_lang_sets_the_article_language_and_its_absence_the_site_language(site, settings):
    settings.LANGUAGE_CODE = "en"
    write(site, "fr.md", "---\ntitle: Bonjour\nauthor: A. Writer\nlang: fr\ndraft: true\n---\nTexte.\n")
    write(site, "en.md", "---\ntitle: Hello\nauthor: A. Writer\n---\nText.\n")

    run(site)

    assert Article.objects.get(slug="fr").language == "fr"
    assert Article.objects.get(slug="en").language == "en"
    assert Article.objects.get(slug="fr").extra_front_matter == {}


@pytest.mark.django_db
def test_translations_link_articles_whatever_order_their_files_come_in(site):
    write(
        site, "a-hello.md", "---\ntitle: Hello\nauthor: A. Writer\ntranslations: [z-bonjour]\ndraft: true\n---\nText.\n"
    )
    write(site, "z-bonjour.md", "---\ntitle: Bonjour\nauthor: A. Writer\nlang: fr\ndraft: true\n---\nTexte.\n")

    code, report = run_json(site)

    assert code == 0
    assert all(not f["warnings"] for f in report["files"])
    assert list(Article.objects.get(slug="z-bonjour").translations.values_list("slug", flat=True)) == ["a-hello"]
    assert Article.objects.get(slug="a-hello").extra_front_matter == {}


@pytest.mark.django_db
def test_a_translation_that_was_not_imported_is_a_warning(site):
    write(site, "hello.md", "---\ntitle: Hello\nauthor: A. Writer\ntranslations: [nowhere]\ndraft: true\n---\nText.\n")

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == ["translations: there is no article 'nowhere' to link to"]


@pytest.mark.django_db
def test_an_mdx_post_imports_as_its_markdown_without_its_javascript(site):
    write(
        site,
        "component.mdx",
        "---\ntitle: Charts in posts\nauthor: A. Writer\npubDate: 'Jun 01 2024'\n---\n\nIntro.\n\n"
        "import Chart from '../components/Chart.astro';\nexport const year = 2024;\n\n"
        '<Note kind="tip">\n\tKeep **this** text.\n</Note>\n\n<Chart data={rows} />\n\nIn {year} it grew.\n\n'
        "```jsx\nimport X from 'x';\n<Chart />\n```\n\nAnd `<Inline />` stays.\n",
    )

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert "import" not in article.body.split("```")[0]
    assert "<p>Keep <strong>this</strong> text.</p>" in article.body_html
    assert "<Note" not in article.body and "<Chart data" not in article.body and "{year}" not in article.body
    assert "```jsx\nimport X from 'x';\n<Chart />\n```" in article.body
    assert "`<Inline />`" in article.body
    assert report["files"][0]["warnings"] == [
        "MDX import and export statements are JavaScript, which Folio does not run: left out",
        "MDX component <Note> is JavaScript, which Folio does not run: left out (the text between its tags is kept)",
        "MDX component <Chart> is JavaScript, which Folio does not run: left out (the text between its tags is kept)",
        "MDX expression '{year}' is JavaScript, which Folio does not run: left out",
    ]


def imported_mdx(site, body: str) -> tuple[str, dict]:
    """The stored HTML of one MDX post with this body, and the import's report."""
    write(site, "post.mdx", f"---\ntitle: Colours\nauthor: A. Writer\npubDate: 'Jun 01 2024'\n---\n\n{body}")
    code, report = run_json(site)
    assert code == 0, report
    return Article.objects.get().body_html, report


@pytest.mark.django_db
def test_an_mdx_component_whose_attributes_run_over_several_lines_is_left_out_whole(site):
    html, report = imported_mdx(
        site,
        "Pick a palette.\n\n<Palette\n\tlabels={{\n\t\tpresets: { label: 'Presets', sea: 'Sea' },\n"
        "\t\tnote: 'Seen on {{date}} > then',\n"
        '\t}}\n/>\n\n<Card\n  title="Harbour"\n  icon="star">\n  Kept **words**.\n</Card>\n\nThe end.\n',
    )

    assert "Palette" not in html and "labels" not in html and "{{" not in html and "title=" not in html
    assert "<p>Kept <strong>words</strong>.</p>" in html and "<p>The end.</p>" in html
    assert report["files"][0]["warnings"] == [
        "MDX component <Palette> is JavaScript, which Folio does not run: left out (the text between its tags is kept)",
        "MDX component <Card> is JavaScript, which Folio does not run: left out (the text between its tags is kept)",
    ]


@pytest.mark.django_db
def test_mdx_tab_items_are_shown_as_blocks_titled_with_their_labels(site):
    html, _ = imported_mdx(
        site,
        '<Tabs syncKey="pkg">\n<TabItem label="npm">\n\n```sh\nnpm run tide\n```\n\n</TabItem>\n'
        "<TabItem value=\"yarn\" label='Yarn'>\n\nWith **yarn**.\n\n</TabItem>\n</Tabs>\n\nThe end.\n",
    )

    assert '<p class="admonition-title">npm</p>\n<pre class="highlight"><code class="language-sh">npm' in html
    assert '<p class="admonition-title">Yarn</p>\n<p>With <strong>yarn</strong>.</p>\n</aside>' in html
    assert "<p>The end.</p>" in html and "TabItem" not in html


@pytest.mark.django_db
def test_mdx_callout_components_are_notes_of_the_kind_their_type_names(site):
    html, report = imported_mdx(
        site,
        'import Callout from "../components/Callout.astro";\n\n<Callout type="error">\n  Keep the **lid** on.\n'
        '</Callout>\n\n<Aside type="tip" title="Before you go">\nPack light.\n</Aside>\n\n<Callout>\n  Plain.\n'
        "</Callout>\n\nThe end.\n",
    )

    assert '<aside class="admonition admonition-danger">' in html
    assert "<p>Keep the <strong>lid</strong> on.</p>\n</aside>" in html
    assert '<p class="admonition-title">Before you go</p>\n<p>Pack light.</p>' in html
    assert '<aside class="admonition admonition-note">\n<p class="admonition-title">Note</p>\n<p>Plain.</p>' in html
    assert "<p>The end.</p>" in html and "Callout" not in html and ":::" not in html
    assert not [warning for warning in report["files"][0]["warnings"] if "component" in warning]


@pytest.mark.django_db
def test_a_callout_component_inside_another_ends_where_its_own_closing_tag_is(site):
    html, _ = imported_mdx(
        site,
        '<Aside type="tip" title="Packing">\nRoll the shirts.\n\n<Callout type="warning">\nNo liquids.\n'
        "</Callout>\n\nSocks last.\n</Aside>\n\nOff we go.\n",
    )

    inner = (
        '<aside class="admonition admonition-warning">\n<p class="admonition-title">Warning</p>\n'
        "<p>No liquids.</p>\n</aside>"
    )
    assert f"<p>Roll the shirts.</p>\n{inner}\n<p>Socks last.</p>\n</aside>\n<p>Off we go.</p>" in html
    assert ":::" not in html


# Template tags


def tagged(body: str, **front: str) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in {"title": "Tagged", "author": "A. Writer", **front}.items())
    return f"---\n{lines}publish_date: '2024-01-01'\n---\n{body}"


@pytest.mark.django_db
def test_liquid_highlight_becomes_a_fenced_code_block(site):
    write(site, "code.md", tagged("{% highlight python linenos %}\nprint('{{ not liquid }}')\n{% endhighlight %}\n"))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.body == "```python {linenos=\"true\"}\nprint('{{ not liquid }}')\n```\n"
    assert '<code class="language-python">' in article.body_html
    assert '<span class="linenos">1</span>' in article.body_html


@pytest.mark.django_db
def test_highlighted_code_holding_a_fence_gets_a_longer_fence(site):
    write(site, "code.md", tagged("{% highlight markdown %}\n```\nnested\n```\n{% endhighlight %}\n"))

    run(site)

    article = Article.objects.get()
    assert article.body == "````markdown\n```\nnested\n```\n````\n"
    assert (
        '<code class="language-markdown"><span class="sb">```</span>\n<span class="sb">nested</span>'
        in article.body_html
    )


@pytest.mark.django_db
def test_liquid_raw_tags_are_dropped_and_their_content_kept_verbatim(site):
    body = "Show {% raw %}{{ page.title }}{% endraw %} inline.\n\n{% raw %}\n{% include card.html %}\n{% endraw %}\n"
    write(site, "raw.md", tagged(body))

    _, report = run_json(site)

    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body == "Show {{ page.title }} inline.\n\n{% include card.html %}\n"


@pytest.mark.django_db
def test_raw_tags_inside_a_fenced_code_block_are_dropped_and_the_code_kept(site):
    body = "```liquid\n{% raw %}{{ site.title }}{% endraw %}\n{% if user %}\n```\n"
    write(site, "fenced.md", tagged(body))

    _, report = run_json(site, "--site-var", "title=Ignored")

    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body == "```liquid\n{{ site.title }}\n{% if user %}\n```\n"


@pytest.mark.django_db
def test_tags_in_inline_code_are_left_as_written_without_a_warning(site):
    write(site, "inline.md", tagged("Write `{% include x %}` and `{{ site.title }}`.\n"))

    _, report = run_json(site, "--site-var", "title=Ignored")

    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body == "Write `{% include x %}` and `{{ site.title }}`.\n"


@pytest.mark.django_db
def test_post_url_and_link_become_addresses_of_the_imported_articles(site):
    write(site, "_posts/2020-01-02-first-light.md", tagged("See [later]({% post_url 2021-03-04-second %}).\n"))
    write(
        site,
        "_posts/2021-03-04-second.md",
        tagged("Back to [first]({% link _posts/2020-01-02-first-light.md %}).\n", title="Second", slug="chosen"),
    )

    code, report = run_json(site)

    assert code == 0, report
    assert all(not f["warnings"] for f in report["files"])
    assert Article.objects.get(slug="first-light").body == "See [later](/articles/chosen/).\n"
    assert Article.objects.get(slug="chosen").body == "Back to [first](/articles/first-light/).\n"
    assert 'href="/articles/chosen/"' in Article.objects.get(slug="first-light").body_html


@pytest.mark.django_db
def test_post_url_to_an_article_imported_in_an_earlier_run_resolves_from_the_database(site):
    write(site, "_posts/2020-01-02-first-light.md", tagged("First.\n"))
    run(site)
    later = write(site, "next.md", tagged("After [that]({% post_url 2020-01-02-first-light %}).\n", title="Next"))

    code, report = run_json(later)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get(slug="next").body == "After [that](/articles/first-light/).\n"


@pytest.mark.django_db
def test_post_url_to_a_missing_post_is_left_as_written_with_a_warning(site):
    write(site, "a.md", tagged("See {% post_url 2020-01-01-nowhere %}.\n"))

    code, report = run_json(site)

    assert code == 0
    assert "{% post_url 2020-01-01-nowhere %}" in Article.objects.get().body
    assert "no article imported from '2020-01-01-nowhere'" in report["files"][0]["warnings"][0]


@pytest.mark.django_db
def test_site_variables_take_their_values_from_the_command_line(site):
    write(site, "a.md", tagged("Welcome to {{ site.title }} by {{site.owner}}.\n"))

    code, report = run_json(site, "--site-var", "title=The Harbour Post", "--site-var", "owner=Ana")

    assert code == 0
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body == "Welcome to The Harbour Post by Ana.\n"


@pytest.mark.django_db
def test_a_site_variable_without_a_value_is_left_with_a_warning_naming_it(site):
    write(site, "a.md", tagged("Welcome to {{ site.title }}.\n"))

    _, report = run_json(site)

    assert "{{ site.title }}" in Article.objects.get().body
    assert "'{{ site.title }}'" in report["files"][0]["warnings"][0]
    assert "--site-var" in report["files"][0]["warnings"][0]


@pytest.mark.django_db
def test_hugo_figure_becomes_an_image_and_its_local_file_is_stored(site, media_root):
    write(site, "img/chart.png", png((10, 20, 30)))
    write(site, "fig.md", tagged('{{< figure src="img/chart.png" alt="A chart" caption="Rainfall" >}}\n'))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.body.startswith("![A chart](/media/images/")
    assert article.body.rstrip().endswith('.png "Rainfall")')
    assert "<figcaption>Rainfall</figcaption>" in article.body_html
    assert len([p for p in media_files(media_root) if p.suffix == ".png" and "images" in p.parts]) >= 1


@pytest.mark.django_db
def test_hugo_highlight_shortcode_becomes_a_code_block(site):
    write(site, "hl.md", tagged('{{< highlight go "linenos=table" >}}\nfunc main() {}\n{{< /highlight >}}\n'))

    run(site)

    assert Article.objects.get().body == '```go {linenos="table"}\nfunc main() {}\n```\n'


@pytest.mark.django_db
def test_hugo_escaped_shortcode_in_code_is_shown_as_the_shortcode(site):
    write(site, "esc.md", tagged('```\n{{</* figure src="x.png" */>}}\n```\n'))

    _, report = run_json(site)

    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body == '```\n{{< figure src="x.png" >}}\n```\n'


@pytest.mark.django_db
@pytest.mark.parametrize("tag", ["{% include note.html %}", "{{< youtube >}}", "{{ page.nope }}"])
def test_a_template_tag_folio_knows_but_cannot_evaluate_is_left_as_written_with_a_warning_naming_it(site, tag):
    write(site, "other.md", tagged(f"Before {tag} after.\n"))

    code, report = run_json(site)

    assert code == 0
    assert tag in Article.objects.get().body
    assert report["files"][0]["warnings"] == [f"template tag '{tag}' left as written"]


@pytest.mark.django_db
def test_a_liquid_tag_of_the_site_s_own_is_left_out_and_the_text_between_a_pair_kept(site):
    write(site, "_config.yml", "title: Notes\n")
    write(
        site,
        "_posts/2024-01-02-own.md",
        tagged("Before {% tabs user %} after.\n\n{% callout %}Kept.{% endcallout %}\n"),
    )

    code, report = run_json(site)

    assert code == 0
    assert Article.objects.get().body == "Before  after.\n\nKept.\n"
    assert report["files"][0]["warnings"] == [
        f"template tag '{tag}' is the site's own, which Folio cannot run: left out (the text between a pair is kept)"
        for tag in ("{% tabs user %}", "{% callout %}")
    ]


@pytest.mark.django_db
def test_a_site_s_own_tag_as_a_link_address_naming_a_page_of_the_run_leads_to_its_article(site):
    write(site, "eleventy.config.js", "export default function (config) {}\n")
    write(site, "blog/2023-04-09-harbour-cranes.md", tagged("Cranes.\n", title="Cranes"))
    write(site, "blog/tides.markdown", tagged("Tides.\n", title="Tides"))
    links = (
        'See [the cranes]( {% xref "2023-04-09-harbour-cranes.md" %} ), '
        "[the tides]({% xref 'tides' %}#spring) and [nothing]({% xref \"gone.md\" %}).\n"
        'Not a link: {% xref "tides.md" %}. An image: [plan]({% xref "plan.png" %}).\n'
    )
    write(site, "blog/index-page.md", tagged(links, title="Index"))

    code, report = run_json(site)

    assert code == 0, report
    body = Article.objects.get(slug="index-page").body
    assert "[the cranes]( /articles/harbour-cranes/ )" in body
    assert "[the tides](/articles/tides/#spring)" in body
    assert "[nothing]()" in body
    assert "Not a link: ." in body
    assert "[plan]()" in body
    warnings = next(f["warnings"] for f in report["files"] if f["path"].endswith("index-page.md"))
    left_out = ['{% xref "gone.md" %}', '{% xref "tides.md" %}', '{% xref "plan.png" %}']
    assert [warning.split("'")[1] for warning in warnings] == left_out


@pytest.mark.django_db
def test_toml_front_matter_with_a_byte_order_mark_and_windows_line_endings_imports(site):
    write(site, "windows.md", ("\ufeff" + HUGO_TOML).replace("\n", "\r\n").encode("utf-8"))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert article.title == "Harbour Lights"
    assert article.body == "\nBody under TOML.\n"


@pytest.mark.django_db
def test_a_link_tag_cannot_reach_files_outside_the_import(site, tmp_path):
    write(tmp_path, "outside.md", "---\ntitle: Outside\nslug: secret-slug\n---\nText.\n")
    write(site, "a.md", tagged("See {% link ../outside.md %}.\n"))

    _, report = run_json(site)

    assert "secret-slug" not in Article.objects.get().body
    assert "no article imported from '../outside.md'" in report["files"][0]["warnings"][0]


# A cross-post's original address


def import_tides(site, line: str) -> tuple[list[str], Article]:
    """Import one dated post with `line` in its front matter: its warnings and its article."""
    write(site, "tides.md", f"---\ntitle: Tides\nauthor: Ola Berg\ndate: 2022-07-08\n{line}\n---\n\nBody.\n")
    code, report = run_json(site)
    assert code == 0, report
    [result] = report["files"]
    assert result["path"].endswith("tides.md")
    return result["warnings"], Article.objects.get(slug="tides")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["canonical_url", "canonicalURL", "canonicalUrl", "canonical"])
def test_each_generators_canonical_key_gives_the_articles_canonical_url(site, key):
    warnings, article = import_tides(site, f"{key}: 'https://first.example.com/tides'")

    assert warnings == []
    assert article.canonical_url == "https://first.example.com/tides"
    assert article.extra_front_matter == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("/posts/tides/", "'/posts/tides/'"),
        ("first.example.com/tides", "'first.example.com/tides'"),
        ("[a, b]", "a list"),
    ],
)
def test_a_canonical_that_is_no_web_address_is_a_warning_naming_it_and_is_kept_for_export(site, written, shown):
    warnings, article = import_tides(site, f"canonicalURL: {written}")

    assert warnings == [
        f"canonicalURL: {shown} is not a web address (it must start with https:// or http://); "
        "the article keeps its own address as canonical"
    ]
    assert article.canonical_url == ""
    assert "canonicalURL" in article.extra_front_matter
