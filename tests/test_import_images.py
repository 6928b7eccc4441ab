"""Images of imported files: the import root, the public folder, refused schemes and downloads."""

import contextlib
import ipaddress
import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.downloads import PrivateAddress, any_address, fetch, is_public_address
from articles.images import ImageNotStored
from articles.models import Article, Author
from tests.markdown_files import article_text, media_files, png, run, run_json, write

pytestmark = pytest.mark.usefixtures("media_root")


# The import root and the public folder


@pytest.mark.django_db
def test_root_lets_a_post_read_images_elsewhere_in_the_site(tmp_path):
    astro = tmp_path / "astro-site"
    write(astro, "src/assets/hero.png", png((5, 50, 150)))
    post = "src/content/blog/first-post.md"
    write(astro, post, article_text(heroImage="'../../assets/hero.png'", body="![Inline](../../assets/hero.png)\n"))

    code, report = run_json(astro / "src/content/blog", "--root", astro)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get(slug="first-post")
    assert article.hero_image.name.startswith("images/")
    assert default_storage.url(article.hero_image.name) in article.body
    assert article.source_path == post


@pytest.mark.django_db
def test_without_root_the_same_post_imports_without_the_image_and_a_warning(tmp_path):
    astro = tmp_path / "astro-site"
    write(astro, "src/assets/hero.png", png((5, 50, 150)))
    write(astro, "src/content/blog/first-post.md", article_text(heroImage="'../../assets/hero.png'"))

    code, report = run_json(astro / "src/content/blog")

    assert code == 0
    assert report["files"][0]["warnings"] == [
        "heroImage '../../assets/hero.png' is outside the import folder; imported without a hero image"
    ]
    assert not Article.objects.get().hero_image


@pytest.mark.django_db
def test_a_path_outside_the_root_is_a_bad_command_line(site, tmp_path):
    other = tmp_path / "other"
    other.mkdir()

    with pytest.raises(CommandError) as error:
        call_command("import_markdown", str(other), "--root", str(site), stdout=StringIO())

    assert error.value.returncode == 2
    assert "not inside the import root" in str(error.value)


