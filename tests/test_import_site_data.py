"""What a site's own config, data and code say about its posts: the author its templates show or its data
describes, the pages its code builds from a file's data or its config publishes in no language, and translations
listed in pairs."""

import pytest

from articles.models import Article, Author
from tests.markdown_files import png, run_json, write
from tests.test_import_sites import post, statuses

ELEVENTY = "module.exports = (config) => ({ dir: { input: 'src' } });\n"


@pytest.fixture(autouse=True)
def site_settings(settings, media_root):
    settings.LANGUAGE_CODE = "en"
    settings.DEFAULT_AUTHOR = "The Desk"


DATA = '{"title": "Field Notes", "name": "Mira Sol", "url": "https://notes.example.org"}\n'


# An Eleventy site's author


@pytest.mark.django_db
@pytest.mark.parametrize(
    "include, template",
    [
        ("byline.liquid", '<footer><span class="post-author">{{ site.name }}</span></footer>\n'),
        ("head.njk", '<title>{{ site.title }}</title>\n<meta name="author" content="{{ site.name | escape }}">\n'),
        ("author.liquid", "<div>\n  <strong>{{ site.name }}</strong>\n  <a href='{{ site.url }}'>Home</a>\n</div>\n"),
    ],
)
def test_an_eleventy_site_s_author_is_the_data_value_its_templates_show_as_the_author(site, include, template):
    write(site, ".eleventy.js", ELEVENTY)
    write(site, "src/_data/site.json", DATA)
    write(site, f"src/_includes/{include}", template)
    write(site, "src/posts/walk.md", post())

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.name == "Mira Sol"
    warning = "no author: imported under 'Mira Sol' (the site's author in src/_data/site.json)"
    assert warning in report["files"][0]["warnings"]


@pytest.mark.django_db
def test_an_eleventy_data_value_its_templates_show_as_anything_but_the_author_is_no_author(site):
    write(site, ".eleventy.js", ELEVENTY)
    write(site, "src/_data/site.json", DATA)
    write(site, "src/_includes/base.liquid", "<title>{{ site.name }}</title>\n<p class='author'>Written here.</p>\n")
    write(site, "src/posts/walk.md", post())

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.name == "The Desk"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, text",
    [
        ("author.json", '{"name": "Mira Sol", "url": "https://mira.example.org"}\n'),
        ("config.yaml", "title: Field Notes\nauthor:\n  name: Mira Sol\n"),
        ("owner.js", "module.exports = { author: 'Mira Sol' };\n"),
        (
            "meta.js",
            "export const url = 'https://notes.example.org';\nexport const author = {\n  name: 'Mira Sol',\n};\n",
        ),
    ],
)
def test_an_eleventy_site_s_author_is_read_from_any_of_its_global_data_files(site, name, text):
    write(site, ".eleventy.js", ELEVENTY)
    write(site, "src/_data/links.json", '{"home": "/"}\n')
    write(site, f"src/_data/{name}", text)
    write(site, "src/posts/walk.md", post())

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.name == "Mira Sol"
    assert f"(the site's author in src/_data/{name})" in report["files"][0]["warnings"][0]


