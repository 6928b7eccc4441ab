"""The content API (/api/v1/): every endpoint and filter, each answer checked against the API's own OpenAPI schema."""

import functools
import hashlib
import json
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from articles.api import access
from articles.api.paging import Cursor
from articles.api.views import api
from articles.models import ApiKey, ApiRequestCount, Article, PendingChange
from articles.renditions import ImageSet, picture_html, planned
from tests.factories import make_article, make_author, make_call_to_action, make_tag, make_unpublished_articles
from tests.servers import fetch

pytestmark = pytest.mark.django_db

API = "/api/v1"


@functools.cache
def openapi() -> OpenAPI:
    """The schema /api/v1/openapi.json serves, checked as a document too."""
    return OpenAPI.from_dict(json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder)))


def check_contract(client, response) -> None:
    """The answer is one the schema allows: its status is listed for the path and method, and its body has that
    shape (a 304, a 301 and a preflight have none)."""
    request = response.wsgi_request
    method = request.method.lower()
    mock_request = MockRequest("http://testserver", method, request.path, args=dict(request.GET.items()))
    body = response.content if response.status_code not in (301, 304) and response.content else b""
    mock_response = MockResponse(
        body, status_code=response.status_code, content_type=response.get("Content-Type", "application/json")
    )
    openapi().validate_response(mock_request, mock_response)


def get(client, path: str, *, status: int = 200, **headers):
    response = client.get(path if path.startswith(("http", API)) else API + path, headers=headers)
    assert response.status_code == status, response.content
    check_contract(client, response)
    return response


def slugs(response) -> list[str]:
    return [article["slug"] for article in response.json()["results"]]


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.API_RATE_LIMIT = 0  # its own tests turn it on