@pytest.mark.django_db
def test_a_site_root_image_is_found_under_the_public_folder(tmp_path, site):
    public = tmp_path / "public"
    write(public, "blog-placeholder-3.png", png((70, 70, 70)))
    write(site, "post.md", article_text(heroImage="'/blog-placeholder-3.png'", body="![x](/blog-placeholder-3.png)\n"))

    code, report = run_json(site, "--public-dir", public)

    assert code == 0
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/")
    assert article.body == f"\n![x]({default_storage.url(article.hero_image.name)})\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "public"),
    [
        ("hugo.toml", "static"),
        ("hugo.toml", "assets"),  # found by themes' image hooks (LoveIt's) when static/ has no such file
        ("_config.yml", "."),
        ("astro.config.mjs", "public"),
        ("gatsby-config.js", "static"),
    ],
)
def test_a_site_root_image_is_found_where_the_sites_generator_serves_it_from(tmp_path, config, public):
    write(tmp_path, config, "title: x\n" if config.endswith(".yml") else "")
    write(tmp_path, "static/img/other.png", png((10, 10, 10)))
    write(tmp_path / public, "img/logo.png", png((70, 70, 70)))
    write(tmp_path, "posts/post.md", article_text(body="![The logo](/img/logo.png)\n"))

    code, report = run_json(tmp_path / "posts", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body.startswith("\n![The logo](/media/images/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "public", "body"),
    [
        ("_config.yml", ".", "![The logo]({{ site.url }}{{ site.baseurl }}/img/logo.png)"),
        ("hugo.toml", "static", "![The logo](/field-notes/img/logo.png)"),
    ],
)
def test_a_site_root_image_under_the_path_the_site_was_served_under_is_found(tmp_path, config, public, body):
    served = 'url: ""\nbaseurl: "/field-notes"\n' if public == "." else 'baseURL = "https://example.org/field-notes/"\n'
    write(tmp_path, config, served)
    write(tmp_path / public, "img/logo.png", png((70, 70, 70)))
    write(tmp_path, "posts/post.md", article_text(body=body + "\n"))

    code, report = run_json(tmp_path / "posts", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body.startswith("\n![The logo](/media/images/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "served",
    [
        'url: "https://notes.example.org"\nbaseurl: "/field-notes"\n',
        # No baseurl: the path in Jekyll's url is where its absolute addresses start (a GitHub project page).
        'url: "https://notes.example.org/field-notes"\n',
    ],
)
def test_an_image_written_with_the_old_site_s_own_address_is_its_file_in_the_site(tmp_path, served):
    write(tmp_path, "_config.yml", served)
    write(tmp_path, "assets/cover.png", png((20, 90, 40)))
    own = "https://Notes.example.org/field-notes/assets"
    body = f"![The ridge]({own}/cover.png)\n\n![Gone]({own}/gone.png)\n"
    write(tmp_path, "_posts/2024-03-01-ridge.md", article_text(body=body, cover=f"{own}/cover.png"))

    code, report = run_json(tmp_path / "_posts", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/") and article.hero_image_url == ""
    assert article.body.startswith(f"\n![The ridge](/media/{article.hero_image.name})")
    assert f"![Gone]({own}/gone.png)" in article.body  # not in the site: the address is kept, as for any other


@pytest.mark.django_db
def test_an_image_inside_an_html_block_marked_markdown_is_stored_like_any_other(tmp_path):
    write(tmp_path, "posts/ridge/map.png", png((20, 90, 40)))
    body = (
        "Before.\n\n<figure markdown>\n  ![The ridge](ridge/map.png){ loading=lazy }\n</figure>\n\n"
        '<div markdown="1">\n![Gone](ridge/gone.png)\n</div>\n\n<div>\n![As written](ridge/map.png)\n</div>\n'
    )
    write(tmp_path, "posts/ridge.md", article_text(body=body))

    code, report = run_json(tmp_path / "posts")

    assert code == 0, report
    assert report["files"][0]["warnings"] == ["image 'ridge/gone.png' was not found; left as written"]
    article = Article.objects.get()
    assert "<figure markdown>\n  ![The ridge](/media/images/" in article.body
    # An unmarked HTML block is HTML: the Markdown in it is text its readers see as written.
    assert "<div>\n![As written](ridge/map.png)\n</div>" in article.body
    assert '<img src="/media/images/' in article.body_html


@pytest.mark.django_db
def test_an_eleventy_site_root_image_is_found_in_its_input_folder(tmp_path):
    write(tmp_path, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    write(tmp_path / "src", "img/logo.png", png((70, 70, 70)))
    write(tmp_path, "src/blog/post.md", article_text(body="![The logo](/img/logo.png)\n"))

    code, report = run_json(tmp_path / "src" / "blog", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body.startswith("\n![The logo](/media/images/")


@pytest.mark.django_db
def test_a_generators_public_folder_outside_the_import_root_is_not_read(tmp_path):
    write(tmp_path, "hugo.toml", "")
    write(tmp_path / "static", "img/logo.png", png((70, 70, 70)))
    write(tmp_path, "content/post.md", article_text(body="![The logo](/img/logo.png)\n"))

    _, report = run_json(tmp_path / "content")

    assert "is a site-root path; give --public-dir" in report["files"][0]["warnings"][-1]


def _stored_bytes(address: str) -> bytes:
    with default_storage.open(address.removeprefix(default_storage.url(""))) as stored:
        return stored.read()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "text"),
    [
        ("hugo.toml", 'theme = ["tabs", "road"]\n'),
        ("config.yaml", "theme: [tabs, road]\n"),
        ("config/_default/hugo.json", '{"theme": ["tabs", "road"], "themesDir": "vendor/themes"}'),
    ],
)
def test_a_hugo_site_root_image_is_found_in_its_themes_static_folders_after_its_own(tmp_path, config, text):
    themes = tmp_path / ("vendor/themes" if "themesDir" in text else "themes")
    write(tmp_path, config, text)
    write(tmp_path, "content/.keep", "")
    write(tmp_path, "static/img/shared.png", png((10, 10, 10)))
    write(themes, "tabs/static/img/shared.png", png((200, 0, 0)))
    write(themes, "tabs/static/img/both.png", png((0, 200, 0)))
    write(themes, "road/static/img/both.png", png((0, 0, 200)))
    write(themes, "road/static/img/placeholder.png", png((90, 90, 90)))
    body = "![Shared](/img/shared.png)\n\n![Both](/img/both.png)\n\n![Gone](/img/gone.png)\n"
    write(tmp_path, "content/post/walk.md", article_text(heroImage="img/placeholder.png", body=body))

    code, report = run_json(tmp_path / "content", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == ["image '/img/gone.png' was not found; left as written"]
    article = Article.objects.get()
    assert default_storage.open(article.hero_image.name).read() == png((90, 90, 90))
    shown = re.findall(r"\]\((/media/[^)]+)\)", article.body)
    # The site's own file wins over a theme's, and the first theme over the next, as Hugo serves them.
    assert [_stored_bytes(address) for address in shown] == [png((10, 10, 10)), png((0, 200, 0))]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("files", "theme_folder"),
    [
        # `hugo mod vendor` keeps the module's copy in _vendor/, under its module path.
        ({"hugo.toml": '[module]\n[[module.imports]]\npath = "example.org/road"\n'}, "_vendor/example.org/road"),
        # A replacement in the config is relative to the themes folder.
        (
            {
                "hugo.yaml": "module:\n  replacements: example.org/road -> ../../road\n"
                "  imports:\n    - path: example.org/road\n"
            },
            "../road",
        ),
        # go.mod's replacement is relative to the site.
        (
            {
                "hugo.toml": '[module]\n[[module.imports]]\npath = "example.org/road"\n',
                "go.mod": "module example.org/site\n\nreplace (\n\texample.org/road => ./local/road\n)\n",
            },
            "local/road",
        ),
        # A theme named by a module path, as `theme` may be, is a module import.
        ({"config.toml": 'theme = "example.org/road"\n'}, "_vendor/example.org/road"),
    ],
)
def test_a_hugo_site_root_image_is_found_in_a_theme_imported_as_a_module(tmp_path, files, theme_folder):
    site = tmp_path / "site"
    for name, text in files.items():
        write(site, name, text)
    write((site / theme_folder).resolve(), "static/img/road.png", png((0, 0, 200)))
    write(site, "content/post/walk.md", article_text(body="![Road](/img/road.png)\n"))

    code, report = run_json(site / "content", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    shown = re.findall(r"\]\((/media/[^)]+)\)", Article.objects.get().body)
    assert [_stored_bytes(address) for address in shown] == [png((0, 0, 200))]


@pytest.mark.django_db
def test_a_disabled_hugo_module_import_is_not_searched_for_images(tmp_path):
    text = '[module]\n[[module.imports]]\npath = "example.org/road"\ndisable = true\n'
    write(tmp_path, "hugo.toml", text)
    write(tmp_path, "_vendor/example.org/road/static/img/road.png", png((0, 0, 200)))
    write(tmp_path, "content/post/walk.md", article_text(body="![Road](/img/road.png)\n"))

    _, report = run_json(tmp_path / "content", "--root", tmp_path)

    assert report["files"][0]["warnings"] == [
        "image '/img/road.png' is a site-root path; give --public-dir to import it; left as written"
    ]


def _theme_with_example_site(repository: Path, post: str) -> None:
    """A theme's repository as Hugo themes are published: the theme at its top, an example site in exampleSite/."""
    write(repository, "theme.toml", 'name = "Road"\n')
    write(repository, "static/img/placeholder.png", png((90, 90, 90)))
    write(repository, "exampleSite/config.toml", 'theme = "road"\n')
    write(repository, "exampleSite/content/post/walk.md", post)


@pytest.mark.django_db
def test_a_themes_example_site_finds_its_images_in_the_theme_around_it(tmp_path):
    _theme_with_example_site(tmp_path, article_text(thumbnail="img/placeholder.png"))

    code, report = run_json(tmp_path / "exampleSite" / "content", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert default_storage.open(Article.objects.get().hero_image.name).read() == png((90, 90, 90))


@pytest.mark.django_db
def test_a_themes_static_folder_outside_the_import_root_is_not_read(tmp_path):
    _theme_with_example_site(tmp_path, article_text(body="![A](/img/placeholder.png)\n"))

    _, report = run_json(tmp_path / "exampleSite" / "content", "--root", tmp_path / "exampleSite")

    assert report["files"][0]["warnings"] == [
        "image '/img/placeholder.png' is a site-root path; give --public-dir to import it; left as written"
    ]


@pytest.mark.django_db
def test_a_gatsby_site_root_looking_image_is_the_file_beside_the_markdown_file(tmp_path):
    write(tmp_path, "gatsby-config.js", "")
    write(tmp_path / "static", "image.png", png((200, 0, 0)))
    write(tmp_path, "content/posts/first/image.png", png((0, 200, 0)))
    write(tmp_path, "content/posts/first/index.md", article_text(body="![Beside](/image.png)\n"))
    write(tmp_path, "content/posts/second/index.md", article_text(body="![Static](/image.png)\n"))

    code, report = run_json(tmp_path / "content", "--root", tmp_path)

    assert code == 0, report
    assert [result["warnings"] for result in report["files"]] == [[], []]
    beside, static = (Article.objects.get(slug=slug).body.split("(")[1].split(")")[0] for slug in ("first", "second"))
    assert beside.startswith("/media/images/") and static.startswith("/media/images/") and beside != static


@pytest.mark.django_db
def test_a_gatsby_site_root_looking_image_found_nowhere_is_a_warning_naming_both_places(tmp_path):
    write(tmp_path, "gatsby-config.js", "")
    write(tmp_path, "content/posts/first/index.md", article_text(body="![Gone](/image.png)\n"))

    _, report = run_json(tmp_path / "content", "--root", tmp_path)

    assert report["files"][0]["warnings"][-1] == (
        "image '/image.png' is not beside the file and is a site-root path; give --public-dir to import it; "
        "left as written"
    )


@pytest.mark.django_db
def test_another_generators_site_root_image_is_not_taken_from_beside_the_file(tmp_path):
    write(tmp_path, "hugo.toml", "")
    write(tmp_path, "content/posts/first/image.png", png((0, 200, 0)))
    write(tmp_path, "content/posts/first/index.md", article_text(body="![Beside](/image.png)\n"))

    _, report = run_json(tmp_path / "content", "--root", tmp_path)

    assert "image '/image.png' is a site-root path; give --public-dir" in report["files"][0]["warnings"][-1]
    assert Article.objects.get().body == "\n![Beside](/image.png)\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "served", "post"),
    [
        # jekyll-postfiles copies a post folder's files to the post's address.
        ("_config.yml", 'baseurl: "/field-notes"\npermalink: /:title/\n', "_posts/ridge/2024-03-01-ridge.md"),
        # Hugo serves a page bundle's files at the page's address.
        ("hugo.toml", 'baseURL = "https://example.org/field-notes/"\n', "content/ridge/index.md"),
    ],
)
def test_a_site_root_image_under_the_page_s_own_address_is_the_file_beside_it(tmp_path, config, served, post):
    write(tmp_path, config, served)
    write(tmp_path, str(Path(post).parent / "map.png"), png((0, 120, 60)))
    body = "![Map](/ridge/map.png)\n\n![Also](/field-notes/ridge/map.png)\n\n![Gone](/ridge/gone.png)\n"
    write(tmp_path, post, article_text(body=body, cover="/ridge/map.png"))

    code, report = run_json(tmp_path / Path(post).parts[0], "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"][-1].startswith("image '/ridge/gone.png' ")
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/")
    assert article.body.count(f"(/media/{article.hero_image.name})") == 2


@pytest.mark.django_db
def test_a_site_root_image_without_a_public_folder_is_a_warning_naming_it(site):
    write(site, "post.md", article_text(heroImage="'/blog-placeholder-3.png'"))

    code, report = run_json(site)

    assert code == 0
    assert (
        "heroImage '/blog-placeholder-3.png' is a site-root path; give --public-dir"
        in report["files"][0]["warnings"][0]
    )
    assert not Article.objects.get().hero_image


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("front", "key"),
    [
        ({"image": "'./missing.jpg'"}, "image"),
        ({"feature_image": "'./missing.jpg'"}, "feature_image"),
        ({"images": "['./missing.jpg']"}, "images"),
        ({"image": "{path: './missing.jpg', alt: A view}"}, "image.path"),
    ],
)
def test_a_hero_image_that_is_not_found_is_a_warning_naming_the_key_the_file_used(site, front, key):
    write(site, "post.md", article_text(**front))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == [f"{key} './missing.jpg' was not found; imported without a hero image"]


@pytest.mark.django_db
def test_a_hero_or_an_image_that_names_a_folder_is_a_warning_saying_it_is_a_folder(site):
    (site / "pictures").mkdir()
    (site / "shelf").mkdir()
    write(site, "post.md", article_text(image="pictures", body="![A shelf](shelf/)\n"))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == [
        "image 'pictures' is a folder, not an image; imported without a hero image",
        "image 'shelf/' is a folder, not an image; left as written",
    ]


@pytest.mark.django_db
def test_a_hero_image_with_a_refused_scheme_fails_naming_the_key_the_file_used(site):
    write(site, "post.md", article_text(image="'javascript:alert(1)'"))

    code, report = run_json(site)

    assert code == 1
    assert report["files"][0]["errors"][0].startswith("image: 'javascript:alert(1)' is not allowed")


@pytest.mark.django_db
def test_a_reference_climbing_out_of_the_public_folder_is_a_warning(tmp_path, site):
    public = tmp_path / "public"
    public.mkdir()
    write(tmp_path, "secret.png", png((0, 0, 0)))
    write(site, "post.md", article_text(heroImage="'/../secret.png'"))

    _, report = run_json(site, "--public-dir", public)

    assert "heroImage '/../secret.png' is outside the public folder" in report["files"][0]["warnings"][0]
    assert not Article.objects.get().hero_image


@pytest.mark.django_db
def test_a_hero_pointing_at_system_files_is_a_warning_and_the_article_still_imports(site):
    write(site, "post.md", article_text(heroImage="'../../../etc/passwd'"))

    code, report = run_json(site)

    assert code == 0
    assert "heroImage '../../../etc/passwd' is outside the import folder" in report["files"][0]["warnings"][0]
    assert Article.objects.get().hero_image == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "src", ["javascript:alert(1)", "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo=", "//", "///x.png"]
)
def test_a_body_image_with_another_scheme_is_dropped_with_a_warning(site, src):
    write(site, "post.md", article_text(body=f"Before.\n\n![bad]({src})\n\nAfter.\n"))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == [
        f"image '{src}' is not allowed (only http, https and relative addresses); dropped"
    ]
    article = Article.objects.get()
    assert src not in article.body
    assert "Before." in article.body and "After." in article.body


@pytest.mark.django_db
def test_a_protocol_relative_image_is_kept_with_https_as_the_old_site_s_pages_fetched_it(site):
    write(site, "post.md", article_text(body="Before.\n\n![Quay](//cdn.example.org/quay.png)\n\nAfter.\n"))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == []
    assert "![Quay](https://cdn.example.org/quay.png)" in Article.objects.get().body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("src", "link"),
    [
        (
            "//www.youtube.com/watch?v=abc123XYZ_0",
            "[Watch the video on YouTube](https://www.youtube.com/watch?v=abc123XYZ_0)",
        ),
        ("https://youtu.be/abc123XYZ_0", "[Watch the video on YouTube](https://www.youtube.com/watch?v=abc123XYZ_0)"),
        ("https://vimeo.com/123456", "[Watch the video on Vimeo](https://vimeo.com/123456)"),
    ],
)
def test_a_video_s_page_written_as_an_image_becomes_a_link_to_the_video(site, src, link):
    body = f"Before.\n\n![]({src})\n\nAfter.\n\n```\n![]({src})\n```\n"
    write(site, "post.md", article_text(body=body))

    code, report = run_json(site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    stored = Article.objects.get().body
    assert f"Before.\n\n{link}\n\nAfter." in stored
    assert f"```\n![]({src})\n```" in stored  # an example in code stays as written


@pytest.mark.django_db
def test_a_protocol_relative_hero_is_its_https_address(site):
    write(site, "post.md", article_text(heroImage="'//cdn.example.org/quay.png'"))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().hero_image_url == "https://cdn.example.org/quay.png"


# Reference images

REFERENCE_IMAGES = """\
Full ![The quay][quay], collapsed ![Tide][] and shortcut ![Tide], in a link [![Lantern]][lantern page].

```
![Tide][]
[example]: images/missing.png
```

[quay]: images/quay.png "The quay at dawn"
[Tide]:
  <images/tide.png>
[Lantern]: images/quay.png
[lantern page]: https://example.org/lantern
"""


@pytest.mark.django_db
def test_a_reference_image_is_stored_and_its_definition_points_at_the_copy(site, media_root):
    write(site, "posts/images/quay.png", png((10, 60, 120)))
    write(site, "posts/images/tide.png", png((120, 60, 10)))
    write(site, "posts/harbour.md", article_text(body=REFERENCE_IMAGES))

    code, report = run_json(site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert len([path for path in media_files(media_root) if path.suffix == ".png"]) == 2
    article = Article.objects.get()
    quay, tide = (article.body.split(f"[{label}]:")[1].split()[0] for label in ("quay", "Tide"))
    assert quay.startswith("/media/images/") and tide.startswith("/media/images/") and quay != tide
    assert f'[quay]: {quay} "The quay at dawn"\n[Tide]:\n  {tide}\n[Lantern]: {quay}\n' in article.body
    assert "[lantern page]: https://example.org/lantern" in article.body
    assert "```\n![Tide][]\n[example]: images/missing.png\n```" in article.body
    assert article.body_html.count(f'src="{quay}"') == 2
    assert article.body_html.count(f'src="{tide}"') == 2
    assert 'title="The quay at dawn"' in article.body_html


@pytest.mark.django_db
def test_an_image_in_an_admonition_a_content_tab_or_a_definition_is_stored_and_one_in_code_is_not(site):
    write(site, "images/quay.png", png((10, 60, 120)))
    body = (
        "Words.\n\n    ![In code](images/quay.png)\n\n"
        '!!! note "The quay"\n\n    ![Quay](images/quay.png)\n\n'
        '=== "By reference"\n\n    [![Tide]][Tide]\n\n'
        "Harbour\n:   ![Again](images/quay.png)\n\n"
        "  [Tide]: images/quay.png\n"
    )
    write(site, "post.md", article_text(body=body))

    code, report = run_json(site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.body.count("/media/images/") == 3
    assert "    ![In code](images/quay.png)" in article.body
    assert article.body_html.count('src="/media/images/') == 3


@pytest.mark.django_db
def test_a_reference_image_that_is_missing_is_a_warning_and_stays_as_written(site):
    body = "![Gone][gone]\n\n[gone]: images/gone.png\n"
    write(site, "post.md", article_text(body=body))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == ["image 'images/gone.png' was not found; left as written"]
    assert Article.objects.get().body == "\n" + body


@pytest.mark.django_db
def test_a_reference_image_with_another_scheme_loses_its_definition_with_a_warning(site):
    write(site, "post.md", article_text(body="Before ![bad].\n\n[bad]: javascript:alert(1)\n\nAfter.\n"))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == [
        "image 'javascript:alert(1)' is not allowed (only http, https and relative addresses); dropped"
    ]
    article = Article.objects.get()
    assert article.body == "\nBefore ![bad].\n\n\nAfter.\n"
    assert "<img" not in article.body_html


# Remote images


class ImageServer:
    """A local HTTP server with one route per way a download can go; it records every request."""

    def __init__(self, host: str = "127.0.0.1"):
        import http.server
        import threading

        self.requests: list[str] = []
        # The slow route answers only when the server closes: later than any download timeout, however
        # slowly a loaded machine runs the test.
        self.closing = threading.Event()
        good = png((1, 2, 3), size=(8, 8))
        big = png((9, 9, 9), size=(400, 400))
        self.redirect_to = ""
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                # A request sent to it as a proxy names the whole URL: its routes are the same.
                self.path = urlsplit(self.path).path
                if self.path == "/slow.png":
                    server.closing.wait()
                routes = {
                    "/ok.png": (200, good),
                    "/hero.png": (200, png((200, 1, 1), size=(8, 8))),
                    "/big.png": (200, big),
                    "/slow.png": (200, good),
                    "/page.png": (200, b"<html>not an image</html>"),
                }
                if self.path == "/to-file":
                    self.send_response(302)
                    self.send_header("Location", "file:///etc/passwd")
                    self.end_headers()
                    return
                if self.path == "/elsewhere":
                    self.send_response(302)
                    self.send_header("Location", server.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, data = routes.get(self.path, (404, b"missing"))
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up first
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.big_size = len(big)

    def close(self):
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def image_server():
    server = ImageServer()
    yield server
    server.close()


@pytest.mark.django_db
def test_remote_images_stay_addresses_and_are_not_fetched_by_default(site, image_server):
    write(site, "post.md", article_text(heroImage=f"'{image_server.base}/hero.png'"))

    run(site)

    assert Article.objects.get().hero_image_url == f"{image_server.base}/hero.png"
    assert image_server.requests == []


@pytest.mark.usefixtures("trusted_network")
@pytest.mark.django_db
def test_download_images_stores_remote_hero_and_body_images(site, image_server, media_root):
    body = f"![ok]({image_server.base}/ok.png)\n\nAgain ![ok]({image_server.base}/ok.png)\n"
    write(site, "post.md", article_text(heroImage=f"'{image_server.base}/hero.png'", body=body))

    code, report = run_json(site, "--download-images")

    assert code == 0
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/")
    assert article.hero_image_url == ""
    assert image_server.base not in article.body
    assert article.body.count("/media/images/") == 2
    assert image_server.requests.count("/ok.png") == 1
    assert len([p for p in media_files(media_root) if "images" in p.parts and p.suffix == ".png"]) >= 2


@pytest.mark.usefixtures("trusted_network")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "problem"),
    [
        ("/page.png", "not an image"),
        ("/missing.png", "HTTP 404"),
        ("/big.png", "over the limit"),
        ("/slow.png", "took longer than 0.5 seconds"),
        ("/to-file", "redirected to 'file:///etc/passwd'"),
    ],
)
def test_a_download_that_fails_keeps_the_address_with_a_warning(site, image_server, settings, route, problem):
    settings.IMAGE_UPLOAD_MAX_BYTES = image_server.big_size - 1
    url = f"{image_server.base}{route}"
    write(site, "post.md", article_text(heroImage=f"'{url}'"))

    code, report = run_json(site, "--download-images", "--download-timeout", "0.5")

    assert code == 0
    warning = report["files"][0]["warnings"][0]
    assert warning.startswith(f"heroImage '{url}' could not be downloaded")
    assert problem in warning
    article = Article.objects.get()
    assert article.hero_image_url == url
    assert not article.hero_image


@pytest.mark.usefixtures("trusted_network")
@pytest.mark.django_db
def test_dry_run_with_downloads_checks_the_image_but_stores_nothing(site, image_server, media_root):
    write(
        site,
        "post.md",
        article_text(heroImage=f"'{image_server.base}/page.png'", body=f"![x]({image_server.base}/ok.png)\n"),
    )

    code, report = run_json(site, "--download-images", "--dry-run")

    assert code == 0
    assert "not an image" in report["files"][0]["warnings"][0]
    assert media_files(media_root) == []
    assert not Article.objects.exists()


# Downloads go only to public addresses


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "ff02::1",
        "ff0e::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
        "2001:db8::1",
    ],
)
def test_loopback_private_link_local_multicast_and_reserved_addresses_are_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))


