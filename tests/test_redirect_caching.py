"""Every permanent redirect Folio answers is kept for REDIRECT_MAX_AGE: neither asked again on every visit nor kept
for good, as an editor can change where it leads."""

import pytest

from articles.models import ApiKey, OldAddress
from tests.factories import make_article, make_author, make_tag
from tests.servers import fetch_once

pytestmark = pytest.mark.django_db

KEPT_AN_HOUR = "public, max-age=3600"


@pytest.fixture
def site(settings):
    """A tag, an author, an article with an earlier slug and an old site's address."""
    settings.API_RATE_LIMIT = 0
    article = make_article(slug="first-name", author=make_author(slug="ada"), tags=[make_tag(slug="python")])
    article.slug = "harbour-lights"
    article.save()
    OldAddress.objects.create(path="/2019/05/harbour.html", article=article)
    return article


REDIRECTS = {
    "a tag's page in another case": ("/tags/Python/", "/tags/python/"),
    "an author's page in another case": ("/authors/ADA/?page=1", "/authors/ada/?page=1"),
    "an article's earlier slug": ("/articles/first-name/", "/articles/harbour-lights/"),
    "an old site's address": ("/2019/05/harbour.html", "/articles/harbour-lights/"),
    "an address without its last slash": ("/articles/harbour-lights", "/articles/harbour-lights/"),
    "a tag in the API in another case": ("/api/v1/tags/PYTHON/", "/api/v1/tags/python/"),
    "an author in the API in another case": ("/api/v1/authors/Ada/", "/api/v1/authors/ada/"),
    "an article's earlier slug in the API": ("/api/v1/articles/first-name/", "/api/v1/articles/harbour-lights/"),
    "an API address without its last slash": ("/api/v1/tags", "/api/v1/tags/"),
}


@pytest.mark.parametrize(("asked", "location"), REDIRECTS.values(), ids=REDIRECTS.keys())
def test_every_permanent_redirect_is_kept_for_an_hour_by_browsers_and_proxies(client, site, asked, location):
    for method in (client.get, client.head):
        response = method(asked)
        assert (response.status_code, response["Location"]) == (301, location)
        assert response["Cache-Control"] == KEPT_AN_HOUR


def test_the_redirect_to_https_is_kept_as_long(client, site, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/tags/python/")
    assert (response.status_code, response["Location"]) == (301, "https://testserver/tags/python/")
    assert response["Cache-Control"] == KEPT_AN_HOUR


def test_how_long_a_redirect_is_kept_is_a_setting(client, site, settings):
    settings.REDIRECT_MAX_AGE = 60
    assert client.get("/tags/Python/")["Cache-Control"] == "public, max-age=60"
    assert client.get("/api/v1/tags/Python/")["Cache-Control"] == "public, max-age=60"


def test_a_keyed_apis_redirect_is_kept_by_the_browser_alone(client, site, settings):
    settings.API_KEYS_REQUIRED = True
    _, key = ApiKey.issue(name="Build")
    response = client.get("/api/v1/tags/Python/", headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 301
    assert set(response["Cache-Control"].split(", ")) == {"private", "max-age=3600"}
    answer = client.get(response["Location"], headers={"authorization": f"Bearer {key}"})
    assert set(answer["Cache-Control"].split(", ")) == {"private", "max-age=0", "must-revalidate"}


def test_the_admins_temporary_redirects_stay_never_cached(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_an_hour_is_the_default_and_the_environment_may_change_it(load_settings):
    assert load_settings()["REDIRECT_MAX_AGE"] == 3600
    assert load_settings(REDIRECT_MAX_AGE="600")["REDIRECT_MAX_AGE"] == 600


@pytest.mark.django_db(transaction=True)
def test_a_real_server_sends_each_redirect_with_its_cache_control(live_server, settings):
    settings.API_RATE_LIMIT = 0
    make_article(slug="night-train", author=make_author(slug="ada"), tags=[make_tag(slug="python")])
    OldAddress.objects.create(path="/2019/night.html", article=make_article(slug="harbour-lights"))
    for asked, location in (
        ("/tags/PYTHON/", "/tags/python/"),
        ("/2019/night.html", "/articles/harbour-lights/"),
        ("/api/v1/authors/Ada/", "/api/v1/authors/ada/"),
        ("/api/v1/tags", "/api/v1/tags/"),
    ):
        status, headers = fetch_once(live_server.url + asked)
        assert (status, headers["Location"], headers["Cache-Control"]) == (301, location, KEPT_AN_HOUR), asked
