"""The link dialog's search: the articles a writer may link to, found by words of their titles, and who may ask."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import link_search
from articles.models import Article
from tests.conftest import logged_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LINKS = reverse("article_links")


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [article["title"] for article in response.json()["articles"]]


# Who may ask


@pytest.mark.parametrize("visitor", ["anonymous", "reader"])
def test_the_link_search_sends_anyone_without_a_staff_account_to_the_sign_in_page(client, django_user_model, visitor):
    if visitor == "reader":
        client.force_login(django_user_model.objects.create_user("reader", password="x"))
    response = client.get(LINKS, {"q": "harbour"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_who_may_not_write_articles_are_refused_the_link_search(django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    assert logged_in(clerk).get(LINKS, {"q": "harbour"}).status_code == 403


def test_writers_find_every_article_to_link_to_not_only_their_own(writer_client, writer):
    make_article(title="Harbour lights", author=writer.author)
    make_article(title="Harbour walls")
    assert sorted(titles(writer_client.get(LINKS, {"q": "harbour"}))) == ["Harbour lights", "Harbour walls"]


def test_the_link_search_only_answers_get(staff_client):
    assert staff_client.post(LINKS, {"q": "harbour"}).status_code == 405


# What it finds


def test_an_article_is_found_by_every_typed_word_of_its_title_in_any_case_and_order(staff_client):
    make_article(title="The old harbour at dawn")
    make_article(title="The new harbour")
    make_article(title="Dawn chorus", body="A walk to the old harbour.")

    assert titles(staff_client.get(LINKS, {"q": "DAWN   harbour"})) == ["The old harbour at dawn"]
    assert titles(staff_client.get(LINKS, {"q": "zeppelin"})) == []


def test_accented_letters_match_in_any_case(staff_client):
    make_article(title="Élan et café")
    make_article(title="Elan and cafe")

    assert titles(staff_client.get(LINKS, {"q": "élan CAFÉ"})) == ["Élan et café"]


def test_a_blank_search_offers_nothing_without_asking_the_database(staff_client, django_assert_num_queries):
    make_article(title="Harbour lights")

    with django_assert_num_queries(0):
        assert link_search.link_targets(query=" \t ") == []
    assert staff_client.get(LINKS).json() == {"articles": []}
    assert staff_client.get(LINKS, {"q": "   "}).json() == {"articles": []}


def test_articles_come_newest_first_a_draft_dated_by_when_it_was_begun(staff_client):
    now = timezone.now()
    make_article(title="Notes from March", publish_date=now - timedelta(days=30))
    make_article(title="Notes in draft", status=Article.Status.DRAFT, publish_date=None, created_date=now)
    make_article(title="Notes for next week", publish_date=now + timedelta(days=7))
    make_article(title="Notes from last week", publish_date=now - timedelta(days=7))

    assert titles(staff_client.get(LINKS, {"q": "notes"})) == [
        "Notes for next week",
        "Notes in draft",
        "Notes from last week",
        "Notes from March",
    ]


def test_each_article_comes_with_its_relative_address_and_whether_readers_can_follow_a_link_to_it(
    staff_client, settings
):
    settings.TIME_ZONE = "UTC"
    published = make_article(
        title="Harbour lights", slug="harbour-lights", publish_date=datetime(2026, 5, 3, 9, tzinfo=UTC)
    )
    make_article(title="Harbour in draft", slug="harbour-draft", status=Article.Status.DRAFT, publish_date=None)
    make_article(title="Harbour in review", slug="harbour-review", status=Article.Status.REVIEW, publish_date=None)
    scheduled = timezone.now() + timedelta(days=400)
    make_article(title="Harbour to come", slug="harbour-to-come", publish_date=scheduled)

    found = {article["title"]: article for article in staff_client.get(LINKS, {"q": "harbour"}).json()["articles"]}

    assert found["Harbour lights"] == {
        "title": "Harbour lights",
        "url": published.get_absolute_url(),
        "state": "published",
        "note": "Published 3 May 2026",
    }
    assert found["Harbour lights"]["url"] == "/articles/harbour-lights/"
    assert found["Harbour in draft"]["state"] == "draft"
    assert found["Harbour in draft"]["note"] == "Draft: the link leads readers nowhere until it is published"
    assert found["Harbour in review"]["state"] == "review"
    assert found["Harbour in review"]["note"] == "In review: the link leads readers nowhere until it is published"
    assert found["Harbour to come"]["state"] == "scheduled"
    assert found["Harbour to come"]["note"] == (
        f"Scheduled for {scheduled:%-d %b %Y}: the link leads readers nowhere until then"
    )
    assert found["Harbour to come"]["url"] == "/articles/harbour-to-come/"


def test_an_address_with_letters_beyond_ascii_is_the_one_the_site_answers(staff_client):
    make_article(title="Café society", slug="café-society")

    (found,) = staff_client.get(LINKS, {"q": "café"}).json()["articles"]

    assert found["url"] == "/articles/caf%C3%A9-society/"
    page = staff_client.get(found["url"])
    assert page.status_code == 200
    assert "<h1>Café society</h1>" in page.content.decode()


def test_the_search_is_one_query_however_many_articles_match_and_offers_the_newest_few(
    editor_client, django_assert_num_queries
):
    make_article(title="Harbour lights")
    with django_assert_num_queries(5):  # the session, the user, their permissions (two) and the articles
        assert titles(editor_client.get(LINKS, {"q": "harbour"})) == ["Harbour lights"]
    for n in range(12):
        make_article(title=f"Harbour note {n}", publish_date=timezone.now() - timedelta(hours=12 - n))

    with django_assert_num_queries(5):
        found = titles(editor_client.get(LINKS, {"q": "harbour"}))

    assert found == [f"Harbour note {n}" for n in range(11, 11 - link_search.LIMIT, -1)]


def test_a_long_typed_query_is_cut_rather_than_refused(staff_client):
    make_article(title="Harbour lights")
    assert titles(staff_client.get(LINKS, {"q": "harbour " + "x" * 500})) == []
    assert titles(staff_client.get(LINKS, {"q": "lights " * 40})) == ["Harbour lights"]


# The article being written


def test_the_article_being_written_is_left_out_of_its_own_link_search(staff_client):
    writing = make_article(title="Harbour lights")
    make_article(title="Harbour walls")

    assert titles(staff_client.get(LINKS, {"q": "harbour", "exclude": writing.pk})) == ["Harbour walls"]
    assert sorted(titles(staff_client.get(LINKS, {"q": "harbour"}))) == ["Harbour lights", "Harbour walls"]


@pytest.mark.parametrize("given", ["abc", "-3", "1.5", "٣", "²", "9" * 30])
def test_an_exclude_that_is_no_articles_id_is_refused_naming_it(staff_client, given):
    make_article(title="Harbour lights")

    response = staff_client.get(LINKS, {"q": "harbour", "exclude": given})

    assert response.status_code == 400
    assert response.json() == {"error": f"exclude must be an article's id, a whole number, not “{given}”."}


def test_an_exclude_of_no_article_leaves_every_article_in(staff_client):
    make_article(title="Harbour lights")
    assert titles(staff_client.get(LINKS, {"q": "harbour", "exclude": "987654"})) == ["Harbour lights"]
    assert titles(staff_client.get(LINKS, {"q": "harbour", "exclude": ""})) == ["Harbour lights"]


def test_leaving_the_article_out_costs_no_query_more(editor_client, django_assert_num_queries):
    writing = make_article(title="Harbour lights")
    make_article(title="Harbour walls")
    with django_assert_num_queries(5):  # the session, the user, their permissions (two) and the articles
        assert titles(editor_client.get(LINKS, {"q": "harbour", "exclude": writing.pk})) == ["Harbour walls"]


# The article form


def test_the_article_form_tells_its_script_where_the_link_search_is(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'data-link-search-url="{LINKS}"' in page
    assert "admin/js/folio-links.js" in page
    assert "data-link-exclude" not in page  # a new article is none of the site's yet


def test_an_articles_change_form_tells_its_link_search_to_leave_the_article_out(editor_client):
    article = make_article(title="Harbour lights")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'data-link-exclude="{article.pk}"' in page
