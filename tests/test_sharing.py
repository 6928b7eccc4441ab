"""Share links show one unpublished article to someone without an account, until they expire or are revoked."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import ShareLink
from tests.factories import make_article, make_tag


def share_url(article):
    return reverse("admin:articles_article_share", args=[article.pk])


def test_an_editor_creates_a_share_link_from_the_article_page(editor, editor_client, writers_draft):
    response = editor_client.post(share_url(writers_draft), {"days": "1"})
    assert response.status_code == 302
    link = ShareLink.objects.get(article=writers_draft)
    assert link.created_by == editor
    assert timedelta(hours=23) < link.expires_at - timezone.now() <= timedelta(days=1)
    page = editor_client.get(reverse("admin:articles_article_change", args=[writers_draft.pk])).content.decode()
    assert link.absolute_url() in page


def test_a_writer_cannot_create_or_revoke_share_links(writer_client, writers_draft):
    assert writer_client.post(share_url(writers_draft)).status_code == 403
    link = ShareLink.objects.create(article=writers_draft)
    revoke = reverse("admin:articles_article_share_revoke", args=[writers_draft.pk, link.pk])
    assert writer_client.post(revoke).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_valid_share_link_shows_the_draft_to_anyone_with_a_banner_and_noindex(client, writers_draft):
    link = ShareLink.objects.create(article=writers_draft)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert writers_draft.title in content
    assert "this shared link works until" in content
    assert '<meta name="robots" content="noindex">' in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert client.get(writers_draft.get_absolute_url()).status_code == 404


def test_a_share_link_page_uses_a_fixed_number_of_queries(client, writers_draft, django_assert_num_queries):
    # The link, then the article page's own: the article, its tags, its translations, related articles and the
    # default call to action; as many for an article with more tags and related articles.
    link = ShareLink.objects.create(article=writers_draft)
    with django_assert_num_queries(6):
        assert client.get(link.get_absolute_url()).status_code == 200
    for _ in range(3):
        make_article(author=writers_draft.author, tags=[make_tag()])
    writers_draft.tags.set([make_tag() for _ in range(4)])
    with django_assert_num_queries(6):
        assert client.get(link.get_absolute_url()).status_code == 200


def test_a_share_link_shows_only_its_own_article(client, writers_draft):
    other = make_article(status="draft", publish_date=None)
    link = ShareLink.objects.create(article=writers_draft)
    shown = client.get(link.get_absolute_url()).content.decode()
    assert f"<h1>{writers_draft.title}</h1>" in shown
    assert other.title not in shown
    assert client.get(other.get_absolute_url()).status_code == 404


def test_an_expired_share_link_answers_404(client, writers_draft, monkeypatch):
    link = ShareLink.objects.create(article=writers_draft, expires_at=timezone.now() + timedelta(hours=1))
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(link.get_absolute_url()).status_code == 404


def test_a_revoked_share_link_answers_404(editor_client, client, writers_draft):
    link = ShareLink.objects.create(article=writers_draft)
    assert client.get(link.get_absolute_url()).status_code == 200
    revoke = reverse("admin:articles_article_share_revoke", args=[writers_draft.pk, link.pk])
    assert editor_client.post(revoke).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(link.get_absolute_url()).status_code == 404


def test_a_tampered_share_link_answers_404(client, writers_draft):
    link = ShareLink.objects.create(article=writers_draft)
    signed = link.signed_token
    token, signature = signed.rsplit(":", 1)
    assert client.get(reverse("articles:share", args=[f"{token}x:{signature}"])).status_code == 404
    assert client.get(reverse("articles:share", args=[link.token])).status_code == 404
    assert client.get(reverse("articles:share", args=[f"{token}:{signature[::-1]}"])).status_code == 404
