"""Webhooks: every way an article changes announces it once, signed, to a real receiver on 127.0.0.1; failures are
retried with backoff and logged; many senders never send one delivery twice; the app server sends them itself."""

import re
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from articles import triggers, webhooks
from articles.models import AnnouncedArticle, Article, Webhook, WebhookDelivery, WebhookOutbox
from tests.factories import admin_form_data, article_form_data, make_article, make_tag, make_webhook
from tests.markdown_files import article_text, run, write
from tests.servers import ROOT, gunicorn, install, manage, production_env

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parent.parent / "docs" / "webhooks.md"


def documented_verify():
    """verify_folio_signature() exactly as docs/webhooks.md gives it to receivers."""
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    (code,) = [block for block in blocks if "def verify_folio_signature" in block]
    namespace = {}
    exec(code, namespace)
    return namespace["verify_folio_signature"]


verify_folio_signature = documented_verify()


def settle(receiver):
    """Whatever the fixtures did is announced and delivered, so that a test sees only its own events."""
    webhooks.run_once()
    receiver.requests.clear()


def delivered(receiver, *, now=None) -> list[tuple[str, str]]:
    """One sender round, then the (event, slug) pairs the receiver got in it."""
    webhooks.run_once(now=now)
    events = receiver.events()
    receiver.requests.clear()
    return events


def edit_in_admin(client, article, **changes) -> None:
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), admin_form_data(article, **changes)
    )
    assert response.status_code == 302


# Each event, from each way of writing.


def test_publishing_in_the_admin_sends_article_published_signed_with_the_webhook_secret(
    editor_client, editor, webhook, receiver
):
    tag = make_tag(name="Craft", slug="craft")
    data = article_form_data(editor.author, status="published", publish_date_0="2024-05-01", tags=[tag.pk])
    data["publish_date_1"] = "09:00:00"
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302

    webhooks.run_once()
    (request,) = receiver.wait_for(1)
    body = request["json"]
    assert body["event"] == "article.published"
    assert body["article"] == {
        "id": Article.objects.get(slug="notes-on-the-engine").pk,
        "slug": "notes-on-the-engine",
        "title": "Notes on the engine",
        "url": "http://127.0.0.1:8000/articles/notes-on-the-engine/",
        "api_url": "http://127.0.0.1:8000/api/v1/articles/notes-on-the-engine/",
        "author": editor.author.slug,
        "tags": ["craft"],
    }
    assert "previous" not in body
    headers = request["headers"]
    assert headers["Folio-Event"] == "article.published"
    assert headers["Folio-Delivery"] == body["id"]
    assert headers["Content-Type"] == "application/json"
    assert verify_folio_signature(webhook.secret, headers["Folio-Signature"], request["body"])
    assert not verify_folio_signature("another secret", headers["Folio-Signature"], request["body"])
    assert not verify_folio_signature(webhook.secret, headers["Folio-Signature"], request["body"] + b" ")


def test_the_documented_check_refuses_an_old_timestamp():
    body = b'{"event":"article.updated"}'
    old = webhooks.signature("s3cret", int(timezone.now().timestamp()) - 3600, body)
    fresh = webhooks.signature("s3cret", int(timezone.now().timestamp()), body)
    assert not verify_folio_signature("s3cret", old, body)
    assert verify_folio_signature("s3cret", fresh, body)
    assert not verify_folio_signature("s3cret", "garbage", body)


def test_saving_drafts_and_articles_in_review_sends_nothing_and_notes_nothing(editor_client, editor, webhook, receiver):
    # A flush by an earlier transactional test deletes articles on SQLite row by row, which the triggers note.
    WebhookOutbox.objects.all().delete()
    data = article_form_data(editor.author, status="draft")
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="notes-on-the-engine")
    Article.objects.filter(pk=article.pk).update(status="review", title="Still not out")
    article.tags.add(make_tag())
    assert not WebhookOutbox.objects.exists()
    assert delivered(receiver) == []


def test_editing_a_published_article_in_the_admin_sends_article_updated_with_what_was_shown(
    editor_client, published_article, webhook, receiver
):
    settle(receiver)
    edit_in_admin(editor_client, published_article, title="A retitled piece")
    webhooks.run_once()
    (request,) = receiver.requests
    body = request["json"]
    assert body["event"] == "article.updated"
    assert body["article"]["title"] == "A retitled piece"
    assert body["previous"]["title"] == "A published piece"
    assert body["slug_changed"] is False


def test_unpublishing_with_the_admin_action_sends_article_unpublished(
    editor_client, published_article, webhook, receiver
):
    settle(receiver)
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [published_article.pk]})
    assert delivered(receiver) == [("article.unpublished", "a-published-piece")]


