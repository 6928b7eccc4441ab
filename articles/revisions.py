"""Revisions of an article: the optimistic lock, readable diffs, restoring an earlier revision, and an import's
revisions written in bulk.

django-reversion stores a revision on every admin save, import and restore; this module reads them.
"""

import difflib
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.encoding import force_str
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from .models import Article, Author, CallToAction, Tag
from .triggers import hold_content_lock

# What a restore brings back: the text and its details. The publishing state (status and date) stays as it is,
# so that restoring an old wording never unpublishes, publishes or reschedules an article.
RESTORED_FIELDS = {
    "title": "Title",
    "slug": "Slug",
    "subtitle": "Subtitle",
    "description": "Description",
    "author_id": "Author",
    "body": "Body",
    "hero_image": "Hero image",
    "hero_image_url": "Hero image URL",
    "hero_image_alt": "Hero image alt text",
    "call_to_action_id": "Call to action",
    "read_time": "Read time",
    "canonical_url": "Canonical URL",
    "language": "Language",
    "created_date": "Created",
}
COMPARED_FIELDS = {**RESTORED_FIELDS, "tags": "Tags", "status": "Status", "publish_date": "Publish date"}
DIFF_CONTEXT_LINES = 2
TIME_FORMAT = "j F Y \\a\\t H:i:s T"


def when(moment) -> str:
    return format_date(timezone.localtime(moment), TIME_FORMAT)


def who(revision) -> str:
    if revision is None or revision.user is None:
        return "An import or a script"
    return revision.user.get_full_name() or revision.user.get_username()


def versions_of(article: Article):
    """The article's revisions, newest first, with who made them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def _refused(article: Article) -> str:
    latest = versions_of(article).first()
    revision = latest.revision if latest else None
    moment = revision.date_created if revision else article.updated_at
    return (
        f"{who(revision)} saved this article on {when(moment)}, after you opened it, so your save was refused "
        "to keep their changes."
    )


def conflict_message(article: Article) -> str:
    return (
        f"{_refused(article)} Your text is still in the form below: copy what you need, reload the page "
        "to see their version, and apply your changes again."
    )


def form_conflict_message(article: Article) -> str:
    """The refusal on the article form, which shows the saved version against the writer's text beneath it."""
    return (
        f"{_refused(article)} Your text is still in the form below, and how their version differs from it is "
        "shown under this message. Bring into the form what you want to keep of theirs, then save again: the next "
        "save replaces their version with the form as it is."
    )


def check_version(article_pk: int, base_version) -> Article:
    """Lock the article's row until the transaction ends and refuse a save based on an older version."""
    hold_content_lock()
    article = Article.objects.select_for_update().get(pk=article_pk)
    try:
        based_on = int(base_version)
    except (TypeError, ValueError):
        based_on = None
    if based_on != article.version:
        raise ValidationError(conflict_message(article), code="conflict")
    return article


def field_values(article: Article) -> dict:
    values = {name: getattr(article, name) for name in COMPARED_FIELDS if name != "tags"}
    values["tags"] = list(article.tags.values_list("pk", flat=True))
    return values


def _label(model, pk) -> str:
    if pk in (None, ""):
        return ""
    found = model.objects.filter(pk=pk).first()
    return str(found) if found else f"(deleted, #{pk})"


def display_text(name: str, value) -> str:
    """A field's value as a person reads it: names for related rows, local time for dates."""
    if name == "author_id":
        return _label(Author, value)
    if name == "call_to_action_id":
        return _label(CallToAction, value) or "(site default)"
    if name == "tags":
        return ", ".join(sorted(Tag.objects.filter(pk__in=value or []).values_list("name", flat=True)))
    if name == "status":
        return Article.Status(value).label if value in Article.Status.values else str(value)
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return when(value)
    return str(value)