# An IPv6 address that wraps a public IPv4 one is as public as it: IPv6-only networks reach IPv4 hosts so.
@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_internet_addresses_are_public(address):
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1:{port}/ok.png",
        "http://localhost:{port}/ok.png",
        "http://0.0.0.0:{port}/ok.png",
        "http://2130706433:{port}/ok.png",
        "http://0x7f000001:{port}/ok.png",
        "http://0177.0.0.1:{port}/ok.png",
        "http://127.1:{port}/ok.png",
        "https://127.0.0.1:{port}/ok.png",
        "http://[::1]:{port}/ok.png",
        "http://[::ffff:127.0.0.1]:{port}/ok.png",
        "http://169.254.169.254/latest/meta-data/iam.png",
        "http://10.0.0.1/ok.png",
        "http://192.168.0.1/ok.png",
        "http://[fd00::1]/ok.png",
    ],
)
def test_download_images_refuses_private_and_local_addresses_without_sending_a_request(
    site, image_server, media_root, address
):
    url = address.format(port=image_server.port)
    write(site, "post.md", article_text(body=f"Before.\n\n![diagram]({url})\n"))

    # A short timeout, so that a refusal that failed shows as a failed test, not as a long wait.
    code, report = run_json(site, "--download-images", "--download-timeout", "2")

    assert code == 0
    [warning] = report["files"][0]["warnings"]
    assert warning.startswith(f"image '{url}' could not be downloaded: points at a private or local address: ")
    assert image_server.requests == []
    # The article imports as after any failed download: the image left as written, nothing stored.
    assert f"![diagram]({url})" in Article.objects.get().body
    assert media_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    ["http://127.0.0.1:{port}/hero.png", "http://localhost:{port}/hero.png", "http://169.254.169.254/hero.png"],
)
def test_a_hero_image_at_a_private_address_is_not_downloaded_and_the_article_imports_without_it(
    site, image_server, address
):
    url = address.format(port=image_server.port)
    write(site, "post.md", article_text(heroImage=f"'{url}'"))

    code, report = run_json(site, "--download-images", "--download-timeout", "2")

    assert code == 0
    [warning] = report["files"][0]["warnings"]
    assert warning.startswith(f"heroImage '{url}' could not be downloaded: points at a private or local address: ")
    assert image_server.requests == []
    article = Article.objects.get()
    assert article.hero_image_url == url
    assert not article.hero_image