def test_deleting_a_published_article_sends_article_deleted_with_its_last_address_and_a_draft_sends_nothing(
    editor_client, published_article, draft_article, webhook, receiver
):
    settle(receiver)
    for article in (published_article, draft_article):
        response = editor_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
        assert response.status_code == 302
    webhooks.run_once()
    (request,) = receiver.requests
    body = request["json"]
    assert body["event"] == "article.deleted"
    assert body["article"]["url"] == "http://127.0.0.1:8000/articles/a-published-piece/"
    assert body["previous"]["author"] == "ada-lovelace"
    assert not AnnouncedArticle.objects.filter(article_id=published_article.pk).exists()


def test_import_markdown_sends_published_for_a_new_file_and_updated_for_a_changed_one(
    site, media_root, webhook, receiver
):
    write(site, "harbour.md", article_text(title="'Harbour lights'", slug="harbour"))
    assert run(site)[0] == 0
    assert delivered(receiver) == [("article.published", "harbour")]
    write(site, "harbour.md", article_text(title="'Harbour lights at dusk'", slug="harbour"))
    assert run(site)[0] == 0
    assert delivered(receiver) == [("article.updated", "harbour")]


@pytest.mark.parametrize(
    ("write", "event"),
    [
        pytest.param(
            lambda a: Article.objects.filter(pk=a.pk).update(title="In place"), "article.updated", id="update"
        ),
        pytest.param(
            lambda a: Article.objects.filter(pk=a.pk).update(status="draft"), "article.unpublished", id="update-status"
        ),
        pytest.param(
            lambda a: Article.objects.filter(pk=a.pk).update(publish_date=timezone.now() + timedelta(days=2)),
            "article.unpublished",
            id="update-rescheduled",
        ),
        pytest.param(lambda a: a.tags.add(make_tag()), "article.updated", id="tag-added"),
        pytest.param(lambda a: a.tags.clear(), "article.updated", id="tags-cleared"),
        pytest.param(lambda a: Article.objects.filter(pk=a.pk).delete(), "article.deleted", id="queryset-delete"),
        pytest.param(
            lambda a: connection.cursor().execute("UPDATE articles_article SET title = 'Raw' WHERE id = %s", [a.pk]),
            "article.updated",
            id="raw-sql-update",
        ),
        pytest.param(
            lambda a: connection.cursor().execute("DELETE FROM articles_article_tags WHERE article_id = %s", [a.pk]),
            "article.updated",
            id="raw-sql-untag",
        ),
    ],
)
def test_every_way_of_writing_a_public_article_sends_its_event(write, event, webhook, receiver):
    article = make_article(slug="harbour", tags=[make_tag()])
    settle(receiver)
    write(article)
    assert delivered(receiver) == [(event, "harbour")]


def test_bulk_created_articles_are_announced_as_published_and_a_bulk_update_unpublishes_them(author, webhook, receiver):
    yesterday = timezone.now() - timedelta(days=1)
    Article.objects.bulk_create(
        [
            Article(title=f"Bulk {n}", slug=f"bulk-{n}", author=author, status="published", publish_date=yesterday)
            for n in (1, 2)
        ]
    )
    assert sorted(delivered(receiver)) == [("article.published", "bulk-1"), ("article.published", "bulk-2")]
    Article.objects.filter(slug__startswith="bulk").update(status="draft")
    assert sorted(delivered(receiver)) == [("article.unpublished", "bulk-1"), ("article.unpublished", "bulk-2")]


def test_many_writes_before_the_sender_looks_make_one_event(published_article, webhook, receiver):
    settle(receiver)
    for n in range(5):
        Article.objects.filter(pk=published_article.pk).update(title=f"Take {n}")
    published_article.tags.add(make_tag())
    assert delivered(receiver) == [("article.updated", "a-published-piece")]