def test_the_schema_is_a_valid_openapi_document_listing_every_endpoint(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema == json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    openapi()  # a valid OpenAPI document
    assert set(schema["paths"]) == {
        f"{API}/articles/",
        f"{API}/articles/{{slug}}/",
        f"{API}/authors/",
        f"{API}/authors/{{slug}}/",
        f"{API}/tags/",
        f"{API}/tags/{{slug}}/",
    }


def test_the_article_list_gives_published_articles_newest_first(client, author):
    now = timezone.now()
    older = make_article(author=author, publish_date=now - timedelta(days=2))
    newer = make_article(author=author, publish_date=now - timedelta(days=1))
    results = get(client, "/articles/").json()["results"]
    assert [a["slug"] for a in results] == [newer.slug, older.slug]
    summary = results[0]
    assert summary["url"] == f"http://127.0.0.1:8000/articles/{newer.slug}/"
    assert summary["api_url"] == f"http://testserver{API}/articles/{newer.slug}/"
    assert summary["author"]["slug"] == author.slug
    assert summary["read_time_minutes"] == newer.read_time_minutes
    assert "body_html" not in summary  # a list gives summaries


def test_an_article_gives_its_canonical_url_the_original_of_a_cross_post_and_empty_otherwise(client, author):
    now = timezone.now()
    own = make_article(author=author, publish_date=now - timedelta(days=2))
    crossed = make_article(
        author=author, canonical_url="https://first.example.com/crossed", publish_date=now - timedelta(days=1)
    )

    listed = get(client, "/articles/").json()["results"]
    assert [(a["slug"], a["canonical_url"]) for a in listed] == [
        (crossed.slug, "https://first.example.com/crossed"),
        (own.slug, ""),
    ]
    detail = get(client, f"/articles/{crossed.slug}/").json()
    assert (detail["url"], detail["canonical_url"]) == (
        f"http://127.0.0.1:8000/articles/{crossed.slug}/",
        "https://first.example.com/crossed",
    )


def test_drafts_articles_in_review_and_scheduled_articles_are_in_no_list_and_no_filter(client, author):
    tag = make_tag()
    make_unpublished_articles(author=author, tags=[tag], title="Unseen words")
    visible = make_article(author=author, tags=[tag])
    for query in ("", f"?tag={tag.slug}", f"?author={author.slug}", "?q=unseen", "?ordering=oldest", "?language=en"):
        assert set(slugs(get(client, f"/articles/{query}"))) <= {visible.slug}


@pytest.mark.parametrize("state", ["draft", "review", "scheduled"])
def test_an_unpublished_article_answers_404_exactly_like_one_that_never_was(client, author, state):
    article = {
        "draft": lambda: make_article(author=author, status="draft", publish_date=None),
        "review": lambda: make_article(author=author, status="review", publish_date=None),
        "scheduled": lambda: make_article(author=author, publish_date=timezone.now() + timedelta(days=1)),
    }[state]()
    hidden = get(client, f"/articles/{article.slug}/", status=404)
    never = get(client, "/articles/no-such-article/", status=404)
    assert hidden.content == never.content
    assert hidden.headers.get("Content-Type") == never.headers.get("Content-Type")


def test_a_staff_session_sees_no_more_than_an_anonymous_reader(staff_client, client, draft_article, published_article):
    get(staff_client, f"/articles/{draft_article.slug}/", status=404)
    assert get(staff_client, "/articles/").content == get(client, "/articles/").content


def test_pending_changes_are_never_shown(client, published_article):
    PendingChange.objects.create(article=published_article, data={"body": ["Secret pending paragraph."]})
    detail = get(client, f"/articles/{published_article.slug}/?include=markdown")
    listing = get(client, "/articles/?fields=body_html,body_markdown")
    assert b"Secret pending" not in detail.content + listing.content


def test_an_article_gives_its_body_contents_call_to_action_translations_and_dates(client, author):
    cta = make_call_to_action(text="Subscribe for more.", button_label="Subscribe", button_url="https://example.org")
    body = "Intro.\n\n## First\n\nText.\n\n## Second\n\nText.\n\n## Third\n\nText."
    article = make_article(author=author, body=body, call_to_action=cta, language="en")
    french = make_article(author=author, language="fr", title="En français")
    article.translations.add(french)
    data = get(client, f"/articles/{article.slug}/").json()
    assert data["body_html"] == article.body_html
    assert [entry["id"] for entry in data["toc"]] == ["first", "second", "third"]
    assert data["call_to_action"] == {
        "text": "Subscribe for more.",
        "button_label": "Subscribe",
        "button_url": cta.button_url,
    }
    # Its API address too, as an author's and each tag's have: a front end fetches it from there.
    assert data["translations"] == [
        {
            "language": "fr",
            "slug": french.slug,
            "title": "En français",
            "url": french.absolute_url(),
            "api_url": f"http://testserver{API}/articles/{french.slug}/",
        }
    ]
    assert data["read_time_minutes"] == article.read_time_minutes
    assert data["word_count"] == article.word_count
    assert data["publish_date"] == article.publish_date.isoformat()
    assert data["url"] == article.absolute_url()
    assert "body_markdown" not in data


def test_an_article_without_its_own_call_to_action_gives_the_site_default(client, published_article):
    make_call_to_action(text="The house call.", is_default=True)
    assert get(client, f"/articles/{published_article.slug}/").json()["call_to_action"]["text"] == "The house call."


def test_include_markdown_adds_the_markdown_source(client, published_article):
    data = get(client, f"/articles/{published_article.slug}/?include=markdown").json()
    assert data["body_markdown"] == published_article.body


def test_body_images_come_with_their_renditions_read_from_the_stored_html(client, published_article):
    name = "images/ab/abc.jpg"
    image = ImageSet(name=name, width=2000, height=1000, renditions=tuple(planned(name, 2000, 1000)))
    stored = (
        "<p>Text</p>" + picture_html(image, alt="A harbour", sizes="100vw") + '<img src="https://e.org/x.png" alt="">'
    )
    Article.objects.filter(pk=published_article.pk).update(body_html=stored)
    images = get(client, f"/articles/{published_article.slug}/?fields=body_images").json()["body_images"]
    local, external = images
    assert local["src"] == "http://127.0.0.1:8000/media/images/ab/abc.jpg"
    assert (local["alt"], local["width"], local["height"]) == ("A harbour", 2000, 1000)
    assert {(r["width"], r["height"], r["type"]) for r in local["renditions"]} == {
        (480, 240, "image/webp"), (960, 480, "image/webp"), (1600, 800, "image/webp"),
        (480, 240, "image/jpeg"), (960, 480, "image/jpeg"), (1600, 800, "image/jpeg"),
    }  # fmt: skip
    assert external == {"src": "https://e.org/x.png", "alt": "", "width": None, "height": None, "renditions": []}


def test_body_html_and_bios_carry_absolute_addresses_so_a_front_end_elsewhere_shows_their_images(client, author):
    author.bio = "Writes for [the archive](/archive/)."
    author.save()
    body = 'See [the last piece](/articles/last-piece/).\n\nThe logo is `<img src="/logo.png">`.\n'
    article = make_article(author=author, body=body)
    image = ImageSet(
        name="images/ab/abc.jpg", width=960, height=480, renditions=tuple(planned("images/ab/abc.jpg", 960, 480))
    )
    picture = picture_html(image, alt="A harbour", sizes="100vw")
    Article.objects.filter(pk=article.pk).update(body_html=article.body_html + picture)
    html = get(client, f"/articles/{article.slug}/").json()["body_html"]
    assert 'href="http://127.0.0.1:8000/articles/last-piece/"' in html
    assert 'src="http://127.0.0.1:8000/media/images/ab/abc.jpg"' in html
    assert 'srcset="http://127.0.0.1:8000/media/images/ab/abc-480w.webp 480w, http://127.0.0.1:8000/media/' in html
    assert '="/' not in html.replace('src="/logo.png"', "")
    assert '&lt;img src="/logo.png"&gt;' in html  # a code sample's text is left as written
    assert get(client, "/articles/?fields=body_html").json()["results"][0]["body_html"] == html
    bio = get(client, f"/authors/{author.slug}/").json()["bio_html"]
    assert 'href="http://127.0.0.1:8000/archive/"' in bio


def test_an_uploaded_hero_comes_with_its_renditions(client, published_article):
    name = "images/cd/cde.png"
    image = ImageSet(name=name, width=1200, height=600, renditions=tuple(planned(name, 1200, 600)))
    Article.objects.filter(pk=published_article.pk).update(
        hero_image=name, hero_image_set=image.to_json(), hero_image_alt="Cliffs"
    )
    hero = get(client, "/articles/").json()["results"][0]["hero"]
    assert (hero["src"], hero["alt"], hero["width"], hero["height"]) == (
        "http://127.0.0.1:8000/media/images/cd/cde.png", "Cliffs", 1200, 600
    )  # fmt: skip
    assert {"url": "http://127.0.0.1:8000/media/images/cd/cde-480w.webp", "width": 480, "height": 240,
            "type": "image/webp"} in hero["renditions"]  # fmt: skip


def test_filters_by_tag_author_and_language(client, author):
    tag, other_author = make_tag(slug="harbours"), make_author()
    tagged = make_article(author=author, tags=[tag])
    by_other = make_article(author=other_author, language="fr")
    assert slugs(get(client, "/articles/?tag=harbours")) == [tagged.slug]
    assert slugs(get(client, f"/articles/?author={other_author.slug}")) == [by_other.slug]
    assert slugs(get(client, "/articles/?language=fr")) == [by_other.slug]
    assert slugs(get(client, "/articles/?tag=harbours&language=fr")) == []  # a tag, with none of these


@pytest.mark.parametrize("name", ["tag", "author"])
def test_a_tag_or_author_filter_naming_none_readers_see_answers_404_naming_it(client, name, django_assert_num_queries):
    make_article(status="draft", publish_date=None, tags=[make_tag(slug="hidden")], author=make_author(slug="hidden"))
    make_article()
    for slug in ("pyhton", "hidden"):  # none, or one with only drafts: alike
        # The content version, the page, and the tag or author looked up because the page is empty.
        with django_assert_num_queries(3):
            detail = get(client, f"/articles/?{name}={slug}", status=404).json()["detail"]
        assert detail == f"{name}: no {name} with a published article has the slug “{slug}”."


def test_tag_and_author_filters_find_a_slug_given_in_another_case(client, author, django_assert_num_queries):
    tagged = make_article(author=author, tags=[make_tag(slug="python")])
    make_article()
    for query in ("tag=Python", "tag=PYTHON", "author=Ada-Lovelace", "tag=python&author=ADA-LOVELACE"):
        with django_assert_num_queries(3):  # the tag or author is looked up inside the articles' query
            assert slugs(get(client, f"/articles/?{query}")) == [tagged.slug], query
    get(client, "/articles/?tag=Pyth", status=404)  # a whole slug, not a part of one
    get(client, "/articles/?tag=pyth_n", status=404)  # nor a pattern


def test_a_slug_of_accented_or_other_letters_is_found_in_another_case_on_either_database(client):
    make_article(author=make_author(slug="zoë-ångström"), tags=[make_tag(slug="naïve-café")])
    for query in ("tag=NAÏVE-CAFÉ", "author=Zoë-Ångström"):
        assert len(slugs(get(client, f"/articles/?{query}"))) == 1, query
    assert get(client, "/tags/Naïve-Café/", status=301)["Location"] == API + "/tags/na%C3%AFve-caf%C3%A9/"
    assert client.get("/authors/ZOË-ÅNGSTRÖM/")["Location"] == "/authors/zo%C3%AB-%C3%A5ngstr%C3%B6m/"


def test_a_slug_spelt_exactly_wins_over_one_differing_only_in_case(client, author):
    lower, upper = make_tag(slug="python"), make_tag(slug="Python")
    in_lower, in_upper = make_article(author=author, tags=[lower]), make_article(author=author, tags=[upper])
    assert slugs(get(client, "/articles/?tag=python")) == [in_lower.slug]
    assert slugs(get(client, "/articles/?tag=Python")) == [in_upper.slug]
    assert get(client, "/tags/Python/").json()["slug"] == "Python"


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [("/tags/Python/", "/tags/python/"), ("/tags/PYTHON/", "/tags/python/"),
     ("/authors/Ada-Lovelace/", "/authors/ada-lovelace/")],
)  # fmt: skip
def test_a_tag_or_author_address_in_another_case_redirects_to_its_own(client, author, asked, canonical):
    make_article(author=author, tags=[make_tag(slug="python")])
    response = get(client, asked, status=301)
    assert response["Location"] == API + canonical
    assert get(client, response["Location"]).json()["api_url"] == f"http://testserver{API}{canonical}"


