"""Small factories with overridable defaults: each call makes one valid, saved row."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Author, CallToAction, Tag, Webhook

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
        article.set_tags(tags)
    return article


def make_webhook(**fields) -> Webhook:
    """An active webhook for every article event."""
    fields.setdefault("url", "http://127.0.0.1:9/hooks")
    return Webhook.objects.create(**fields)


def make_unpublished_articles(**fields) -> list[Article]:
    """A draft, an article in review and a scheduled article: none of them for readers yet."""
    return [
        make_article(status=Article.Status.DRAFT, publish_date=None, **fields),
        make_article(status=Article.Status.REVIEW, publish_date=None, **fields),
        make_article(publish_date=timezone.now() + timedelta(days=3), **fields),
    ]


def make_staff_user(username: str, *, role: str, author: bool = True, **fields):
    """A staff account in the Writers or Editors group, writing as its own Author unless author=False."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    fields.setdefault("first_name", username.title())
    user = get_user_model().objects.create_user(username, password="correct horse battery", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=role))
    if author:
        make_author(name=f"{username.title()} Writer", slug=f"{username}-writer", user=user)
    return user


def admin_form_data(article: Article, **overrides) -> dict:
    """What the article's admin change form posts when nothing is edited, sent with its main button.

    On a published article that is Publish changes (a save without it only keeps the changes as pending);
    pass `_publish=None` to leave it out.
    """

    def split(moment):
        if moment is None:
            return "", ""
        moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")

    publish_date, publish_time = split(article.publish_date)
    created_date, created_time = split(article.created_date)
    data = {
        "base_version": article.version,
        "title": article.title,
        "slug": article.slug,
        "subtitle": article.subtitle,
        "description": article.description,
        "author": article.author_id,
        "body": article.body,
        "hero_image_url": article.hero_image_url,
        "hero_image_alt": article.hero_image_alt,
        "status": article.status,
        "publish_date_0": publish_date,
        "publish_date_1": publish_time,
        "created_date_0": created_date,
        "created_date_1": created_time,
        "read_time": article.read_time,
        "canonical_url": article.canonical_url,
        "call_to_action": article.call_to_action_id or "",
        "tags": [tag.pk for tag in article.tags.all()] if article.pk else [],
    }
    if article.pk and article.is_published():
        data["_publish"] = "Publish changes"
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def article_form_data(author, **overrides) -> dict:
    """What the admin's add-article form posts for a new draft by `author`."""
    data = {
        "title": "Notes on the engine",
        "slug": "notes-on-the-engine",
        "subtitle": "",
        "description": "",
        "author": author.pk,
        "body": "## Start\n\nFour words right here.",
        "hero_image_url": "",
        "hero_image_alt": "",
        "status": "draft",
        "publish_date_0": "",
        "publish_date_1": "",
        "created_date_0": "2024-05-01",
        "created_date_1": "10:00:00",
        "read_time": "",
        "canonical_url": "",
        "call_to_action": "",
        "tags": [],
    }
    return {**data, **overrides}