def test_an_imported_article_with_its_tag_links_and_its_batch_update_notes_one_outbox_row(
    site, media_root, webhook, receiver
):
    settle(receiver)
    for n in range(3):
        write(site, f"harbour-{n}.md", article_text(slug=f"harbour-{n}", tags="[boats, tides, lights]"))
    assert run(site)[0] == 0
    assert Article.objects.get(slug="harbour-0").tags.count() == 3
    rows = list(WebhookOutbox.objects.values_list("article_id", flat=True))
    assert sorted(rows) == sorted(Article.objects.values_list("pk", flat=True))
    assert sorted(delivered(receiver)) == [("article.published", f"harbour-{n}") for n in range(3)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's write lock keeps the announcer and a writer apart"
)
def test_a_write_while_the_announcer_holds_the_articles_row_notes_a_row_of_its_own(author):
    article = make_article(slug="harbour", author=author)  # committed, with its row due at once
    taken, written = threading.Event(), threading.Event()

    def announcer():
        try:
            # What announce_changes does: take the rows, then read the article, before the write below commits.
            with transaction.atomic():
                WebhookOutbox.objects.filter(article_id=article.pk).delete()
                assert Article.objects.get(pk=article.pk).title == article.title
                taken.set()
                written.wait(30)
        finally:
            connections.close_all()

    looker = threading.Thread(target=announcer)
    looker.start()
    assert taken.wait(30)
    Article.objects.filter(pk=article.pk).update(title="Written while it looked")
    written.set()
    looker.join(60)
    assert list(WebhookOutbox.objects.values_list("article_id", flat=True)) == [article.pk]


def test_published_then_taken_back_before_the_sender_looks_sends_nothing(draft_article, webhook, receiver):
    settle(receiver)
    Article.objects.filter(pk=draft_article.pk).update(status="published", publish_date=timezone.now())
    Article.objects.filter(pk=draft_article.pk).update(status="draft")
    assert delivered(receiver) == []


# Scheduled articles.


def test_a_scheduled_article_is_announced_when_its_time_comes_and_not_before(author, webhook, receiver):
    at = timezone.now() + timedelta(hours=2)
    make_article(slug="tomorrow", author=author, publish_date=at)
    assert delivered(receiver) == []
    assert webhooks.next_due() == at
    assert delivered(receiver, now=at - timedelta(seconds=1)) == []
    assert delivered(receiver, now=at) == [("article.published", "tomorrow")]
    assert delivered(receiver, now=at + timedelta(hours=1)) == []


def test_a_scheduled_article_unpublished_before_its_time_is_never_announced(scheduled_article, webhook, receiver):
    Article.objects.filter(pk=scheduled_article.pk).update(status="draft")
    assert delivered(receiver, now=scheduled_article.publish_date + timedelta(days=1)) == []


def test_a_rescheduled_article_is_announced_at_its_new_time_only(scheduled_article, webhook, receiver):
    old = scheduled_article.publish_date
    new = old + timedelta(days=2)
    Article.objects.filter(pk=scheduled_article.pk).update(publish_date=new)
    assert delivered(receiver, now=old + timedelta(minutes=1)) == []
    assert delivered(receiver, now=new) == [("article.published", "a-scheduled-piece")]


def test_a_public_article_rescheduled_into_the_future_is_unpublished_then_published_again(
    published_article, webhook, receiver
):
    settle(receiver)
    later = timezone.now() + timedelta(hours=1)
    Article.objects.filter(pk=published_article.pk).update(publish_date=later)
    assert delivered(receiver) == [("article.unpublished", "a-published-piece")]
    assert delivered(receiver, now=later) == [("article.published", "a-published-piece")]


# Slugs.


def test_a_slug_change_gives_the_old_slug_and_address_so_the_old_page_can_be_dropped(
    editor_client, published_article, webhook, receiver
):
    settle(receiver)
    edit_in_admin(editor_client, published_article, slug="a-renamed-piece")
    webhooks.run_once()
    body = receiver.requests[0]["json"]
    assert body["event"] == "article.updated"
    assert body["slug_changed"] is True
    assert body["article"]["url"] == "http://127.0.0.1:8000/articles/a-renamed-piece/"
    assert body["previous"]["slug"] == "a-published-piece"
    assert body["previous"]["url"] == "http://127.0.0.1:8000/articles/a-published-piece/"
    assert body["previous"]["api_url"] == "http://127.0.0.1:8000/api/v1/articles/a-published-piece/"


def test_a_retagged_article_gives_its_previous_tags_so_their_lists_can_be_rebuilt(webhook, receiver):
    old, new = make_tag(slug="old-topic"), make_tag(slug="new-topic")
    article = make_article(tags=[old])
    settle(receiver)
    article.set_tags([new])
    webhooks.run_once()
    body = receiver.requests[0]["json"]
    assert (body["article"]["tags"], body["previous"]["tags"]) == (["new-topic"], ["old-topic"])


# Which webhooks get what.


def test_a_webhook_gets_only_the_events_it_chose_and_an_inactive_one_gets_nothing(published_article, receiver):
    settle(receiver)
    make_webhook(url=receiver.url + "/deleted-only", events=["article.deleted"])
    make_webhook(url=receiver.url + "/inactive", active=False)
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    assert delivered(receiver) == []
    Article.objects.filter(pk=published_article.pk).delete()
    webhooks.run_once()
    assert [request["path"] for request in receiver.requests] == ["/hooks/deleted-only"]


