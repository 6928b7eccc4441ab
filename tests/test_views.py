import re
from datetime import UTC, datetime, timedelta

import html5lib
import pytest
from django.db import connection
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_author, make_call_to_action, make_tag, make_unpublished_articles

HERO_URL = "https://images.example.com/hero.jpg"
BODY_WITH_THREE_SECTIONS = "Intro.\n\n## First part\n\nText.\n\n## Second part\n\nText.\n\n## Third part\n\nText.\n"
BODY_WITH_TWO_SECTIONS = "Intro.\n\n## First part\n\nText.\n\n## Second part\n\nText.\n"


@pytest.fixture
def tag(db):
    return make_tag(name="Engines", slug="engines")


@pytest.fixture
def tagged_article(author, tag):
    return make_article(
        title="How engines think",
        slug="how-engines-think",
        subtitle="Notes on the analytical engine",
        author=author,
        tags=[tag],
        read_time="8",
        hero_image_url=HERO_URL,
        hero_image_alt="Brass gears in close-up",
        publish_date=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
        body="The engine weaves *algebraic* patterns.\n\n## Cards\n\nPunched ones.\n",
    )


def reader_urls(article, author, tag):
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "search": reverse("articles:search") + "?q=article",
        "authors": reverse("articles:authors"),
        "tags": reverse("articles:tags"),
    }


