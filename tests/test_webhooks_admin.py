"""The webhooks' admin pages: editors manage endpoints and read the delivery log; nobody else sees either."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import webhooks
from articles.models import Webhook, WebhookDelivery
from tests.factories import make_article, make_webhook
from tests.servers import free_port
from tests.test_webhooks import verify_folio_signature

pytestmark = pytest.mark.django_db

WEBHOOKS = reverse("admin:articles_webhook_changelist")
ADD = reverse("admin:articles_webhook_add")
DELIVERIES = reverse("admin:articles_webhookdelivery_changelist")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_editor_sees_the_webhooks_and_the_delivery_log(editor_client, webhook, receiver):
    make_article(slug="harbour")
    webhooks.run_once()
    page = editor_client.get(WEBHOOKS)
    assert page.status_code == 200
    assert webhook.url in page.content.decode()
    assert "200" in page.content.decode()  # its last answer
    log = editor_client.get(DELIVERIES)
    assert log.status_code == 200
    assert "harbour" in log.content.decode()
    assert "article.published" in log.content.decode()
    delivery = WebhookDelivery.objects.get()
    assert editor_client.get(reverse("admin:articles_webhookdelivery_change", args=[delivery.pk])).status_code == 200
    assert "Webhooks" in editor_client.get(reverse("admin:index")).content.decode()


def test_writers_and_other_staff_can_neither_see_nor_change_webhooks(writer_client, webhook, django_user_model, client):
    bystander = django_user_model.objects.create_user("bystander", password="x", is_staff=True)
    client.force_login(bystander)
    change = reverse("admin:articles_webhook_change", args=[webhook.pk])
    for user_client in (writer_client, client):
        for url in (WEBHOOKS, ADD, change, DELIVERIES):
            assert user_client.get(url).status_code == 403, url
        assert user_client.post(ADD, {"url": "https://evil.example.org/"}).status_code == 403
        response = user_client.post(WEBHOOKS, {"action": "rotate_secret", "_selected_action": [webhook.pk]})
        assert response.status_code == 403
    assert "Webhook" not in writer_client.get(reverse("admin:index")).content.decode()
    assert Webhook.objects.get().secret == webhook.secret


def test_adding_a_webhook_gives_it_a_secret_shown_on_its_page(editor_client):
    data = {"url": "build.example.org/hooks/folio", "description": "Rebuild", "events": ["article.published"]}
    data["active"] = "on"
    assert editor_client.post(ADD, data).status_code == 302
    webhook = Webhook.objects.get()
    assert (webhook.url, webhook.events, webhook.active) == (
        "https://build.example.org/hooks/folio",
        ["article.published"],
        True,
    )
    assert len(webhook.secret) >= 40
    page = editor_client.get(reverse("admin:articles_webhook_change", args=[webhook.pk])).content.decode()
    assert webhook.secret in page


@pytest.mark.parametrize("url", ["ftp://example.org/hook", "javascript:alert(1)", "not an address"])
def test_the_admin_refuses_a_webhook_address_that_is_not_http_or_https_with_a_form_error(editor_client, url):
    response = editor_client.post(ADD, {"url": url, "events": ["article.published"], "active": "on"})
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not Webhook.objects.exists()


def test_rotating_the_secret_makes_a_new_one_and_signs_with_it(editor_client, webhook, receiver):
    old = webhook.secret
    response = editor_client.post(WEBHOOKS, {"action": "rotate_secret", "_selected_action": [webhook.pk]}, follow=True)
    assert response.status_code == 200
    webhook.refresh_from_db()
    assert webhook.secret != old
    make_article()
    webhooks.run_once()
    (request,) = receiver.requests
    assert verify_folio_signature(webhook.secret, request["headers"]["Folio-Signature"], request["body"])
    assert not verify_folio_signature(old, request["headers"]["Folio-Signature"], request["body"])


def test_sending_a_test_event_reaches_the_receiver_and_says_how_it_answered(editor_client, webhook, receiver):
    response = editor_client.post(WEBHOOKS, {"action": "send_test_event", "_selected_action": [webhook.pk]})
    (request,) = receiver.requests
    assert request["json"]["event"] == "webhook.test"
    assert request["headers"]["Folio-Event"] == "webhook.test"
    assert verify_folio_signature(webhook.secret, request["headers"]["Folio-Signature"], request["body"])
    assert messages_of(response) == [f"{receiver.url} answered 200."]


def test_a_test_event_to_an_unreachable_receiver_shows_the_error_not_a_traceback(editor_client):
    webhook = make_webhook(url=f"http://127.0.0.1:{free_port()}/hooks")
    response = editor_client.post(WEBHOOKS, {"action": "send_test_event", "_selected_action": [webhook.pk]})
    assert response.status_code == 302
    (message,) = messages_of(response)
    assert "Could not deliver: ConnectionRefusedError" in message
    webhook.refresh_from_db()
    assert webhook.last_error.startswith("Could not deliver")
    assert "Could not deliver" in editor_client.get(WEBHOOKS).content.decode()


def test_send_again_makes_a_new_delivery_of_the_same_event_with_a_new_id(editor_client, webhook, receiver):
    make_article(slug="harbour")
    webhooks.run_once()
    first = WebhookDelivery.objects.get()
    response = editor_client.post(DELIVERIES, {"action": "send_again", "_selected_action": [first.pk]})
    assert response.status_code == 302
    webhooks.run_once()
    assert [request["json"]["event"] for request in receiver.requests] == ["article.published"] * 2
    ids = [request["headers"]["Folio-Delivery"] for request in receiver.requests]
    assert ids[0] == str(first.delivery_id) != ids[1]
    assert receiver.requests[1]["json"]["article"] == receiver.requests[0]["json"]["article"]


def test_the_delivery_log_is_read_only(editor_client, webhook, receiver):
    make_article()
    webhooks.run_once()
    delivery = WebhookDelivery.objects.get()
    change = reverse("admin:articles_webhookdelivery_change", args=[delivery.pk])
    assert editor_client.get(reverse("admin:articles_webhookdelivery_add")).status_code == 403
    assert editor_client.post(change, {"event": "article.deleted"}).status_code == 403
    assert editor_client.post(reverse("admin:articles_webhookdelivery_delete", args=[delivery.pk])).status_code == 403
    assert WebhookDelivery.objects.get().event == "article.published"