def test_a_webhook_address_must_be_http_or_https():
    for url in ("ftp://example.org/hook", "javascript:alert(1)", "example", "file:///etc/passwd"):
        with pytest.raises(ValidationError) as error:
            Webhook(url=url).full_clean()
        assert "url" in error.value.message_dict, url
    Webhook(url="https://build.example.org/hooks/folio").full_clean()
    with pytest.raises(ValidationError):
        Webhook(url="https://example.org", events=["article.exploded"]).full_clean()


# Failures, retries and the log.


def test_a_failing_receiver_is_retried_with_backoff_and_given_up_after_the_last_attempt(
    published_article, webhook, receiver
):
    settle(receiver)
    receiver.answer(500, times=10)
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    now = timezone.now()  # after the write: the outbox row is due from the moment it was written
    webhooks.run_once(now=now)
    delivery = WebhookDelivery.objects.get(event="article.updated")
    waits = []
    for _ in webhooks.RETRY_AFTER:
        assert (delivery.state, delivery.status_code) == ("pending", 500)
        assert "HTTP 500" in delivery.error
        waits.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at
        assert webhooks.send_due(now=now - timedelta(seconds=1)) == 0  # not before its time
        webhooks.run_once(now=now)
        delivery.refresh_from_db()
    assert waits == [30, 120, 600, 3600, 6 * 3600]
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == ("failed", 6, None)
    assert len(receiver.requests) == 6
    assert len({request["headers"]["Folio-Delivery"] for request in receiver.requests}) == 1
    webhook.refresh_from_db()
    assert (webhook.last_status, webhook.last_delivery_at) == (500, now)
    assert "HTTP 500" in webhook.last_error


def test_a_receiver_that_recovers_gets_the_delivery_on_the_next_attempt(published_article, webhook, receiver):
    settle(receiver)
    receiver.answer(503)
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    now = timezone.now()  # after the write: the outbox row is due from the moment it was written
    webhooks.run_once(now=now)
    webhooks.run_once(now=now + timedelta(seconds=30))
    delivery = WebhookDelivery.objects.get(event="article.updated")
    assert (delivery.state, delivery.attempts, delivery.status_code, delivery.error) == ("delivered", 2, 200, "")
    assert delivery.delivered_at == now + timedelta(seconds=30)
    webhook.refresh_from_db()
    assert (webhook.last_status, webhook.last_error) == (200, "")


def test_a_hanging_receiver_times_out_with_a_clear_error(settings, published_article, webhook, receiver):
    settle(receiver)
    settings.WEBHOOK_TIMEOUT = 0.5
    receiver.answer(200, delay=30)
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    webhooks.run_once()
    delivery = WebhookDelivery.objects.get(event="article.updated")
    assert (delivery.state, delivery.status_code, delivery.error) == ("pending", None, "No answer within 0.5 s.")


def test_an_unreachable_receiver_is_logged_as_the_error(published_article, receiver):
    settle(receiver)
    closed = f"http://127.0.0.1:{_closed_port()}/hooks"
    webhook = make_webhook(url=closed)
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    webhooks.run_once()
    delivery = WebhookDelivery.objects.get(event="article.updated")
    assert delivery.state == "pending"
    assert delivery.error.startswith("Could not deliver: ConnectionRefusedError")
    webhook.refresh_from_db()
    assert webhook.last_status is None
    assert webhook.last_error == delivery.error


def test_a_redirect_is_a_failure_and_is_not_followed(published_article, webhook, receiver):
    settle(receiver)
    receiver.answer(302, headers={"Location": receiver.url + "/elsewhere"})
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    webhooks.run_once()
    delivery = WebhookDelivery.objects.get(event="article.updated")
    assert (delivery.state, delivery.status_code) == ("pending", 302)
    assert "not followed" in delivery.error
    assert [request["path"] for request in receiver.requests] == ["/hooks"]


def test_finished_deliveries_older_than_the_log_days_are_pruned_by_the_sender(
    settings, published_article, webhook, receiver
):
    settings.WEBHOOK_LOG_DAYS = 30
    now = timezone.now()
    webhooks.run_once(now=now)
    assert WebhookDelivery.objects.filter(state="delivered").count() == 1
    receiver.answer(500, times=10)
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    now = timezone.now()
    webhooks.run_once(now=now)
    assert WebhookDelivery.objects.filter(state="pending").count() == 1
    webhooks.run_once(now=now + timedelta(days=31))
    assert list(WebhookDelivery.objects.values_list("state", flat=True)) == ["pending"]