def parse_html(content: bytes):
    """Parse a page as a browser would and return the tree with html5lib's list of parse errors."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return parser.parse(content), parser.errors


def page_text(response) -> str:
    return response.content.decode()


# Reachability


@pytest.mark.parametrize("view", ["home", "article", "author", "tag", "search"])
def test_reader_pages_answer_200_for_published_content(client, tagged_article, author, tag, view):
    response = client.get(reader_urls(tagged_article, author, tag)[view])
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("view", ["home", "article", "author", "tag", "search", "feed", "sitemap", "robots"])
def test_reader_addresses_answer_a_method_other_than_get_with_405_naming_get_and_head(
    tagged_article, author, tag, method, view
):
    # Before, the CSRF check answered a post with 403 ("CSRF verification failed"), and the feed and the sitemap
    # answered any method as if it were GET.
    urls = {
        **reader_urls(tagged_article, author, tag),
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
    }

    response = getattr(Client(enforce_csrf_checks=True), method)(urls[view])

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", ["/", "/feed/", "/sitemap.xml", "/robots.txt"])
def test_reader_addresses_answer_head_as_get_without_a_body(client, tagged_article, url):
    response = client.head(url)

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("route", ["articles:article", "articles:author", "articles:tag"])
def test_unknown_slugs_answer_404(client, db, route):
    response = client.get(reverse(route, kwargs={"slug": "no-such-thing"}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("/articles/a%00b/", "The address contains a NUL character (%00), which no address on this site has."),
        ("/tags/%00/", "The address contains a NUL character (%00), which no address on this site has."),
        ("/search/?q=light%00", "q: contains a NUL character (%00), which no parameter may hold."),
        ("/?page=1&%00=x", "%00: contains a NUL character (%00), which no parameter may hold."),
    ],
)
def test_a_nul_in_the_address_or_a_parameter_answers_400_naming_it(client, published_article, url, problem):
    # PostgreSQL refuses a NUL in any text it is given: the request is answered before a query could fail on it.
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    assert problem in page_text(response)


def test_not_found_page_is_in_the_site_design_and_links_home(client, db):
    response = client.get("/articles/no-such-thing/")
    assert response.status_code == 404
    html = page_text(response)
    assert "We could not find that page" in html
    assert 'class="site-header"' in html
    assert f'href="{reverse("articles:home")}"' in html


@pytest.mark.parametrize(("template", "heading"), [("500.html", "Something went wrong"), ("503.html", "not available")])
def test_server_error_pages_render_without_a_request_or_context_processors(template, heading):
    html = loader.get_template(template).render()
    assert heading in html
    assert 'href="/static/css/site.css"' in html


def test_pages_declare_their_language_and_offer_a_skip_link(client, published_article):
    html = page_text(client.get(published_article.get_absolute_url()))
    assert '<html lang="en">' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html


# Publication and staff preview


@pytest.mark.parametrize("fixture_name", ["draft_article", "scheduled_article"])
def test_unpublished_articles_answer_404_to_anonymous_readers(client, request, fixture_name):
    article = request.getfixturevalue(fixture_name)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unpublished_articles_are_left_out_of_home_author_and_tag_lists(
    client, author, tag, tagged_article, draft_article, scheduled_article
):
    draft_article.tags.add(tag)
    scheduled_article.tags.add(tag)
    for url in (reverse("articles:home"), author.get_absolute_url(), tag.get_absolute_url()):
        html = page_text(client.get(url))
        assert tagged_article.title in html
        assert draft_article.title not in html
        assert scheduled_article.title not in html


def test_staff_see_a_draft_under_a_preview_banner(staff_client, draft_article):
    response = staff_client.get(draft_article.get_absolute_url())
    assert response.status_code == 200
    html = page_text(response)
    assert "This article is a draft" in html
    assert "visible only to staff" in html
    assert '<meta name="robots" content="noindex">' in html


def test_staff_see_a_scheduled_article_with_its_date_in_the_banner(staff_client, scheduled_article):
    response = staff_client.get(scheduled_article.get_absolute_url())
    assert response.status_code == 200
    html = page_text(response)
    assert "This article is scheduled for" in html
    assert timezone.localtime(scheduled_article.publish_date).strftime("%-d %B %Y") in html
    assert "visible only to staff" in html


def test_published_articles_show_no_preview_banner_even_to_staff(staff_client, published_article):
    html = page_text(staff_client.get(published_article.get_absolute_url()))
    assert "preview-banner" not in html
    assert "noindex" not in html


# The article page


def test_article_page_shows_title_subtitle_author_link_read_time_and_date(client, tagged_article, author):
    html = page_text(client.get(tagged_article.get_absolute_url()))
    assert "<h1>How engines think</h1>" in html
    assert "Notes on the analytical engine" in html
    assert f'href="{author.get_absolute_url()}"' in html
    assert author.get_absolute_url() == "/authors/ada-lovelace/"
    assert "8 min read" in html
    assert '<time datetime="2024-05-06T09:30:00+00:00">6 May 2024</time>' in html


def test_article_page_shows_the_stored_body_html(client, tagged_article):
    html = page_text(client.get(tagged_article.get_absolute_url()))
    assert "<p>The engine weaves <em>algebraic</em> patterns.</p>" in html
    assert '<h2 id="cards">Cards</h2>' in html


def test_code_tables_and_formulas_on_an_article_page_are_reached_by_the_tab_key_to_scroll_them(client, db):
    article = make_article(body="```python\nx = 1\n```\n\n    y = 2\n\n| a |\n|---|\n| 1 |\n\n$$ x^2 $$\n")
    html = page_text(client.get(article.get_absolute_url()))
    assert '<pre class="highlight" tabindex="0">' in html
    assert '<pre tabindex="0"><code>y = 2' in html
    assert '<table tabindex="0">' in html
    assert '<div class="math" tabindex="0">' in html
    # What the API and the feeds give is the stored HTML, for pages styled otherwise.
    assert "tabindex" not in article.body_html


def test_article_page_shows_the_hero_eagerly_with_its_alt_text(client, tagged_article):
    html = page_text(client.get(tagged_article.get_absolute_url()))
    assert f'<img src="{HERO_URL}" alt="Brass gears in close-up" width="1600" height="900" fetchpriority="high"' in html


def test_article_page_links_its_tags_and_shows_the_author_bio(client, tagged_article, tag):
    html = page_text(client.get(tagged_article.get_absolute_url()))
    assert f'<a href="{tag.get_absolute_url()}">Engines</a>' in html
    assert "Writes about <em>engines</em>." in html


def test_article_page_ends_with_its_call_to_action_and_button(client, author):
    cta = make_call_to_action(
        text="Follow us for daily insights.\nNo spam.",
        button_label="Subscribe",
        button_url="https://example.com/subscribe",
    )
    make_call_to_action(text="The site default.", is_default=True)
    article = make_article(author=author, call_to_action=cta)
    html = page_text(client.get(article.get_absolute_url()))
    assert "<p>Follow us for daily insights.<br>No spam.</p>" in html
    assert '<a class="button" href="https://example.com/subscribe">Subscribe</a>' in html
    assert "The site default." not in html
    assert html.index('class="cta"') > html.index('class="prose"')


def test_article_without_a_call_to_action_uses_the_site_default(client, published_article):
    make_call_to_action(text="Join the newsletter.", is_default=True)
    html = page_text(client.get(published_article.get_absolute_url()))
    assert "Join the newsletter." in html
    assert 'class="button"' not in html


def test_article_page_has_no_call_to_action_block_when_none_is_set(client, published_article):
    html = page_text(client.get(published_article.get_absolute_url()))
    assert 'class="cta"' not in html


def test_hostile_values_are_escaped_on_article_and_list_pages(client, db):
    author = make_author(name="<b>Mallory</b>", slug="mallory")
    cta = make_call_to_action(text="<script>alert(3)</script>", is_default=True)
    article = make_article(
        title="<script>alert(1)</script>",
        subtitle='"><img src=x onerror=alert(2)>',
        hero_image_url=HERO_URL,
        hero_image_alt='" onload="alert(4)',
        author=author,
    )
    for url in (article.get_absolute_url(), reverse("articles:home"), author.get_absolute_url()):
        html = page_text(client.get(url))
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x onerror" not in html
        assert "<b>Mallory</b>" not in html
        assert 'onload="alert(4)' not in html
    article_html = page_text(client.get(article.get_absolute_url()))
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in article_html
    assert cta.text not in article_html


def test_table_of_contents_appears_with_three_sections(client, author):
    article = make_article(author=author, body=BODY_WITH_THREE_SECTIONS)
    html = page_text(client.get(article.get_absolute_url()))
    assert 'class="toc"' in html
    assert '<a href="#first-part">First part</a>' in html
    assert '<a href="#third-part">Third part</a>' in html


def test_table_of_contents_is_left_out_with_fewer_than_three_sections(client, author):
    article = make_article(author=author, body=BODY_WITH_TWO_SECTIONS)
    html = page_text(client.get(article.get_absolute_url()))
    assert 'class="toc"' not in html


# Lists and pagination


def make_dated_articles(count, **fields):
    """Articles dated one day apart, the first the newest."""
    now = timezone.now()
    return [
        make_article(title=f"Story {i:02d}", publish_date=now - timedelta(days=i + 1), **fields) for i in range(count)
    ]


def test_home_lists_articles_newest_first_and_leads_with_the_newest(client, db):
    newest, middle, oldest = make_dated_articles(3, hero_image_url=HERO_URL)
    html = page_text(client.get(reverse("articles:home")))
    assert html.index(newest.title) < html.index(middle.title) < html.index(oldest.title)
    assert html.index('class="feature"') < html.index(newest.title) < html.index('class="cards"')


def test_home_says_when_there_are_no_articles_yet(client, db):
    html = page_text(client.get(reverse("articles:home")))
    assert "No articles yet" in html


def test_second_page_shows_the_older_articles(client, db, settings):
    articles = make_dated_articles(settings.ARTICLES_PER_PAGE + 2)
    first = page_text(client.get(reverse("articles:home")))
    second_response = client.get(reverse("articles:home"), {"page": 2})
    assert second_response.status_code == 200
    second = page_text(second_response)
    newer, older = articles[: settings.ARTICLES_PER_PAGE], articles[settings.ARTICLES_PER_PAGE :]
    assert all(a.title in first and a.title not in second for a in newer)
    assert all(a.title in second and a.title not in first for a in older)
    assert 'href="?page=2" rel="next">Older articles →' in first
    assert "Page 1 of 2" in first
    assert 'href="?page=1" rel="prev">← Newer articles' in second
    assert "Page 2 of 2" in second
    assert 'aria-label="Pagination"' in second


def test_a_single_page_shows_no_pagination(client, published_article):
    html = page_text(client.get(reverse("articles:home")))
    assert 'aria-label="Pagination"' not in html


@pytest.mark.parametrize("number", ["99", "0", "abc"])
def test_a_bad_page_number_answers_404(client, published_article, number):
    assert client.get(reverse("articles:home"), {"page": number}).status_code == 404


def test_author_page_lists_only_their_published_articles(client, author, tagged_article):
    other = make_article(title="Someone else's piece")
    html = page_text(client.get(author.get_absolute_url()))
    assert "<h1>Ada Lovelace</h1>" in html
    assert "Writes about <em>engines</em>." in html
    assert tagged_article.title in html
    assert other.title not in html


def test_author_page_links_their_website_and_profiles_as_rel_me(client, author, tagged_article):
    author.website = "https://ada.example.org/"
    author.social_links = {"mastodon": "https://social.example/@ada", "github": "https://github.com/ada"}
    author.save()

    html = page_text(client.get(author.get_absolute_url()))

    assert (
        '<li><a href="https://ada.example.org/" rel="me">Website</a></li>'
        '<li><a href="https://github.com/ada" rel="me">GitHub</a></li>'
        '<li><a href="https://social.example/@ada" rel="me">Mastodon</a></li>'
    ) in html


def test_tag_page_lists_only_articles_with_that_tag(client, tag, tagged_article):
    other = make_article(title="An untagged piece")
    html = page_text(client.get(tag.get_absolute_url()))
    assert "<h1>Engines</h1>" in html
    assert tagged_article.title in html
    assert other.title not in html


def index_entries(client, name: str) -> list[tuple[str, str, str]]:
    """Each entry of the authors' or the topics' index: its address, its name and how many articles it counts."""
    response = client.get(reverse(f"articles:{name}"))
    assert response.status_code == 200
    return re.findall(
        r'<a href="([^"]+)">([^<]+)</a>(?:</h2>)?\s*<(?:span|p) class="index-count">([^<]+)<', page_text(response)
    )


def test_the_topics_index_lists_each_tag_with_a_published_article_by_name_in_any_case_with_its_count(client, author):
    apple, banana, drafts, later = (make_tag(name=name) for name in ("apple", "Banana", "Only drafts", "Later"))
    make_article(author=author, tags=[apple, banana])
    make_article(author=author, tags=[banana])
    make_article(author=author, tags=[banana, drafts], status="draft", publish_date=None)
    make_article(author=author, tags=[banana, later], publish_date=timezone.now() + timedelta(days=1))
    assert index_entries(client, "tags") == [
        (apple.get_absolute_url(), "apple", "1 article"),
        (banana.get_absolute_url(), "Banana", "2 articles"),
    ]


def test_the_authors_index_lists_everyone_with_a_published_article_with_their_bio_and_count(client, author):
    make_article(author=author)
    make_article(author=author)
    make_article(author=make_author(name="Only Drafts"), status="draft", publish_date=None)
    brontë = make_author(name="anne Brontë", bio="Poet.")
    make_article(author=brontë)
    html = page_text(client.get(reverse("articles:authors")))
    assert index_entries(client, "authors") == [
        (author.get_absolute_url(), "Ada Lovelace", "2 articles"),
        (brontë.get_absolute_url(), "anne Brontë", "1 article"),
    ]
    assert "Writes about <em>engines</em>." in html


def test_the_indexes_say_so_when_nothing_is_published_yet(client, db, draft_article):
    assert "No topics yet." in page_text(client.get(reverse("articles:tags")))
    assert "No authors yet." in page_text(client.get(reverse("articles:authors")))


def test_every_reader_page_links_the_indexes_of_topics_and_authors(client, tagged_article):
    for url in (reverse("articles:home"), tagged_article.get_absolute_url()):
        html = page_text(client.get(url))
        assert '<a href="/tags/">Topics</a>' in html and '<a href="/authors/">Authors</a>' in html


def test_a_long_index_is_split_into_pages_of_its_own_size(client, author, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.IndexView, "paginate_by", 2)
    make_article(author=author, tags=[make_tag(name=name) for name in ("one", "three", "two")])
    assert [name for _, name, _ in index_entries(client, "tags")] == ["one", "three"]
    second = client.get(reverse("articles:tags") + "?page=2")
    assert ">two</a>" in page_text(second)
    assert "<title>Topics, page 2" in page_text(second)


def test_an_author_or_tag_page_asked_in_another_case_redirects_to_its_own_address(client, author, tag, tagged_article):
    for asked, own in (
        ("/authors/Ada-Lovelace/?page=1", "/authors/ada-lovelace/?page=1"),
        ("/tags/ENGINES/", "/tags/engines/"),
    ):
        response = client.get(asked)
        assert (response.status_code, response["Location"]) == (301, own)
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_cards_show_a_lazy_hero_title_link_subtitle_and_byline(client, author, tagged_article):
    make_article(author=author, title="Newer piece", publish_date=timezone.now())
    html = page_text(client.get(reverse("articles:home")))
    card = html[html.index('class="cards"') :]
    assert f'<img src="{HERO_URL}" alt="Brass gears in close-up" width="1600" height="900" loading="lazy"' in card
    assert f'<a href="{tagged_article.get_absolute_url()}">How engines think</a>' in card
    assert "Notes on the analytical engine" in card
    assert f'href="{author.get_absolute_url()}"' in card
    assert '<time datetime="2024-05-06T09:30:00+00:00">' in card
    assert "8 min read" in card


# Query counts: fixed, whatever the number of articles, authors and tags


def populate(count):
    """Published articles, each by its own author and with two tags, plus one shared author and tag."""
    shared_author = make_author(name="Shared Author", slug="shared-author")
    shared_tag = make_tag(name="Shared", slug="shared")
    make_call_to_action(text="Follow us.", is_default=True)
    for i in range(count):
        make_article(
            author=shared_author if i % 2 else make_author(),
            tags=[shared_tag, make_tag()],
            hero_image_url=HERO_URL,
        )
    article = make_article(author=shared_author, tags=[shared_tag, *(make_tag() for _ in range(count))])
    return article, shared_author, shared_tag


@pytest.mark.parametrize("count", [3, 25])
# Built with stored pages off (the test settings): a list is its count and its page of cards, an author's or a
# tag's with the author or tag first. The article page: the article, its tags, its published translations,
# related articles, the default call to action. Stored pages add theirs (tests/test_stored_pages.py).
# The indexes of authors and tags: their count and their page of rows.
@pytest.mark.parametrize(
    ("view", "queries"),
    [("home", 2), ("article", 5), ("author", 3), ("tag", 3), ("search", 2), ("authors", 2), ("tags", 2)],
)
def test_reader_pages_use_a_fixed_number_of_queries(client, db, django_assert_num_queries, count, view, queries):
    article, author, tag = populate(count)
    url = reader_urls(article, author, tag)[view]
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("view", ["home", "author", "tag", "search"])
def test_a_later_page_of_a_list_uses_as_many_queries_as_its_first(
    client, db, django_assert_num_queries, settings, view
):
    settings.ARTICLES_PER_PAGE = 2
    article, author, tag = populate(6)
    url = reader_urls(article, author, tag)[view]
    with CaptureQueriesContext(connection) as first:
        first_page = client.get(url)
    with django_assert_num_queries(len(first)):
        second_page = client.get(url + ("&" if "?" in url else "?") + "page=2")
    assert first_page.status_code == second_page.status_code == 200
    links = [set(re.findall(r'href="(/articles/[^"]+)"', page.content.decode())) for page in (first_page, second_page)]
    assert links[1] - links[0]


def test_robots_txt_asks_nothing_of_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("articles:robots")).status_code == 200


# HTML sanity


@pytest.mark.parametrize("view", ["home", "article", "author", "tag", "search"])
def test_reader_pages_are_well_formed_with_one_h1_and_alt_on_every_image(client, tagged_article, author, tag, view):
    make_article(author=author, tags=[tag], hero_image_url=HERO_URL, body=BODY_WITH_THREE_SECTIONS)
    make_call_to_action(text="Follow us.", button_label="Subscribe", button_url="https://example.com/", is_default=True)
    response = client.get(reader_urls(tagged_article, author, tag)[view])
    tree, errors = parse_html(response.content)
    assert errors == []
    assert len(tree.findall(".//h1")) == 1
    images = tree.findall(".//img")
    assert images
    assert all(img.get("alt") is not None for img in images)


# Related articles


def related_titles(client, article) -> list[str]:
    html = page_text(client.get(article.get_absolute_url()))
    if 'class="related' not in html:
        return []
    tree, _ = parse_html(html.encode())
    section = next(s for s in tree.iter("section") if "related" in (s.get("class") or ""))
    return ["".join(heading.itertext()) for heading in section.iter("h3")]


def test_related_articles_share_tags_first_then_are_the_newest(client, db):
    now = timezone.now()
    engines, looms, cards = make_tag(), make_tag(), make_tag()
    article = make_article(title="Subject", tags=[engines, looms, cards], publish_date=now - timedelta(days=1))
    make_article(title="Shares two", tags=[engines, looms], publish_date=now - timedelta(days=40))
    make_article(title="Shares one, newer", tags=[cards], publish_date=now - timedelta(days=10))
    make_article(title="Shares one, older", tags=[engines], publish_date=now - timedelta(days=20))
    make_article(title="Newest, no shared tag", publish_date=now - timedelta(hours=1))
    assert related_titles(client, article) == ["Shares two", "Shares one, newer", "Shares one, older"]


def test_related_articles_fall_back_to_the_newest_and_never_show_unpublished_or_itself(
    client, published_article, draft_article, scheduled_article
):
    tag = make_tag()
    for fixture in (published_article, draft_article, scheduled_article):
        fixture.tags.add(tag)
    newest = make_article(title="Newest other", publish_date=timezone.now() - timedelta(hours=1))
    assert related_titles(client, published_article) == [newest.title]


def test_an_article_alone_on_the_site_has_no_related_section(client, published_article):
    assert related_titles(client, published_article) == []


def test_translations_are_not_offered_again_as_related_articles(client, published_article):
    translation = make_article(title="Una pieza publicada", language="es")
    published_article.translations.add(translation)
    other = make_article(title="Another piece")
    assert related_titles(client, published_article) == [other.title]


def test_translations_are_listed_by_language_then_slug_whatever_order_they_were_made_or_linked_in(
    client, published_article
):
    # Without the slug the order of two translations in one language is whatever the database returns, which
    # changes with its query plan: a page rebuilt after an import could differ from the page before it.
    made = [
        make_article(title=title, slug=slug, language=language)
        for title, slug, language in [
            ("Bee", "bee", "en"),
            ("Ça", "ca", "fr"),
            ("Ay", "ay", "en"),
            ("Zed", "zed", "en"),
        ]
    ]
    published_article.translations.add(*reversed(made))
    html = page_text(client.get(published_article.get_absolute_url()))
    listed = html.split('<p class="translations">', 1)[1].split("</p>", 1)[0]
    assert [link.split('"', 1)[0] for link in listed.split('href="')[1:]] == [
        f"/articles/{slug}/" for slug in ("ay", "bee", "zed", "ca")
    ]


def test_a_translations_language_is_named_whatever_the_case_of_its_code(client, published_article):
    published_article.translations.add(
        make_article(title="Brasil", slug="brasil", language="pt-BR"),
        make_article(title="Hans", slug="hans", language="zh-Hans"),
    )
    listed = page_text(client.get(published_article.get_absolute_url())).split('<p class="translations">', 1)[1]
    assert 'hreflang="pt-BR" lang="pt-BR">Português Brasileiro</a>' in listed
    assert 'hreflang="zh-Hans" lang="zh-Hans">简体中文</a>' in listed


# Author and tag pages exist while they have a published article, as an article's page does once published


def test_an_author_or_tag_whose_articles_are_all_unpublished_answers_404(staff_client, author, tag):
    make_unpublished_articles(author=author, tags=[tag])
    for url in (author.get_absolute_url(), tag.get_absolute_url()):
        assert Client().get(url).status_code == 404
        # These pages never preview unpublished articles, so staff have nothing to see either.
        assert staff_client.get(url).status_code == 404


def test_an_author_or_tag_without_any_article_answers_404(client, author, tag):
    assert client.get(author.get_absolute_url()).status_code == 404
    assert client.get(tag.get_absolute_url()).status_code == 404


def test_one_published_article_is_enough_for_an_author_or_tag_page(client, author, tag):
    make_unpublished_articles(author=author, tags=[tag])
    make_article(title="The one published piece", author=author, tags=[tag])
    for url in (author.get_absolute_url(), tag.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert "The one published piece" in page_text(response)


def test_an_author_or_tag_page_appears_when_a_scheduled_article_comes_out(client, author, tag, monkeypatch):
    scheduled = make_article(author=author, tags=[tag], publish_date=timezone.now() + timedelta(hours=1))
    assert client.get(author.get_absolute_url()).status_code == 404
    later = scheduled.publish_date + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(author.get_absolute_url()).status_code == 200
    assert client.get(tag.get_absolute_url()).status_code == 200


def test_every_page_offers_the_site_search(client, published_article):
    html = page_text(client.get(published_article.get_absolute_url()))
    assert f'action="{reverse("articles:search")}" method="get"' in html
    assert 'name="q"' in html


def _fail_in_python(*args, **kwargs):
    raise RuntimeError("the database went away")


def _fail_in_the_database(*args, **kwargs):
    # A real database error on a database that has all its migrations: a fault, not the operator's to fix.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM the_database_went_away")


@pytest.mark.parametrize("fail", [_fail_in_python, _fail_in_the_database])
def test_a_server_error_shows_the_friendly_500_page(client, db, monkeypatch, fail):
    monkeypatch.setattr("articles.views.HomeView.get_queryset", fail)
    client.raise_request_exception = False
    response = client.get(reverse("articles:home"))
    assert response.status_code == 500
    html = page_text(response)
    assert "Something went wrong on our side" in html
    assert "the database went away" not in html


def test_a_page_the_database_fails_for_the_operator_to_fix_is_the_503_page(client, db, unreachable_database):
    client.raise_request_exception = False
    response = client.get(reverse("articles:home"))
    assert response.status_code == 503
    html = page_text(response)
    assert "The site is not available just now" in html
    assert "DATABASE_URL" not in html


def test_a_body_opening_with_the_hero_image_shows_it_once_as_the_hero(client, author):
    article = make_article(author=author, hero_image_url=HERO_URL, body=f"![Gears]({HERO_URL})\n\nThe text.\n")
    html = page_text(client.get(article.get_absolute_url()))
    assert html.count(f'<img src="{HERO_URL}"') == 1
    assert 'fetchpriority="high"' in html
    assert "<p>The text.</p>" in html


def test_a_captioned_opening_copy_of_the_hero_stays_in_the_body_and_the_hero_gives_way(client, author):
    article = make_article(author=author, hero_image_url=HERO_URL, body=f'![Gears]({HERO_URL} "Gears at rest")\n')
    html = page_text(client.get(article.get_absolute_url()))
    assert html.count(f'<img src="{HERO_URL}"') == 1
    assert "<figcaption>Gears at rest</figcaption>" in html
    assert 'class="hero"' not in html


def test_a_body_opening_with_another_image_keeps_both(client, author):
    other = "https://images.example.com/other.jpg"
    article = make_article(author=author, hero_image_url=HERO_URL, body=f"![Other]({other})\n\n![Gears]({HERO_URL})\n")
    html = page_text(client.get(article.get_absolute_url()))
    assert html.count(f'<img src="{HERO_URL}"') == 2
    assert f'<img src="{other}"' in html
