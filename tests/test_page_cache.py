import socket
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ContentState
from tests.factories import make_article, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, published_article):
    first, _ = get(client, "/")
    second, _ = get(client, "/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_cached_page_answers_304_to_a_reader_who_has_it(client, published_article):
    first, _ = get(client, published_article.get_absolute_url())
    assert first["ETag"]
    assert "must-revalidate" in first["Cache-Control"]
    again = client.get(published_article.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_publishing_an_article_shows_it_at_once(client, published_article, draft_article):
    _, before = get(client, "/")
    assert draft_article.title not in before
    draft_article.status = Article.Status.PUBLISHED
    draft_article.publish_date = timezone.now() - timedelta(minutes=1)
    draft_article.save()
    response, after = get(client, "/")
    assert response["X-Page-Cache"] == "miss"
    assert draft_article.title in after


def test_editing_an_article_refreshes_its_cached_page(client, published_article):
    get(client, published_article.get_absolute_url())
    published_article.body = "A freshly corrected paragraph."
    published_article.save()
    _, page = get(client, published_article.get_absolute_url())
    assert "A freshly corrected paragraph." in page


def test_unpublishing_removes_the_article_from_cached_pages(client, published_article):
    get(client, "/")
    get(client, published_article.get_absolute_url())
    published_article.status = Article.Status.DRAFT
    published_article.save()
    _, home = get(client, "/")
    assert published_article.title not in home
    assert client.get(published_article.get_absolute_url()).status_code == 404


def test_deleting_an_article_removes_it_from_cached_pages(client, published_article):
    get(client, "/")
    url = published_article.get_absolute_url()
    published_article.delete()
    _, home = get(client, "/")
    assert "A published piece" not in home
    assert client.get(url).status_code == 404


def test_renaming_a_tag_refreshes_the_pages_that_show_it(client, author):
    tag = make_tag(name="Old name", slug="old-name")
    article = make_article(author=author, tags=[tag])
    get(client, article.get_absolute_url())
    tag.name = "New name"
    tag.save()
    _, page = get(client, article.get_absolute_url())
    assert "New name" in page


def test_a_scheduled_article_appears_in_cached_pages_when_its_time_comes(client, monkeypatch, scheduled_article):
    _, before = get(client, "/")
    assert scheduled_article.title not in before
    assert client.get(scheduled_article.get_absolute_url()).status_code == 404
    later = scheduled_article.publish_date + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response, after = get(client, "/")
    assert response["X-Page-Cache"] == "miss"
    assert scheduled_article.title in after
    assert client.get(scheduled_article.get_absolute_url()).status_code == 200


# Writes that send no signal, or come from elsewhere, move the content version on all the same.


def test_unpublishing_with_queryset_update_removes_the_article_from_cached_pages(client, published_article):
    url = published_article.get_absolute_url()
    get(client, "/")
    get(client, url)
    assert get(client, url)[0]["X-Page-Cache"] == "hit"
    Article.objects.filter(pk=published_article.pk).update(status=Article.Status.DRAFT)
    assert published_article.title not in get(client, "/")[1]
    assert client.get(url).status_code == 404


def test_a_change_by_raw_sql_refreshes_cached_pages_and_their_etag(client, published_article):
    url = published_article.get_absolute_url()
    first, _ = get(client, url)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_author SET name = %s", ["Renamed Without Signals"])
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Renamed Without Signals" in again.content.decode()


def test_articles_made_in_bulk_appear_in_cached_pages(client, published_article):
    get(client, "/")
    Article.objects.bulk_create(
        [
            Article(
                title="Arrived in bulk",
                slug="arrived-in-bulk",
                author=published_article.author,
                status=Article.Status.PUBLISHED,
                publish_date=timezone.now() - timedelta(hours=1),
            )
        ]
    )
    assert "Arrived in bulk" in get(client, "/")[1]


def test_a_page_made_from_another_content_version_is_never_served(client, published_article):
    """What a second process finds in a cache shared with this one, or this one finds in its own memory."""
    get(client, "/")
    assert get(client, "/")[0]["X-Page-Cache"] == "hit"
    ContentState.objects.update(generation=F("generation") + 1)
    assert get(client, "/")[0]["X-Page-Cache"] == "miss"


def test_without_its_state_row_the_cache_serves_nothing_stale(client, published_article):
    ContentState.objects.all().delete()
    get(client, "/")
    assert get(client, "/")[0]["X-Page-Cache"] == "miss"
    published_article.title = "Retitled with no state row"
    published_article.save()  # the triggers make the row again
    assert "Retitled with no state row" in get(client, "/")[1]
    assert get(client, "/")[0]["X-Page-Cache"] == "hit"


def test_signed_in_staff_never_get_a_cached_page(staff_client, published_article):
    get(staff_client, "/")
    response, _ = get(staff_client, "/")
    assert "X-Page-Cache" not in response


def test_a_404_is_not_cached(client, db):
    client.get("/articles/not-yet/")
    make_article(slug="not-yet")
    assert client.get("/articles/not-yet/").status_code == 200


def test_the_page_cache_can_be_turned_off(client, settings, published_article):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, "/")
    response, _ = get(client, "/")
    assert "X-Page-Cache" not in response


def _redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_running(), reason="Redis is not answering on 127.0.0.1:6379")
def test_the_page_cache_works_on_redis(client, settings, published_article):
    settings.CACHES = {"default": {"BACKEND": "cms.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}}
    cache.clear()
    assert type(caches["default"]).__name__ == "RedisCache"
    get(client, "/")
    assert get(client, "/")[0]["X-Page-Cache"] == "hit"
    published_article.title = "Retitled on Redis"
    published_article.save()
    assert "Retitled on Redis" in get(client, "/")[1]
    cache.clear()


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "cms.cache.RedisCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url_selects_the_cache_backend(load_settings, url, backend):
    assert load_settings(CACHE_URL=url)["CACHES"]["default"]["BACKEND"] == backend


def test_an_unknown_cache_url_is_refused_naming_it(load_settings):
    with pytest.raises(ImproperlyConfigured, match="memcached://x"):
        load_settings(CACHE_URL="memcached://x")


def test_the_redis_backend_keeps_one_client_for_every_call():
    from cms.cache import RedisCacheClient

    client = RedisCacheClient(["redis://127.0.0.1:6379/15"])
    assert client.get_client("a") is client.get_client("b", write=True)


def test_list_pages_remember_their_article_count_until_content_changes(client, settings, author):
    settings.PAGE_CACHE_SECONDS = 0  # the count is kept even when whole pages are not
    settings.ARTICLES_PER_PAGE = 2
    for _ in range(3):
        make_article(author=author)
    assert "Page 1 of 2" in client.get("/").content.decode()

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert [q["sql"] for q in queries if "COUNT(" in q["sql"]] == []

    for _ in range(2):
        make_article(author=author)
    assert "Page 1 of 3" in client.get("/").content.decode()


def test_the_page_cache_is_off_by_default_while_debugging(load_settings):
    assert load_settings(DEBUG="1")["PAGE_CACHE_SECONDS"] == 0
    assert load_settings(DEBUG="0", SECRET_KEY="x" * 50)["PAGE_CACHE_SECONDS"] == 600
