import time

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_an_article_page_answers_304_when_the_reader_has_the_current_version(client, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    assert first["Last-Modified"] and first["ETag"]
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_an_edited_article_is_sent_again_to_a_reader_with_the_old_version(client, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    time.sleep(1.1)  # Last-Modified has a resolution of one second
    published_article.body = "A corrected paragraph."
    published_article.save()
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"], "if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "A corrected paragraph." in again.content.decode()


def test_a_change_to_the_author_makes_the_article_page_newer(client, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    time.sleep(1.1)
    published_article.author.bio = "Now writes about harbours."
    published_article.author.save()
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200
    assert "harbours" in again.content.decode()


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feeds_answer_304_when_unchanged(client, published_article, url):
    first = client.get(url)
    assert first["Last-Modified"] and first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


def test_list_pages_carry_an_etag_and_answer_304(client, published_article):
    first = client.get("/")
    assert client.get("/", headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_scheduled_article_appearing_makes_pages_newer(client, settings, monkeypatch, published_article, author):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_article

    settings.PAGE_CACHE_SECONDS = 600
    scheduled = make_article(author=author, publish_date=timezone.now() + timedelta(minutes=5))
    url = published_article.get_absolute_url()
    first = client.get(url)
    later = scheduled.publish_date + timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200
