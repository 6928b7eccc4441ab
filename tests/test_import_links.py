"""Imported sites keep their links: links between their pages point at the articles, and old addresses redirect.

Each fixture is a small site in the shape its generator expects (configuration file, folders, front matter).
"""

import pytest

from articles.exporting import export_articles
from articles.models import Article, OldAddress
from tests.markdown_files import article_text, run, run_json, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def post(title: str, body: str, **front) -> str:
    return article_text(title=f"'{title}'", body=body, **front)


def addresses(slug: str) -> list[str]:
    return sorted(OldAddress.objects.filter(article__slug=slug).values_list("path", flat=True))


def warnings_of(report: dict, name: str) -> list[str]:
    return next(f["warnings"] for f in report["files"] if f["path"].endswith(name))


@pytest.fixture
def jekyll(site):
    write(
        site,
        "_config.yml",
        "title: A Jekyll site\n"
        "collections:\n  docs:\n    output: true\n    permalink: /:collection/:path/\n"
        "  drafts_box:\n    output: false\n",
    )
    write(
        site,
        "_posts/2023-01-29-moving-day.md",
        post(
            "Moving day",
            "See [the history](/docs/history/#v1), [the next post](/news/2023/02/01/settling-in.html),\n"
            "[our team](/team/), [Jekyll](https://jekyllrb.com/docs/) and [above](#top).\n\n"
            "```\n[in code](/docs/history/)\n```\n\nAnd `[inline](/docs/history/)` too.\n",
            publish_date=None,
        ),
    )
    write(
        site,
        "_posts/2023-02-01-settling-in.md",
        post(
            "Settling in",
            "Back to [moving day][moving].\n\n[moving]: /2023/01/29/moving-day.html\n",
            categories="[news]",
            publish_date=None,
        ),
    )
    write(site, "_docs/history.md", post("History", "Everything that happened.\n", permalink=None))
    write(site, "_docs/install/linux.md", post("Linux", "Read [the history](../history.md) first.\n"))
    return site


def test_jekyll_posts_and_collection_documents_get_their_old_addresses(jekyll):
    code, report = run_json(jekyll)
    assert code == 0, report
    assert addresses("moving-day") == ["/2023/01/29/moving-day.html"]
    assert addresses("settling-in") == ["/news/2023/02/01/settling-in.html"]
    assert addresses("history") == ["/docs/history/"]
    assert addresses("linux") == ["/docs/install/linux/"]


def test_jekyll_links_between_pages_point_at_their_articles_in_any_order(jekyll):
    _, report = run_json(jekyll)
    moving = Article.objects.get(slug="moving-day")
    assert "[the history](/articles/history/#v1)" in moving.body
    assert "[the next post](/articles/settling-in/)" in moving.body
    assert "[Jekyll](https://jekyllrb.com/docs/)" in moving.body
    assert "[above](#top)" in moving.body
    assert "[in code](/docs/history/)" in moving.body
    assert "`[inline](/docs/history/)`" in moving.body
    assert "[moving]: /articles/moving-day/" in Article.objects.get(slug="settling-in").body
    assert "[the history](/articles/history/)" in Article.objects.get(slug="linux").body
    assert warnings_of(report, "2023-01-29-moving-day.md") == [
        "link '/team/' points at a page of the old site that was not imported; left as written"
    ]


def test_a_link_definition_in_a_quote_or_a_list_points_at_the_article_and_one_in_code_does_not(site):
    write(site, "history.md", post("History", "Everything that happened.\n"))
    body = "> See [the history][h].\n>\n> [h]: {}\n\n- Or [this][l].\n\n  [l]: {}\n\n```\n[c]: history.md\n```\n"
    write(site, "notes.md", post("Notes", body.format("history.md", "history.md")))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get(slug="notes").body == "\n" + body.format("/articles/history/", "/articles/history/")


def test_jekyll_permalink_styles_and_front_matter(site):
    write(site, "_config.yml", "permalink: pretty\nbaseurl: /blog\n")
    write(site, "_posts/2022-05-06-pretty.md", post("Pretty", "Words.\n", publish_date=None, category="Tech"))
    write(site, "_posts/2022-05-07-own.md", post("Own", "Words.\n", publish_date=None, permalink="/own/:title/"))
    write(site, "about.md", post("About", "Words.\n"))
    assert run(site)[0] == 0
    assert addresses("pretty") == ["/blog/tech/2022/05/06/pretty/"]
    assert addresses("own") == ["/blog/own/own/"]
    assert addresses("about") == ["/blog/about/"]


def test_a_jekyll_permalink_without_a_leading_slash_is_still_from_the_site_s_top_under_its_baseurl(site):
    write(site, "_config.yml", "permalink: ':title/'\nbaseurl: /notes\n")
    write(site, "_posts/2022-05-06-tides.md", post("Tides", "Words.\n", publish_date=None))
    write(site, "_posts/2022-05-07-own.md", post("Own", "Words.\n", publish_date=None, permalink="kept/own/"))
    assert run(site)[0] == 0
    assert addresses("tides") == ["/notes/tides/"]
    assert addresses("own") == ["/notes/kept/own/"]


def test_jekyll_redirect_from_is_under_the_site_s_baseurl(site):
    write(site, "_config.yml", "baseurl: /blog\n")
    write(site, "_posts/2022-05-06-moved.md", post("Moved", "Words.\n", redirect_from="['/old-name/', '/blog/kept/']"))
    assert run(site)[0] == 0
    assert addresses("moved") == ["/blog/2022/05/06/moved.html", "/blog/kept/", "/blog/old-name/"]


@pytest.mark.parametrize(("style", "expected"), [("date", "/2022/05/06/x.html"), ("none", "/x.html")])
def test_jekyll_named_styles(site, style, expected):
    write(site, "_config.yml", f"permalink: {style}\n")
    write(site, "_posts/2022-05-06-x.md", post("X", "Words.\n", publish_date=None))
    assert run(site)[0] == 0
    assert addresses("x") == [expected]


@pytest.mark.parametrize(
    ("style", "expected"), [("date", "/2014/07/02/Hello-World.html"), ("pretty", "/2014/07/02/Hello-World/")]
)
def test_jekyll_title_keeps_the_capitals_of_the_file_name_and_its_old_address_redirects(site, client, style, expected):
    write(site, "_config.yml", f"permalink: {style}\n")
    write(site, "_posts/2014-07-02-Hello-World.md", post("Hello", "Words.\n", publish_date=None))
    write(site, "_posts/2014-07-03-next.md", post("Next", f"After [hello]({expected}).\n", publish_date=None))
    assert run(site)[0] == 0
    assert addresses("hello-world") == [expected]
    assert client.get(expected)["Location"] == "/articles/hello-world/"
    assert "[hello](/articles/hello-world/)" in Article.objects.get(slug="next").body