@pytest.mark.django_db
def test_the_text_report_names_the_file_the_url_and_why_a_download_was_refused(site, image_server):
    url = f"{image_server.base}/ok.png"
    write(site, "post.md", article_text(heroImage=f"'{url}'"))

    code, out = run(site, "--download-images")

    assert code == 0
    assert "post.md" in out
    why = "points at a private or local address: 127.0.0.1"
    assert f"warning: heroImage '{url}' could not be downloaded: {why}; the address is kept" in out
    assert image_server.requests == []


@pytest.fixture
def second_server():
    """Another image server, on another loopback address than image_server's."""
    try:
        server = ImageServer(host="127.0.0.2")
    except OSError:
        pytest.skip("127.0.0.2 is not a loopback address here")
    yield server
    server.close()


FIRST_HOP = ipaddress.ip_address("127.0.0.1")


def test_a_redirect_is_followed_only_to_a_permitted_address(image_server, second_server):
    image_server.redirect_to = f"{second_server.base}/ok.png"

    # Only the first server's address is permitted: the test's stand-in for a public host redirecting
    # to a private one, as no public host can be reached from here.
    with pytest.raises(PrivateAddress) as refused:
        fetch(f"{image_server.base}/elsewhere", timeout=5, max_bytes=10**6, permitted=lambda a: a == FIRST_HOP)

    assert str(refused.value) == (
        f"redirected to '{second_server.base}/ok.png', which points at a private or local address: 127.0.0.2"
    )
    assert image_server.requests == ["/elsewhere"]
    assert second_server.requests == []
    # The same redirect, permitted, is followed: the refusal above was the check, not an unreachable server.
    assert fetch(f"{image_server.base}/elsewhere", timeout=5, max_bytes=10**6, permitted=any_address)
    assert second_server.requests == ["/ok.png"]