def test_a_tag_or_author_without_a_published_article_answers_404_in_any_case(client):
    make_article(status="draft", publish_date=None, tags=[make_tag(slug="hidden")], author=make_author(slug="shy"))
    for path in ("/tags/Hidden/", "/tags/hidden/", "/authors/SHY/", "/authors/shy/", "/tags/nothing/"):
        assert get(client, path, status=404).json() == {"detail": "Not found."}


def test_the_language_filter_ignores_case_as_language_tags_do_and_answers_the_stored_code(client, author):
    british = make_article(author=author, language="en-GB")
    make_article(author=author, language="en")
    for asked in ("en-GB", "en-gb", "EN-GB"):
        results = get(client, f"/articles/?language={asked}&fields=language").json()["results"]
        assert results == [{"slug": british.slug, "language": "en-GB"}]


def test_filters_by_publish_date_range_and_updated_since(client, author):
    now = timezone.now()
    old = make_article(author=author, publish_date=now - timedelta(days=30))
    recent = make_article(author=author, publish_date=now - timedelta(days=2))
    Article.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=30))
    week_ago = (now - timedelta(days=7)).isoformat()
    assert slugs(get(client, "/articles/")) == [recent.slug, old.slug]
    assert slugs(client.get(f"{API}/articles/", {"published_after": week_ago})) == [recent.slug]
    assert slugs(client.get(f"{API}/articles/", {"published_before": week_ago})) == [old.slug]
    assert slugs(client.get(f"{API}/articles/", {"updated_since": week_ago})) == [recent.slug]
    assert slugs(get(client, "/articles/?published_after=2000-01-01&published_before=2000-02-01")) == []


def test_search_and_ordering(client, author):
    now = timezone.now()
    first = make_article(author=author, title="Lighthouses of the north", publish_date=now - timedelta(days=3))
    second = make_article(author=author, body="A note on lighthouses.", publish_date=now - timedelta(days=1))
    make_article(author=author, title="Something else")
    assert slugs(get(client, "/articles/?q=lighthouses")) == [second.slug, first.slug]
    assert slugs(get(client, "/articles/?q=lighthouses&ordering=oldest")) == [first.slug, second.slug]
    assert slugs(get(client, "/articles/?q=lighthouses&ordering=relevance"))[0] == first.slug


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("published_after=yesterday", "published_after"),
        ("published_before=2024-13-45", "published_before"),
        ("updated_since=soon", "updated_since"),
        ("page_size=0", "page_size"),
        ("page_size=1000", "page_size"),
        ("page_size=many", "page_size"),
        ("ordering=sideways", "ordering"),
        ("ordering=relevance", "ordering"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=eyJrIjpbImJhZCIsMV0sImIiOjB9", "cursor"),  # a well-formed cursor holding a date that is none
        # A date whose offset carries it off the calendar, as a filter or in a hand-made cursor, and an offset past
        # the database's integers.
        ("published_after=9999-12-31T23:59:59-14:00", "published_after"),
        ("published_before=0001-01-01T00:00:00%2B14:00", "published_before"),
        ("updated_since=9999-12-31T23:59:59-14:00", "updated_since"),
        ("cursor=eyJrIjpbIjk5OTktMTItMzFUMjM6NTk6NTktMTQ6MDAiLDFdLCJiIjowfQ", "cursor"),
        ("q=light&ordering=relevance&cursor=eyJvIjoxMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMH0", "cursor"),
        ("fields=title,colour", "fields"),
        # An empty name is a list built from a missing value: fields=, is neither the default nor the slug alone.
        ("fields=,,", "fields"),
        ("fields=title,,slug", "fields"),
        ("fields=title,", "fields"),
        ("include=markdown,", "include"),
        ("include=pdf", "include"),
        # PostgreSQL refuses a NUL in text: it never reaches a query.
        ("q=light%00", "q"),
        ("tag=%00", "tag"),
        ("language=en%00", "language"),
        # Both tags, or either? The last is not quietly used.
        ("tag=harbours&tag=tides", "tag"),
        ("page_size=2&page_size=3", "page_size"),
    ],
)
def test_a_bad_parameter_answers_400_naming_it(client, published_article, query, parameter):
    detail = get(client, f"/articles/?{query}", status=400).json()["detail"]
    assert detail.startswith(f"{parameter}: ")


