"""The admin's article list stays cheap on a large site: bounded filters, cheap date drill-down, lean rows."""

from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.admin_lists import SearchPaginator, TagFilter
from articles.models import Article
from tests.factories import make_article, make_tag

CHANGELIST = reverse("admin:articles_article_changelist")


def dated(year: int) -> datetime:
    return datetime(year, 6, 1, tzinfo=timezone.get_current_timezone())


def listed_titles(response) -> list[str]:
    return [article.title for article in response.context["cl"].result_list]


def test_the_tag_filter_lists_each_article_once(staff_client):
    news, opinion = make_tag(), make_tag()
    both = make_article(title="Tagged twice", tags=[news, opinion])
    make_article(title="Untagged")
    response = staff_client.get(CHANGELIST, {"tag": news.pk})
    assert listed_titles(response) == [both.title]
    assert response.context["cl"].queryset.query.distinct is False


def test_the_tag_filter_offers_the_tags_of_recent_articles_and_the_chosen_one(staff_client, monkeypatch):
    monkeypatch.setattr(TagFilter, "RECENT_TAG_LINKS", 1)
    old, new = make_tag(name="Old topic"), make_tag(name="New topic")
    make_article(tags=[old])
    make_article(tags=[new])
    offered = lambda response: [title for _, title in response.context["cl"].filter_specs[2].lookup_choices]  # noqa: E731
    assert offered(staff_client.get(CHANGELIST)) == ["New topic"]
    assert offered(staff_client.get(CHANGELIST, {"tag": old.pk})) == ["New topic", "Old topic"]


@pytest.mark.parametrize("value", ["x", "²", "99999999999999999999"])
def test_a_bad_tag_value_is_ignored(staff_client, value):
    make_article(title="Still listed")
    assert listed_titles(staff_client.get(CHANGELIST, {"tag": value})) == ["Still listed"]


def test_every_tag_links_to_its_articles_in_the_admin(staff_client):
    tag = make_tag(name="Elections")
    content = staff_client.get(reverse("admin:articles_tag_changelist")).content.decode()
    assert f'href="{CHANGELIST}?tag={tag.pk}"' in content


def test_the_date_drill_down_offers_every_year_from_the_first_to_the_last(staff_client):
    make_article(publish_date=dated(2019))
    make_article(publish_date=dated(2022))
    content = staff_client.get(CHANGELIST).content.decode()
    for year in ("2019", "2020", "2021", "2022"):
        assert f"publish_date__year={year}" in content


def test_the_year_drill_down_still_lists_months(staff_client):
    make_article(publish_date=dated(2021))
    content = staff_client.get(CHANGELIST, {"publish_date__year": 2021}).content.decode()
    assert "publish_date__month=6" in content


def test_the_list_leaves_article_bodies_in_the_database(staff_client):
    make_article(body="# A long body")
    deferred = staff_client.get(CHANGELIST).context["cl"].result_list[0].get_deferred_fields()
    assert {"body", "body_html", "toc"} <= deferred


def query_count(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGELIST, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{"tag": "TAG"}, {"q": "Article"}, {"publish_date__year": "2021"}])
def test_filtered_lists_use_a_fixed_number_of_queries(staff_client, params):
    tag = make_tag()
    params = {name: str(tag.pk) if value == "TAG" else value for name, value in params.items()}
    for _ in range(2):
        make_article(tags=[tag, make_tag()], publish_date=dated(2021))
    few = query_count(staff_client, params)
    for _ in range(10):
        make_article(tags=[tag, make_tag()], publish_date=dated(2021))
    assert query_count(staff_client, params) == few


def test_a_search_counts_its_matches_only_up_to_the_limit(staff_client, monkeypatch):
    monkeypatch.setattr(SearchPaginator, "count_limit", 3)
    for n in range(5):
        make_article(title=f"Harbour story {n}")
    make_article(title="Inland story")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(CHANGELIST, {"q": "harbour"})
    page = response.content.decode()
    assert len(listed_titles(response)) == 5
    assert "More than 3 results" in page
    assert "More than 3 articles" in page
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "harbour" in q["sql"].lower()]
    assert counts and all("LIMIT 4" in sql for sql in counts)


