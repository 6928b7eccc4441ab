from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Article
from tests.factories import make_article, make_author, make_tag, make_unpublished_articles

SITEMAP = reverse("articles:sitemap")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "data" / "sitemap.xsd")))


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example.org"
    return settings.SITE_URL


def entries(client) -> dict[str, str | None]:
    """Each <loc> in the sitemap with its <lastmod>, after checking the document against the sitemaps.org schema."""
    response = client.get(SITEMAP)
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    assert SCHEMA.validate(document), SCHEMA.error_log
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in document.findall("s:url", NS)
    }


def test_the_sitemap_lists_published_articles_authors_and_tags_with_lastmod(client, site_url, db):
    author = make_author(slug="ada")
    tag = make_tag(slug="engines")
    make_article(slug="older", author=author, tags=[tag], publish_date=datetime(2024, 5, 1, tzinfo=UTC))
    make_article(slug="newer", author=author, tags=[tag], publish_date=datetime(2024, 6, 1, tzinfo=UTC))
    assert entries(client) == {
        "https://news.example.org/": "2024-06-01",
        "https://news.example.org/authors/": "2024-06-01",
        "https://news.example.org/tags/": "2024-06-01",
        "https://news.example.org/articles/newer/": "2024-06-01",
        "https://news.example.org/articles/older/": "2024-05-01",
        "https://news.example.org/authors/ada/": "2024-06-01",
        "https://news.example.org/tags/engines/": "2024-06-01",
    }


def test_an_article_revised_after_publication_has_the_revision_as_lastmod(client, site_url, db):
    article = make_article(slug="revised", publish_date=datetime(2024, 5, 1, tzinfo=UTC))
    article.body = "New text."
    article.save()
    assert entries(client)["https://news.example.org/articles/revised/"] == timezone.now().date().isoformat()


def test_drafts_scheduled_articles_and_their_authors_and_tags_stay_out(client, site_url, db):
    quiet_author, quiet_tag = make_author(slug="quiet"), make_tag(slug="quiet-tag")
    make_article(slug="draft", author=quiet_author, tags=[quiet_tag], status=Article.Status.DRAFT, publish_date=None)
    make_article(slug="soon", author=quiet_author, tags=[quiet_tag], publish_date=timezone.now() + timedelta(days=1))
    assert entries(client) == dict.fromkeys(
        ["https://news.example.org/", "https://news.example.org/authors/", "https://news.example.org/tags/"]
    )


def test_a_scheduled_article_enters_the_sitemap_once_its_time_comes(client, site_url, scheduled_article, monkeypatch):
    later = scheduled_article.publish_date + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert f"https://news.example.org{scheduled_article.get_absolute_url()}" in entries(client)


def test_the_sitemap_lists_exactly_the_authors_and_tags_that_have_a_page(client, site_url, db):
    public_author, quiet_author = make_author(slug="public"), make_author(slug="quiet")
    public_tag, quiet_tag = make_tag(slug="public-tag"), make_tag(slug="quiet-tag")
    make_article(author=public_author, tags=[public_tag], publish_date=datetime(2024, 5, 1, tzinfo=UTC))
    make_article(author=public_author, tags=[public_tag], publish_date=timezone.now() + timedelta(days=1))
    make_unpublished_articles(author=quiet_author, tags=[quiet_tag])
    listed = entries(client)
    for page in (public_author, quiet_author, public_tag, quiet_tag):
        url = page.get_absolute_url()
        assert (f"https://news.example.org{url}" in listed) == (client.get(url).status_code == 200), url
    # Dated by their newest published article, never by a scheduled one.
    assert listed["https://news.example.org/authors/public/"] == "2024-05-01"
    assert listed["https://news.example.org/tags/public-tag/"] == "2024-05-01"


# The home page's date, a count and a page for each of articles, authors and tags, and the authors and tags it
# depends on as a stored page.
@pytest.mark.parametrize("count", [2, 12])
def test_the_sitemap_uses_a_fixed_number_of_queries(client, db, django_assert_num_queries, count):
    for _ in range(count):
        make_article(author=make_author(), tags=[make_tag(), make_tag()])
    with django_assert_num_queries(9):
        client.get(SITEMAP)


def test_robots_txt_names_the_absolute_sitemap_and_keeps_crawlers_out_of_the_admin(client, site_url):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://news.example.org/sitemap.xml" in lines


def test_a_cross_post_is_left_out_for_the_original_its_page_names_canonical(client, site_url, db):
    make_article(slug="own", publish_date=datetime(2024, 5, 1, tzinfo=UTC))
    make_article(
        slug="cross-post",
        canonical_url="https://first.example.com/cross-post",
        publish_date=datetime(2024, 6, 1, tzinfo=UTC),
    )

    listed = entries(client)

    assert "https://news.example.org/articles/own/" in listed
    assert not any("cross-post" in address for address in listed)


def test_an_article_naming_its_own_address_canonical_is_no_cross_post_and_stays_listed(client, site_url, db):
    article = make_article(slug="own", canonical_url="https://news.example.org/articles/own/")

    assert article.canonical_url == ""
    assert "https://news.example.org/articles/own/" in entries(client)