def test_a_time_whose_plus_came_as_a_space_answers_400_saying_to_encode_it(client, published_article):
    updated_at = get(client, "/articles/").json()["results"][0]["updated_at"]
    assert "+" in updated_at
    detail = get(client, f"/articles/?updated_since={updated_at}", status=400).json()["detail"]
    shown = updated_at.replace("+", " ")
    assert detail.startswith(f"updated_since: “{shown}” is not an ISO 8601 time: its “+” came as a space")
    assert "%2B" in detail
    assert slugs(client.get(f"{API}/articles/", {"updated_since": updated_at})) == [published_article.slug]


def test_a_blank_parameter_means_its_default_as_a_form_left_blank_sends_it(client, author):
    articles = [make_article(author=author) for _ in range(3)]
    names = ["published_after", "published_before", "updated_since", "page_size", "ordering", "tag", "author"]
    names += ["language", "q", "fields", "include", "cursor"]
    blank = get(client, "/articles/?" + "&".join(f"{name}=" for name in names)).json()
    assert [a["slug"] for a in blank["results"]] == [a.slug for a in reversed(articles)]
    assert set(blank["results"][0]) == set(get(client, "/articles/").json()["results"][0])
    assert len(get(client, "/authors/?page_size=%20&cursor=").json()["results"]) == 1
    assert get(client, f"/articles/{articles[0].slug}/?fields=&include=").json()["body_html"]


@pytest.mark.parametrize(
    "path",
    [
        "/articles/a-published-piece/?fields=title&fields=toc",
        "/tags/?cursor=a&cursor=b",
        "/authors/?page_size=1&page_size=2",
    ],
)
def test_a_parameter_given_twice_answers_400_naming_it_on_every_endpoint(client, published_article, path):
    detail = get(client, path, status=400).json()["detail"]
    assert detail == f"{path.split('&')[1].split('=')[0]}: given 2 times; give it once."


ARTICLE_PARAMETERS = (
    "author, cursor, fields, include, language, ordering, page_size, published_after, published_before, q, tag, "
    "updated_since"
)


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (
            "/articles/?tagg=python",
            f"tagg: not a parameter of this endpoint; its parameters are {ARTICLE_PARAMETERS}. Did you mean tag?",
        ),
        # A blank one too: a typo is not a form's empty box.
        ("/articles/?orderng=", f"orderng: not a parameter of this endpoint; its parameters are {ARTICLE_PARAMETERS}."
         " Did you mean ordering?"),
        ("/articles/?limit=5", f"limit: not a parameter of this endpoint; its parameters are {ARTICLE_PARAMETERS}."
         " Did you mean page_size?"),
        ("/articles/a-published-piece/?page_size=2",
         "page_size: not a parameter of this endpoint; its parameters are fields, include."),
        ("/authors/?tag=python", "tag: not a parameter of this endpoint; its parameters are cursor, page_size."),
        ("/tags/?sort=name", "sort: not a parameter of this endpoint; its parameters are cursor, page_size."),
        ("/authors/ada-lovelace/?fields=name", "fields: not a parameter of this endpoint, which takes none."),
        ("/tags/harbours/?cursor=x", "cursor: not a parameter of this endpoint, which takes none."),
    ],
)  # fmt: skip
def test_an_unknown_parameter_answers_400_naming_it_and_the_endpoints_own(client, author, path, detail):
    make_article(author=author, slug="a-published-piece", tags=[make_tag(slug="harbours")])
    assert get(client, path, status=400).json()["detail"] == detail


TRACKING = (
    "_=1733390000000&utm_source=newsletter&utm_medium=email&utm_campaign=december&utm_term=harbours"
    "&utm_content=footer&utm_id=42&fbclid=IwAR0x&gclid=Cj0K&msclkid=a1b2&_=1733390000001"
)


@pytest.mark.parametrize(
    "path",
    ["/articles/?page_size=1&fields=title", "/articles/a-published-piece/", "/authors/?page_size=1",
     "/authors/ada-lovelace/", "/tags/?page_size=1", "/tags/harbours/"],
)  # fmt: skip
def test_cache_busters_and_campaign_tags_are_ignored_and_left_out_of_every_answer(client, author, path):
    make_article(author=author, slug="a-published-piece", tags=[make_tag(slug="harbours")])
    make_article(author=make_author(), tags=[make_tag()])
    plain = get(client, path)
    tagged = get(client, path + ("&" if "?" in path else "?") + TRACKING)
    # The same answer, its next link too: nothing of them is echoed back, and a cache keeps one answer.
    assert tagged.content == plain.content
    assert tagged["ETag"] == plain["ETag"]


def test_a_typo_beside_a_campaign_tag_is_still_refused_with_its_guess(client, published_article):
    detail = get(client, f"/articles/?{TRACKING}&tagg=python", status=400).json()["detail"]
    assert detail.startswith("tagg: not a parameter of this endpoint; its parameters are author, cursor,")
    assert detail.endswith(" Did you mean tag?")
    # Only the names Folio knows to mean nothing: a near miss of one is a parameter like any other.
    for near in ("utm=x", "__=1", "fbclid_x=1"):
        assert get(client, f"/articles/?{near}", status=400).json()["detail"].startswith(near.split("=")[0] + ": ")


