"""A post's picture arrives as its hero under the keys generators' themes give it, and only a picture does."""

import pytest

from articles.models import Article
from tests.markdown_files import png, run_json, write

pytestmark = pytest.mark.usefixtures("media_root")


def post(front: str) -> str:
    return f"---\ntitle: Tides\nauthor: Ines Duarte\ndate: 2024-03-01\n{front}\n---\n\nSome words.\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("front", "alt"),
    [
        ("hero: ./images/shore.png", "Tides"),  # Novela (Gatsby)
        ("cover: ./images/shore.png", "Tides"),
        ("coverImage: ./images/shore.png", "Tides"),
        ("featuredImage: ./images/shore.png", "Tides"),
        ("socialImage: ./images/shore.png", "Tides"),  # gatsby-starter-lumen
        ("cover:\n  image: images/shore.png\n  alt: The shore at dawn", "The shore at dawn"),  # PaperMod (Hugo)
        ("image: ./images/shore.png\nalt: The shore at dawn", "The shore at dawn"),  # Eleventy themes
        ("image: ./images/shore.png\nimageAlt: The shore at dawn", "The shore at dawn"),
        ("image: ./images/shore.png\nimage_alt: The shore at dawn", "The shore at dawn"),
        ("cover: ./images/shore.png\ncoverAlt: The shore at dawn", "The shore at dawn"),
        ("thumbnail: images/shore.png", "Tides"),  # Type-on-Strap (Jekyll), Mainroad (Hugo)
        ("thumbnail:\n  src: images/shore.png\n  visibility: [list, post]", "Tides"),  # Mainroad
    ],
)
def test_a_themes_picture_key_gives_the_article_its_hero_and_the_alt_written_beside_it(site, front, alt):
    write(site, "tides/images/shore.png", png((20, 90, 160)))
    write(site, "tides/index.md", post(front))

    code, report = run_json(site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/")
    assert article.hero_image_alt == alt


@pytest.mark.django_db
def test_a_hero_mapping_without_a_picture_is_kept_for_export_not_taken_for_an_image(site):
    write(site, "tides.md", post("hero:\n  tagline: Where the sea meets the land\n  actions: []"))

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    assert (article.hero_image.name, article.hero_image_url) == ("", "")
    assert article.extra_front_matter["hero"] == {"tagline": "Where the sea meets the land", "actions": []}


@pytest.mark.django_db
def test_a_hugo_page_bundles_feature_image_is_the_hero_of_its_page_and_its_translation(site):
    write(site, "hugo.toml", "title = 'Notes'\n")
    write(site, "content/posts/tides/thumb-shore.png", png((200, 90, 20)))
    write(site, "content/posts/tides/feature-shore.png", png((20, 90, 160)))
    write(site, "content/posts/tides/index.md", post(""))
    write(site, "content/posts/tides/index.fr.md", post("lang: fr"))
    write(site, "content/posts/ebb/index.md", post("cover: ./images/shore.png"))
    write(site, "content/posts/ebb/images/shore.png", png((10, 10, 10)))
    write(site, "content/posts/ebb/feature.png", png((20, 90, 160)))

    code, report = run_json(site / "content")

    assert code == 0, report
    tides, tides_fr, ebb = (Article.objects.get(slug=slug) for slug in ("tides", "tides-fr", "ebb"))
    assert tides.hero_image.name and tides.hero_image.name == tides_fr.hero_image.name
    assert ebb.hero_image.name != tides.hero_image.name  # its own front matter's picture wins


@pytest.mark.django_db
def test_a_cover_repeated_as_the_first_line_of_the_body_is_shown_once_and_exported_whole(site, client, tmp_path):
    write(site, "tides/images/shore.png", png((20, 90, 160), size=(40, 30)))
    body = "![The shore](./images/shore.png)\n\nSome words.\n"
    write(
        site,
        "tides/index.md",
        f"---\ntitle: Tides\nauthor: Ines Duarte\ndate: 2024-03-01\ncover: ./images/shore.png\n---\n\n{body}",
    )

    code, report = run_json(site)

    assert code == 0, report
    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count(f'<img src="{article.hero_src}"') == 1
    assert '<figure class="hero">' in page
    assert "Some words." in page
    assert "<figure><picture>" in article.body_html  # the stored body keeps its image: exports give it back


@pytest.mark.django_db
def test_a_jekyll_hero_path_without_its_leading_slash_is_the_sites_file_when_none_is_beside_the_post(site):
    write(site, "_config.yml", "title: Notes\nbaseurl: /notes\n")
    write(site, "assets/images/shore.png", png((20, 90, 160)))
    write(site, "_posts/2024-03-01-tides.md", post("image: assets/images/shore.png"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().hero_image.name.startswith("images/")


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ["assets/img", "images"])
def test_a_hero_given_by_its_file_name_alone_is_found_in_the_folder_the_site_keeps_its_pictures_in(site, folder):
    write(site, "_config.yml", "title: Notes\n")
    write(site, f"{folder}/shore.png", png((20, 90, 160)))
    write(site, "_posts/2024-03-01-tides.md", post("img: shore.png"))

    code, report = run_json(site / "_posts", "--root", site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().hero_image.name.startswith("images/")