def test_jekyll_slug_placeholder_is_lowercased(site):
    write(site, "_config.yml", "permalink: /:year/:slug/\n")
    write(site, "_posts/2014-07-02-Hello-World.md", post("Hello", "Words.\n", publish_date=None))
    assert run(site)[0] == 0
    assert addresses("hello-world") == ["/2014/hello-world/"]


def test_hugo_sections_slugs_urls_aliases_and_permalinks(site):
    write(site, "config.toml", 'baseURL = "https://example.org/"\n[permalinks]\n  posts = "/:year/:month/:slug/"\n')
    write(
        site,
        "content/posts/first.md",
        "+++\ntitle = 'First'\nauthor = 'Ines Duarte'\ndate = 2024-05-02\nslug = 'the-first'\n"
        "aliases = ['/old/first/', '/p/1.html']\n+++\nSee [about](/about-us/) and [second](../second-post/).\n",
    )
    write(site, "content/posts/Second Post.md", post("Second", "Back to [first](/2024/05/the-first/).\n"))
    write(site, "content/pages/about.md", post("About", "Words.\n", url="/about-us/"))
    write(site, "content/docs/guide/index.md", post("Guide", "A bundle.\n"))
    code, report = run_json(site)
    assert code == 0, report
    assert addresses("the-first") == ["/2024/05/the-first/", "/old/first/", "/p/1.html"]
    assert addresses("about") == ["/about-us/"]
    assert addresses("guide") == ["/docs/guide/"]
    first = Article.objects.get(slug="the-first")
    assert "[about](/articles/about/)" in first.body
    assert "aliases" not in first.extra_front_matter
    assert "[first](/articles/the-first/)" in Article.objects.get(slug="second-post").body


def test_hugo_without_permalinks_uses_the_section_and_lower_case(site):
    write(site, "hugo.toml", "title = 'Hugo'\n")
    write(site, "content/Posts/My-Post.md", post("My post", "Words.\n"))
    assert run(site)[0] == 0
    assert addresses("my-post") == ["/posts/my-post/"]


def test_eleventy_input_folder_source_links_and_permalinks(site):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "content", output: "_site" } };\n')
    write(site, "content/blog/firstpost.md", post("First", "Words.\n"))
    write(
        site,
        "content/blog/secondpost.md",
        post(
            "Second",
            '<a href="/blog/firstpost.md">First post</a> and <a href="blog/thirdpost.md">third</a>, '
            "[again](/blog/firstpost/).\n",
        ),
    )
    write(site, "content/blog/thirdpost.md", post("Third", "Words.\n"))
    write(site, "content/blog/fourthpost/fourthpost.md", post("Fourth", "Words.\n"))
    write(site, "content/about.md", post("About", "Words.\n", permalink="/about-me/"))
    assert run(site)[0] == 0
    assert addresses("firstpost") == ["/blog/firstpost/"]
    assert addresses("fourthpost") == ["/blog/fourthpost/"]
    assert addresses("about") == ["/about-me/"]
    body = Article.objects.get(slug="secondpost").body
    assert '<a href="/articles/firstpost/">First post</a>' in body
    assert '<a href="/articles/thirdpost/">third</a>' in body
    assert "[again](/articles/firstpost/)" in body


def test_eleventys_url_filter_gives_the_path_and_the_link_leads_to_the_article(site):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "content" } };\n')
    write(site, "content/posts/firstpost.md", post("First", "Words.\n"))
    write(
        site, "content/posts/secondpost.md", post("Second", "<a href=\"{{ '/posts/firstpost/' | url }}\">First</a>\n")
    )

    code, report = run_json(site)

    assert code == 0, report
    assert '<a href="/articles/firstpost/">First</a>' in Article.objects.get(slug="secondpost").body
    assert not [warning for file in report["files"] for warning in file["warnings"] if "filter" in warning]


def test_an_eleventy_folder_data_file_s_permalink_gives_its_pages_their_addresses(site):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    write(site, "src/blog/blog.json", '{"permalink": "/blog/{{ page.fileSlug }}/", "tags": ["posts"]}\n')
    write(site, "src/blog/2019-12-05-moving-house.md", post("Moving house", "See [the next](/blog/settled/).\n"))
    write(site, "src/blog/2019-12-20-settled.md", post("Settled", "Words.\n"))
    write(site, "src/blog/own.md", post("Own", "Words.\n", permalink="/elsewhere/{{ page.fileSlug }}.html"))

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert addresses("moving-house") == ["/blog/moving-house/"]
    assert addresses("own") == ["/elsewhere/own.html"]
    assert "[the next](/articles/settled/)" in Article.objects.get(slug="moving-house").body


def test_an_eleventy_permalink_made_from_the_page_s_front_matter_is_filled_in_as_eleventy_fills_it(site):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    write(site, "src/posts/posts.json", '{"permalink": "/blog/{{ title | slugify }}/index.html"}\n')
    walk = post("Walking the Harbour", "See [the hills](/blog/to-the-hills/).\n")
    write(site, "src/posts/2024-03-01-harbour.md", walk)
    write(site, "src/posts/2024-03-09-hills.md", post("To the Hills", "Words.\n"))
    write(site, "src/posts/odd.md", post("Odd", "Words.\n", permalink="/x/{{ page.nope | unknownfilter }}/"))

    code, report = run_json(site / "src", "--root", site)

    assert code == 0, report
    assert addresses("harbour") == ["/blog/walking-the-harbour/"]  # index.html is the folder's address
    assert "[the hills](/articles/hills/)" in Article.objects.get(slug="harbour").body
    assert addresses("odd") == []  # a template only Eleventy can fill in gives no address, and no error


def test_an_eleventy_layout_s_front_matter_permalink_gives_the_pages_using_it_their_addresses(site):
    write(site, ".eleventy.js", "module.exports = () => ({ dir: { input: './', layouts: 'site/layouts' } });\n")
    layout = "---\nlayout: base.liquid\npermalink: \"/note/{{ page.date | date: '%Y' }}/{{ page.fileSlug }}/\"\n---\n"
    write(site, "site/layouts/post/note.liquid", layout + "{{ content }}\n")
    write(site, "site/notes/a1f3.md", post("Ferry", "See [the next](/note/2025/b7c2/).\n", layout="post/note"))
    write(site, "site/notes/b7c2.md", post("Tent", "Words.\n", layout="post/note"))
    write(site, "site/notes/c9d4.md", post("Own", "Words.\n", layout="post/note", permalink="/mine/"))

    code, report = run_json(site / "site", "--root", site)

    assert code == 0, report
    assert addresses("a1f3") == ["/note/2025/a1f3/"]
    assert addresses("c9d4") == ["/mine/"]
    assert "[the next](/articles/b7c2/)" in Article.objects.get(slug="a1f3").body


