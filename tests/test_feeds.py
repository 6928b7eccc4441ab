import io
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.images import store_image
from articles.models import Article, Author, Tag
from tests.factories import admin_form_data, make_article, make_author, make_tag

RSS = reverse("articles:feed")
ATOM = reverse("articles:atom")
FEEDS = pytest.mark.parametrize(("url", "version"), [(RSS, "rss20"), (ATOM, "atom10")])


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example.org"
    return settings.SITE_URL


@pytest.fixture
def full_article(db):
    return make_article(
        title="How engines think",
        slug="how-engines-think",
        description="A summary of the engine.",
        body="The engine weaves *algebraic* patterns.\n\n![Cards](/media/images/cards.png)\n\n[More](/tags/x/)\n",
        author=make_author(name="Ada Lovelace", slug="ada"),
        tags=[make_tag(name="Engines"), make_tag(name="History")],
        publish_date=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
    )


@FEEDS
def test_feeds_are_well_formed_in_their_format(client, full_article, url, version):
    assert parse(client, url).version == version


@FEEDS
def test_feed_entries_carry_the_full_text_with_absolute_addresses(client, site_url, full_article, url, version):
    [entry] = parse(client, url).entries
    content = entry.content[0].value
    assert "<em>algebraic</em>" in content
    assert 'src="https://news.example.org/media/images/cards.png"' in content
    assert 'href="https://news.example.org/tags/x/"' in content
    assert entry.summary == "A summary of the engine."


@FEEDS
def test_feed_entries_link_to_the_canonical_page_with_author_date_and_tags(
    client, site_url, full_article, url, version
):
    feed = parse(client, url)
    [entry] = feed.entries
    assert entry.link == "https://news.example.org/articles/how-engines-think/"
    assert entry.title == "How engines think"
    assert entry.author == "Ada Lovelace"
    assert entry.published_parsed[:5] == (2024, 5, 6, 9, 30)
    assert sorted(tag.term for tag in entry.tags) == ["Engines", "History"]
    assert feed.feed.link == "https://news.example.org/"


@FEEDS
def test_a_cross_posts_feed_entry_links_to_its_page_here(client, site_url, full_article, url, version):
    full_article.canonical_url = "https://first.example.com/how-engines-think"
    full_article.save()

    [entry] = parse(client, url).entries

    assert entry.link == "https://news.example.org/articles/how-engines-think/"


def test_feed_srcset_addresses_are_made_absolute_too(client, db, site_url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 500), "teal").save(buffer, format="JPEG")
    url = default_storage.url(store_image(buffer.getvalue()))
    make_article(body=f"![Blue]({url})")
    content = client.get(RSS).content.decode()  # raw: feedparser drops srcset when it sanitises
    assert f"https://news.example.org{url.rsplit('.', 1)[0]}-480w.webp 480w, " in content
    assert ", /media/" not in content
    assert 'srcset="/media/' not in content.replace("&quot;", '"')


@FEEDS
def test_drafts_and_scheduled_articles_stay_out_of_the_feeds(
    client, full_article, draft_article, scheduled_article, url, version
):
    titles = [entry.title for entry in parse(client, url).entries]
    assert titles == [full_article.title]


@FEEDS
def test_a_scheduled_article_enters_the_feeds_once_its_time_comes(client, scheduled_article, monkeypatch, url, version):
    assert parse(client, url).entries == []
    later = scheduled_article.publish_date + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert [entry.title for entry in parse(client, url).entries] == [scheduled_article.title]


def test_the_feed_lists_the_newest_twenty(client, db):
    now = timezone.now()
    for i in range(22):
        make_article(title=f"Story {i:02d}", publish_date=now - timedelta(days=i + 1))
    titles = [entry.title for entry in parse(client, RSS).entries]
    assert titles == [f"Story {i:02d}" for i in range(20)]


