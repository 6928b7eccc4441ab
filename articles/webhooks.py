"""Webhooks: article events made from the database's outbox, and their signed, retried deliveries.

Two steps, each safe to run in any number of processes at once:

- `announce_changes` reads the outbox rows that are due (written by the triggers of articles/triggers.py for
  every write to a public article and at a scheduled article's publish date), compares each article with what
  front ends were last told (AnnouncedArticle) and makes the event that difference calls for, once per article
  however many writes there were, as a WebhookDelivery for every active webhook that wants it. On PostgreSQL one
  process at a time does it (a transaction-level advisory lock; the others skip the step), on SQLite the write
  transaction is the lock.
- `send_due` claims due deliveries (PostgreSQL `FOR UPDATE SKIP LOCKED`, and on both databases a conditional
  update that leases them to this sender), POSTs each one signed, and records the answer: done on a 2xx, tried
  again later on anything else, given up after the last of RETRY_AFTER.

Events are at least once: a sender that dies mid-request leaves its lease to run out and the delivery is sent
again with the same Folio-Delivery id, on which receivers de-duplicate.
"""

import hashlib
import hmac
import http.client
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from .models import (
    TEST_EVENT,
    AnnouncedArticle,
    Article,
    Webhook,
    WebhookDelivery,
    WebhookOutbox,
    tags_in_order_prefetch,
)

log = logging.getLogger(__name__)

# Seconds to wait after each failed attempt; after the last, the delivery is given up.
RETRY_AFTER = (30, 120, 600, 3600, 6 * 3600)
# A sender owns a claimed delivery this long: more than one request can take, so that none is sent twice at
# once, and short enough that a sender that died leaves it to another soon.
LEASE_SECONDS = 120
# The most of a receiver's answer read (for the log), so that a huge or endless answer costs nothing.
ANSWER_BYTES = 2048
BATCH = 100
_ADVISORY_LOCK = 0x466F6C696F  # "Folio": one process at a time turns the outbox into events


@dataclass(frozen=True)
class Outcome:
    status: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


# Announcing: outbox rows -> events.


def _addresses(slug: str) -> dict:
    return {
        "url": settings.SITE_URL + reverse("articles:article", kwargs={"slug": slug}),
        "api_url": settings.SITE_URL + reverse("api:article", kwargs={"slug": slug}),
    }


def _as_announced(article: Article, *, public: bool) -> AnnouncedArticle:
    return AnnouncedArticle(
        article_id=article.pk,
        public=public,
        slug=article.slug,
        title=article.title,
        author_slug=article.author.slug,
        tag_slugs=[tag.slug for tag in article.tags.all()],
    )


def _described(known: AnnouncedArticle) -> dict:
    return {
        "id": known.article_id,
        "slug": known.slug,
        "title": known.title,
        **_addresses(known.slug),
        "author": known.author_slug,
        "tags": list(known.tag_slugs),
    }


def _event_for(before: AnnouncedArticle | None, after: AnnouncedArticle | None, *, exists: bool) -> str | None:
    was_public = before is not None and before.public
    is_public = after is not None and after.public
    if is_public:
        return "article.updated" if was_public else "article.published"
    if was_public:
        return "article.unpublished" if exists else "article.deleted"
    return None


def _payload(event: str, *, current: AnnouncedArticle, before: AnnouncedArticle | None, at: datetime) -> dict:
    """The body of an event; `previous` is what front ends showed until now, for updated, unpublished, deleted.

    A front end rebuilds the article's page and the lists of its author and tags, now and previously, and
    drops the previous address when the slug changed.
    """
    body = {"event": event, "occurred_at": at.isoformat(), "article": _described(current)}
    if before is not None and before.public:
        body["previous"] = _described(before)
        body["slug_changed"] = before.slug != current.slug
    return body


