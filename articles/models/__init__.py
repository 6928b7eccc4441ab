"""Folio's models, one module for each part of the site; all of them importable from here."""

from .addresses import OldAddress
from .api import ApiKey, ApiRequestCount
from .articles import (
    RELATED_CANDIDATES,
    Article,
    ArticleQuerySet,
    TagListing,
    default_language,
    published_translations_prefetch,
    tags_in_order_prefetch,
)
from .authors import SOCIAL_LINKS_SHAPE, Author, CallToAction, Tag, network_label, social_links_problem
from .checks import WebAddressField, check_markdown
from .editing import SHARE_LINK_SALT, PendingChange, ShareLink, in_a_week, pending_token, share_token
from .images import ImageName, StoredImage
from .site import ContentState, PageDependency, SignInFailure, StoredPage
from .webhooks import EVENTS, TEST_EVENT, AnnouncedArticle, Webhook, WebhookDelivery, WebhookOutbox

__all__ = [
    "EVENTS",
    "RELATED_CANDIDATES",
    "SHARE_LINK_SALT",
    "SOCIAL_LINKS_SHAPE",
    "TEST_EVENT",
    "AnnouncedArticle",
    "ApiKey",
    "ApiRequestCount",
    "Article",
    "ArticleQuerySet",
    "Author",
    "CallToAction",
    "ContentState",
    "ImageName",
    "OldAddress",
    "PageDependency",
    "PendingChange",
    "ShareLink",
    "SignInFailure",
    "StoredImage",
    "StoredPage",
    "Tag",
    "TagListing",
    "WebAddressField",
    "Webhook",
    "WebhookDelivery",
    "WebhookOutbox",
    "check_markdown",
    "default_language",
    "in_a_week",
    "network_label",
    "pending_token",
    "published_translations_prefetch",
    "share_token",
    "social_links_problem",
    "tags_in_order_prefetch",
]