def test_an_eleventy_permalink_made_with_the_older_slug_filter_and_no_leading_slash_is_the_page_s_address(site):
    write(site, ".eleventy.js", "module.exports = function (config) {};\n")
    write(site, "notes/notes.json", '{"permalink": "notes/{{ title | slug }}/index.html", "layout": "note.njk"}\n')
    write(site, "notes/first.md", post("Rain & Shine", "On to [the next](/notes/dry-days/).\n"))
    write(site, "notes/second.md", post("Dry days", "Words.\n"))

    code, report = run_json(site / "notes", "--root", site)

    assert code == 0, report
    assert addresses("first") == ["/notes/rain-and-shine/"]
    assert "[the next](/articles/second/)" in Article.objects.get(slug="first").body


def test_astro_content_collections(site):
    write(site, "astro.config.mjs", "export default defineConfig({ site: 'https://example.com' });\n")
    write(site, "src/content/blog/first-post.md", post("First", "On to [the second](/blog/second-post/).\n"))
    write(site, "src/content/blog/second-post.md", post("Second", "Back to [the first](./first-post.md).\n"))
    assert run(site)[0] == 0
    assert addresses("first-post") == ["/blog/first-post/"]
    assert "[the second](/articles/second-post/)" in Article.objects.get(slug="first-post").body
    assert "[the first](/articles/first-post/)" in Article.objects.get(slug="second-post").body


def test_astro_glob_loader_entries_are_at_the_route_named_after_their_folder(site):
    write(site, "astro.config.ts", "export default defineConfig({});\n")
    write(
        site,
        "src/content.config.ts",
        'const essay = defineCollection({\n  loader: glob({ base: "./writing/essays", pattern: "**/*.md" }),\n'
        "  schema: z.object({ title: z.string() }),\n});\n"
        "const aside = defineCollection({ loader: glob({ pattern: '*.md', base: './writing/asides' }) });\n"
        "export const collections = { essay, aside };\n",
    )
    write(site, "src/pages/essays/[...slug].astro", "---\nconst entries = await allArticles();\n---\n")
    write(site, "writing/essays/first-light.md", post("First light", "Words.\n"))
    write(site, "writing/essays/travel/By Night.md", post("By night", "Words.\n"))
    write(site, "writing/essays/travel/index.md", post("Travel", "Words.\n"))
    assert run(site / "writing/essays", "--root", site)[0] == 0
    assert addresses("first-light") == ["/essays/first-light/"]
    assert addresses("by-night") == ["/essays/travel/by-night/"]
    assert addresses("travel") == ["/essays/travel/"]


def test_astro_entries_are_at_the_route_that_asks_for_their_collection_by_its_exported_name(site):
    write(site, "astro.config.mjs", "export default defineConfig({});\n")
    write(
        site,
        "src/content/config.ts",
        "const posts = defineCollection({ loader: glob({ base: 'src/data/posts', pattern: '**/*.md' }) });\n"
        "export const collections = { journal: posts };\n",
    )
    write(site, "src/pages/notes/[id].astro", "---\nconst all = await getCollection('notes');\n---\n")
    write(site, "src/pages/diary/[...slug]/index.astro", '---\nconst all = await getCollection("journal");\n---\n')
    write(site, "src/data/posts/rainy-day.md", post("Rainy day", "Words.\n", slug="wet/weather"))
    assert run(site / "src/data/posts", "--root", site)[0] == 0
    assert addresses("weather") == ["/diary/wet/weather/"]


def test_a_config_yaml_in_an_astro_site_s_src_does_not_make_src_a_hugo_site(site):
    write(site, "astro.config.mjs", "export default defineConfig({});\n")
    write(site, "src/config.yaml", "site:\n  name: Field Notes\n")
    write(
        site,
        "src/content/config.ts",
        "const posts = defineCollection({ loader: glob({ base: 'src/data/posts', pattern: '*.md' }) });\n"
        "export const collections = { posts };\n",
    )
    write(site, "src/pages/blog/[...slug].astro", "---\nconst all = await getCollection('posts');\n---\n")
    write(site, "src/data/posts/rainy-day.md", post("Rainy day", "Words.\n"))
    assert run(site / "src/data/posts", "--root", site)[0] == 0
    assert addresses("rainy-day") == ["/blog/rainy-day/"]


ASTROWIND_CONFIG = (
    "import astrowind from './vendor/integration';\n"
    "export default defineConfig({ integrations: [astrowind({ config: './settings/theme.yaml' })] });\n"
)
ASTROWIND_COLLECTION = (
    "const postCollection = defineCollection({\n"
    "  loader: glob({ pattern: ['*.md', '*.mdx'], base: 'src/data/post' }),\n"
    "  schema: z.object({ title: z.string(), category: z.string().optional() }),\n"
    "});\nexport const collections = { post: postCollection };\n"
)


@pytest.mark.parametrize(
    "theme, front, expected",
    [
        ("apps:\n  blog:\n    isEnabled: true\n    post: {permalink: '/%slug%'}\n", {}, ["/rainy-day/"]),
        ("apps:\n  blog: {isEnabled: true}\n", {"slug": "wet/weather"}, ["/blog/wet/weather/"]),
        (
            "site: {base: /journal, trailingSlash: true}\n"
            "apps:\n  blog:\n    isEnabled: true\n    post: {permalink: '%category%/%year%/%month%/%hour%/%slug%'}\n",
            {"category": "'Field Notes'", "publishDate": "2024-03-05T09:30:00Z"},
            ["/journal/field-notes/2024/03/09/rainy-day/"],
        ),
        # A date in the permalink and none in the post: the theme dates it at each build, so it had no fixed address.
        ("apps:\n  blog:\n    isEnabled: true\n    post: {permalink: '/%year%/%slug%'}\n", {}, []),
        ("apps:\n  blog:\n    isEnabled: true\n    post: {isEnabled: false}\n", {}, []),
        ("apps:\n  blog:\n    post: {permalink: '/%slug%'}\n", {}, []),  # the theme's blog is off unless turned on
    ],
    ids=["slug", "default-with-front-matter-slug", "category-date-base", "date-unknown", "posts-off", "blog-off"],
)
def test_astrowind_posts_are_at_the_permalink_of_the_theme_config_its_integration_names(site, theme, front, expected):
    write(site, "astro.config.ts", ASTROWIND_CONFIG)
    write(site, "settings/theme.yaml", theme)
    write(site, "src/config.yaml", "apps:\n  blog:\n    isEnabled: true\n    post: {permalink: '/unused/%slug%'}\n")
    write(site, "src/content/config.ts", ASTROWIND_COLLECTION)
    write(site, "src/pages/[...blog]/index.astro", "---\nconst paths = await getStaticPathsBlogPost();\n---\n")
    write(site, "src/data/post/rainy-day.md", post("Rainy day", "Words.\n", **front))
    assert run(site / "src/data/post", "--root", site)[0] == 0
    assert sorted(OldAddress.objects.values_list("path", flat=True)) == expected