def announce_changes(*, now: datetime | None = None, limit: int = 500) -> int:
    """Turn the outbox rows due by `now` into deliveries; returns how many events were made."""
    now = now or timezone.now()
    due = WebhookOutbox.objects.filter(due_at__lte=now)
    if not due.exists():
        return 0  # the usual answer, found without a write transaction (on SQLite, without the write lock)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_ADVISORY_LOCK])
                if not cursor.fetchone()[0]:
                    return 0  # another process is at it; what it leaves is picked up on the next round
        ids = list(dict.fromkeys(due.order_by("due_at", "id").values_list("article_id", flat=True)[:limit]))
        if not ids:
            return 0
        # Every due row of these articles: however many writes there were, one look at each article, taken after
        # the rows are gone, so that a write committed later leaves a row for the next round.
        due.filter(article_id__in=ids).delete()
        articles = {
            article.pk: article
            for article in Article.objects.filter(pk__in=ids)
            .select_related("author")
            .prefetch_related(tags_in_order_prefetch())
        }
        public = set(Article.objects.published(now=now).filter(pk__in=ids).values_list("pk", flat=True))
        known = AnnouncedArticle.objects.in_bulk(ids)
        webhooks = list(Webhook.objects.filter(active=True))
        deliveries, events = [], 0
        for article_id in ids:
            article, before = articles.get(article_id), known.get(article_id)
            current = _as_announced(article, public=article_id in public) if article else None
            event = _event_for(before, current, exists=article is not None)
            if event:
                events += 1
                body = _payload(event, current=current or before, before=before, at=now)
                deliveries += _deliveries(webhooks, event, body, article_id=article_id, now=now)
            if current is None:
                AnnouncedArticle.objects.filter(article_id=article_id).delete()
            elif event:
                current.announced_at = now
                current.save()
        WebhookDelivery.objects.bulk_create(deliveries)
    return events


def _deliveries(webhooks, event: str, body: dict, *, article_id: int | None, now: datetime) -> list:
    made = []
    for webhook in webhooks:
        if webhook.wants(event):
            delivery_id = uuid.uuid4()
            made.append(
                WebhookDelivery(
                    delivery_id=delivery_id,
                    webhook=webhook,
                    event=event,
                    article_id=article_id,
                    article_slug=body["article"]["slug"] if body.get("article") else "",
                    payload={"id": str(delivery_id), **body},
                    created_at=now,
                    next_attempt_at=now,
                )
            )
    return made


def send_test_event(webhooks, *, now: datetime | None = None) -> list[WebhookDelivery]:
    """A `webhook.test` delivery for each webhook (active or not), sent at once; returns them as they ended."""
    now = now or timezone.now()
    body = {"event": TEST_EVENT, "occurred_at": now.isoformat(), "article": None}
    made = []
    for webhook in webhooks:
        delivery_id = uuid.uuid4()
        made.append(
            WebhookDelivery.objects.create(
                delivery_id=delivery_id,
                webhook=webhook,
                event=TEST_EVENT,
                payload={"id": str(delivery_id), **body},
                created_at=now,
                next_attempt_at=now,
            )
        )
    send_due(now=now, only=[delivery.pk for delivery in made])
    return list(WebhookDelivery.objects.filter(pk__in=[delivery.pk for delivery in made]).select_related("webhook"))


def send_again(deliveries, *, now: datetime | None = None) -> int:
    """A new delivery (with a new id) of each one's event, with the same article data, due at once."""
    now = now or timezone.now()
    copies = []
    for delivery in deliveries:
        delivery_id = uuid.uuid4()
        copies.append(
            WebhookDelivery(
                delivery_id=delivery_id,
                webhook_id=delivery.webhook_id,
                event=delivery.event,
                article_id=delivery.article_id,
                article_slug=delivery.article_slug,
                payload={**delivery.payload, "id": str(delivery_id)},
                created_at=now,
                next_attempt_at=now,
            )
        )
    WebhookDelivery.objects.bulk_create(copies)
    return len(copies)