def test_send_webhooks_command_runs_one_round(published_article, webhook, receiver, capsys):
    call_command("send_webhooks")
    assert receiver.events() == [("article.published", "a-published-piece")]
    assert "1 events announced, 1 deliveries tried." in capsys.readouterr().out


# Many senders at once.


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share SQLite's in-memory test database")
def test_two_sender_threads_never_send_one_delivery_twice(author, receiver):
    make_webhook(url=receiver.url)
    make_webhook(url=receiver.url + "/second")
    for n in range(15):
        make_article(slug=f"race-{n}", author=author)
    start = threading.Barrier(3)

    def sender():
        try:
            start.wait(30)
            webhooks.run_once()
        finally:
            connections.close_all()

    racers = [threading.Thread(target=sender) for _ in range(3)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(120)
    webhooks.run_once()  # whatever a racer skipped (the outbox step runs in one of them at a time)
    ids = [request["headers"]["Folio-Delivery"] for request in receiver.wait_for(30)]
    assert len(ids) == 30
    assert len(set(ids)) == 30
    assert WebhookDelivery.objects.filter(state="delivered").count() == 30


def test_two_sender_processes_never_send_one_delivery_twice(tmp_path, receiver):
    env = production_env(tmp_path)
    install(env)
    setup = (
        "from articles.models import Article, Author, Webhook; from django.utils import timezone;"
        "a = Author.objects.create(name='A', slug='a');"
        f"Webhook.objects.create(url='{receiver.url}'); Webhook.objects.create(url='{receiver.url}/second');"
        "[Article.objects.create(title=f'T{n}', slug=f'race-{n}', author=a, status='published',"
        " publish_date=timezone.now()) for n in range(15)];"
        "from articles.webhooks import announce_changes; announce_changes()"
    )
    result = manage(env, "shell", "-c", setup)
    assert result.returncode == 0, result.stderr
    receiver.answer(200, delay=0.05, times=30)  # slow enough that the two overlap
    senders = [
        subprocess.Popen([sys.executable, "manage.py", "send_webhooks"], cwd=ROOT, env=env, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for sender in senders:
        assert sender.wait(timeout=120) == 0, sender.stderr.read().decode()
        sender.stderr.close()
    ids = [request["headers"]["Folio-Delivery"] for request in receiver.wait_for(30)]
    assert len(ids) == 30
    assert len(set(ids)) == 30


# The app server sends them itself.


def test_the_app_server_announces_a_scheduled_article_when_its_time_comes_with_no_command_run(tmp_path, receiver):
    env = production_env(tmp_path, WEBHOOK_POLL_SECONDS="1")
    install(env)
    webhook_made = manage(
        env,
        "shell",
        "-c",
        f"from articles.models import Webhook; print(Webhook.objects.create(url='{receiver.url}').secret)",
    )
    assert webhook_made.returncode == 0, webhook_made.stderr
    secret = webhook_made.stdout.strip().splitlines()[-1]
    with gunicorn(env, workers=2):
        schedule = (
            "from datetime import timedelta; from django.utils import timezone;"
            "from articles.models import Article, Author;"
            "Article.objects.create(title='Soon', slug='soon', author=Author.objects.create(name='A', slug='a'),"
            " status='published', publish_date=timezone.now() + timedelta(seconds=2))"
        )
        assert manage(env, "shell", "-c", schedule).returncode == 0
        (request,) = receiver.wait_for(1, within=90)
    assert request["json"]["event"] == "article.published"
    assert request["json"]["article"]["slug"] == "soon"
    assert verify_folio_signature(secret, request["headers"]["Folio-Signature"], request["body"])


# The triggers themselves.


def test_migrate_installs_the_webhook_triggers():
    names = triggers.installed_triggers(connection)
    assert {name for name in triggers.expected_triggers(connection.vendor) if "hooks" in name} <= names
    assert any("hooks" in name for name in names)


def _closed_port() -> int:
    from tests.servers import free_port

    return free_port()


def test_migrate_takes_the_articles_already_public_as_announced_so_turning_webhooks_on_sends_no_old_news(
    published_article, draft_article, scheduled_article, webhook, receiver
):
    from importlib import import_module

    from django.apps import apps

    WebhookOutbox.objects.all().delete()
    AnnouncedArticle.objects.all().delete()  # the site as it was before migration 0017
    import_module("articles.migrations.0019_webhooks").announce_what_readers_see(apps, None)
    assert list(AnnouncedArticle.objects.values_list("article_id", "public")) == [(published_article.pk, True)]
    Article.objects.filter(pk=published_article.pk).update(title="Changed")
    assert delivered(receiver) == [("article.updated", "a-published-piece")]
