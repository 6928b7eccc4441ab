"""An article's way from draft, through review, to scheduled and published, and back to draft."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import admin_form_data, make_article, make_tag

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def run_action(client, action, *articles):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [a.pk for a in articles]})


def status_of(article) -> str:
    return Article.objects.get(pk=article.pk).status


def test_a_writer_submits_their_draft_for_review_with_the_action(writer_client, writers_draft):
    run_action(writer_client, "submit_for_review", writers_draft)
    assert status_of(writers_draft) == Article.Status.REVIEW


def test_submit_for_review_skips_articles_the_writer_may_not_edit(writer_client, other_writer):
    theirs = make_article(author=other_writer.author, status="draft", publish_date=None)
    run_action(writer_client, "submit_for_review", theirs)
    assert status_of(theirs) == Article.Status.DRAFT


def test_a_writer_can_take_their_article_back_from_review_to_draft(writer_client, writers_draft):
    writers_draft.status = Article.Status.REVIEW
    writers_draft.save()
    response = writer_client.post(change_url(writers_draft), admin_form_data(writers_draft, status="draft"))
    assert response.status_code == 302
    assert status_of(writers_draft) == Article.Status.DRAFT


def test_an_editor_publishes_an_article_in_review_with_the_action(editor_client, writers_draft):
    writers_draft.status = Article.Status.REVIEW
    writers_draft.save()
    run_action(editor_client, "publish", writers_draft)
    article = Article.objects.get(pk=writers_draft.pk)
    assert article.status == Article.Status.PUBLISHED
    assert article.is_published()


def test_an_editor_schedules_an_article_with_a_future_date(editor_client, writers_draft):
    later = timezone.localtime() + timedelta(days=2)
    data = admin_form_data(
        writers_draft,
        status="published",
        publish_date_0=later.strftime("%Y-%m-%d"),
        publish_date_1=later.strftime("%H:%M:%S"),
    )
    assert editor_client.post(change_url(writers_draft), data).status_code == 302
    article = Article.objects.get(pk=writers_draft.pk)
    assert article.is_scheduled()
    assert article.state_label == "Scheduled"


def test_saving_a_scheduled_article_says_when_readers_will_see_it(editor_client, writers_draft):
    later = timezone.localtime().replace(second=0, microsecond=0) + timedelta(days=2)
    data = admin_form_data(
        writers_draft,
        status="published",
        publish_date_0=later.strftime("%Y-%m-%d"),
        publish_date_1=later.strftime("%H:%M:%S"),
        _continue="Save and continue editing",
    )

    page = editor_client.post(change_url(writers_draft), data, follow=True)

    said = [str(message) for message in page.context["messages"]]
    assert f"Scheduled: readers see it from {later.day} {later:%B %Y, %H:%M}" in " ".join(said), said
    draft_saved = editor_client.post(
        change_url(writers_draft),
        admin_form_data(Article.objects.get(pk=writers_draft.pk), status="draft"),
        follow=True,
    )
    assert not any("Scheduled" in str(message) for message in draft_saved.context["messages"])


def test_an_editor_publishing_without_a_date_publishes_now(editor_client, writers_draft):
    before = timezone.now()
    data = admin_form_data(writers_draft, status="published", publish_date_0="", publish_date_1="")

    assert editor_client.post(change_url(writers_draft), data).status_code == 302

    article = Article.objects.get(pk=writers_draft.pk)
    assert before <= article.publish_date <= timezone.now()
    assert article.is_published()


def test_the_read_time_box_shows_what_the_text_gives_when_left_empty(editor_client):
    article = make_article(body="word " * 700 + "\n\n![A map](/static/x.png)\n")

    page = editor_client.get(change_url(article)).content.decode()

    assert 'placeholder="3 min read, from the text"' in page
    assert page.count(">Read time") == 1


def test_an_editor_unpublishes_an_article_back_to_draft(editor_client, published_article):
    run_action(editor_client, "unpublish", published_article)
    assert status_of(published_article) == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=published_article.pk).exists()


def test_the_changelist_labels_every_state(editor_client, writers_draft, published_article, scheduled_article):
    make_article(title="Waiting", status="review", publish_date=None)
    content = editor_client.get(CHANGELIST).content.decode()
    for label in ("Draft", "In review", "Scheduled", "Published"):
        assert f'<td class="field-status_label">{label}</td>' in content


def test_the_state_filter_finds_each_state(editor_client, writers_draft, published_article, scheduled_article):
    waiting = make_article(title="Waiting", status="review", publish_date=None)
    expected = {
        "draft": writers_draft,
        "review": waiting,
        "scheduled": scheduled_article,
        "published": published_article,
    }
    for state, article in expected.items():
        shown = list(editor_client.get(CHANGELIST, {"state": state}).context["cl"].result_list)
        assert shown == [article], state


def test_editors_see_how_many_articles_wait_for_review(editor_client):
    make_article(status="review", publish_date=None)
    make_article(status="review", publish_date=None)
    content = editor_client.get(CHANGELIST).content.decode()
    assert "2 articles waiting for review" in content
    assert 'href="?state=review"' in content


def test_the_changelist_filters_by_author_and_tag_and_drills_down_by_date(editor_client):
    make_article(tags=[make_tag()])
    make_article(tags=[make_tag()])
    filters = editor_client.get(CHANGELIST).context["cl"]
    assert [spec.title for spec in filters.filter_specs] == ["state", "author", "tags"]
    assert filters.date_hierarchy == "publish_date"


def test_a_scheduled_article_appears_when_its_time_comes(client, scheduled_article, monkeypatch):
    url = scheduled_article.get_absolute_url()
    assert client.get(url).status_code == 404
    assert scheduled_article not in Article.objects.published()
    later = scheduled_article.publish_date + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(url).status_code == 200
    assert scheduled_article.title in client.get(reverse("articles:home")).content.decode()


def test_an_article_in_review_is_hidden_from_readers_and_previewed_for_staff(client, editor_client):
    waiting = make_article(status="review", publish_date=timezone.now() - timedelta(days=1))
    assert client.get(waiting.get_absolute_url()).status_code == 404
    response = editor_client.get(waiting.get_absolute_url())
    assert response.status_code == 200
    assert "This article is in review" in response.content.decode()