@pytest.mark.django_db
def test_an_eleventy_data_folder_named_from_the_input_folder_s_parent_is_read_for_the_author(site):
    write(site, "eleventy.config.js", "export const config = { dir: { input: 'pages', data: '../_data' } };\n")
    write(site, "_data/metadata.js", "export default {\n  title: 'Field Notes',\n  author: { name: 'Mira Sol' },\n};\n")
    write(site, "pages/posts/walk.md", post())

    code, report = run_json(site / "pages", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.name == "Mira Sol"
    assert "(the site's author in _data/metadata.js)" in report["files"][0]["warnings"][0]


@pytest.mark.django_db
def test_an_eleventy_post_naming_its_author_by_id_takes_the_person_an_authors_list_of_its_global_data_gives(site):
    write(site, ".eleventy.js", ELEVENTY)
    people = (
        '{"title": "Field Notes", "authors": [\n'
        '  {"name": "Mira Sol", "slug": "mira", "introduction": "Walks the coast."},\n'
        '  {"name": "Bo Lind", "slug": "bo"}\n]}\n'
    )
    write(site, "src/_data/site.json", people)
    write(site, "src/posts/walk.md", post(author="mira"))
    write(site, "src/posts/swim.md", post(title="A Swim", author="bo"))

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert dict(Article.objects.values_list("slug", "author__name")) == {"walk": "Mira Sol", "swim": "Bo Lind"}
    assert Author.objects.get(name="Mira Sol").bio == "Walks the coast."
    assert [f["warnings"] for f in report["files"]] == [[], []]


@pytest.mark.django_db
def test_an_author_in_a_list_of_an_eleventy_javascript_data_file_is_a_record_s_not_the_site_s(site):
    write(site, ".eleventy.js", ELEVENTY)
    gallery = (
        "export default [\n  { title: 'Dawn', author: 'Ana Ruiz' },\n  { title: 'Dusk', author: 'Bo Lind' },\n];\n"
    )
    write(site, "src/_data/gallery.js", gallery)
    write(site, "src/posts/walk.md", post())

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.name == "The Desk"


@pytest.mark.django_db
def test_an_author_s_full_address_is_their_website_where_their_url_is_a_bare_host(site):
    write(site, "_config.yml", "title: Notes\n")
    person = "ilse:\n  name: Ilse Berg\n  url: ilse.example.org\n  url_full: https://ilse.example.org/\n"
    write(site, "_data/authors.yml", person + "kim:\n  name: Kim Oh\n  url: https://kim.example.org/\n")
    write(site, "_posts/2024-03-01-a-walk.md", post(author="ilse"))
    write(site, "_posts/2024-03-02-a-swim.md", post(title="A Swim", author="kim"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get(slug="a-walk").author.website == "https://ilse.example.org/"
    assert Article.objects.get(slug="a-swim").author.website == "https://kim.example.org/"


@pytest.mark.django_db
def test_a_jekyll_author_s_profile_handles_become_the_new_author_s_social_links(site):
    write(site, "_config.yml", "title: Notes\n")
    person = "ilse:\n  name: Ilse Berg\n  twitter: '@ilseberg'\n  facebook: ilse.berg\n  github: https://git.example.org/ilse\n"
    write(site, "_data/authors.yml", person)
    write(site, "_posts/2024-03-01-a-walk.md", post(author="ilse"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.social_links == {
        "twitter": "https://x.com/ilseberg",
        "facebook": "https://www.facebook.com/ilse.berg",
        "github": "https://git.example.org/ilse",
    }


@pytest.mark.django_db
def test_a_docusaurus_author_s_socials_become_social_links_and_what_names_no_profile_is_left_out(site):
    write(site, "docusaurus.config.js", "export default {title: 'Notes'};\n")
    socials = (
        "  socials:\n    x: kimoh\n    mastodon: '@kim@social.example'\n    github: 'kim oh'\n    myspace: kimoh\n"
    )
    write(site, "blog/authors.yml", "kim:\n  name: Kim Oh\n" + socials)
    write(site, "blog/2024-03-01-walk.md", post(authors="kim"))

    code, report = run_json(site / "blog")

    assert code == 0, report
    assert Article.objects.get().author.social_links == {
        "x": "https://x.com/kimoh",
        "mastodon": "https://social.example/@kim",
    }


@pytest.mark.django_db
def test_an_author_already_in_folio_keeps_the_social_links_editors_gave_them(site):
    Author.objects.create(name="Ilse Berg", slug="ilse-berg", social_links={"github": "https://github.com/ib"})
    write(site, "_config.yml", "title: Notes\n")
    write(site, "_data/authors.yml", "ilse:\n  name: Ilse Berg\n  twitter: ilseberg\n")
    write(site, "_posts/2024-03-01-a-walk.md", post(author="ilse"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get().author.social_links == {"github": "https://github.com/ib"}


SITE_AUTHOR = """title: Notes
author:
  name: Ilse Berg
  bio: Walks the coast and writes it down.
  avatar: /assets/ilse.png
  twitter: ilseberg
"""


@pytest.mark.django_db
def test_the_site_s_author_from_its_config_gets_the_bio_avatar_and_profiles_the_config_describes(site):
    write(site, "_config.yml", SITE_AUTHOR)
    write(site, "assets/ilse.png", png((90, 40, 20)))
    write(site, "_posts/2024-03-01-a-walk.md", post())

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    author = Article.objects.get().author
    assert (author.name, author.bio) == ("Ilse Berg", "Walks the coast and writes it down.")
    assert author.social_links == {"twitter": "https://x.com/ilseberg"}
    assert author.avatar.name.startswith("images/")


@pytest.mark.django_db
def test_a_post_naming_the_site_s_author_by_name_gets_the_description_the_config_gives(site):
    write(site, "_config.yml", SITE_AUTHOR)
    write(site, "assets/ilse.png", png((90, 40, 20)))
    write(site, "_posts/2024-03-01-a-walk.md", post(author="Ilse Berg"))
    write(site, "_posts/2024-03-02-a-swim.md", post(title="A Swim"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Author.objects.count() == 1
    assert Author.objects.get().bio == "Walks the coast and writes it down."


@pytest.mark.django_db
def test_an_astro_author_file_titled_with_the_name_is_found_by_that_name_with_its_text_as_the_bio(site):
    write(site, "astro.config.mjs", "export default {};\n")
    social = "social:\n  - name: github\n    icon: FaGithub\n    link: https://github.com/anlind\n"
    person = (
        f"---\ntitle: Ana Lind\ndescription: the page's summary for search engines\n{social}---\n\nSails *north*.\n"
    )
    write(site, "src/content/authors/ana-lind.md", person)
    write(site, "src/content/blog/walk.md", post(author='"Ana Lind"'))

    code, report = run_json(site / "src/content/blog", "--root", site)

    assert code == 0, report
    author = Article.objects.get().author
    assert (author.name, author.bio) == ("Ana Lind", "Sails *north*.")
    assert author.social_links == {"github": "https://github.com/anlind"}


@pytest.mark.django_db
def test_an_author_s_website_is_their_web_key_or_the_website_among_their_socials(site):
    write(site, "_config.yml", "title: Notes\nauthors:\n  sal:\n    name: Sal Moe\n    web: https://sal.example.org\n")
    socials = "  socials:\n    website: https://kim.example.org\n    github: https://github.com/kimoh\n"
    write(site, "_data/authors.yml", "kim:\n  name: Kim Oh\n" + socials)
    write(site, "_posts/2024-03-01-a-walk.md", post(author="sal"))
    write(site, "_posts/2024-03-02-a-swim.md", post(title="A Swim", author="kim"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert Article.objects.get(slug="a-walk").author.website == "https://sal.example.org"
    kim = Article.objects.get(slug="a-swim").author
    assert (kim.website, kim.social_links) == ("https://kim.example.org", {"github": "https://github.com/kimoh"})


@pytest.mark.django_db
def test_an_author_s_gravatar_hash_is_their_avatar_where_they_have_no_other(site):
    gravatar = "0bc83cb571cd1c50ba6f3e8a78ef1346"
    write(site, "_config.yml", f"title: Notes\nauthors:\n  sal:\n    name: Sal Moe\n    gravatar: {gravatar}\n")
    write(site, "_posts/2024-03-01-a-walk.md", post(author="sal"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == [
        f"avatar of Sal Moe 'https://www.gravatar.com/avatar/{gravatar}' is on another site: "
        "give --download-images to store it"
    ]


# Pages a Gatsby site's code builds from a file's data

GATSBY_NODE = """exports.createPages = async ({ graphql }) => {
  const homes = await graphql(`{ allMarkdownRemark(filter: {frontmatter: {kind: {eq: "home"}}}) { nodes { id } } }`)
  const posts = await graphql(`{ allMarkdownRemark(filter: {frontmatter: {kind: { eq: null }}}) { nodes { id } } }`)
}
"""


@pytest.mark.django_db
def test_a_gatsby_file_setting_a_key_its_posts_are_made_without_is_skipped_as_the_data_of_a_page(site):
    write(site, "gatsby-config.js", "module.exports = {siteMetadata: {title: 'Notes', author: 'Tomas Rey'}};\n")
    write(site, "gatsby-node.js", GATSBY_NODE)
    write(site, "src/pages/index.md", "---\nkind: home\ntitle: Notes\n---\n\nWritten by Tomas.\n")
    write(site, "src/pages/fr/index.md", "---\nkind: home\ntitle: Carnet\nlanguage: fr\n---\n\nÉcrit par Tomas.\n")
    write(site, "src/pages/walk/index.md", post())

    code, report = run_json(site / "src/pages", "--root", site)

    assert code == 0, report
    assert statuses(report) == {
        "src/pages/index.md": "skipped",
        "src/pages/fr/index.md": "skipped",
        "src/pages/walk/index.md": "created",
    }
    reason = (
        "data for a page the site's gatsby-node.js builds (kind: home), not an article: it makes pages only of the "
        "files without kind"
    )
    assert report["files"][0]["warnings"] == [reason]
    assert list(Article.objects.values_list("slug", flat=True)) == ["walk"]


@pytest.mark.django_db
def test_a_key_gatsby_node_does_not_filter_on_leaves_a_file_an_article(site):
    write(site, "gatsby-config.js", "module.exports = {siteMetadata: {title: 'Notes', author: 'Tomas Rey'}};\n")
    write(site, "gatsby-node.js", GATSBY_NODE.replace("kind: { eq: null }", 'kind: { eq: "post" }'))
    write(site, "src/pages/walk/index.md", post(kind="home"))

    code, report = run_json(site / "src/pages", "--root", site)

    assert code == 0, report
    assert statuses(report) == {"src/pages/walk/index.md": "created"}


# Pages a Hugo site publishes in no language


@pytest.mark.django_db
def test_a_hugo_file_outside_every_language_s_content_folder_is_skipped(site):
    languages = '[languages.en]\ncontentDir = "content/en"\n[languages.fr]\ncontentDir = "content/fr"\n'
    write(site, "hugo.toml", 'defaultContentLanguage = "en"\n' + languages)
    write(site, "content/walk.md", post())
    write(site, "content/en/post/walk.md", post())
    write(site, "content/fr/post/walk.md", post(title="Une promenade"))

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert statuses(report)["content/walk.md"] == "skipped"
    reason = "outside every language's contentDir (content/en, content/fr), so Hugo publishes it in no language"
    assert [f["warnings"] for f in report["files"] if f["status"] == "skipped"] == [[reason]]
    assert sorted(Article.objects.values_list("slug", "language")) == [("walk", "en"), ("walk-fr", "fr")]


@pytest.mark.django_db
def test_a_hugo_file_at_the_top_of_the_content_is_published_when_a_language_has_no_folder_of_its_own(site):
    languages = '[languages.en]\n[languages.fr]\ncontentDir = "content/fr"\n'
    write(site, "hugo.toml", 'defaultContentLanguage = "en"\n' + languages)
    write(site, "content/post/walk.md", post())
    write(site, "content/fr/post/walk.md", post(title="Une promenade"))

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert set(statuses(report).values()) == {"created"}


# Translations


@pytest.mark.django_db
def test_translations_listed_as_pairs_of_a_language_and_its_page_link_those_pages(site):
    write(site, "gatsby-config.js", "module.exports = {siteMetadata: {title: 'Notes', author: 'Tomas Rey'}};\n")
    write(site, "content/walk/index.md", post(language="en", translations='["fr", "fr/promenade"]'))
    write(site, "content/fr/promenade/index.md", post(title="Promenade", language="fr", translations="[en, walk]"))
    write(site, "content/swim/index.md", post(title="Swim", language="en", translations="[de, nowhere]"))

    code, report = run_json(site / "content")

    assert code == 0, report
    assert list(Article.objects.get(slug="walk").translations.values_list("slug", flat=True)) == ["promenade"]
    assert list(Article.objects.get(slug="promenade").translations.values_list("slug", flat=True)) == ["walk"]
    warnings = [w for f in report["files"] for w in f["warnings"] if w.startswith("translations")]
    assert warnings == ["translations: there is no article 'nowhere' to link to"]