# Sending: deliveries -> signed POSTs.


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The Folio-Signature header: HMAC-SHA256 of "<timestamp>." followed by the body, keyed with the secret."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _claim(*, now: datetime, only=None, limit: int = BATCH) -> list[WebhookDelivery]:
    claimable = WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now).exclude(
        claimed_until__gt=now
    )
    if only is not None:
        claimable = claimable.filter(pk__in=only)
    if not claimable.exists():
        return []
    token = uuid.uuid4()
    with transaction.atomic():
        # SKIP LOCKED: two PostgreSQL senders choosing at the same moment take different rows. SQLite has one
        # writer at a time, from the transaction's first statement (transaction_mode IMMEDIATE).
        ids = list(
            claimable.order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        # Conditional: a row another sender leased in the meantime keeps its lease.
        claimable.filter(pk__in=ids).update(claim=token, claimed_until=now + timedelta(seconds=LEASE_SECONDS))
    return list(WebhookDelivery.objects.filter(claim=token).select_related("webhook").order_by("next_attempt_at", "id"))


def send_due(*, now: datetime | None = None, only=None) -> int:
    """POST every delivery due by `now` (or those of `only`), each by one sender only; returns how many were tried."""
    now = now or timezone.now()
    tried = 0
    while True:
        claimed = _claim(now=now, only=only)
        for delivery in claimed:
            _attempt(delivery, now=now)
        tried += len(claimed)
        if len(claimed) < BATCH:
            return tried


def _attempt(delivery: WebhookDelivery, *, now: datetime) -> None:
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    outcome = post(
        delivery.webhook.url,
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": f"Folio-Webhooks (+{settings.SITE_URL})",
            "Folio-Event": delivery.event,
            "Folio-Delivery": str(delivery.delivery_id),
            "Folio-Signature": signature(delivery.webhook.secret, int(time.time()), body),
        },
        timeout=settings.WEBHOOK_TIMEOUT,
    )
    attempts = delivery.attempts + 1
    changes = {"attempts": attempts, "status_code": outcome.status, "error": outcome.error, "claimed_until": None}
    if outcome.ok:
        changes.update(state=WebhookDelivery.State.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif attempts > len(RETRY_AFTER):
        changes.update(state=WebhookDelivery.State.FAILED, next_attempt_at=None)
    else:
        changes["next_attempt_at"] = now + timedelta(seconds=RETRY_AFTER[attempts - 1])
    WebhookDelivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(**changes)
    Webhook.objects.filter(pk=delivery.webhook_id).update(
        last_status=outcome.status, last_error=outcome.error, last_delivery_at=now
    )
    if not outcome.ok:
        log.warning("Webhook %s to %s failed: %s", delivery.event, delivery.webhook.url, outcome.error)


def post(url: str, body: bytes, headers: dict, *, timeout: float) -> Outcome:
    """POST once: no redirect followed, at most `timeout` seconds, at most ANSWER_BYTES of the answer read."""
    parts = urlsplit(url)
    kind = {"http": http.client.HTTPConnection, "https": http.client.HTTPSConnection}.get(parts.scheme)
    if kind is None or not parts.hostname:
        return Outcome(None, f"Not an http or https address: {url}")
    deadline = time.monotonic() + timeout
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        client = kind(parts.hostname, parts.port, timeout=timeout)
        try:
            client.request("POST", path, body=body, headers=headers)
            answer = client.getresponse()
            excerpt = _read_some(answer, deadline)
        finally:
            client.close()
    except TimeoutError:
        return Outcome(None, f"No answer within {timeout:g} s.")
    except (OSError, http.client.HTTPException) as error:
        return Outcome(None, f"Could not deliver: {error.__class__.__name__}: {error}".rstrip(": "))
    if 200 <= answer.status < 300:
        return Outcome(answer.status, "")
    if 300 <= answer.status < 400:
        where = answer.getheader("Location", "")
        return Outcome(answer.status, f"HTTP {answer.status}: redirects are not followed (Location: {where}).")
    return Outcome(answer.status, f"HTTP {answer.status} {answer.reason}: {excerpt}".rstrip(": "))


def _read_some(answer: http.client.HTTPResponse, deadline: float) -> str:
    data = b""
    while len(data) < ANSWER_BYTES and time.monotonic() < deadline:
        chunk = answer.read1(ANSWER_BYTES - len(data))
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", "replace").strip()


# The sender's round, and its timing.


def run_once(*, now: datetime | None = None) -> tuple[int, int]:
    """One round: announce what is due, send what is due, forget old deliveries. Returns (events, sent)."""
    now = now or timezone.now()
    events = announce_changes(now=now)
    sent = send_due(now=now)
    prune(now=now)
    return events, sent


def next_due(*, now: datetime | None = None) -> datetime | None:
    """When there is next something to do: an outbox row or a pending delivery coming due."""
    outbox = WebhookOutbox.objects.aggregate(at=Min("due_at"))["at"]
    pending = WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).aggregate(at=Min("next_attempt_at"))
    times = [moment for moment in (outbox, pending["at"]) if moment is not None]
    return min(times) if times else None


def prune(*, now: datetime | None = None) -> int:
    """Delete deliveries finished (delivered or given up) more than WEBHOOK_LOG_DAYS ago."""
    now = now or timezone.now()
    finished = WebhookDelivery.objects.exclude(state=WebhookDelivery.State.PENDING)
    old = finished.filter(created_at__lt=now - timedelta(days=settings.WEBHOOK_LOG_DAYS))
    return old.delete()[0] if old.exists() else 0
