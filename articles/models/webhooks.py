"""Webhooks: the endpoints editors configure, what the database notes for them, and each delivery's log.

The database's triggers (articles/triggers.py) write a WebhookOutbox row whenever an article's public state may
have changed, whoever wrote it; articles/webhooks.py turns those rows into events by comparing the article with
what front ends were last told (AnnouncedArticle), and sends each event to every endpoint that wants it
(WebhookDelivery).
"""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ..web_addresses import check_web_address
from .checks import WebAddressField

EVENTS = {
    "article.published": "Published: an article became visible to readers (at its publish date, if scheduled)",
    "article.unpublished": "Unpublished: a visible article was taken back (draft, review or rescheduled)",
    "article.updated": "Updated: a visible article changed (text, title, slug, tags, author, dates)",
    "article.deleted": "Deleted: a visible article was deleted",
}
TEST_EVENT = "webhook.test"


def all_events() -> list[str]:
    return list(EVENTS)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def check_webhook_url(value: str) -> None:
    """Migration 0019's validator, kept for it: the field checks addresses as every web address is checked."""
    check_web_address(value)


class Webhook(models.Model):
    """An address that is sent a signed POST for each article event it subscribes to."""

    url = WebAddressField(
        "URL",
        max_length=1000,
        help_text="Where Folio POSTs each event, for example https://build.example.org/hooks/folio (http or https).",
    )
    description = models.CharField(
        max_length=200, blank=True, default="", help_text="What listens there, for example “Rebuild the Astro site”."
    )
    events = models.JSONField(
        default=all_events, help_text="The events sent to this address. Tick none to send only test events."
    )
    active = models.BooleanField(
        default=True, help_text="An inactive webhook is sent nothing until it is active again."
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        editable=False,
        help_text="Signs every request (Folio-Signature); give it to the receiver. Rotating it makes a new one.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_status = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="The HTTP status of the last answer, if there was one."
    )
    last_error = models.TextField(blank=True, default="", editable=False, help_text="Why the last delivery failed.")
    last_delivery_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a delivery to this address was last tried."
    )

    class Meta:
        ordering = ["url", "id"]

    def __str__(self):
        return self.description or self.url

    def clean(self):
        unknown = set(self.events or []) - set(EVENTS)
        if not isinstance(self.events, list) or unknown:
            raise ValidationError({"events": f"Choose among {', '.join(EVENTS)}."})

    def wants(self, event: str) -> bool:
        return self.active and (event == TEST_EVENT or event in self.events)


class WebhookOutbox(models.Model):
    """An article whose public state may have changed, to be looked at from `due_at` on.

    Written by the database's triggers only: for any write to a published article (a row due at once) and, for a
    scheduled one, a row due at its publish date, which is how a scheduled article is announced when its time
    comes. Deleted once looked at.
    """

    article_id = models.BigIntegerField(help_text="Not a foreign key: a deleted article is announced too.")
    due_at = models.DateTimeField()
    written_in = models.BigIntegerField(
        default=0,
        db_default=0,
        help_text="PostgreSQL's id of the transaction that wrote the row, so that its later writes add no other "
        "(0 on SQLite, where any row not yet looked at serves).",
    )

    class Meta:
        verbose_name = "webhook outbox row"
        indexes = [
            models.Index(fields=["due_at"], name="webhook_outbox_due_idx"),
            # The triggers' look for a row already written for the article.
            models.Index(fields=["article_id", "due_at"], name="webhook_outbox_article_idx"),
        ]

    def __str__(self):
        return f"article {self.article_id} at {self.due_at}"


class AnnouncedArticle(models.Model):
    """What front ends were last told about an article: whether it is public, and where and how it was listed.

    An event is the difference between this and the article as it is; a deleted article or a changed slug is
    announced with the old slug, author and tags kept here.
    """

    article_id = models.BigIntegerField(primary_key=True)
    public = models.BooleanField(default=False)
    slug = models.CharField(max_length=300)
    title = models.CharField(max_length=300, blank=True, default="")
    author_slug = models.CharField(max_length=300, blank=True, default="")
    tag_slugs = models.JSONField(default=list, blank=True)
    announced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "announced article"

    def __str__(self):
        return f"{self.slug} ({'public' if self.public else 'not public'})"


class WebhookDelivery(models.Model):
    """One event for one webhook: its payload, its attempts and how the last one went."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    delivery_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Sent as Folio-Delivery: receivers de-duplicate on it.",
    )
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(
        max_length=40, help_text="article.published, .updated, .unpublished, .deleted or webhook.test"
    )
    article_id = models.BigIntegerField(null=True, blank=True, help_text="The article's id (it may be deleted since).")
    article_slug = models.CharField(
        max_length=300, blank=True, default="", help_text="The article's slug in the event."
    )
    payload = models.JSONField(help_text="The JSON body, as sent.")
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
        help_text="Pending until a 2xx answer (delivered) or the last retry failed (gave up).",
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Requests made so far (at most six).")
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When it is tried next, while pending.")
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status of the last answer."
    )
    error = models.TextField(blank=True, default="", help_text="Why the last attempt failed.")
    delivered_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A sender is trying it until then; no other sender takes it before."
    )
    claim = models.UUIDField(null=True, blank=True, help_text="The sender holding it.")

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(state="pending"), name="webhook_delivery_due_idx"
            ),
            models.Index(fields=["state", "created_at"], name="webhook_delivery_age_idx"),
        ]

    def __str__(self):
        return f"{self.event} {self.article_slug} → {self.webhook}"