@FEEDS
def test_feeds_use_a_fixed_number_of_queries(client, db, django_assert_num_queries, url, version):
    for _ in range(5):
        make_article(tags=[make_tag(), make_tag()])
    # The articles with their authors, and their tags.
    with django_assert_num_queries(2):
        client.get(url)
    assert Article.objects.count() == 5


@FEEDS
def test_a_feed_is_sent_in_one_piece_not_one_per_element(client, db, url, version):
    for _ in range(3):
        make_article(tags=[make_tag()])
    response = client.get(url)
    assert len(list(response)) == 1
    assert b"".join(response) == response.content


def test_pages_point_feed_readers_at_both_feeds(client, db):
    html = client.get(reverse("articles:home")).content.decode()
    assert f'<link rel="alternate" type="application/rss+xml" title="Folio" href="{RSS}">' in html
    assert f'type="application/atom+xml" title="Folio (Atom)" href="{ATOM}"' in html


# Control characters: XML 1.0 cannot carry them, and one in any article used to make both feeds answer 500


@FEEDS
def test_a_title_typed_with_a_control_character_in_the_admin_leaves_the_feeds_readable(
    staff_client, full_article, url, version
):
    change = reverse("admin:articles_article_change", args=[full_article.pk])
    response = staff_client.post(change, admin_form_data(full_article, title="How\x0b engines think"))
    assert response.status_code == 302
    [entry] = parse(staff_client, url).entries
    assert entry.title == "How engines think"


@FEEDS
def test_feeds_leave_out_control_characters_already_stored(client, full_article, url, version):
    # Rows written before text was cleaned on save, or by QuerySet.update() and raw SQL, which skip save().
    # PostgreSQL cannot store NUL at all.
    bad = "\x0b\x1f\ufffe" + ("" if connection.vendor == "postgresql" else "\x00")
    Article.objects.filter(pk=full_article.pk).update(
        title=f"How{bad} engines think",
        description=f"A summary{bad} of the engine.",
        body_html=f"<p>The engine{bad} weaves.</p>",
    )
    Author.objects.filter(pk=full_article.author_id).update(name=f"Ada{bad} Lovelace")
    Tag.objects.filter(name="Engines").update(name=f"Eng{bad}ines")
    [entry] = parse(client, url).entries
    assert entry.title == "How engines think"
    assert entry.summary == "A summary of the engine."
    assert entry.content[0].value == "<p>The engine weaves.</p>"
    assert entry.author == "Ada Lovelace"
    assert sorted(tag.term for tag in entry.tags) == ["Engines", "History"]


# Size: each item carries its full text up to FEED_FULL_TEXT_MAX_BYTES, so one huge article cannot make a huge feed


def entries_by_title(client, url):
    return {entry.title: entry for entry in parse(client, url).entries}


@FEEDS
def test_an_article_over_the_size_limit_gives_its_description_and_a_link_instead_of_its_text(
    client, db, settings, site_url, url, version
):
    settings.FEED_FULL_TEXT_MAX_BYTES = 2000
    make_article(title="Short", body="A short text. " * 50 + "Short ending.")
    make_article(
        title="Long",
        slug="long",
        description="What the long one is about.",
        body="A long text. " * 200 + "Long ending.",
    )
    entries = entries_by_title(client, url)
    assert "Short ending." in entries["Short"].content[0].value
    long = entries["Long"].content[0].value
    assert "Long ending." not in long
    assert "What the long one is about." in long
    assert 'href="https://news.example.org/articles/long/"' in long
    assert len(long.encode()) < 2000


@FEEDS
def test_an_article_over_the_size_limit_without_a_description_gives_the_start_of_its_text(
    client, db, settings, url, version
):
    settings.FEED_FULL_TEXT_MAX_BYTES = 2000
    make_article(title="Long", description="", subtitle="", body="The opening words. " + "More text. " * 300)
    content = entries_by_title(client, url)["Long"].content[0].value
    assert content.startswith("<p>The opening words.")
    assert "/articles/" in content
    assert len(content.encode()) < 2000


