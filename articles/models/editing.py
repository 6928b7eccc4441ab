"""Editing beyond the article's own row: share links for unpublished articles, and pending changes."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .articles import Article

SHARE_LINK_SALT = "articles.sharelink"


def share_token() -> str:
    return secrets.token_urlsafe(24)


def in_a_week():
    return timezone.now() + timedelta(days=7)


class ShareLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A link that shows one unpublished article to someone without an account, until it expires or is revoked."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=share_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=in_a_week)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Share link for {self.article}"

    def get_absolute_url(self):
        return reverse("articles:share", kwargs={"signed_token": self.signed_token})

    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def signed_token(self) -> str:
        return signing.Signer(salt=SHARE_LINK_SALT).sign(self.token)

    def absolute_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @classmethod
    def find_active(cls, signed_token: str) -> "ShareLink | None":
        try:
            token = signing.Signer(salt=SHARE_LINK_SALT).unsign(signed_token)
        except signing.BadSignature:
            return None
        return cls.objects.active().select_related("article").filter(token=token).first()


def pending_token() -> str:
    return secrets.token_hex(16)


class PendingChange(models.Model):
    """An article's form as last saved to the server, kept apart from the article: readers never see it.

    Autosave writes it while someone types; on a published article, saving without publishing does too, and it
    waits there for an editor's "Publish changes" (a normal save of the form) or for "Discard changes". A draft's
    is applied by its next save. One per article; a new article not yet created (no article) has one per form its
    writer opened, told apart by the form's draft key. See articles/pending.py.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="pending_change"
    )
    data = models.JSONField(
        blank=True, default=dict, help_text="The form's fields as posted: each field's name and its list of values."
    )
    based_on_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The article's version when these changes were saved."
    )
    token = models.CharField(
        max_length=32,
        default=pending_token,
        help_text="New on every save: a page must send the latest, so one device never overwrites another's text.",
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)
    draft_key = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text="For a new article: the form it was typed in, so that two new articles never share one slot.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_by", "draft_key"],
                condition=Q(article__isnull=True),
                name="one_pending_change_per_new_article_form",
            )
        ]
        verbose_name = "pending change"

    def __str__(self):
        return f"Pending changes to {self.article}" if self.article_id else f"A new article by {self.saved_by_name}"

    @property
    def saved_by_name(self) -> str:
        if self.saved_by is None:
            return "someone whose account was removed"
        return self.saved_by.get_full_name() or self.saved_by.get_username()
