"""Readers' browsers and feed readers ask again with the ETag and Last-Modified they were given: unchanged pages
answer 304, changed ones the new page. Last-Modified counts whole seconds, so the tests move the clock on
between a change and the next request; the ETag is exact at any speed."""

from datetime import timedelta

import pytest

from articles.models import Article
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stored_pages_on")]


def test_an_article_page_answers_304_when_the_reader_has_the_current_version(client, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    assert first["Last-Modified"] and first["ETag"]
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_an_edited_article_is_sent_again_to_a_reader_with_the_old_version(client, clock, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    published_article.body = "A corrected paragraph."
    published_article.save()
    clock.advance(seconds=1)
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"], "if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "A corrected paragraph." in again.content.decode()


def test_a_change_to_the_author_makes_the_article_page_newer_once_rebuilt(client, clock, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    published_article.author.bio = "Now writes about harbours."
    published_article.author.save()
    clock.advance(seconds=1)
    # The page shows the author beside the article: the next reader is served it as it was, and it is rebuilt.
    assert client.get(url)["X-Stored-Page"] == "stale"
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200
    assert "harbours" in again.content.decode()


def test_the_etag_alone_tells_a_change_made_within_the_same_second(client, clock, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    published_article.author.bio = "Now writes about lighthouses."
    published_article.author.save()
    client.get(url)  # served once more as it was, and rebuilt
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feeds_answer_304_when_unchanged(client, published_article, url):
    first = client.get(url)
    assert first["Last-Modified"] and first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


def test_list_pages_carry_an_etag_and_answer_304(client, published_article):
    first = client.get("/")
    assert client.get("/", headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_scheduled_article_appearing_makes_pages_newer(client, clock, published_article, author):
    scheduled = make_article(author=author, publish_date=clock.now + timedelta(minutes=5))
    first = client.get("/")
    clock.now = scheduled.publish_date + timedelta(seconds=2)
    again = client.get("/", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200
    assert scheduled.title in again.content.decode()


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/sitemap.xml"])
def test_feeds_and_the_sitemap_are_newer_after_any_change_not_only_a_new_entry(client, clock, published_article, url):
    older = make_article(title="An older piece", publish_date=published_article.publish_date - timedelta(days=2))
    first = client.get(url)
    # Withdrawn: the newest entry, and so the feed's own dates, are the same as before.
    Article.objects.filter(pk=older.pk).update(status=Article.Status.DRAFT)
    clock.advance(seconds=5)
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200
    assert "An older piece" not in again.content.decode()