def test_astro_routes_are_found_without_following_a_linked_folder(site):
    write(site, "astro.config.mjs", "export default defineConfig({});\n")
    write(site, "src/pages/journal/[...slug].astro", "---\nconst all = await getCollection('blog');\n---\n")
    (site / "src/pages/journal/again").symlink_to(site / "src/pages")
    write(site, "src/content/blog/rainy-day.md", post("Rainy day", "Words.\n"))
    assert run(site / "src/content/blog", "--root", site)[0] == 0
    assert addresses("rainy-day") == ["/journal/rainy-day/"]


def test_gatsby_blog_folders(site):
    write(site, "gatsby-config.js", "module.exports = { plugins: [] }\n")
    write(site, "content/blog/hello-world/index.md", post("Hello", "See [beginnings](/new-beginnings/).\n"))
    write(site, "content/blog/new-beginnings/index.md", post("Beginnings", "Words.\n"))
    assert run(site)[0] == 0
    assert addresses("hello-world") == ["/hello-world/"]
    assert "[beginnings](/articles/new-beginnings/)" in Article.objects.get(slug="hello-world").body


@pytest.mark.parametrize(
    "source",
    [
        "path.join(__dirname, 'src', 'writing')",
        "`${__dirname}/src/writing`",
        '"./src/writing"',
    ],
)
def test_gatsby_pages_are_at_their_path_inside_the_source_folder_the_config_names(site, source):
    write(
        site,
        "gatsby-config.js",
        "module.exports = {\n  plugins: [\n    { resolve: 'gatsby-source-filesystem',\n"
        f"      options: {{ name: 'writing', path: {source} }} }},\n  ],\n}};\n",
    )
    write(site, "src/writing/first-light.md", post("First light", "See [the ridge](/notes/ridge/).\n"))
    write(site, "src/writing/notes/ridge.md", post("Ridge", "Words.\n"))
    assert run(site / "src/writing", "--root", site)[0] == 0
    assert addresses("first-light") == ["/first-light/"]
    assert addresses("ridge") == ["/notes/ridge/"]
    assert "[the ridge](/articles/ridge/)" in Article.objects.get(slug="first-light").body


@pytest.mark.parametrize(
    "page_path, expected",
    [
        ("post.node.frontmatter.slug", "/first-light/"),
        ("`/journal/${post.node.frontmatter.slug}/`", "/journal/first-light/"),
    ],
)
def test_gatsby_pages_made_at_a_front_matter_slug_without_its_slash_are_at_that_slug(site, page_path, expected):
    write(site, "gatsby-config.js", "module.exports = { plugins: [] }\n")
    write(
        site,
        "gatsby-node.js",
        "exports.createPages = async ({ graphql, actions }) => {\n  posts.forEach(post => {\n"
        f"    actions.createPage({{ path: {page_path}, component: Post }})\n  }})\n}}\n",
    )
    write(site, "content/posts/2024-03-01-first-light/index.md", post("First light", "Words.\n", slug="first-light"))
    assert run(site / "content", "--root", site)[0] == 0
    assert addresses("first-light") == [expected]


@pytest.mark.parametrize("cut", ['path.indexOf("--")', "path.split('--')"])
def test_a_gatsby_page_whose_gatsby_node_cuts_its_folder_name_at_two_dashes_is_at_the_name_after_them(site, cut):
    write(
        site,
        "gatsby-config.js",
        "module.exports = { plugins: [\n"
        "  { resolve: 'gatsby-source-filesystem', options: { name: 'notes', path: `${__dirname}/writing/notes/` } },\n"
        "  { resolve: 'gatsby-source-filesystem', options: { name: 'about', path: `${__dirname}/writing/about/` } },\n"
        "] };\n",
    )
    write(
        site,
        "gatsby-node.js",
        "exports.onCreateNode = ({ node, getNode, actions }) => {\n"
        "  const path = createFilePath({ node, getNode });\n"
        f"  const at = {cut};\n"
        "  actions.createNodeField({ node, name: 'slug', value: shortened(path, at) });\n"
        "};\n",
    )
    write(site, "writing/notes/2023-05-02--low-tide/index.md", post("Low tide", "See [the cove](/cove/).\n"))
    write(site, "writing/notes/2023-05-09--cove/index.md", post("Cove", "Words.\n"))
    write(site, "writing/about/2--colophon/index.md", post("Colophon", "Words.\n"))

    code, report = run_json(site / "writing", "--root", site)

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["colophon", "cove", "low-tide"]
    assert addresses("low-tide") == ["/low-tide/"]
    assert addresses("colophon") == ["/colophon/"]
    assert "[the cove](/articles/cove/)" in Article.objects.get(slug="low-tide").body
    assert warnings_of(report, "2023-05-02--low-tide/index.md") == []


def test_a_gatsby_page_keeps_the_two_dashes_of_its_folder_name_where_gatsby_node_does_not_cut_there(site):
    write(site, "gatsby-config.js", "module.exports = { plugins: [] }\n")
    write(site, "content/blog/2--colophon/index.md", post("Colophon", "Words.\n"))

    assert run(site / "content", "--root", site)[0] == 0
    assert addresses("2-colophon") == ["/2--colophon/"]


@pytest.mark.parametrize("prefix", ["'/starter-notes'", '"/starter-notes/"', "`/starter-notes`"])
def test_a_gatsby_site_s_pages_and_aliases_are_under_its_path_prefix(site, prefix):
    write(site, "gatsby-config.js", f"module.exports = {{\n  pathPrefix: {prefix},\n  plugins: [],\n}};\n")
    write(site, "content/blog/first-light/index.md", post("First light", "Words.\n", aliases="['/dawn/']"))
    assert run(site / "content", "--root", site)[0] == 0
    assert addresses("first-light") == ["/starter-notes/dawn/", "/starter-notes/first-light/"]


def test_a_link_from_the_site_s_top_leads_to_the_page_with_or_without_the_path_the_site_was_served_under(site):
    write(site, "gatsby-config.js", "module.exports = {\n  pathPrefix: '/starter-notes',\n  plugins: [],\n};\n")
    body = "See [the ridge](/ridge/), [again](/starter-notes/ridge/) and [elsewhere](/elsewhere/).\n"
    write(site, "content/blog/first-light/index.md", post("First light", body))
    write(site, "content/blog/ridge/index.md", post("Ridge", "Words.\n"))

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert Article.objects.get(slug="first-light").body == (
        "\nSee [the ridge](/articles/ridge/), [again](/articles/ridge/) and [elsewhere](/elsewhere/).\n"
    )
    assert warnings_of(report, "first-light/index.md") == [
        "link '/elsewhere/' points at a page of the old site that was not imported; left as written"
    ]