def test_a_search_under_the_limit_and_the_whole_list_give_exact_counts(staff_client, monkeypatch):
    monkeypatch.setattr(SearchPaginator, "count_limit", 3)
    for n in range(2):
        make_article(title=f"Harbour story {n}")
    for n in range(3):
        make_article(title=f"Inland story {n}")
    searched = staff_client.get(CHANGELIST, {"q": "harbour"}).content.decode()
    assert "2 results" in searched and "More than" not in searched
    whole = staff_client.get(CHANGELIST).content.decode()
    assert "5 articles" in whole and "More than" not in whole


def test_the_search_box_offers_show_all_only_once_something_is_searched_or_filtered(staff_client):
    make_article(title="Harbour story")
    make_article(title="Inland story", status="draft", publish_date=None)
    assert "Show all" not in staff_client.get(CHANGELIST).content.decode()
    for narrowed in ({"q": "harbour"}, {"state": "draft"}):
        assert "1 result (<a" in staff_client.get(CHANGELIST, narrowed).content.decode()


@pytest.mark.parametrize(
    "pasted",
    [
        "https://news.example.org/articles/harbour-lights/",
        "  http://localhost:8000/articles/harbour-lights/?utm_source=x#part-2 ",
        "/articles/harbour-lights/",
    ],
)
def test_an_articles_address_pasted_into_the_search_finds_that_article(staff_client, pasted):
    make_article(title="Harbour lights", slug="harbour-lights")
    make_article(title="Lights of the harbour at /articles/harbour-lights/")

    assert listed_titles(staff_client.get(CHANGELIST, {"q": pasted})) == ["Harbour lights"]


def test_a_percent_encoded_address_finds_an_article_with_a_unicode_slug(staff_client):
    make_article(title="Café society", slug="café-society")

    response = staff_client.get(CHANGELIST, {"q": "https://news.example.org/articles/caf%C3%A9-society/"})

    assert listed_titles(response) == ["Café society"]


def test_a_slug_finds_its_article_beside_the_word_matches(staff_client):
    make_article(title="Night ferry", slug="ferry-2019")
    make_article(title="Ferry-2019 timetable", slug="timetable")
    make_article(title="Unrelated", slug="unrelated")

    titles = listed_titles(staff_client.get(CHANGELIST, {"q": "ferry-2019"}))

    assert sorted(titles) == ["Ferry-2019 timetable", "Night ferry"]


def test_the_address_of_another_page_is_searched_as_words(staff_client):
    article = make_article(title="Harbour lights")

    response = staff_client.get(CHANGELIST, {"q": article.author.get_absolute_url()})

    assert listed_titles(response) == []


def test_the_search_matches_accented_letters_in_any_case(staff_client):
    make_article(title="Élan vital", subtitle="", description="")
    make_article(title="Elan", subtitle="", description="")

    assert listed_titles(staff_client.get(CHANGELIST, {"q": "élan"})) == ["Élan vital"]
    assert listed_titles(staff_client.get(CHANGELIST, {"q": "ÉLAN VITAL"})) == ["Élan vital"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are made on PostgreSQL only")
def test_on_postgresql_the_admin_search_reads_the_trigram_indexes(db, rf, admin_user):
    make_article(title="Harbour lights", subtitle="Night shift", description="Boats come in late.")
    model_admin = admin.site._registry[Article]
    request = rf.get(CHANGELIST, {"q": "harbour"})
    request.user = admin_user
    queryset, _ = model_admin.get_search_results(request, Article.objects.all(), "harbour")
    assert [article.title for article in queryset] == ["Harbour lights"]
    # With scans of the table and of its ordered indexes ruled out, what is left is a bitmap scan of the
    # trigram indexes, and only if they are on the very expressions the search compares.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
        plan = queryset.order_by().explain()
        cursor.execute("RESET enable_seqscan; RESET enable_indexscan")
    for field in ("title", "subtitle", "description"):
        assert f"article_{field}_trgm_idx" in plan


def test_the_list_shows_each_date_short_in_the_sites_time_zone_and_sorts_by_it(staff_client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    make_article(title="Later", publish_date=datetime(2026, 5, 4, 7, 0, tzinfo=UTC))
    make_article(title="Earlier", publish_date=datetime(2026, 5, 3, 7, 0, tzinfo=UTC))
    make_article(title="Undated", status="draft", publish_date=None)

    response = staff_client.get(CHANGELIST, {"o": "4"})

    html = response.content.decode()
    assert '<time datetime="2026-05-04T09:00:00+02:00">4\xa0May\xa02026, 09:00</time>' in html
    assert '<td class="field-date_shown">—</td>' in html
    assert [title for title in listed_titles(response) if title != "Undated"] == ["Earlier", "Later"]
