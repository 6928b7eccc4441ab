import json
from datetime import UTC, datetime, timedelta

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.images import store_image
from tests.factories import make_article, make_author, make_tag
from tests.image_files import image_bytes


@pytest.fixture(autouse=True)
def site(settings, tmp_path):
    settings.SITE_URL = "https://news.example.org"
    settings.SITE_NAME = "The Folio Review"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def article(db):
    return make_article(
        title="How engines think",
        slug="how-engines-think",
        description="A summary of the engine.",
        author=make_author(name="Ada Lovelace", slug="ada"),
        tags=[make_tag(name="Engines"), make_tag(name="History")],
        hero_image=store_image(image_bytes(size=(800, 450))),
        hero_image_alt="Brass gears",
        publish_date=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
    )


def head_of(client, url):
    """The page's <head>: its title, meta tags by name or property (lists), links by rel, and JSON-LD blocks."""
    response = client.get(url)
    assert response.status_code == 200
    tree = html5lib.parse(response.content, namespaceHTMLElements=False)
    head = tree.find("head")
    meta: dict[str, list[str]] = {}
    for tag in head.findall("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            meta.setdefault(key, []).append(tag.get("content"))
    links: dict[str, list[dict]] = {}
    for tag in head.findall("link"):
        links.setdefault(tag.get("rel"), []).append(dict(tag.attrib))
    json_ld = [json.loads(s.text) for s in head.findall("script") if s.get("type") == "application/ld+json"]
    return {
        "lang": tree.get("lang"),
        "title": head.findtext("title"),
        "meta": meta,
        "links": links,
        "json_ld": json_ld,
        "html": response.content.decode(),
    }


def test_an_article_has_its_title_description_and_absolute_canonical(client, article):
    head = head_of(client, article.get_absolute_url())
    assert head["title"] == "How engines think · The Folio Review"
    assert head["meta"]["description"] == ["A summary of the engine."]
    assert head["links"]["canonical"] == [
        {"rel": "canonical", "href": "https://news.example.org/articles/how-engines-think/"}
    ]


def test_an_article_has_open_graph_for_link_previews(client, article):
    meta = head_of(client, article.get_absolute_url())["meta"]
    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == ["How engines think"]
    assert meta["og:description"] == ["A summary of the engine."]
    assert meta["og:url"] == ["https://news.example.org/articles/how-engines-think/"]
    assert meta["og:image"] == [f"https://news.example.org/media/{article.hero_image.name}"]
    assert meta["article:published_time"] == ["2024-05-06T09:30:00+00:00"]
    assert meta["article:modified_time"] == ["2024-05-06T09:30:00+00:00"]
    assert meta["article:author"] == ["https://news.example.org/authors/ada/"]
    assert meta["article:tag"] == ["Engines", "History"]


def test_an_article_has_a_large_image_twitter_card(client, article):
    meta = head_of(client, article.get_absolute_url())["meta"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:title"] == ["How engines think"]
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:image:alt"] == meta["og:image:alt"] == ["Brass gears"]


def test_an_external_hero_is_the_preview_image_as_written(client, db):
    article = make_article(hero_image_url="https://images.example.com/hero.jpg")
    meta = head_of(client, article.get_absolute_url())["meta"]
    assert meta["og:image"] == ["https://images.example.com/hero.jpg"]
    assert "og:image:alt" not in meta  # no alt text given


def test_an_article_has_json_ld_describing_it(client, article):
    [data] = head_of(client, article.get_absolute_url())["json_ld"]
    assert data == {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": "How engines think",
        "description": "A summary of the engine.",
        "url": "https://news.example.org/articles/how-engines-think/",
        "mainEntityOfPage": "https://news.example.org/articles/how-engines-think/",
        "inLanguage": "en",
        "image": [f"https://news.example.org/media/{article.hero_image.name}"],
        "author": {"@type": "Person", "name": "Ada Lovelace", "url": "https://news.example.org/authors/ada/"},
        "publisher": {"@type": "Organization", "name": "The Folio Review", "url": "https://news.example.org/"},
        "datePublished": "2024-05-06T09:30:00+00:00",
        "dateModified": "2024-05-06T09:30:00+00:00",
    }


def test_an_articles_json_ld_names_the_authors_profiles_as_same_as(client, article):
    article.author.social_links = {"mastodon": "https://social.example/@ada"}
    article.author.save()

    [data] = head_of(client, article.get_absolute_url())["json_ld"]

    assert data["author"]["sameAs"] == ["https://social.example/@ada"]


def test_json_ld_cannot_close_its_script_element(client, db):
    article = make_article(title="</script><script>alert(1)</script>", description="a & b > c")
    head = head_of(client, article.get_absolute_url())
    assert "</script><script>alert(1)" not in head["html"]
    assert "\\u003C/script\\u003E" in head["html"]
    assert head["json_ld"][0]["headline"] == "</script><script>alert(1)</script>"
    assert head["json_ld"][0]["description"] == "a & b > c"


@pytest.mark.parametrize(
    ("url", "title", "canonical"),
    [
        ("/", "The Folio Review", "https://news.example.org/"),
        ("/?page=2", "Latest articles, page 2 · The Folio Review", "https://news.example.org/?page=2"),
        ("/authors/ada/", "Ada Lovelace · The Folio Review", "https://news.example.org/authors/ada/"),
        ("/tags/engines/", "Engines · The Folio Review", "https://news.example.org/tags/engines/"),
    ],
)
def test_list_pages_have_a_title_description_and_canonical(client, db, settings, url, title, canonical):
    settings.ARTICLES_PER_PAGE = 1
    author, tag = make_author(name="Ada Lovelace", slug="ada"), make_tag(name="Engines", slug="engines")
    make_article(author=author, tags=[tag])
    make_article(author=author, tags=[tag])
    head = head_of(client, url)
    assert head["title"] == title
    assert head["meta"]["description"][0]
    assert head["meta"]["og:type"] == ["website"]
    assert head["links"]["canonical"][0]["href"] == canonical
    assert "robots" not in head["meta"]


# Updated date


def test_an_article_revised_on_a_later_day_shows_and_declares_its_updated_date(client, article):
    article.body = "A corrected text."
    article.save()
    today = timezone.localdate()
    head = head_of(client, article.get_absolute_url())
    revised = article.revised_at.replace(microsecond=0).isoformat()
    assert f'Updated <time datetime="{revised}">{today:%-d %b %Y}</time>' in head["html"]
    assert head["meta"]["article:modified_time"] == [revised]
    assert head["json_ld"][0]["dateModified"] == revised


def test_no_updated_date_for_a_same_day_fix_or_a_change_that_is_not_to_the_text(client, db, clock):
    # Midday in the site's time zone: five minutes earlier is the same day whenever the suite runs.
    clock.now = timezone.make_aware(datetime(2026, 6, 1, 12, 0))
    article = make_article(publish_date=timezone.now() - timedelta(minutes=5))
    article.body = "Typo fixed."
    article.save()
    old = make_article(publish_date=timezone.now() - timedelta(days=30))
    old.tags.add(make_tag())
    old.read_time = "9"
    old.save()
    for page in (article, old):
        assert "Updated" not in head_of(client, page.get_absolute_url())["html"]
    assert old.revised_at is None


def test_editing_a_draft_before_publication_is_not_a_revision(db):
    draft = make_article(status="draft", publish_date=None)
    draft.body = "Rewritten before anyone read it."
    draft.save()
    assert draft.revised_at is None


# Languages and translations


def test_the_page_language_follows_the_article(client, db):
    article = make_article(language="pt-br")
    assert head_of(client, article.get_absolute_url())["lang"] == "pt-br"
    assert head_of(client, reverse("articles:home"))["lang"] == "en"


def test_translations_are_linked_and_declared_with_hreflang(client, db):
    english = make_article(slug="engines", language="en")
    spanish = make_article(slug="motores", language="es")
    draft_french = make_article(slug="moteurs", language="fr", status="draft", publish_date=None)
    english.translations.add(spanish, draft_french)
    head = head_of(client, english.get_absolute_url())
    assert [(link["hreflang"], link["href"]) for link in head["links"]["alternate"] if "hreflang" in link] == [
        ("en", "https://news.example.org/articles/engines/"),
        ("es", "https://news.example.org/articles/motores/"),
    ]
    assert '<a href="/articles/motores/" hreflang="es" lang="es">español</a>' in head["html"]
    assert "moteurs" not in head["html"]
    spanish_head = head_of(client, spanish.get_absolute_url())
    assert spanish_head["lang"] == "es"
    assert ("en", "https://news.example.org/articles/engines/") in [
        (link["hreflang"], link["href"]) for link in spanish_head["links"]["alternate"] if "hreflang" in link
    ]


def test_an_article_without_translations_declares_no_alternates(client, article):
    links = head_of(client, article.get_absolute_url())["links"]["alternate"]
    assert [link for link in links if "hreflang" in link] == []


ORIGINAL = "https://first.example.com/2024/how-engines-think"


def test_a_cross_posts_canonical_link_and_json_ld_name_the_original(client, article):
    article.canonical_url = ORIGINAL
    article.save()

    head = head_of(client, article.get_absolute_url())

    assert head["links"]["canonical"] == [{"rel": "canonical", "href": ORIGINAL}]
    [data] = head["json_ld"]
    assert (data["url"], data["mainEntityOfPage"]) == (ORIGINAL, ORIGINAL)


def test_a_cross_posts_og_url_stays_its_own_page_whose_preview_is_shown(client, article):
    article.canonical_url = ORIGINAL
    article.save()

    meta = head_of(client, article.get_absolute_url())["meta"]

    assert meta["og:url"] == ["https://news.example.org/articles/how-engines-think/"]


def test_a_cross_posts_page_costs_the_queries_of_any_other(client, article, django_assert_num_queries):
    with CaptureQueriesContext(connection) as own:
        head_of(client, article.get_absolute_url())
    article.canonical_url = ORIGINAL
    article.save()

    with django_assert_num_queries(len(own)):
        head_of(client, article.get_absolute_url())