@pytest.fixture
def proxy(image_server, monkeypatch):
    """image_server as the http proxy the environment names, for every host."""
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", image_server.base)
    return image_server


@pytest.mark.django_db
def test_through_a_proxy_the_image_host_is_checked_not_the_proxy(site, proxy, media_root):
    # The proxy is the operator's own, so its local address is fine; the address it is asked for is not.
    public, private = "http://93.184.216.34/ok.png", "http://10.0.0.1/ok.png"
    write(site, "public.md", article_text(title="'Public'", heroImage=f"'{public}'"))
    write(site, "private.md", article_text(title="'Private'", heroImage=f"'{private}'"))

    code, report = run_json(site, "--download-images")

    assert code == 0
    warnings = {Path(result["path"]).name: result["warnings"] for result in report["files"]}
    assert warnings["public.md"] == []
    assert warnings["private.md"][0].startswith(f"heroImage '{private}' could not be downloaded: points at a private")
    assert proxy.requests == [public]


def test_the_setting_allowing_private_addresses_is_off_unless_turned_on(load_settings):
    assert load_settings()["IMPORT_DOWNLOAD_PRIVATE_ADDRESSES"] is False
    assert load_settings(IMPORT_DOWNLOAD_PRIVATE_ADDRESSES="1")["IMPORT_DOWNLOAD_PRIVATE_ADDRESSES"] is True


