"""Small factories with overridable defaults: each call makes one valid, saved row."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Author, CallToAction, Tag

_sequence = itertools.count(1)


def make_author(**fields) -> Author:
    n = next(_sequence)
    fields.setdefault("name", f"Writer {n}")
    fields.setdefault("slug", f"writer-{n}")
    return Author.objects.create(**fields)


def make_tag(**fields) -> Tag:
    n = next(_sequence)
    fields.setdefault("name", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Tag.objects.create(**fields)


def make_call_to_action(**fields) -> CallToAction:
    n = next(_sequence)
    fields.setdefault("name", f"Call {n}")
    fields.setdefault("text", "Follow us for daily insights.")
    return CallToAction.objects.create(**fields)


def make_article(*, tags=(), **fields) -> Article:
    """A published article, dated yesterday, unless the caller says otherwise."""
    n = next(_sequence)
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("subtitle", f"Subtitle {n}")
    fields.setdefault("description", f"What article {n} is about.")
    fields.setdefault("body", f"Opening paragraph of article {n}.\n\n## A section\n\nMore words here.\n")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("publish_date", timezone.now() - timedelta(days=1))
    if "author" not in fields:
        fields["author"] = make_author()
    article = Article.objects.create(**fields)
    if tags:
        article.tags.set(tags)
    return article