def test_a_page_at_the_top_of_a_site_served_under_a_path_is_not_given_the_old_home_page(site):
    write(site, "gatsby-config.js", "module.exports = {\n  pathPrefix: '/starter-notes',\n  plugins: [],\n};\n")
    write(site, "src/pages/index.md", post("Welcome", "Words.\n"))

    code, report = run_json(site / "src/pages", "--root", site)

    assert code == 0, report
    assert addresses("welcome") == []
    assert "old address '/' is not kept: the home page cannot be an old address" in warnings_of(report, "index.md")


def test_a_gatsby_path_prefix_given_as_a_field_of_the_site_s_own_module_is_read_from_that_module(site):
    write(site, "data/settings.js", "module.exports = {\n  pathPrefix: '/starter-notes', // no trailing slash\n};\n")
    write(
        site,
        "gatsby-config.js",
        "const settings = require('./data/settings')\n\nmodule.exports = {\n  pathPrefix: settings.pathPrefix,\n"
        "  plugins: [],\n};\n",
    )
    write(site, "content/blog/first-light/index.md", post("First light", "Words.\n"))
    assert run(site / "content", "--root", site)[0] == 0
    assert addresses("first-light") == ["/starter-notes/first-light/"]


def test_a_gatsby_path_prefix_computed_in_code_is_not_read(site):
    write(site, "gatsby-config.js", "module.exports = {\n  pathPrefix: `/${repo}`,\n  plugins: [],\n};\n")
    write(site, "content/blog/first-light/index.md", post("First light", "Words.\n"))
    assert run(site / "content", "--root", site)[0] == 0
    assert addresses("first-light") == ["/first-light/"]


@pytest.mark.parametrize(
    "config, text, page, expected",
    [
        (
            "hugo.toml",
            'baseURL = "https://someone.example.org/notes/"\n',
            "content/posts/tides.md",
            "/notes/posts/tides/",
        ),
        (
            "mkdocs.yml",
            "site_name: Notes\nsite_url: https://someone.example.org/notes/\n",
            "docs/tides.md",
            "/notes/tides/",
        ),
    ],
)
def test_hugo_and_mkdocs_pages_are_under_the_path_of_the_site_s_address(site, config, text, page, expected):
    write(site, config, text)
    write(site, page, post("Tides", "Words.\n"))
    assert run(site, "--root", site)[0] == 0
    assert addresses("tides") == [expected]


def test_mkdocs_pages_and_material_blog_posts(site):
    write(
        site,
        "mkdocs.yml",
        "site_name: Docs\nplugins:\n  - search\n  - blog\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
    )
    write(site, "docs/changelog/index.md", post("Changelog", "Changes.\n"))
    write(site, "docs/blog/posts/launch.md", post("We launched", "See [the changelog](../../changelog/index.md#v2).\n"))
    write(
        site,
        "docs/setup/guide.md",
        post("Guide", "Read [the launch](../blog/posts/launch.md), [changes](../changelog/) and [gone](missing.md).\n"),
    )
    code, report = run_json(site)
    assert code == 0, report
    assert addresses("changelog") == ["/changelog/"]
    assert addresses("launch") == ["/blog/2025/03/01/we-launched/"]
    assert addresses("guide") == ["/setup/guide/"]
    assert "[the changelog](/articles/changelog/#v2)" in Article.objects.get(slug="launch").body
    guide = Article.objects.get(slug="guide").body
    assert "[the launch](/articles/launch/)" in guide
    assert "[changes](/articles/changelog/)" in guide
    assert "[gone](missing.md)" in guide
    assert warnings_of(report, "guide.md") == [
        "link 'missing.md' points at a page of the old site that was not imported; left as written"
    ]


def test_an_mkdocs_redirects_plugin_s_map_keeps_a_moved_page_s_old_address_for_the_page_it_leads_to(site):
    write(
        site,
        "mkdocs.yml",
        "site_name: Notes\nplugins:\n  - search\n  - redirects:\n      redirect_maps:\n"
        "        supporters.md: posts/thanks-to-supporters.md\n"
        "        old/harbour/index.md: posts/harbour.md#the-walk\n"
        "        tools.md: https://tools.example.org/\n",
    )
    write(site, "docs/posts/thanks-to-supporters.md", post("Thanks", "See [before](/supporters/).\n"))
    write(site, "docs/posts/harbour.md", post("Harbour", "Words.\n"))

    code, report = run_json(site)

    assert code == 0, report
    assert addresses("thanks-to-supporters") == ["/posts/thanks-to-supporters/", "/supporters/"]
    assert addresses("harbour") == ["/old/harbour/", "/posts/harbour/"]
    assert "[before](/articles/thanks-to-supporters/)" in Article.objects.get(slug="thanks-to-supporters").body
    assert warnings_of(report, "thanks-to-supporters.md") == []


def test_an_mkdocs_config_that_inherits_another_is_read_merged_with_it(site):
    write(site, "base.yml", "site_name: Docs\nplugins:\n  search: {}\n  blog:\n    post_url_format: '{slug}'\n")
    write(site, "mkdocs.yml", "INHERIT: base.yml\nplugins:\n  search:\n    lang: en\n")
    write(site, "docs/blog/posts/launch.md", post("We launched", "Words.\n"))

    code, report = run_json(site)

    assert code == 0, report
    assert addresses("launch") == ["/blog/we-launched/"]


def test_a_site_built_from_a_config_of_another_name_is_read_from_the_one_that_publishes_its_blog(site):
    write(site, "mkdocs-common.yml", "site_name: Docs\nuse_directory_urls: false\n")
    write(site, "mkdocs-offline.yml", "INHERIT: mkdocs-common.yml\nplugins:\n  offline:\n")
    write(site, "mkdocs-online.yml", "INHERIT: mkdocs-common.yml\nplugins:\n  blog:\n")
    write(site, "docs/blog/posts/launch.md", post("We launched", "Words.\n"))
    write(site, "docs/guide.md", post("Guide", "Words.\n"))

    code, report = run_json(site)

    assert code == 0, report
    assert addresses("launch") == ["/blog/2025/03/01/we-launched/"]
    assert addresses("guide") == ["/guide.html"]


def test_a_link_to_an_article_of_an_earlier_run_is_rewritten(jekyll, tmp_path):
    assert run(jekyll)[0] == 0
    later = tmp_path / "later"
    write(later, "note.md", post("Note", "As in [moving day](/2023/01/29/moving-day.html).\n"))
    assert run(later)[0] == 0
    assert "[moving day](/articles/moving-day/)" in Article.objects.get(slug="note").body