def test_a_feed_stays_small_whatever_the_size_of_its_articles(client, db):
    for _ in range(3):
        make_article(body="A paragraph of a very long article, repeated. " * 8000)  # about 370 kB each
    response = client.get(RSS)
    assert response.status_code == 200
    assert len(response.content) < 3 * 20 * 1024


def test_the_feed_size_limit_is_read_from_the_environment(load_settings):
    assert load_settings()["FEED_FULL_TEXT_MAX_BYTES"] == 100 * 1024
    assert load_settings(FEED_FULL_TEXT_MAX_BYTES="5000")["FEED_FULL_TEXT_MAX_BYTES"] == 5000


# Each tag's and author's own feed

LIST_FEEDS = pytest.mark.parametrize("kind", ["tag", "author"])


def list_feed_site():
    """Ada's engine articles, one of them a draft and one scheduled, and an article by someone else on another tag."""
    ada, engines = make_author(name="Ada Lovelace", slug="ada"), make_tag(name="Engines", slug="engines")
    now = timezone.now()
    for days, title in ((3, "Older engines"), (1, "Newer engines")):
        make_article(title=title, author=ada, tags=[engines], publish_date=now - timedelta(days=days))
    make_article(title="Drafted engines", author=ada, tags=[engines], status=Article.Status.DRAFT, publish_date=None)
    make_article(title="Coming engines", author=ada, tags=[engines], publish_date=now + timedelta(days=1))
    make_article(title="Someone else", tags=[make_tag(name="Looms")])
    return {"tag": engines, "author": ada}


@LIST_FEEDS
def test_a_tag_or_an_author_feed_lists_only_their_published_articles_newest_first(client, db, site_url, kind):
    owner = list_feed_site()[kind]
    feed = parse(client, reverse(f"articles:{kind}_feed", kwargs={"slug": owner.slug}))
    assert [entry.title for entry in feed.entries] == ["Newer engines", "Older engines"]
    assert feed.feed.title == f"{owner.name} · Folio"
    assert feed.feed.link == f"https://news.example.org{owner.get_absolute_url()}"


@LIST_FEEDS
def test_a_tag_or_an_author_feed_asked_in_another_case_redirects_to_its_own_address(client, db, kind):
    owner = list_feed_site()[kind]
    own = reverse(f"articles:{kind}_feed", kwargs={"slug": owner.slug})
    response = client.get(own.replace(owner.slug, owner.slug.upper()))
    assert (response.status_code, response["Location"]) == (301, own)


def test_a_tag_with_no_published_article_has_no_feed(client, db):
    make_article(status=Article.Status.DRAFT, publish_date=None, tags=[make_tag(slug="quiet")])
    assert client.get(reverse("articles:tag_feed", kwargs={"slug": "quiet"})).status_code == 404
    assert client.get(reverse("articles:tag_feed", kwargs={"slug": "no-such-tag"})).status_code == 404


@LIST_FEEDS
def test_a_tag_or_an_author_feed_uses_a_fixed_number_of_queries(client, db, django_assert_num_queries, kind):
    owner = list_feed_site()[kind]
    # The tag or author, the articles with their authors, and their tags.
    with django_assert_num_queries(3):
        client.get(reverse(f"articles:{kind}_feed", kwargs={"slug": owner.slug}))


@LIST_FEEDS
def test_a_tag_or_an_author_page_points_feed_readers_at_its_own_feed(client, db, kind):
    owner = list_feed_site()[kind]
    html = client.get(owner.get_absolute_url()).content.decode()
    feed = reverse(f"articles:{kind}_feed", kwargs={"slug": owner.slug})
    assert f'<link rel="alternate" type="application/rss+xml" title="{owner.name} · Folio" href="{feed}">' in html
    assert f'<a href="{feed}">Follow {owner.name} by RSS</a>' in html