def test_a_redirect_to_a_moved_article_leaves_the_campaign_tags_behind(client, published_article):
    published_article.slug = "a-new-address"
    published_article.save()
    response = get(client, "/articles/a-published-piece/?utm_source=x&fields=title&_=1", status=301)
    assert response["Location"] == f"{API}/articles/a-new-address/?fields=title"


@pytest.mark.parametrize("path", ["/articles/?page=2", "/tags/?page=abc", "/authors/?page=0", "/articles/?offset=40"])
def test_a_page_number_answers_400_pointing_to_the_cursor_links(client, published_article, path):
    detail = get(client, path, status=400).json()["detail"]
    name = path.split("?")[1].split("=")[0]
    assert detail.startswith(f"{name}: not a parameter of this endpoint; its parameters are ")
    assert detail.endswith(" Pages come by cursor: follow each answer's next and previous links.")


NOT_A_TIME = "is not an ISO 8601 date or time, such as 2026-12-05 or 2026-12-05T08:30:00+01:00."


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("page_size=abc", "page_size: give a number from 1 to 100."),
        ("page_size=2.5", "page_size: give a number from 1 to 100."),
        ("page_size=0", "page_size: give a number from 1 to 100."),
        ("page_size=101", "page_size: give a number from 1 to 100."),
        ("published_after=abc", f"published_after: “abc” {NOT_A_TIME}"),
        ("updated_since=2026-02-30", f"updated_since: “2026-02-30” {NOT_A_TIME}"),
    ],
)
def test_a_bad_value_answers_400_naming_the_parameter_and_the_problem(client, published_article, query, detail):
    assert get(client, f"/articles/?{query}", status=400).json()["detail"] == detail
    if query.startswith("page_size"):
        assert get(client, f"/tags/?{query}", status=400).json()["detail"] == detail


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/articles/?tagg=python", 400),
        ("get", "/articles/?ordering=sideways", 400),
        ("get", "/articles/?page_size=many", 400),
        ("get", "/articles/?q=%00", 400),
        ("get", "/articles/no-such-article/", 404),
        ("get", "/nothing/", 404),
        ("post", "/articles/", 405),
    ],
)
def test_every_failure_is_json_of_one_shape_that_no_cache_keeps(client, published_article, method, path, status):
    response = getattr(client, method)(API + path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert list(response.json()) == ["detail"]
    # UTF-8 as the answers are, not \u escapes.
    assert "\\u" not in response.content.decode()


def test_a_refused_key_and_the_request_limit_are_json_of_the_same_shape(client, settings, published_article):
    settings.API_KEYS_REQUIRED = True
    refused = client.get(f"{API}/articles/")
    settings.API_KEYS_REQUIRED, settings.API_RATE_LIMIT = False, 1
    client.get(f"{API}/articles/")
    limited = client.get(f"{API}/articles/")
    for response, status in ((refused, 401), (limited, 429)):
        assert response.status_code == status
        assert (response["Content-Type"], response["Cache-Control"]) == ("application/json", "no-store")
        assert list(response.json()) == ["detail"]


@pytest.mark.parametrize("kind", ["articles", "authors", "tags"])
def test_an_address_holding_a_nul_answers_400_saying_so(client, published_article, kind):
    detail = get(client, f"/{kind}/a%00b/", status=400).json()["detail"]
    assert detail == "The address contains a NUL character (%00), which no address on this site has."


@pytest.mark.parametrize("kind", ["authors", "tags"])
@pytest.mark.parametrize(
    "cursor",
    ["eyJrIjpbIlx1MDAwMCJdLCJiIjowfQ", "eyJrIjpbIlx1ZDgwMCJdLCJiIjowfQ"],
    ids=["nul", "lone-surrogate"],  # {"k":["\u0000"],"b":0} and {"k":["\ud800"],"b":0}
)
def test_a_cursor_holding_a_slug_no_database_takes_answers_400(client, published_article, kind, cursor):
    assert get(client, f"/{kind}/?cursor={cursor}", status=400).json()["detail"].startswith("cursor: ")


def test_an_empty_name_in_fields_answers_400_quoting_the_list_on_an_article_too(client, published_article):
    detail = get(client, f"/articles/{published_article.slug}/?fields=title,,toc", status=400).json()["detail"]
    assert detail == "fields: an empty name in “title,,toc”; separate names with single commas."


def test_fields_chooses_what_comes_back_and_the_slug_always_comes(client, published_article):
    result = get(client, "/articles/?fields=title,tags").json()["results"][0]
    assert set(result) == {"slug", "title", "tags"}
    detail = get(client, f"/articles/{published_article.slug}/?fields=toc").json()
    assert set(detail) == {"slug", "toc"}


def walk(client, url: str, direction: str = "next") -> list[str]:
    seen = []
    while url:
        page = get(client, url).json()
        seen += [a["slug"] for a in page["results"]]
        url = page[direction]
    return seen


def test_cursor_links_give_every_article_once_even_when_new_ones_arrive_between_pages(client, author):
    now = timezone.now()
    articles = [make_article(author=author, publish_date=now - timedelta(hours=n + 1)) for n in range(7)]
    first = get(client, "/articles/?page_size=3").json()
    assert first["previous"] is None
    make_article(author=author, publish_date=now - timedelta(minutes=1))  # lands on page one, already read
    rest = walk(client, first["next"])
    assert [a["slug"] for a in first["results"]] + rest == [a.slug for a in articles]


def test_previous_links_walk_back_to_the_first_page(client, author):
    now = timezone.now()
    articles = [make_article(author=author, publish_date=now - timedelta(hours=n + 1)) for n in range(5)]
    url = f"{API}/articles/?page_size=2&fields=title"
    last = None
    while url:
        last, url = url, get(client, url).json()["next"]
    last_page = get(client, last).json()
    back = walk(client, last_page["previous"], direction="previous")
    # Each page in its own order; pages from the last but one back to the first.
    assert sorted(back) == sorted(a.slug for a in articles[:4])
    assert "fields=title" in last_page["previous"]


def unpublish(*articles) -> None:
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(status="draft")


def test_a_stale_cursor_past_the_end_answers_no_results_and_a_previous_link_to_the_last_page(
    client, author, django_assert_num_queries
):
    now = timezone.now()
    articles = [make_article(author=author, publish_date=now - timedelta(hours=n + 1)) for n in range(5)]
    first = get(client, f"{API}/articles/?page_size=2&fields=title&utm_source=x").json()
    unpublish(*articles[2:])  # everything after the first page, while a reader holds its next link
    # The content version, the empty page, and whether the list has any rows at all.
    with django_assert_num_queries(3):
        past = get(client, first["next"]).json()
    assert (past["results"], past["next"]) == ([], None)
    assert "fields=title" in past["previous"] and "utm_source" not in past["previous"]
    last = get(client, past["previous"]).json()
    # The last page_size rows of the list, in its order, with nothing after them.
    assert [a["slug"] for a in last["results"]] == [a.slug for a in articles[:2]]
    assert (last["next"], last["previous"]) == (None, None)


def test_a_cursor_after_the_last_article_leads_back_to_the_last_page(client, author):
    now = timezone.now()
    articles = [make_article(author=author, publish_date=now - timedelta(hours=n + 1)) for n in range(5)]
    second = get(client, get(client, "/articles/?page_size=2").json()["next"]).json()
    newest = make_article(author=author, publish_date=now)  # a new first article: the pages move along one
    unpublish(articles[4])  # the last page's only article
    past = get(client, second["next"]).json()  # after the last article there is
    assert (past["results"], past["next"]) == ([], None)
    last = get(client, past["previous"]).json()
    assert [a["slug"] for a in last["results"]] == [a.slug for a in articles[2:4]]
    # From there, back through every other article to the newest.
    back = walk(client, last["previous"], direction="previous")
    assert back == [articles[0].slug, articles[1].slug, newest.slug]


def test_a_stale_cursor_before_the_start_answers_no_results_and_a_next_link_to_the_first_page(client, author):
    now = timezone.now()
    articles = [make_article(author=author, publish_date=now - timedelta(hours=n + 1)) for n in range(5)]
    second = get(client, get(client, "/articles/?page_size=2&fields=title").json()["next"]).json()
    unpublish(*articles[:2])
    before = get(client, second["previous"]).json()
    assert (before["results"], before["previous"]) == ([], None)
    # The list's own address: the first page has no cursor.
    assert before["next"] == f"http://testserver{API}/articles/?page_size=2&fields=title"
    assert [a["slug"] for a in get(client, before["next"]).json()["results"]] == [a.slug for a in articles[2:4]]


def test_a_stale_cursor_into_a_list_now_empty_answers_no_results_and_no_links(client, author):
    articles = [make_article(author=author) for _ in range(3)]
    first = get(client, "/articles/?page_size=2").json()
    unpublish(*articles)
    assert get(client, first["next"]).json() == {"results": [], "next": None, "previous": None}


def test_a_stale_cursor_past_the_end_of_the_tags_leads_back_to_the_last_page(client, author):
    tags = [make_tag(slug=f"tag-{n}") for n in range(5)]
    tagged = make_article(author=author, tags=tags)
    page = get(client, "/tags/?page_size=2").json()
    tagged.tags.set(tags[:1])
    past = get(client, page["next"]).json()
    assert (past["results"], past["next"]) == ([], None)
    assert [t["slug"] for t in get(client, past["previous"]).json()["results"]] == ["tag-0"]


def test_a_relevance_page_past_the_end_leads_back_to_the_last_page(client, author):
    for n in range(3):
        make_article(author=author, title=f"Lighthouse {n}")
    query = "/articles/?q=lighthouse&ordering=relevance&page_size=2"
    past = get(client, f"{query}&cursor={Cursor(offset=40).encode()}").json()
    assert (past["results"], past["next"]) == ([], None)
    last = get(client, past["previous"]).json()
    assert len(last["results"]) == 2 and last["next"] is None
    # Back to the first page: the list's own address, without a cursor.
    assert last["previous"] == f"http://testserver{API}{query}"


def test_authors_and_tags_are_listed_only_with_a_published_article(client, author):
    tag, hidden_tag = make_tag(slug="shown"), make_tag(slug="hidden")
    make_article(author=author, tags=[tag])
    hidden_author = make_author(slug="only-drafts")
    make_article(author=hidden_author, tags=[hidden_tag], status="draft", publish_date=None)
    assert [a["slug"] for a in get(client, "/authors/").json()["results"]] == [author.slug]
    assert [t["slug"] for t in get(client, "/tags/").json()["results"]] == ["shown"]
    assert get(client, f"/authors/{author.slug}/").json()["name"] == author.name
    assert get(client, "/tags/shown/").json()["articles_url"] == f"http://testserver{API}/articles/?tag=shown"
    get(client, "/authors/only-drafts/", status=404)
    get(client, "/tags/hidden/", status=404)


def test_authors_and_tags_page_by_cursor(client, author):
    tags = [make_tag(slug=f"tag-{n}") for n in range(5)]
    make_article(author=author, tags=tags)
    assert walk(client, f"{API}/tags/?page_size=2") == [t.slug for t in tags]


def test_an_old_slug_redirects_to_the_article_in_the_api(client, published_article):
    published_article.slug = "a-new-address"
    published_article.save()
    response = get(client, "/articles/a-published-piece/?fields=title", status=301)
    assert response["Location"] == f"{API}/articles/a-new-address/?fields=title"


def test_list_queries_are_pinned_and_the_same_for_any_page_size(client, author, django_assert_num_queries):
    make_call_to_action(is_default=True)
    tags = [make_tag() for _ in range(3)]
    for _ in range(30):
        make_article(author=author, tags=tags).translations.add(make_article(author=author, language="fr"))
    all_fields = "&fields=" + ",".join(f for f in ("tags", "call_to_action", "translations", "author", "hero"))
    # The content version, the articles (with authors and calls to action), their tags, their translations,
    # the site's default call to action.
    for size in (2, 50):
        with django_assert_num_queries(3):
            get(client, f"/articles/?page_size={size}")
        with django_assert_num_queries(3):  # parameters that mean nothing cost nothing
            get(client, f"/articles/?page_size={size}&{TRACKING}")
        with django_assert_num_queries(5):
            get(client, f"/articles/?page_size={size}{all_fields}")
    with django_assert_num_queries(2):
        get(client, "/authors/?page_size=50")


def test_the_queries_of_one_article_author_or_tag_and_of_a_refusal_are_pinned(
    client, author, django_assert_num_queries
):
    tags = [make_tag() for _ in range(3)]
    article = make_article(author=author, tags=tags)
    article.translations.add(make_article(author=author, language="fr"))
    # The content version, the article (with its author and call to action), its tags, its translations, and the
    # site's default call to action, as it has none of its own.
    with django_assert_num_queries(5):
        get(client, f"/articles/{article.slug}/")
    article.call_to_action = make_call_to_action()
    article.save()
    with django_assert_num_queries(4):
        get(client, f"/articles/{article.slug}/")
    with django_assert_num_queries(2):
        get(client, f"/articles/{article.slug}/?fields=title")
    # The content version and the rows.
    for path in (f"/authors/{author.slug}/", f"/tags/{tags[0].slug}/", "/tags/?page_size=50"):
        with django_assert_num_queries(2):
            get(client, path)
    # In another case: the exact lookup, then the one in any case.
    with django_assert_num_queries(3):
        get(client, f"/tags/{tags[0].slug.upper()}/", status=301)
    # A missing article: the content version, the article, an earlier slug of one (and no other lookup of the
    # site's old addresses, whose answer would be a page).
    with django_assert_num_queries(3):
        get(client, "/articles/no-such-article/", status=404)
    # A parameter the endpoint does not take is refused before anything is looked up.
    with django_assert_num_queries(0):
        get(client, "/articles/?tagg=python", status=400)


def test_an_unchanged_answer_is_a_304_and_a_change_gives_a_new_etag(client, published_article):
    first = get(client, "/articles/")
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first["Last-Modified"]
    get(client, "/articles/", status=304, if_none_match=first["ETag"])
    published_article.title = "A new title"
    published_article.save()
    again = get(client, "/articles/", if_none_match=first["ETag"])
    assert again["ETag"] != first["ETag"]
    assert b"A new title" in again.content


def test_with_both_validators_the_etag_tells_a_change_within_the_second_that_last_modified_cannot(
    client, published_article
):
    first = get(client, "/articles/")
    published_article.title = "Changed at once"
    published_article.save()
    headers = {"if_none_match": first["ETag"], "if_modified_since": first["Last-Modified"]}
    assert b"Changed at once" in get(client, "/articles/", **headers).content


def test_no_cors_headers_unless_origins_are_configured(client, settings, published_article):
    settings.CORS_ALLOWED_ORIGINS = []
    response = get(client, "/articles/", origin="https://app.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_a_configured_origin_may_read_the_api_and_only_the_api(client, settings, published_article):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    response = get(client, "/articles/", origin="https://app.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in get(client, "/articles/", origin="https://evil.example.org")
    page = client.get(published_article.get_absolute_url(), headers={"origin": "https://app.example.org"})
    assert "Access-Control-Allow-Origin" not in page


def test_the_rate_limit_answers_429_with_retry_after_until_the_next_minute(client, settings, monkeypatch):
    settings.API_RATE_LIMIT = 3
    moment = [6000.0 + 50]
    monkeypatch.setattr(access, "clock", lambda: moment[0])
    for _ in range(3):
        get(client, "/tags/")
    refused = get(client, "/tags/", status=429)
    assert refused["Retry-After"] == "10"
    assert "at most 3 a minute" in refused.json()["detail"]
    other = client.get(f"{API}/tags/", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200  # each address has its own count
    moment[0] += 10
    get(client, "/tags/")
    local = hashlib.sha256(b"127.0.0.1").hexdigest()
    assert list(ApiRequestCount.objects.filter(client=local).values_list("minute", flat=True)) == [101]


def test_a_private_site_needs_a_valid_key(client, settings, published_article):
    settings.API_KEYS_REQUIRED = True
    _, key = ApiKey.issue(name="Static build")
    revoked, old_key = ApiKey.issue(name="Old build")
    ApiKey.objects.filter(pk=revoked.pk).update(revoked=True)
    assert "needs a key" in get(client, "/articles/", status=401).json()["detail"]
    assert "not valid" in get(client, "/articles/", status=401, authorization=f"Bearer {old_key}").json()["detail"]
    keyed = get(client, "/articles/", authorization=f"Bearer {key}")
    assert set(keyed["Cache-Control"].split(", ")) == {"private", "max-age=0", "must-revalidate"}
    get(client, f"/articles/{published_article.slug}/", x_api_key=key)
    assert get(client, "/articles/missing/", status=404, x_api_key=key)["Cache-Control"] == "no-store"
    assert client.get(f"{API}/openapi.json").status_code == 200  # the schema and its docs show no content
    assert ApiKey.objects.filter(digest=ApiKey.digest_of(key)).exists()
    assert not ApiKey.objects.filter(prefix=key).exists() and len(key) > len(ApiKey.objects.first().prefix)


def test_the_admin_shows_a_new_key_once_and_keeps_only_its_digest(staff_client):
    response = staff_client.post("/admin/articles/apikey/add/", {"name": "Build server"}, follow=True)
    shown = [str(m) for m in response.context["messages"] if "copy it now" in str(m)]
    assert len(shown) == 1
    key = shown[0].split(" is ")[1].split(" ")[0]
    stored = ApiKey.objects.get()
    assert stored.digest == ApiKey.digest_of(key) and key.startswith(stored.prefix)
    page = staff_client.get(f"/admin/articles/apikey/{stored.pk}/change/").content.decode()
    assert key not in page


def test_the_docs_page_runs_under_the_sites_csp_from_its_own_static_files(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # Only this page lets images be data: (Swagger UI's icons); the site's pages do not.
    assert "img-src 'self' https: data:" in policy
    assert "data:" not in client.get("/")["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script>" not in html and "cdn" not in html.lower()
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert f"/static/{asset}" in html
        assert finders.find(asset), asset


def test_addresses_are_the_sites_own_for_any_slug(client, author):
    tag = make_tag(name="Été", slug="été-à-paris")
    article = make_article(author=author, slug="café-crème", tags=[tag])
    data = get(client, f"/articles/{article.slug}/").json()
    assert data["url"] == article.absolute_url()
    assert data["api_url"] == f"http://testserver{API}/articles/caf%C3%A9-cr%C3%A8me/"
    assert data["tags"][0]["url"] == "http://127.0.0.1:8000" + tag.get_absolute_url()
    assert data["author"]["url"] == "http://127.0.0.1:8000" + author.get_absolute_url()


def test_answers_are_never_stored_pages_and_show_a_change_at_once(client, published_article):
    assert "X-Stored-Page" not in get(client, "/articles/")
    published_article.title = "Retitled"
    published_article.save()
    fresh = get(client, "/articles/")
    assert "X-Stored-Page" not in fresh and b"Retitled" in fresh.content


def test_every_answer_needs_its_key_and_is_counted(client, settings, monkeypatch, published_article):
    settings.API_KEYS_REQUIRED = True
    settings.API_RATE_LIMIT = 2
    monkeypatch.setattr(access, "clock", lambda: 6000.0)
    _, key = ApiKey.issue(name="Build")
    get(client, "/articles/", authorization=f"Bearer {key}")
    get(client, "/articles/", status=401)
    get(client, "/articles/", status=429, authorization=f"Bearer {key}")


def test_a_preflight_from_a_configured_origin_is_answered_without_a_key(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    settings.API_KEYS_REQUIRED = True
    response = client.options(
        f"{API}/articles/",
        headers={
            "origin": "https://app.example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "authorization" in response["Access-Control-Allow-Headers"]
    check_contract(client, response)


def test_head_gives_the_answers_headers_without_its_body(client, published_article):
    full = get(client, "/articles/")
    head = client.head(API + "/articles/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == full["ETag"]
    assert head["Content-Length"] == str(len(full.content))
    assert client.head(API + "/articles/no-such-article/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_a_method_that_would_change_content_answers_405_in_json_naming_get_and_head(client, method):
    response = getattr(client, method)(API + "/articles/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == {"detail": "The content API is read-only: it answers GET and HEAD."}
    check_contract(client, response)


def test_the_schema_lists_the_405_every_other_method_gets_on_every_path_and_the_304(client):
    for path, operations in client.get(f"{API}/openapi.json").json()["paths"].items():
        assert "304" in operations["get"]["responses"], path
        for method in ("post", "put", "patch", "delete", "options"):
            assert "405" in operations[method]["responses"], (path, method)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/", "/api/v1/nothing/", "/api/v1/articles/a/b/", "/api/v2/articles/", "/api/v1/tags/a/b"]
)
def test_an_address_no_endpoint_has_answers_404_in_json_like_a_missing_article(client, settings, debug, path):
    settings.DEBUG = debug  # neither Django's debug page nor the site's HTML page
    # OpenAPI has no place for a path that is not there: its body is the schema's 404 for a missing article.
    missing = get(client, "/articles/no-such-article/", status=404)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.content == missing.content == b'{"detail": "Not found."}'
    assert client.head(path)["Content-Type"] == "application/json"


def test_a_request_for_a_host_the_site_does_not_serve_is_refused_in_json(client):
    response = client.get(f"{API}/articles/", HTTP_HOST="elsewhere.example.org")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad Request."}


@pytest.mark.django_db(transaction=True)
def test_a_real_server_answers_over_http_as_the_docs_say(live_server):
    make_article(slug="night-train", tags=[make_tag(slug="python")])
    base = live_server.url + API
    status, _, body = fetch(f"{base}/tags/Python/")  # its 301 followed
    assert (status, json.loads(body)["api_url"]) == (200, f"{base}/tags/python/")
    listed = f"{base}/articles/?tag=PYTHON&fields=title"
    status, headers, body = fetch(listed)
    assert [a["slug"] for a in json.loads(body)["results"]] == ["night-train"]
    assert headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    # A link from a newsletter, fetched by a front end that busts caches: the same answer.
    status, tagged_headers, tagged_body = fetch(f"{listed}&utm_source=newsletter&utm_campaign=december&_=1733390000000")
    assert (status, tagged_headers["ETag"], tagged_body) == (200, etag, body)
    status, head_headers, head_body = fetch(listed, method="HEAD")
    assert (status, head_body, head_headers["ETag"]) == (200, "", etag)
    assert head_headers["Content-Length"] == str(len(body.encode()))
    for validator in ({"If-None-Match": etag}, {"If-Modified-Since": last_modified}):
        status, not_modified, unchanged_body = fetch(listed, **validator)
        assert (status, unchanged_body, not_modified["ETag"]) == (304, "", etag)
    for path, expected, start in (
        ("/articles/?tagg=python", 400, "tagg: not a parameter of this endpoint"),
        ("/articles/?tag=pyhton", 404, "tag: no tag with a published article"),
        ("/articles/?page_size=abc", 400, "page_size: give a number"),
        ("/tags/python/a/", 404, "Not found."),
    ):
        status, headers, body = fetch(base + path)
        assert status == expected, path
        assert (headers["Content-Type"], headers["Cache-Control"]) == ("application/json", "no-store"), path
        assert json.loads(body)["detail"].startswith(start), path