def test_reimporting_keeps_the_bodies_and_addresses_as_they_were(jekyll):
    run(jekyll)
    before = dict(Article.objects.values_list("slug", "body"))
    _, report = run_json(jekyll)
    assert report["summary"]["unchanged"] == 4
    path = jekyll / "_posts/2023-01-29-moving-day.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    _, report = run_json(jekyll)
    assert report["summary"]["updated"] == 1
    after = dict(Article.objects.values_list("slug", "body"))
    assert after["moving-day"] == before["moving-day"] + "\nOne more line.\n"
    assert OldAddress.objects.count() == 4


def test_an_unchanged_article_imported_before_addresses_were_kept_gets_them(jekyll):
    run(jekyll)
    OldAddress.objects.all().delete()
    _, report = run_json(jekyll)
    assert report["summary"]["unchanged"] == 4
    assert addresses("history") == ["/docs/history/"]


def test_a_dry_run_records_no_addresses(jekyll):
    assert run(jekyll, "--dry-run")[0] == 0
    assert not OldAddress.objects.exists()


def test_two_files_claiming_one_old_address_keep_the_first(site):
    write(site, "a.md", post("A", "Words.\n", aliases="[/shared/]"))
    write(site, "b.md", post("B", "Words.\n", aliases="[/shared/]"))
    code, report = run_json(site)
    assert code == 0
    assert addresses("a") == ["/shared/"]
    assert warnings_of(report, "b.md") == [
        "alias '/shared/' already leads to the article 'a' (from a.md); it is kept there"
    ]


def hugo_pages(site, *pages: tuple[str, str]) -> None:
    """A Hugo site's content: each page is (name in content/, its front matter's lines); its body is one line."""
    write(site, "hugo.toml", "title = 'Hugo'\n")
    for name, front in pages:
        write(site, f"content/{name}", f"---\ntitle: {name}\nauthor: W\ndate: 2024-03-01\n{front}---\n\nWords.\n")


CONTACT = ("contact.md", "slug: contact\n")


@pytest.mark.parametrize("aliasing", ["about.md", "zoo.md"])  # read before, and after, the page it names
def test_a_pages_own_old_address_wins_over_another_pages_alias_whichever_file_comes_first(site, aliasing):
    hugo_pages(site, (aliasing, "aliases: [about-us, contact]\n"), CONTACT)
    # Read after the alias is stored and before the page takes it: its link goes to the page all the same.
    write(site, "content/b.md", post("Links", "[Write to us](/contact/).\n"))

    code, report = run_json(site)

    assert code == 0, report
    name = aliasing.removesuffix(".md")
    assert addresses("contact") == ["/contact/"]
    assert addresses(name) == sorted(["/about-us/", f"/{name}/"])
    assert "[Write to us](/articles/contact/)" in Article.objects.get(slug="b").body
    if aliasing == "about.md":
        assert warnings_of(report, "contact.md") == [
            "old address '/contact/' is where the old site published this page, and the article 'about' (from "
            "content/about.md) gave it as an alias: it now leads here, as a page's own address wins over another "
            "page's alias"
        ]
    else:
        assert warnings_of(report, aliasing) == [
            "alias '/contact/' already leads to the article 'contact' (from content/contact.md); it is kept there"
        ]


@pytest.mark.parametrize("first", ["about.md", "contact.md"])
def test_a_pages_own_old_address_wins_over_an_alias_an_earlier_import_stored(site, client, first):
    hugo_pages(site, ("about.md", "aliases: [contact]\n"), CONTACT)
    second = "contact.md" if first == "about.md" else "about.md"

    assert run(site / "content" / first, "--root", site)[0] == 0
    assert run(site / "content" / second, "--root", site)[0] == 0

    assert addresses("contact") == ["/contact/"]
    assert addresses("about") == ["/about/"]
    assert client.get("/contact/")["Location"] == "/articles/contact/"
    assert not OldAddress.objects.get(path="/contact/").alias


def test_a_pages_own_old_address_an_editor_gave_another_article_stays_there_and_says_where_to_change_it(
    site, published_article
):
    OldAddress.objects.create(path="/contact/", article=published_article)
    hugo_pages(site, CONTACT)

    code, report = run_json(site)

    assert code == 0, report
    assert addresses("a-published-piece") == ["/contact/"]
    assert warnings_of(report, "contact.md") == [
        "old address '/contact/' already leads to the article 'a-published-piece'; it is kept there (if it should "
        "lead here, give it to this article under Old site addresses in the admin)"
    ]


def test_a_folder_of_no_known_generator_has_only_the_addresses_it_lists(site):
    write(site, "plain.md", post("Plain", "Words.\n"))
    write(site, "listed.md", post("Listed", "Words.\n", redirect_from="[/old-listed.html]"))
    assert run(site)[0] == 0
    assert addresses("plain") == []
    assert addresses("listed") == ["/old-listed.html"]


def test_export_writes_old_addresses_as_aliases_that_import_reads_back(jekyll, tmp_path):
    run(jekyll)
    out = tmp_path / "export"
    export_articles(outdir=out)
    assert "aliases:\n- /2023/01/29/moving-day.html\n" in (out / "moving-day.md").read_text()
    OldAddress.objects.all().delete()
    Article.objects.all().delete()
    assert run(out)[0] == 0
    assert addresses("moving-day") == ["/2023/01/29/moving-day.html"]
    assert Article.objects.get(slug="moving-day").extra_front_matter == {}


def test_a_link_to_a_translation_points_at_the_translated_article_and_one_to_a_list_page_is_left(site):
    write(site, "hugo.toml", 'defaultContentLanguage = "en"\n[languages.en]\n[languages.fr]\n')
    write(site, "content/posts/_index.md", "---\ntitle: 'Posts'\n---\n")
    write(site, "content/posts/harbour.md", post("Harbour", "Plain text.\n"))
    write(site, "content/posts/harbour.fr.md", post("Le port", "Du texte.\n", lang="fr"))
    write(
        site,
        "content/posts/guide.md",
        post("Guide", "Read [in French](harbour.fr.md) or [every post](_index.md).\n"),
    )

    code, report = run_json(str(site / "content"), "--root", str(site))

    assert code == 0, report
    body = Article.objects.get(slug="guide").body
    assert "[in French](/articles/harbour-fr/)" in body
    assert "[every post](_index.md)" in body


