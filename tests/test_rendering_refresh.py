"""render_articles: after an upgrade, stored HTML is made anew from the text, and nothing an editor wrote moves."""

from io import StringIO

import pytest
from django.core.management import call_command
from reversion.models import Version

from articles import rendering_refresh
from articles.models import Article, Author, StoredPage
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

BODY = "## A section\n\nThe HTML of it.\n\n*[HTML]: Hyper Text Markup Language\n"


def render_articles(*args: str) -> str:
    out = StringIO()
    call_command("render_articles", *args, stdout=out)
    return out.getvalue()


def rendered_by_an_earlier_release(article: Article) -> Article:
    """The row as an earlier Folio stored it, its abbreviation shown as text."""
    Article.objects.filter(pk=article.pk).update(
        body_html="<p>The HTML of it.</p>\n<p>*[HTML]: Hyper Text Markup Language</p>\n", toc=[], word_count=1
    )
    return Article.objects.get(pk=article.pk)


def test_an_article_rendered_by_an_earlier_release_gets_the_html_its_text_renders_to_now():
    article = make_article(body=BODY)
    fresh = Article.objects.get(pk=article.pk)
    old = rendered_by_an_earlier_release(article)

    assert render_articles() == "1 of 1 articles and 0 of 1 author bios changed.\n"

    now = Article.objects.get(pk=article.pk)
    assert now.body_html == fresh.body_html
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in now.body_html
    assert now.toc == fresh.toc and now.word_count == fresh.word_count
    # What the editor wrote, and the number their open form was based on, are as they were.
    assert (now.body, now.title, now.version, now.revised_at) == (old.body, old.title, old.version, old.revised_at)
    assert now.updated_at > old.updated_at
    assert Version.objects.count() == 0


def test_a_second_run_changes_nothing():
    make_article(body=BODY)
    make_author(bio="Writes *daily*.")
    render_articles()
    assert render_articles() == "0 of 1 articles and 0 of 2 author bios changed.\n"


def test_an_author_bio_rendered_by_an_earlier_release_is_rendered_again():
    author = make_author(bio="Writes about the W3C.\n\n*[W3C]: World Wide Web Consortium\n")
    Author.objects.filter(pk=author.pk).update(bio_html="<p>old</p>")
    assert render_articles() == "0 of 0 articles and 1 of 1 author bios changed.\n"
    assert '<abbr title="World Wide Web Consortium">W3C</abbr>' in Author.objects.get(pk=author.pk).bio_html


def test_a_dry_run_counts_and_stores_nothing():
    article = make_article(body=BODY)
    old = rendered_by_an_earlier_release(article)
    assert render_articles("--dry-run") == "1 of 1 articles and 0 of 1 author bios would change.\n"
    assert Article.objects.get(pk=article.pk).body_html == old.body_html


def test_an_article_saved_while_it_was_rendered_keeps_what_its_save_stored(monkeypatch):
    article = rendered_by_an_earlier_release(make_article(body=BODY))
    real_refresh = Article.refresh_rendering

    def refresh_while_an_editor_saves(self):
        real_refresh(self)
        monkeypatch.setattr(Article, "refresh_rendering", real_refresh)
        editor_copy = Article.objects.get(pk=self.pk)
        editor_copy.body = "An editor's new text."
        editor_copy.save()

    monkeypatch.setattr(Article, "refresh_rendering", refresh_while_an_editor_saves)
    report = rendering_refresh.refresh_renderings()

    assert report.articles_changed == 0
    assert Article.objects.get(pk=article.pk).body_html == "<p>An editor's new text.</p>\n"


@pytest.mark.usefixtures("stored_pages_on")
def test_the_stored_page_of_an_article_rendered_again_is_rebuilt(client):
    article = rendered_by_an_earlier_release(make_article(body=BODY))
    assert "*[HTML]:" in client.get(article.get_absolute_url()).content.decode()
    assert StoredPage.objects.filter(path=article.get_absolute_url()).exists()

    render_articles()

    page = client.get(article.get_absolute_url()).content.decode()
    assert "*[HTML]:" not in page
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in page
