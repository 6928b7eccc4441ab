"""A published article that changes its slug keeps its old address working with a permanent redirect."""

from django.urls import reverse

from articles.models import OldAddress
from tests.factories import admin_form_data, make_article


def test_changing_a_published_articles_slug_in_the_admin_redirects_the_old_url(editor_client, client):
    article = make_article(slug="old-name")
    old_url = article.get_absolute_url()
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert editor_client.post(url, admin_form_data(article, slug="new-name")).status_code == 302
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == reverse("articles:article", args=["new-name"])
    assert client.get(response["Location"]).status_code == 200


def test_every_earlier_slug_leads_to_the_current_one(client, db):
    article = make_article(slug="first")
    for slug in ("second", "third"):
        article.slug = slug
        article.save()
    for old in ("first", "second"):
        response = client.get(reverse("articles:article", args=[old]))
        assert response.status_code == 301
        assert response["Location"] == reverse("articles:article", args=["third"])


def test_renaming_a_draft_leaves_no_redirect(db):
    article = make_article(slug="draft-name", status="draft", publish_date=None)
    article.slug = "better-name"
    article.save()
    assert not OldAddress.objects.exists()


def test_an_article_taking_an_old_slug_wins_over_the_redirect(client, db):
    moved = make_article(title="The first holder", slug="shared-name")
    moved.slug = "moved-away"
    moved.save()
    newcomer = make_article(title="The newcomer", slug="shared-name")
    response = client.get(reverse("articles:article", args=["shared-name"]))
    assert response.status_code == 200
    assert f"<h1>{newcomer.title}</h1>" in response.content.decode()
    assert not OldAddress.objects.filter(path="/articles/shared-name/").exists()


def test_an_unknown_slug_is_still_a_404(client, db):
    assert client.get(reverse("articles:article", args=["never-was"])).status_code == 404