def test_a_hugo_translations_old_address_is_under_its_language_folder(site):
    write(site, "hugo.toml", 'defaultContentLanguage = "en"\n[languages.en]\n[languages.ja]\n')
    write(site, "content/post/harbour/index.md", post("Harbour", "Plain text.\n"))
    write(site, "content/post/harbour/index.ja.md", post("Minato", "Text.\n", lang="ja"))

    code, report = run_json(str(site / "content"), "--root", str(site))

    assert code == 0, report
    assert addresses("harbour") == ["/post/harbour/"]
    assert addresses("harbour-ja") == ["/ja/post/harbour/"]


def test_a_hugo_language_s_own_content_folder_gives_its_pages_their_addresses(site):
    write(
        site,
        "hugo.toml",
        'defaultContentLanguage = "en"\n[languages.en]\ncontentDir = "content/en"\n'
        '[languages.fr]\ncontentDir = "content/fr"\n',
    )
    write(site, "content/en/post/chapter-1.md", post("Chapter one", "Text.\n"))
    write(site, "content/fr/post/chapter-1.md", post("Chapitre un", "Texte.\n"))

    code, report = run_json(str(site / "content"), "--root", str(site))

    assert code == 0, report
    assert sorted(OldAddress.objects.values_list("path", flat=True)) == ["/fr/post/chapter-1/", "/post/chapter-1/"]


def test_hugo_settings_written_in_any_case_put_the_default_language_in_its_folder(site):
    write(
        site,
        "hugo.toml",
        'DefaultContentLanguage = "fr"\nDefaultContentLanguageInSubdir = true\nContentDir = "pages"\n'
        "[languages.fr]\n[languages.de]\n",
    )
    write(site, "pages/post/chapter-1.md", post("Chapitre un", "Texte.\n"))
    write(site, "pages/post/chapter-1.de.md", post("Kapitel eins", "Text.\n"))

    code, report = run_json(str(site / "pages"), "--root", str(site))

    assert code == 0, report
    assert sorted(OldAddress.objects.values_list("path", flat=True)) == ["/de/post/chapter-1/", "/fr/post/chapter-1/"]


def test_a_hugo_module_mount_onto_content_is_where_its_pages_addresses_start(site):
    write(site, "hugo.toml", '[module]\n[[module.mounts]]\nsource = "content/en"\ntarget = "content"\n')
    write(site, "content/en/about/introduction.md", post("Introduction", "Text.\n"))

    code, report = run_json(str(site / "content"), "--root", str(site))

    assert code == 0, report
    assert addresses("introduction") == ["/about/introduction/"]


def test_a_hugo_alias_without_a_leading_slash_is_beside_its_page_under_its_language(site):
    write(site, "hugo.toml", 'defaultContentLanguage = "en"\n[languages.en]\n[languages.fr]\n')
    write(site, "content/posts/harbour.md", post("Harbour", "Text.\n", aliases="['old-harbour', '/kept/as-is/']"))
    write(site, "content/posts/harbour.fr.md", post("Port", "Texte.\n", aliases="['old-harbour', '../up.html']"))

    code, report = run_json(str(site / "content"), "--root", str(site))

    assert code == 0, report
    assert addresses("harbour") == ["/kept/as-is/", "/posts/harbour/", "/posts/old-harbour/"]
    assert addresses("harbour-fr") == ["/fr/posts/harbour/", "/fr/posts/old-harbour/", "/fr/up.html"]


@pytest.mark.parametrize("permalink", ["/p/:slug/", "p/:slug"])  # Hugo reads both from the site's top
def test_hugo_permalinks_in_config_default_use_the_title_in_any_script_when_there_is_no_slug(site, permalink):
    write(site, "config/_default/hugo.toml", f'defaultContentLanguage = "en"\n[permalinks]\npost = "{permalink}"\n')
    write(site, "config/_default/languages.toml", "[en]\nweight = 1\n[ja]\nweight = 2\n")
    write(site, "content/post/notes/index.md", post("Field notes", "Plain text.\n"))
    write(site, "content/post/notes/index.ja.md", post("フィールドノート", "Text.\n"))

    code, report = run_json(str(site / "content"), "--root", str(site))

    assert code == 0, report
    assert addresses("notes") == ["/p/field-notes/"]
    assert addresses("notes-ja") == ["/ja/p/フィールドノート/"]


def test_a_link_written_with_the_old_sites_own_address_points_at_the_article(site):
    write(site, "_config.yml", "url: https://news.example.org\n")
    write(site, "_posts/2024-01-05-first.md", post("First", "Words.\n"))
    write(
        site,
        "_posts/2024-02-01-second.md",
        post(
            "Second",
            "See [the first](https://news.example.org/2024/01/05/first.html#more), "
            "[elsewhere](https://example.com/2024/01/05/first.html) and "
            "[a page not imported](https://news.example.org/about/).\n",
        ),
    )

    code, report = run_json(str(site), "--root", str(site))

    assert code == 0, report
    body = Article.objects.get(slug="second").body
    assert "[the first](/articles/first/#more)" in body
    assert "[elsewhere](https://example.com/2024/01/05/first.html)" in body
    assert "[a page not imported](https://news.example.org/about/)" in body
    assert warnings_of(report, "second.md") == []


@pytest.mark.parametrize(
    ("config", "page", "slug", "address"),
    [
        (
            ("gatsby-config.js", ""),
            "content/posts/shore/index.md",
            "/posts/walk-on-the-shore",
            "/posts/walk-on-the-shore/",
        ),
        (("hugo.toml", ""), "content/posts/shore.md", "travel/walk-on-the-shore", "/posts/travel/walk-on-the-shore/"),
        (
            ("hugo.toml", "[permalinks]\nposts = '/:year/:slug/'"),
            "content/posts/shore.md",
            "travel/Walk on the shore",
            "/2025/travel/walk-on-the-shore/",
        ),
    ],
)
def test_a_slug_with_slashes_names_the_article_by_its_last_part_and_keeps_the_whole_path_as_old_address(
    site, config, page, slug, address
):
    write(site, *config)
    write(site, page, post("A walk on the shore", "Words.\n", slug=f"'{slug}'"))

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert addresses("walk-on-the-shore") == [address]


def test_a_link_inside_an_admonition_or_a_content_tab_points_at_the_article_and_one_in_code_does_not(site):
    write(site, "mkdocs.yml", "site_name: Notes\nmarkdown_extensions:\n  - admonition\n  - pymdownx.tabbed\n")
    body = (
        '!!! tip "Before you go"\n\n    Read [the packing list](packing.md) first.\n\n'
        '=== "Train"\n\n    Take [the night train](packing.md#trains).\n\n'
        "    ```md\n    An example: [packing](packing.md)\n    ```\n"
    )
    write(site, "docs/walk.md", post("Walk", body))
    write(site, "docs/packing.md", post("Packing", "Words.\n"))

    code, report = run_json(site / "docs", "--root", site)

    assert code == 0, report
    walk = Article.objects.get(slug="walk").body
    assert "Read [the packing list](/articles/packing/) first." in walk
    assert "Take [the night train](/articles/packing/#trains)." in walk
    assert "An example: [packing](packing.md)" in walk


