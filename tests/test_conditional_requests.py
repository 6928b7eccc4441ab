from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ContentState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def last_changed_an_hour_ago(published_article):
    """The article and everything around it were last changed an hour ago.

    Last-Modified counts whole seconds, so a change must fall in a later second than the reader's copy: dating
    the copy an hour back makes any change now newer, with no waiting.
    """
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Article.objects.filter(pk=published_article.pk).update(updated_at=an_hour_ago)
    # After the update, whose trigger stamped the change with the database's clock.
    ContentState.objects.update(changed_at=an_hour_ago.timestamp())
    return published_article


def test_an_article_page_answers_304_when_the_reader_has_the_current_version(client, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)
    assert first["Last-Modified"] and first["ETag"]
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_an_edited_article_is_sent_again_to_a_reader_with_the_old_version(client, last_changed_an_hour_ago):
    published_article = last_changed_an_hour_ago
    url = published_article.get_absolute_url()
    first = client.get(url)
    published_article.body = "A corrected paragraph."
    published_article.save()
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"], "if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "A corrected paragraph." in again.content.decode()


def test_a_change_to_the_author_makes_the_article_page_newer(client, last_changed_an_hour_ago):
    published_article = last_changed_an_hour_ago
    url = published_article.get_absolute_url()
    first = client.get(url)
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
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


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/sitemap.xml"])
def test_feeds_and_the_sitemap_are_newer_after_any_change_not_only_a_new_entry(client, published_article, url):
    from datetime import timedelta

    from django.db.models import F

    from articles.models import Article, ContentState
    from tests.factories import make_article

    older = make_article(title="An older piece", publish_date=published_article.publish_date - timedelta(days=2))
    first = client.get(url)
    # Withdrawn a few seconds later: the newest entry, and so the feed's own dates, are the same as before.
    Article.objects.filter(pk=older.pk).update(status=Article.Status.DRAFT)
    ContentState.objects.update(changed_at=F("changed_at") + 5)
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200
    assert "An older piece" not in again.content.decode()