@dataclass
class FieldDiff:
    name: str
    label: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # ("removed" | "added" | "same" | "gap", line)


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    old_lines, new_lines = old.splitlines() or [""], new.splitlines() or [""]
    rows = []
    for number, group in enumerate(difflib.SequenceMatcher(None, old_lines, new_lines).get_grouped_opcodes(2)):
        if number:
            rows.append(("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(("same", line) for line in old_lines[i1:i2])
                continue
            rows.extend(("removed", line) for line in old_lines[i1:i2])
            rows.extend(("added", line) for line in new_lines[j1:j2])
    return rows


def compare(version: Version, article: Article) -> list[FieldDiff]:
    """Per changed field, the lines of the revision (removed) against the article as it is now (added)."""
    then = version.field_dict
    now = field_values(article)
    diffs = []
    for name, label in COMPARED_FIELDS.items():
        key = name if name in then else name.removesuffix("_id")
        old, new = display_text(name, then.get(key)), display_text(name, now[name])
        if old != new:
            diffs.append(FieldDiff(name=name, label=label, rows=diff_lines(old, new)))
    return diffs


def deleted_since(then: dict) -> tuple[bool, set]:
    """Whether a revision's call to action, and which of its tags, were deleted after it was made: a restore cannot
    bring them back, and keeps the article's current call to action and the tags that are left."""
    cta = then.get("call_to_action_id")
    cta_gone = cta is not None and not CallToAction.objects.filter(pk=cta).exists()
    tags = set(then.get("tags") or ())
    return cta_gone, tags - set(Tag.objects.filter(pk__in=tags).values_list("pk", flat=True))


def deleted_since_note(version: Version) -> str:
    """What of the revision a restore could not bring back, for the message after it; "" when nothing."""
    cta_gone, tags_gone = deleted_since(version.field_dict)
    parts = (["its call to action"] if cta_gone else []) + ([f"{len(tags_gone)} of its tags"] if tags_gone else [])
    return f" Deleted since the revision, {' and '.join(parts)} could not come back." if parts else ""


def restore(*, article_pk: int, version: Version, user, base_version, keep_author: bool = False) -> Article:
    """Bring back a revision's text as a new save (and so a new revision); refused if the article moved on."""
    with transaction.atomic(), reversion.create_revision():
        article = check_version(article_pk, base_version)
        then = version.field_dict
        cta_gone, _ = deleted_since(then)
        kept = {"author_id"} if keep_author else set()
        kept |= {"call_to_action_id"} if cta_gone else set()
        for name in RESTORED_FIELDS:
            if name in then and name not in kept:
                setattr(article, name, then[name])
        article.full_clean()
        article.save()
        if "tags" in then:
            existing = Tag.objects.in_bulk(then["tags"])
            article.set_tags([existing[pk] for pk in then["tags"] if pk in existing])
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {when(version.revision.date_created)}.")
    return article


@dataclass
class _Saved:
    article: Article
    comment: str
    at: datetime


class RevisionBatch:
    """Revisions of many saved articles, one each with its own comment, written in three queries.

    What django-reversion writes for a save inside create_revision(): a Revision and a Version holding the
    article serialised with reversion's own options for it; the tags are the ones just saved. Written inside
    the articles' transaction, so an article and its revision are committed together or not at all.
    """

    def __init__(self) -> None:
        self.saved: list[_Saved] = []

    def add(self, article: Article, *, comment: str) -> None:
        self.saved.append(_Saved(article=article, comment=comment, at=timezone.now()))

    def write(self) -> None:
        if not self.saved:
            return
        saved, self.saved = self.saved, []
        options = _get_options(Article)  # reversion's registration of Article (models.py): its fields and format
        pks = [entry.article.pk for entry in saved]
        # Each many-to-many field read once for all the articles, in the order the serialiser reads it for one.
        related: dict[str, dict[int, list[int]]] = {name: {pk: [] for pk in pks} for name in ("tags", "translations")}
        tag_links = Article.tags.through.objects.filter(article_id__in=pks).order_by(*_ordered("tag", Tag))
        for article_id, tag_id in tag_links.values_list("article_id", "tag_id"):
            related["tags"][article_id].append(tag_id)
        translation_links = Article.translations.through.objects.filter(from_article_id__in=pks).order_by(
            *_ordered("to_article", Article)
        )
        for from_id, to_id in translation_links.values_list("from_article_id", "to_article_id"):
            related["translations"][from_id].append(to_id)
        serializer = _serializer(options.format, related)
        revisions = Revision.objects.bulk_create(
            [Revision(date_created=entry.at, user=None, comment=entry.comment) for entry in saved]
        )
        content_type = ContentType.objects.get_for_model(Article)
        versions = []
        for entry, revision in zip(saved, revisions, strict=True):
            article = entry.article
            data = serializer.serialize(
                (article,), fields=options.fields, use_natural_foreign_keys=options.use_natural_foreign_keys
            )
            versions.append(
                Version(
                    revision=revision,
                    content_type=content_type,
                    object_id=force_str(article.pk),
                    db=router.db_for_write(Article, instance=article),
                    format=options.format,
                    serialized_data=data,
                    object_repr=force_str(article),
                )
            )
        Version.objects.bulk_create(versions)


def _serializer(format: str, related: dict[str, dict[int, list[int]]]):
    """Django's serialiser for `format`, taking the many-to-many values from `related` instead of a query each."""

    class Serializer(serializers.get_serializer(format)):
        def handle_m2m_field(self, obj, field):
            self._current[field.name] = list(related[field.name][obj.pk])

    return Serializer()


def _ordered(relation: str, model) -> list[str]:
    """The related model's own ordering, through `relation`: the order the serialiser would read them in."""
    ordering = [*model._meta.ordering, "pk"]
    return [f"-{relation}__{name[1:]}" if name.startswith("-") else f"{relation}__{name}" for name in ordering]