@pytest.fixture
def harbour(site):
    """A published article linking to a draft, to a scheduled one, to no article, to a published one by its file, to
    an earlier slug another file gives, and to a page of the old site that was not imported."""
    write(site, "walls.md", post("Walls", "Stone.\n", old_slugs="[harbour-lamps]"))
    write(site, "plans.md", post("Plans", "Not yet.\n", draft="true"))
    write(site, "to-come.md", post("To come", "Later.\n", publish_date="'2031-05-03T09:30:00Z'"))
    body = (
        "See [the walls](walls.md), [the lamps](/articles/harbour-lamps/), [the plans](plans.md),\n"
        "[what is to come](/articles/to-come/), [nothing](/articles/no-such-article/) and [gone](../gone/).\n"
    )
    write(site, "notes.md", post("Notes", body))
    return site


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_published_articles_links_to_articles_readers_cannot_reach_are_warned_of_once_all_files_are_in(
    harbour, settings, dry_run
):
    settings.TIME_ZONE = "UTC"

    code, report = run_json(harbour, *(["--dry-run"] if dry_run else []))

    assert code == 0, report
    assert warnings_of(report, "notes.md") == [
        # Said once: the import left it as written, and said so.
        "link '../gone/' points at a page of the old site that was not imported; left as written",
        "link '/articles/plans/' leads nowhere yet: that article is a draft",
        "link '/articles/to-come/' leads nowhere yet: that article is scheduled for 3 May 2031, 09:30",
        "link '/articles/no-such-article/' leads nowhere yet: no article has that address",
    ]
    assert warnings_of(report, "walls.md") == warnings_of(report, "plans.md") == warnings_of(report, "to-come.md") == []


def test_a_draft_and_a_link_written_as_the_old_sites_alias_of_an_imported_article_are_not_warned_of(site):
    write(site, "a-lamps.md", post("Lamps", "To [the walls](/harbour/walls.html).\n", draft="true"))
    write(site, "b-walls.md", post("Walls", "To [the lamps](a-lamps.md).\n", aliases="[/harbour/walls.html]"))
    write(site, "c-notes.md", post("Notes", "To [the walls](/harbour/walls.html) and [the lamps](a-lamps.md).\n"))

    _, report = run_json(site)

    assert "[the walls](/articles/b-walls/)" in Article.objects.get(slug="c-notes").body
    assert [f["warnings"] for f in report["files"]] == [
        [],
        ["link '/articles/a-lamps/' leads nowhere yet: that article is a draft"],
        ["link '/articles/a-lamps/' leads nowhere yet: that article is a draft"],
    ]


def test_the_links_of_many_files_are_checked_in_one_query(site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    write(site, "plans.md", post("Plans", "Not yet.\n", draft="true"))
    for n in range(30):
        write(site, f"p{n:02}.md", post(f"P{n}", f"To [the next](/articles/p{n + 1:02}/) and [the plans](plans.md).\n"))

    with CaptureQueriesContext(connection) as queries:
        _, report = run_json(site)

    draft = "link '/articles/plans/' leads nowhere yet: that article is a draft"
    assert [f["warnings"] for f in report["files"]] == [[draft]] * 29 + [
        ["link '/articles/p30/' leads nowhere yet: no article has that address", draft],
        [],
    ]
    checks = [q for q in queries if 'LEFT OUTER JOIN "articles_oldaddress"' in q["sql"]]
    assert len(checks) == 1


@pytest.mark.parametrize("dry_run", [False, True])
def test_importing_again_warns_again_of_an_unchanged_files_links_readers_cannot_reach_until_they_can(site, dry_run):
    write(site, "plans.md", post("Plans", "Not yet.\n", draft="true"))
    write(site, "notes.md", post("Notes", "See [the plans](plans.md).\n"))
    run_json(site)
    again = ["--dry-run"] if dry_run else []

    code, report = run_json(site, *again)

    assert code == 0, report
    assert report["summary"]["unchanged"] == 2
    assert warnings_of(report, "notes.md") == ["link '/articles/plans/' leads nowhere yet: that article is a draft"]

    plans = Article.objects.get(slug="plans")
    plans.status = Article.Status.PUBLISHED
    plans.save()

    _, report = run_json(site, *again)

    assert report["summary"]["unchanged"] == 2
    assert warnings_of(report, "notes.md") == []


@pytest.mark.parametrize("dry_run", [False, True])
def test_importing_again_names_the_new_reason_when_an_unchanged_files_link_leads_to_an_article_deleted_since(
    site, dry_run
):
    write(site, "plans.md", post("Plans", "Not yet.\n"))
    write(site, "notes.md", post("Notes", "See [the plans](plans.md).\n"))
    run_json(site)
    (site / "plans.md").unlink()
    Article.objects.filter(slug="plans").delete()

    code, out = run(site, *(["--dry-run"] if dry_run else []))

    assert code == 0, out
    assert out.splitlines() == [
        f"unchanged: {site / 'notes.md'} (notes)",
        "    warning: link '/articles/plans/' leads nowhere yet: no article has that address",
        ("Dry run, nothing saved: " if dry_run else "") + "0 created, 0 updated, 1 unchanged, 0 failed, 0 skipped.",
    ]


def test_the_links_of_many_unchanged_files_are_checked_again_in_one_query(site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    write(site, "plans.md", post("Plans", "Not yet.\n", draft="true"))
    for n in range(30):
        write(site, f"p{n:02}.md", post(f"P{n}", f"To [the plans](plans.md) and [the next](/articles/p{n + 1:02}/).\n"))
    _, first = run_json(site)

    with CaptureQueriesContext(connection) as queries:
        _, again = run_json(site)

    assert again["summary"]["unchanged"] == 31
    assert [f["warnings"] for f in again["files"]] == [f["warnings"] for f in first["files"]]
    assert len([q for q in queries if 'LEFT OUTER JOIN "articles_oldaddress"' in q["sql"]]) == 1


def test_importing_again_names_an_unchanged_files_link_left_as_written_as_leading_nowhere_once(harbour, settings):
    settings.TIME_ZONE = "UTC"
    run_json(harbour)

    _, report = run_json(harbour)

    assert warnings_of(report, "notes.md") == [
        "link '/articles/plans/' leads nowhere yet: that article is a draft",
        "link '/articles/to-come/' leads nowhere yet: that article is scheduled for 3 May 2031, 09:30",
        "link '/articles/no-such-article/' leads nowhere yet: no article has that address",
        "link '../gone/' leads nowhere yet: no article has that address",
    ]