@pytest.mark.django_db
def test_a_local_image_in_raw_html_is_stored_like_a_markdown_image(site, media_root):
    write(site, "pic.png", png((1, 2, 3)))
    write(
        site,
        "a.md",
        '---\ntitle: A\nauthor: W\ndraft: true\n---\n<p><img src="pic.png" alt="x"></p>\n\n`<img src="pic.png">`\n',
    )

    _, report = run_json(site)

    body = Article.objects.get().body
    assert '<img src="/media/images/' in body
    assert '`<img src="pic.png">`' in body
    assert report["files"][0]["warnings"] == []


@pytest.mark.django_db
def test_html_the_sanitiser_removes_is_reported_naming_the_element(site):
    write(
        site, "a.md", "---\ntitle: A\nauthor: W\n---\n<script>x()</script>\n\n<iframe src='https://e.org'></iframe>\n"
    )

    _, report = run_json(site)

    assert "HTML <iframe> removed: not allowed in an article" in report["files"][0]["warnings"]
    assert "HTML <script> removed: not allowed in an article" in report["files"][0]["warnings"]


@pytest.mark.django_db
def test_an_image_relative_to_the_pages_own_address_is_found_when_not_beside_its_file(site, media_root):
    # MkDocs serves user-guide/styling.md at /user-guide/styling/, and leaves raw HTML's addresses as written.
    write(site, "img/palette.png", png((20, 120, 40)))
    write(
        site,
        "user-guide/styling.md",
        article_text(body='<img src="../../img/palette.png" alt="The palette">\n\n![Again](../../img/palette.png)\n'),
    )

    code, report = run_json(site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    body = Article.objects.get().body
    assert body.count("/media/images/") == 2
    assert "../../img" not in body


@pytest.mark.django_db
def test_a_folders_own_page_resolves_images_only_beside_its_file(site):
    write(site, "img/palette.png", png((20, 120, 40)))
    write(site, "user-guide/index.md", article_text(body="![Palette](../../img/palette.png)\n"))

    code, report = run_json(site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == [
        "image '../../img/palette.png' is outside the import folder; left as written"
    ]


@pytest.mark.django_db
def test_a_relative_image_found_nowhere_beside_its_page_is_the_site_root_file_a_themes_hook_would_show(tmp_path):
    # Themes that pass an image's path through absURL show `../images/a.png` of post/walk.md as /images/a.png.
    write(tmp_path, "hugo.toml", 'baseURL = "https://example.org/"\n')
    write(tmp_path, "static/images/tide.png", png((30, 90, 160)))
    write(tmp_path, "static/images/gull.png", png((200, 200, 200)))
    body = "![Tide](../images/tide.png)\n\n![Gull](images/gull.png)\n"
    write(tmp_path, "content/post/walk.md", article_text(body=body))

    code, report = run_json(tmp_path / "content", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body.count("](/media/images/") == 2


@pytest.mark.django_db
def test_an_import_whose_media_root_cannot_be_written_stops_naming_media_root_and_keeps_no_half_article(
    site, unwritable_media_root
):
    write(site, "images/hero.png", png((5, 50, 150)))
    write(site, "post.md", article_text(heroImage="images/hero.png"))

    with pytest.raises(ImageNotStored) as stopped:
        run(site)

    assert str(stopped.value).startswith(f"Images cannot be written under MEDIA_ROOT ({unwritable_media_root}): ")
    assert str(stopped.value).endswith(". Check MEDIA_ROOT.")
    assert not Article.objects.exists()  # not imported without its image, as if the image were the file's fault


@pytest.mark.django_db
def test_an_authors_yml_avatar_the_media_root_refuses_stops_the_import_keeping_the_authors_before_it(
    site, unwritable_media_root, settings, tmp_path
):
    write(site, "images/ada.png", png((1, 2, 3)))
    authors = "- name: Bo\n  slug: bo\n- name: Ada\n  slug: ada\n  avatar: images/ada.png\n- name: Cy\n  slug: cy\n"
    write(site, "authors.yml", authors)
    write(site, "post.md", article_text(author="Ada"))

    with pytest.raises(ImageNotStored) as stopped:
        run(site)

    assert str(stopped.value) == (
        f"Images cannot be written under MEDIA_ROOT ({unwritable_media_root}): "
        f"Not a directory: {unwritable_media_root}/avatars. Check MEDIA_ROOT."
    )
    assert list(Author.objects.values_list("slug", flat=True)) == ["bo"]  # Ada is not imported without her avatar
    assert not Article.objects.exists()

    settings.MEDIA_ROOT = tmp_path / "media"
    code, out = run(site)

    assert code == 0, out
    assert sorted(Author.objects.values_list("slug", flat=True)) == ["ada", "bo", "cy"]
    ada = Author.objects.get(slug="ada")
    assert ada.avatar.name == "avatars/ada.png"
    assert (settings.MEDIA_ROOT / ada.avatar.name).read_bytes() == png((1, 2, 3))
    assert Article.objects.get().author == ada


@pytest.mark.django_db
def test_an_avatar_a_site_data_file_gives_that_the_media_root_refuses_stops_the_import_naming_media_root(
    site, unwritable_media_root, settings, tmp_path
):
    write(site, "_config.yml", "title: Notes\n")
    write(site, "assets/ilse.png", png((90, 40, 20)))
    write(site, "_data/authors.yml", "ilse:\n  name: Ilse Berg\n  avatar: /assets/ilse.png\n")
    write(site, "_posts/2024-03-01-a-walk.md", "---\ntitle: A Walk\nauthor: ilse\n---\n\nSome words.\n")

    with pytest.raises(ImageNotStored) as stopped:
        run(site / "_posts", "--root", site)

    assert str(stopped.value) == (
        f"Images cannot be written under MEDIA_ROOT ({unwritable_media_root}): "
        f"Not a directory: {unwritable_media_root}/images. Check MEDIA_ROOT."
    )
    assert not Author.objects.exists()  # not imported without the avatar, as if the avatar were the site's fault
    assert not Article.objects.exists()

    settings.MEDIA_ROOT = tmp_path / "media"
    code, out = run(site / "_posts", "--root", site)

    assert code == 0, out
    assert Article.objects.get().author.avatar.name.startswith("images/")
