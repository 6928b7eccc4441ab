"""The read time: one rule (articles/rendering.py), the same on the article page, cards, the admin list and the API."""

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def byline(html: str, title: str) -> str:
    """The byline that follows the title `title` (on a page or in a card)."""
    after = html[html.index(f">{title}</") :]
    start = after.index('<p class="byline">')
    return after[start : after.index("</p>", start)]


def shown(client, staff_client, article) -> dict:
    """Where the article's read time is shown: its page's byline, its card's, its admin list row, its API data."""
    listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    row = listing[listing.index(f">{article.title}<") :]
    return {
        "page": byline(client.get(article.get_absolute_url()).content.decode(), article.title),
        "card": byline(client.get(reverse("articles:home")).content.decode(), article.title),
        "admin": row[: row.index("</tr>")],
        "api": client.get(f"/api/v1/articles/{article.slug}/").json(),
    }


def test_an_article_without_words_shows_no_read_time_anywhere(client, staff_client):
    found = shown(client, staff_client, make_article(title="Nothing yet", body=""))

    assert "min read" not in found["page"]
    assert "min read" not in found["card"]
    assert '<td class="field-read_time_shown">-</td>' in found["admin"]
    assert (found["api"]["read_time_minutes"], found["api"]["word_count"]) == (0, 0)


def test_a_few_words_read_in_less_than_a_minute_everywhere(client, staff_client):
    found = shown(client, staff_client, make_article(title="A short note", body="A few words, read in seconds."))

    assert "Less than 1 min read" in found["page"]
    assert "Less than 1 min read" in found["card"]
    assert "Less than 1 min read" in found["admin"]
    assert (found["api"]["read_time_minutes"], found["api"]["word_count"]) == (0, 6)


def test_a_read_time_the_editor_gives_is_shown_even_without_words(client, staff_client):
    found = shown(client, staff_client, make_article(title="Listen instead", body="", read_time="12"))

    assert "12 min read" in found["page"]
    assert found["api"]["read_time_minutes"] == 12
