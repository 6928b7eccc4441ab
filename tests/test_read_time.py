"""The read time: one rule (articles/rendering.py), the same on the article page, cards, the admin list and the API."""

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def byline(html: str, title: str) -> str:
    """The byline that follows the title `title` (on a page or in a card)."""
    after = html[html.index(f">{title}</") :]
    return after[after.index('<p class="byline">') : after.index("</p>", after.index('<p class="byline">'))]


def test_an_article_without_words_shows_no_read_time_anywhere(client, staff_client):
    empty = make_article(title="Nothing yet", body="")

    page = client.get(empty.get_absolute_url()).content.decode()
    home = client.get(reverse("articles:home")).content.decode()
    listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    api = client.get(f"/api/v1/articles/{empty.slug}/").json()

    assert "min read" not in byline(page, "Nothing yet")
    assert "min read" not in byline(home, "Nothing yet")
    row = listing[listing.index(">Nothing yet<") :]
    assert '<td class="field-read_time_shown">-</td>' in row[: row.index("</tr>")]
    assert (api["read_time_minutes"], api["word_count"]) == (0, 0)


def test_a_few_words_read_in_less_than_a_minute_everywhere(client, staff_client):
    short = make_article(title="A short note", body="A few words, read in seconds.")

    page = client.get(short.get_absolute_url()).content.decode()
    home = client.get(reverse("articles:home")).content.decode()
    listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    api = client.get(f"/api/v1/articles/{short.slug}/").json()

    assert "Less than 1 min read" in byline(page, "A short note")
    assert "Less than 1 min read" in byline(home, "A short note")
    row = listing[listing.index(">A short note<") :]
    assert "Less than 1 min read" in row[: row.index("</tr>")]
    assert api["read_time_minutes"] == 0 and api["word_count"] == 6


def test_a_read_time_the_editor_gives_is_shown_even_without_words(client):
    given = make_article(title="Listen instead", body="", read_time="12")

    assert "12 min read" in byline(client.get(given.get_absolute_url()).content.decode(), "Listen instead")
