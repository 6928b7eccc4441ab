"""Saving an article whose body links to articles of this site its readers cannot reach: the save goes through, and
the writer is warned of each such link and why."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, OldAddress
from articles.rendering import render_markdown
from articles.unreachable_links import LOOKUP_SIZE, unreachable_links, unreachable_of_each
from tests.factories import admin_form_data, article_form_data, make_article

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def warnings(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == messages.WARNING]


def save(client, article, body: str, **changes):
    """The change form of `article` posted with `body`, saved."""
    response = client.post(change_url(article), admin_form_data(article, body=body, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def others():
    """An article of each state a link may find: published, draft, in review and scheduled."""
    return {
        "published": make_article(slug="harbour-walls"),
        "draft": make_article(slug="harbour-plans", status=Article.Status.DRAFT, publish_date=None),
        "review": make_article(slug="harbour-review", status=Article.Status.REVIEW, publish_date=None),
        "scheduled": make_article(
            slug="harbour-to-come", publish_date=datetime(2031, 5, 3, 9, tzinfo=UTC) + timedelta(minutes=30)
        ),
    }


def test_a_published_articles_links_to_articles_readers_cannot_reach_are_each_named_with_why(
    editor_client, others, settings
):
    settings.TIME_ZONE = "UTC"
    article = make_article(title="Notes from the quay")
    body = (
        "See [the walls](/articles/harbour-walls/), [the plans](/articles/harbour-plans/),\n"
        "[the review](/articles/harbour-review/#start), [what is to come](/articles/harbour-to-come/)\n"
        "and [nothing](/articles/no-such-article/)."
    )

    response = save(editor_client, article, body)

    article.refresh_from_db()
    assert article.body == body
    assert warnings(response) == [
        "The link to /articles/harbour-plans/ leads nowhere yet: that article is a draft.",
        "The link to /articles/harbour-review/#start leads nowhere yet: that article is in review.",
        "The link to /articles/harbour-to-come/ leads nowhere yet: that article is scheduled for 3 May 2031, 09:30.",
        "The link to /articles/no-such-article/ leads nowhere yet: no article has that address.",
    ]


def test_a_draft_may_link_to_drafts_without_a_warning(editor_client, others):
    for status in (Article.Status.DRAFT, Article.Status.REVIEW):
        article = make_article(status=status, publish_date=None)
        response = save(editor_client, article, "The [plans](/articles/harbour-plans/) and [none](/articles/none/).")
        assert warnings(response) == []


def test_links_readers_can_follow_and_links_to_other_sites_are_not_warned_of(editor_client, others, settings):
    settings.SITE_URL = "https://news.example.org"
    moved = make_article(slug="harbour-lights")
    OldAddress.objects.create(path="/articles/harbour-lamps/", article=moved)
    article = make_article(slug="notes-from-the-quay")
    body = (
        "[walls](/articles/harbour-walls/), [walls again](https://news.example.org/articles/harbour-walls/),\n"
        "[an earlier slug](/articles/harbour-lamps/), [this page](#notes), [itself](/articles/notes-from-the-quay/),\n"
        "[elsewhere](https://elsewhere.example/articles/harbour-plans/), [mail](mailto:editor@example.org),\n"
        "[the tags](/tags/harbour/) and `[in code](/articles/harbour-plans/)`.\n\n"
        "    [an example](/articles/harbour-plans/)\n"
    )
    assert warnings(save(editor_client, article, body)) == []


def test_links_on_the_sites_own_address_and_relative_ones_count(editor_client, others, settings):
    settings.SITE_URL = "https://news.example.org"
    article = make_article(slug="notes-from-the-quay")
    body = (
        "[absolute](https://NEWS.example.org/articles/harbour-plans/?from=notes), [relative](../harbour-review/),\n"
        'and <a href="/articles/café-plans">its own HTML</a>.'
    )

    assert warnings(save(editor_client, article, body)) == [
        "The link to https://NEWS.example.org/articles/harbour-plans/?from=notes leads nowhere yet: "
        "that article is a draft.",
        "The link to ../harbour-review/ leads nowhere yet: that article is in review.",
        "The link to /articles/café-plans leads nowhere yet: no article has that address.",
    ]


def test_each_address_is_warned_of_once_however_often_it_is_linked(editor_client, others):
    article = make_article()
    body = "[one](/articles/harbour-plans/), [two](/articles/harbour-plans/#more) and [three](/articles/harbour-plans)."
    assert warnings(save(editor_client, article, body)) == [
        "The link to /articles/harbour-plans/ leads nowhere yet: that article is a draft."
    ]


def test_a_scheduled_article_may_link_to_one_published_before_it_but_not_after(editor_client, others, settings):
    settings.TIME_ZONE = "UTC"
    before = make_article(slug="sooner", publish_date=datetime(2031, 5, 1, 9, tzinfo=UTC))
    article = make_article(publish_date=datetime(2031, 5, 2, 9, tzinfo=UTC))
    body = f"[sooner]({before.get_absolute_url()}) and [later](/articles/harbour-to-come/)."

    response = save(editor_client, article, body)

    assert warnings(response) == [
        "The link to /articles/harbour-to-come/ leads nowhere yet: "
        "that article is scheduled for 3 May 2031, 09:30, after this one."
    ]


def test_an_address_with_letters_beyond_ascii_is_named_as_written(editor_client):
    make_article(slug="café-plans", status=Article.Status.DRAFT, publish_date=None)
    article = make_article()
    assert warnings(save(editor_client, article, "[plans](/articles/café-plans/)")) == [
        "The link to /articles/café-plans/ leads nowhere yet: that article is a draft."
    ]


def test_changes_kept_apart_from_a_live_article_are_checked_too(editor_client, others):
    article = make_article()
    form = editor_client.get(change_url(article)).context["adminform"].form
    changes = admin_form_data(article, _publish=None, pending_token=form["pending_token"].value())

    response = editor_client.post(change_url(article), {**changes, "body": "[plans](/articles/harbour-plans/)"})

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body == article.body  # kept apart: readers see the article as it was
    assert warnings(response) == ["The link to /articles/harbour-plans/ leads nowhere yet: that article is a draft."]


def test_a_new_article_published_on_saving_is_checked(editor_client, others, author):
    now = timezone.localtime()
    data = article_form_data(
        author,
        body="[plans](/articles/harbour-plans/)",
        status="published",
        publish_date_0=f"{now:%Y-%m-%d}",
        publish_date_1="00:00:00",
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert warnings(response) == ["The link to /articles/harbour-plans/ leads nowhere yet: that article is a draft."]


# The Publish action on the article list


def publish_action(client, *articles):
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk for article in articles]},
    )
    assert response.status_code == 302
    return response


def draft(body: str, **fields) -> Article:
    fields.setdefault("publish_date", None)
    return make_article(status=Article.Status.DRAFT, body=body, **fields)


def test_the_publish_action_warns_once_for_each_article_with_unreachable_links_naming_them_and_why(
    editor_client, others
):
    quay = draft(
        "[Plans](/articles/harbour-plans/), [walls](/articles/harbour-walls/), [x](/articles/gone/).", title="Quay"
    )
    pier = draft("Only [the review](/articles/harbour-review/).", title="Pier")
    fine = draft("Only [the walls](/articles/harbour-walls/) and [elsewhere](https://example.org/).", title="Fine")

    response = publish_action(editor_client, quay, pier, fine)

    assert Article.objects.filter(pk__in=[quay.pk, pier.pk, fine.pk], status=Article.Status.PUBLISHED).count() == 3
    assert sorted(warnings(response)) == [
        "In “Pier”, 1 link leads nowhere yet: /articles/harbour-review/ (that article is in review).",
        "In “Quay”, 2 links lead nowhere yet: /articles/harbour-plans/ (that article is a draft); "
        "/articles/gone/ (no article has that address).",
    ]


def test_articles_published_by_the_same_action_may_link_to_each_other(editor_client):
    first = draft("See [the second](/articles/second-of-two/).", slug="first-of-two", title="First")
    second = draft("See [the first](/articles/first-of-two/).", slug="second-of-two", title="Second")

    assert warnings(publish_action(editor_client, first, second)) == []

    alone = draft("See [the third](/articles/third-of-two/).", slug="alone", title="Alone")
    draft("Not published with it.", slug="third-of-two")
    assert warnings(publish_action(editor_client, alone)) == [
        "In “Alone”, 1 link leads nowhere yet: /articles/third-of-two/ (that article is a draft)."
    ]


def test_an_article_the_action_schedules_is_warned_of_links_to_articles_scheduled_after_it(
    editor_client, others, settings
):
    settings.TIME_ZONE = "UTC"
    early = draft(
        "[Later](/articles/harbour-to-come/) and [walls](/articles/harbour-walls/).",
        title="Early",
        publish_date=datetime(2031, 5, 1, tzinfo=UTC),
    )

    response = publish_action(editor_client, early)

    early.refresh_from_db()
    assert early.is_scheduled()
    assert warnings(response) == [
        "In “Early”, 1 link leads nowhere yet: "
        "/articles/harbour-to-come/ (that article is scheduled for 3 May 2031, 09:30, after this one)."
    ]


# What it costs


def test_all_the_links_are_looked_up_in_one_query(others, django_assert_num_queries):
    article = make_article()
    body = " ".join(f"[{n}](/articles/missing-{n}/)" for n in range(20)) + " [plans](/articles/harbour-plans/)"
    html = render_markdown(body).html

    with django_assert_num_queries(1):
        found = unreachable_links(article=article, body_html=html)

    assert len(found) == 21
    with django_assert_num_queries(0):  # none of them to this site's articles
        assert unreachable_links(article=article, body_html=render_markdown("[x](https://example.org/)").html) == []


def test_a_save_with_many_links_costs_one_query_more_than_one_without_any(editor_client, others):
    article = make_article()

    def queries(body: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            save(editor_client, Article.objects.get(pk=article.pk), body)
        return len(captured)

    without = queries("No links at all.")
    assert queries("[plans](/articles/harbour-plans/)") == without + 1
    assert queries(" ".join(f"[{n}](/articles/missing-{n}/)" for n in range(30))) == without + 1


def test_the_publish_action_checks_all_its_articles_links_in_one_query(editor_client, others):
    def queries(body: str) -> tuple[int, int]:
        """The queries the action costs on four drafts with `body`, and the warnings it gives."""
        articles = [draft(body) for _ in range(4)]
        with CaptureQueriesContext(connection) as captured:
            response = publish_action(editor_client, *articles)
        return len(captured), len(warnings(response))

    queries("Warming up.")
    without, _ = queries("No links at all.")
    many = " ".join(f"[{n}](/articles/missing-{n}/)" for n in range(30)) + " [plans](/articles/harbour-plans/)"
    assert queries(many) == (without + 1, 4)


@pytest.fixture
def sqlites_own_limit():
    """The most parameters SQLite takes in a query as it is built by default, 32,766 (Debian's allows 250,000)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    yield
    connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)


def test_tens_of_thousands_of_addresses_are_looked_up_a_few_thousand_at_a_time(
    others, sqlites_own_limit, django_assert_num_queries
):
    # An import whose thousands of articles link to each other: more addresses than a database takes in one query.
    article = make_article()
    linked = {f"/articles/missing-{n}/": (f"/articles/missing-{n}/", f"missing-{n}") for n in range(40_000)}
    linked["/articles/harbour-plans/"] = ("/articles/harbour-plans/", "harbour-plans")
    linked["/articles/harbour-walls/"] = ("/articles/harbour-walls/", "harbour-walls")

    with django_assert_num_queries(-(-len(linked) // LOOKUP_SIZE)):
        [found] = unreachable_of_each(linked_each=[(article, linked)])

    assert len(found) == 40_001
    assert found[-1] == ("/articles/harbour-plans/", "that article is a draft")
