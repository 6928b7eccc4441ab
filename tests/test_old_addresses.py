"""The old site's addresses keep working: a GET to one is a 301 to its article, while that article is published."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ContentState, OldAddress
from articles.old_addresses import normalize_path
from tests.factories import make_article, make_author, make_tag


def old_address(path: str, **article_fields) -> OldAddress:
    return OldAddress.objects.create(path=path, article=make_article(**article_fields))


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("/blog/first-post", "/blog/first-post/"),
        ("/blog/first-post/", "/blog/first-post/"),
        ("/blog/first-post/index.html", "/blog/first-post/"),
        ("blog//first-post/./", "/blog/first-post/"),
        ("/2023/01/29/Title.html", "/2023/01/29/Title.html"),
        ("/caf%C3%A9/?utm_source=x#top", "/café/"),
        ("/docs/a/../history", "/docs/history/"),
    ],
)
def test_an_old_address_has_one_form_whatever_way_it_is_written(given, normal):
    assert normalize_path(given) == normal


@pytest.mark.parametrize("given", ["https://elsewhere.example/post/", "//elsewhere.example/post/", "/", "/a\x00b/"])
def test_only_a_path_on_this_site_can_be_an_old_address(given):
    with pytest.raises(ValueError):
        normalize_path(given)


@pytest.mark.django_db
def test_an_address_with_a_host_is_refused_by_the_model():
    address = OldAddress(path="https://elsewhere.example/post/", article=make_article())
    with pytest.raises(ValidationError) as error:
        address.full_clean()
    assert "path" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("requested", ["/2023/01/29/moving-day.html", "/2023/01/29/moving-day.html/"])
def test_an_old_address_of_a_published_article_redirects_permanently_with_one_query(
    client, django_assert_num_queries, requested
):
    address = old_address("/2023/01/29/moving-day.html", slug="moving-day")
    # No page matched: the one indexed lookup of the address among published articles, and nothing else.
    with django_assert_num_queries(1):
        response = client.get(requested)
    assert response.status_code == 301
    assert response["Location"] == address.article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_the_redirect_keeps_the_query_and_every_written_form_of_the_path_finds_it(client):
    old_address("/blog/café/", slug="cafe")
    for requested in ("/blog/caf%C3%A9/index.html", "/blog/café", "/blog/caf%C3%A9/"):
        response = client.get(requested + "?ref=old")
        assert response.status_code == 301
        assert response["Location"] == "/articles/cafe/?ref=old"


@pytest.mark.django_db
def test_the_case_of_an_old_address_is_kept(client):
    old_address("/Blog/Post/", slug="post")
    assert client.get("/Blog/Post/").status_code == 301
    assert client.get("/blog/post/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": Article.Status.DRAFT, "publish_date": None},
        {"status": Article.Status.REVIEW, "publish_date": None},
        {"publish_date": timezone.now() + timedelta(days=2)},
    ],
    ids=["draft", "review", "scheduled"],
)
def test_an_old_address_of_an_article_readers_cannot_see_is_a_404(client, unpublished):
    address = old_address("/news/secret-plans/", **unpublished)
    assert client.get("/news/secret-plans/").status_code == 404
    assert client.get(address.article.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_publishing_the_article_makes_its_old_address_redirect(client):
    address = old_address("/news/soon/", status=Article.Status.DRAFT, publish_date=None)
    assert client.get("/news/soon/").status_code == 404
    address.article.status = Article.Status.PUBLISHED
    address.article.publish_date = timezone.now() - timedelta(minutes=1)
    address.article.save()
    assert client.get("/news/soon/").status_code == 301


@pytest.mark.django_db
def test_a_live_folio_page_wins_over_an_old_address(client):
    article = make_article(slug="current")
    OldAddress.objects.create(path="/search/", article=make_article())
    OldAddress.objects.create(path=article.get_absolute_url(), article=make_article())
    assert client.get("/search/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_pages_that_are_found_never_look_up_old_addresses(client, published_article):
    old_address("/elsewhere/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
        assert client.get(published_article.get_absolute_url()).status_code == 200
    assert not [query for query in queries if "articles_oldaddress" in query["sql"]]


@pytest.mark.django_db
def test_a_path_that_names_another_host_is_never_redirected(client):
    old_address("/elsewhere.example/post/")
    response = client.get("//elsewhere.example/post/")
    assert response.status_code in (301, 404)
    if response.status_code == 301:
        assert response["Location"].startswith("/articles/")


@pytest.mark.django_db
def test_a_post_to_an_old_address_is_not_redirected(client):
    old_address("/blog/first-post/")
    assert client.post("/blog/first-post/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda a: OldAddress.objects.create(path="/added/", article=a), id="added"),
        pytest.param(lambda a: OldAddress.objects.bulk_create([OldAddress(path="/bulk/", article=a)]), id="bulk"),
        pytest.param(lambda a: OldAddress.objects.filter(article=a).update(path="/moved/"), id="changed"),
        pytest.param(lambda a: OldAddress.objects.filter(article=a).delete(), id="deleted"),
    ],
)
def test_every_write_to_old_addresses_moves_the_content_version_on(write):
    article = make_article()
    OldAddress.objects.create(path="/first/", article=article)
    before = ContentState.objects.get(pk=1).generation
    write(article)
    assert ContentState.objects.get(pk=1).generation > before


@pytest.mark.django_db
def test_stored_pages_never_keep_an_old_address_answer(client, settings):
    settings.STORED_PAGES = True
    address = old_address("/blog/kept/")
    assert client.get("/blog/kept/").status_code == 301
    address.delete()
    assert client.get("/blog/kept/").status_code == 404
    OldAddress.objects.create(path="/blog/kept/", article=make_article(slug="new-home"))
    response = client.get("/blog/kept/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-home/"


@pytest.mark.django_db
def test_editors_see_and_add_old_addresses_in_the_admin(staff_client):
    article = make_article(title="Moving day")
    OldAddress.objects.create(path="/2023/01/29/moving-day.html", article=article)
    listing = staff_client.get(reverse("admin:articles_oldaddress_changelist"))
    assert "/2023/01/29/moving-day.html" in listing.content.decode()
    response = staff_client.post(
        reverse("admin:articles_oldaddress_add"), {"path": "/blog/Moving%20Day/index.html", "article": article.pk}
    )
    assert response.status_code == 302
    assert OldAddress.objects.filter(path="/blog/Moving Day/", article=article).exists()
    refused = staff_client.post(
        reverse("admin:articles_oldaddress_add"), {"path": "https://elsewhere.example/x/", "article": article.pk}
    )
    assert refused.status_code == 200
    assert not OldAddress.objects.filter(path__contains="elsewhere").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_to_one_table_keeps_every_earlier_slug_redirecting(client):
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0017_stored_pages_fresh_until")])
    apps = executor.loader.project_state([("articles", "0017_stored_pages_fresh_until")]).apps
    author = apps.get_model("articles", "Author").objects.create(name="Ana", slug="ana")
    Article = apps.get_model("articles", "Article")
    article = Article.objects.create(
        title="Harbour lights", slug="harbour-lights", author=author, status="published", publish_date=timezone.now()
    )
    apps.get_model("articles", "SlugRedirect").objects.create(old_slug="harbour-lamps", article=article)
    apps.get_model("articles", "OldAddress").objects.create(path="/2019/lamps.html", article=article)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert sorted(OldAddress.objects.values_list("path", flat=True)) == ["/2019/lamps.html", "/articles/harbour-lamps/"]
    response = client.get("/articles/harbour-lamps/")
    assert (response.status_code, response["Location"]) == (301, "/articles/harbour-lights/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("requested", "found"),
    [
        ("/categories/Engines/", "/tags/engines/"),
        ("/blog/tag/engines/", "/tags/engines/"),
        ("/category/engines/index.html?ref=feed", "/tags/engines/?ref=feed"),
        ("/en/topics/engines", "/tags/engines/"),
        ("/author/ada-lovelace/", "/authors/ada-lovelace/"),
        ("/blog/authors/Ada-Lovelace/", "/authors/ada-lovelace/"),
        ("/categories/", "/tags/"),
        ("/blog/tag/", "/tags/"),
        ("/author/", "/authors/"),
        ("/index.xml", "/feed/"),
        ("/feed.xml", "/feed/"),
        ("/blog/rss.xml", "/feed/"),
        ("/rss/", "/feed/"),
        ("/feed/feed.xml", "/feed/"),
        ("/atom.xml", "/feed/atom/"),
        ("/feed.atom", "/feed/atom/"),
        ("/tags/engines/index.xml", "/tags/engines/feed/"),
        ("/tag/Engines/rss/", "/tags/engines/feed/"),
        ("/category/engines/feed/", "/tags/engines/feed/"),
        ("/author/ada-lovelace/rss/", "/authors/ada-lovelace/feed/"),
        ("/tags/index.xml", "/feed/"),
    ],
)
def test_an_old_sites_list_of_a_tag_or_an_author_or_feed_redirects_to_the_same_here(client, requested, found):
    tag = make_tag(name="Engines", slug="engines")
    make_article(author=make_author(name="Ada Lovelace", slug="ada-lovelace"), tags=[tag])
    response = client.get(requested)
    assert (response.status_code, response["Location"]) == (301, found)
    assert client.get(found).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "requested",
    [
        "/categories/drafts-only/",  # a tag readers cannot see yet
        "/tag/no-such-tag/",
        "/tags/engines/?page=9",  # the list itself, past its last page: never a redirect to itself
        "/tags/engines/page/2/",
        "/tags/engines/notes.txt",
        "/blog/categories-of-things/engines/",
    ],
)
def test_an_old_list_address_readers_have_no_page_for_stays_a_404(client, requested):
    tag = make_tag(name="Engines", slug="engines")
    make_article(tags=[tag])
    make_article(status=Article.Status.DRAFT, publish_date=None, tags=[make_tag(slug="drafts-only")])
    assert client.get(requested).status_code == 404


@pytest.mark.django_db
def test_an_articles_old_address_wins_over_a_list_of_the_same_shape(client):
    make_article(tags=[make_tag(slug="engines")])
    address = old_address("/tag/engines/", slug="all-about-engines")
    response = client.get("/tag/engines/")
    assert response["Location"] == address.article.get_absolute_url()
