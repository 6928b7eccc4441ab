"""Articles: the one rule for what readers may see, and how an article is rendered and kept on save."""

import hashlib
import html
import re
from datetime import datetime

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from markdownx.models import MarkdownxField

from .. import old_addresses
from ..images import store_image
from ..rendering import (
    Rendered,
    estimate_read_minutes,
    parse_read_time,
    read_time_label,
    render_markdown,
    scrollable_by_keyboard,
)
from ..renditions import ImageSet, ensure_renditions, image_set_for_src
from ..reversing import slug_url
from ..text import clean_text_fields
from .addresses import OldAddress
from .authors import Author, CallToAction, Tag
from .checks import WebAddressField, check_markdown


def default_language() -> str:
    return settings.LANGUAGE_CODE


# How many of the newest articles, per tag and overall, are weighed as an article's related articles.
RELATED_CANDIDATES = 30


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now: datetime | None = None):
        """What readers may see: published, with a publish date that has come (by `now`, or this moment).

        The one rule for every page.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_date__lte=now or timezone.now())

    def scheduled(self):
        """Published, with a publish date still to come: readers see these once it comes."""
        return self.filter(status=Article.Status.PUBLISHED, publish_date__gt=timezone.now())

    def related_to(self, article: "Article", *, tag_ids, exclude_ids=(), candidates: int = RELATED_CANDIDATES):
        """Other articles, those sharing the most tags with this one first, then the newest.

        Only a bounded pool is weighed: the newest `candidates` articles of the site and the latest
        `candidates` added to each of the article's tags, so the page costs the same at any size.
        """
        others = self.exclude(pk__in=[article.pk, *exclude_ids])
        newest = ("-publish_date", "-id")
        if not tag_ids:
            return others.order_by(*newest)
        # One list of ids for the outer query to look up by key: each pool a limited subquery of its own, which
        # both SQLite and PostgreSQL accept in a FROM (SQLite refuses a LIMIT on a part of a UNION itself). A
        # tag's pool is plain SQL over the link table: compiling it through the ORM, once per tag, cost more than
        # running it.
        newest_sql, params = others.order_by(*newest).values("pk")[:candidates].query.sql_with_params()
        parts = [f"SELECT * FROM ({newest_sql}) AS pool_newest"]
        links = Article.tags.through._meta.db_table
        for number, tag_id in enumerate(tag_ids):
            parts.append(
                f"SELECT * FROM (SELECT article_id FROM {links} WHERE tag_id = %s "
                f"ORDER BY article_id DESC LIMIT %s) AS pool_{number}"
            )
            params = (*params, tag_id, candidates)
        in_pool = Q(pk__in=RawSQL(" UNION ALL ".join(parts), params))
        # Counted for each row by a subquery on the link table rather than a join grouped by every column of
        # a card: less of the database's time and less to compile (docs/performance.md). It names the outer table
        # by the alias a query of its own gives it (this is a page's query, never a subquery of another).
        marks = ", ".join(["%s"] * len(tag_ids))
        shared = RawSQL(
            f"SELECT COUNT(*) FROM {links} shared WHERE shared.article_id = {Article._meta.db_table}.id "
            f"AND shared.tag_id IN ({marks})",
            tag_ids,
        )
        return others.filter(in_pool).annotate(shared_tags=shared).order_by("-shared_tags", *newest)

    def tagged(self, tag: "Tag"):
        """The published articles with this tag, newest first, read in order from the tag's listing index.

        The listing's copy of the status and date only chooses and orders the rows; published() still decides
        what readers see.
        """
        return (
            self.published()
            .filter(
                tag_listings__tag=tag,
                tag_listings__status=Article.Status.PUBLISHED,
                tag_listings__publish_date__lte=timezone.now(),
            )
            .order_by("-tag_listings__publish_date", "-tag_listings__article_id")
        )

    def for_listing(self):
        return self.select_related("author").only(
            "title",
            "slug",
            "subtitle",
            "description",
            "publish_date",
            "read_time_minutes",
            "word_count",
            "hero_image",
            "hero_image_url",
            "hero_image_alt",
            "hero_image_set",
            "language",
            "author__name",
            "author__slug",
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=300, unique=True, allow_unicode=True, help_text="The article's address: /articles/your-slug/"
    )
    subtitle = models.CharField(max_length=300, blank=True, default="")
    description = models.TextField(
        blank=True,
        default="",
        help_text="A summary of one or two sentences: shown in lists, search results and link previews.",
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    body = MarkdownxField(
        blank=True, default="", help_text="Markdown. The preview shows exactly what readers will see."
    )
    body_html = models.TextField(blank=True, default="", editable=False)
    toc = models.JSONField(blank=True, default=list, editable=False)

    # One folder for every article image, uploaded or imported, so that an export brings each back to its address.
    hero_image = models.ImageField(upload_to="images/", blank=True, default="")
    hero_image_url = models.URLField(
        max_length=1000, blank=True, default="", help_text="An external hero image, used when no file is uploaded."
    )
    hero_image_alt = models.CharField(
        max_length=300, blank=True, default="", help_text="Describe the image for readers who cannot see it."
    )
    hero_image_set = models.JSONField(
        blank=True, default=dict, editable=False, help_text="The uploaded hero's size and renditions."
    )
    canonical_url = WebAddressField(
        "canonical URL",
        max_length=1000,
        blank=True,
        default="",
        help_text="Only for an article that first appeared elsewhere (a cross-post): the original's address, which "
        "search engines then credit and list instead of this page. Leave empty for this site's own address.",
    )
    call_to_action = models.ForeignKey(
        CallToAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="Leave empty to use the site-wide default.",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_date = models.DateTimeField(
        null=True, blank=True, help_text="Published articles with a date in the future wait until then (scheduled)."
    )
    created_date = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    revised_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the text last changed after publication."
    )
    content_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    read_time = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="Leave empty to compute it from the text, or give minutes: “8”, “8 mins”, “8 min read”.",
    )
    read_time_minutes = models.PositiveIntegerField(default=1, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)

    language = models.CharField(
        max_length=15,
        default=default_language,
        help_text="The article's language as a code such as “en” or “pt-br”; the site's language by default.",
    )
    translations = models.ManyToManyField(
        "self", blank=True, help_text="The same article in other languages; each page links to the others."
    )

    source_path = models.CharField(
        max_length=1000, blank=True, default="", editable=False, help_text="The Markdown file this article came from."
    )
    source_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    imported_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the source file was last imported."
    )
    extra_front_matter = models.JSONField(
        blank=True, default=dict, editable=False, help_text="Front-matter keys Folio does not use, kept for export."
    )
    version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Goes up on every save; a form based on an older number is refused."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_date", "-id"]
        get_latest_by = "publish_date"
        indexes = [
            # Readers' lists: published, newest first (home, feeds, sitemap).
            models.Index(fields=["status", "-publish_date", "-id"], name="article_published_idx"),
            # An author's page.
            models.Index(fields=["author", "status", "-publish_date", "-id"], name="article_author_idx"),
            # The admin's article list, in the model's ordering.
            models.Index(fields=["-publish_date", "-id"], name="article_newest_idx"),
            # The API's updated_since: the articles saved since a moment, a range of this index at any size.
            models.Index(fields=["updated_at"], name="article_updated_idx"),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self):
        return self.title

    def save(self, *args, clear_redirects: bool = True, **kwargs):
        """Save, rendered; `clear_redirects=False` is for a caller that knows no redirect uses the slug (an
        import that has read them all), and saves the query that would look."""
        clean_text_fields(self)
        if self.canonical_url and self.canonical_url == self.absolute_url():
            # This page's own address is what an empty field means: kept empty, the page stays in the sitemap.
            self.canonical_url = ""
        self.store_new_images()
        self.refresh_rendering()
        self.note_text_change()
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        new_address = self._state.adding or self._keep_old_address()
        super().save(*args, **kwargs)
        if new_address and clear_redirects:
            # An address this article now owns no longer redirects anywhere else.
            OldAddress.objects.filter(path=old_addresses.article_address(self.slug)).delete()

    def get_absolute_url(self):
        return slug_url("articles:article", self.slug)

    def store_new_images(self) -> None:
        """Store a hero file given since the last save like every other image (by content, with renditions), before
        the row is written; ImageNotStored when the media storage refuses it."""
        if self.hero_image and not self.hero_image._committed:
            upload = self.hero_image.file
            upload.seek(0)
            self.hero_image = store_image(
                upload.read(), folder=self.hero_image.field.upload_to.rstrip("/"), original_name=self.hero_image.name
            )

    def tags_in_order(self) -> list["Tag"]:
        """The article's tags in the order its editor gave them: the order of their links."""
        if "tags" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.tags.all())  # prefetched with tags_in_order_prefetch()
        return list(self.tags.order_by(_TAG_LINK_ORDER))

    def translations_in_order(self) -> list["Article"]:
        """The article's published translations, by language and then by slug.

        One page's are read by one plain query: prefetching them costs more than that.
        """
        if hasattr(self, "published_translations"):
            return self.published_translations  # prefetched with published_translations_prefetch()
        return list(_in_translation_order(self.translations.all()))

    def set_tags(self, tags: "list[Tag]") -> None:
        """Link these tags, in this order; the links already in that order are left as they are."""
        through = Article.tags.through
        wanted = list(dict.fromkeys(tag.pk for tag in tags))
        current = list(through.objects.filter(article_id=self.pk).order_by("id").values_list("tag_id", flat=True))
        if current != wanted:
            kept = next((i for i, (a, b) in enumerate(zip(current, wanted, strict=False)) if a != b), None)
            kept = min(len(current), len(wanted)) if kept is None else kept
            through.objects.filter(article_id=self.pk, tag_id__in=current[kept:]).delete()
            through.objects.bulk_create([through(article_id=self.pk, tag_id=pk) for pk in wanted[kept:]])
        getattr(self, "_prefetched_objects_cache", {}).pop("tags", None)

    def _keep_old_address(self) -> bool:
        """A published article that changes its slug leaves a permanent redirect at its old address.

        Returns whether the slug changed.
        """
        readers_saw = Article.objects.published().filter(pk=models.OuterRef("pk"))
        old = (
            Article.objects.filter(pk=self.pk)
            .annotate(was_public=models.Exists(readers_saw))
            .values("slug", "was_public")
            .first()
        )
        if old is None:
            return True
        if old["slug"] == self.slug:
            return False
        if old["was_public"]:
            OldAddress.objects.update_or_create(
                path=old_addresses.article_address(old["slug"]), defaults={"article": self}
            )
        return True

    def clean(self):
        check_markdown("body", self.body, max_bytes=settings.ARTICLE_BODY_MAX_BYTES, render=self._render_body)
        if self.read_time and parse_read_time(self.read_time) is None:
            raise ValidationError({"read_time": "Give the read time in minutes, for example “8” or “8 min read”."})
        if self.status == self.Status.PUBLISHED and not self.publish_date:
            raise ValidationError({"publish_date": "A published article needs a publish date."})

    def _render_body(self) -> Rendered:
        # clean() renders to check the body and save() renders to store it: the second of the two, on the same
        # text, reuses the first (a third of an import's Markdown work).
        body, rendered = getattr(self, "_last_rendering", (None, None))
        if body != self.body:
            rendered = render_markdown(self.body, images=image_set_for_src)
            self._last_rendering = (self.body, rendered)
        return rendered

    def rendered_body(self) -> Rendered:
        """The body rendered as it stands, saved or not: the rendering clean() made of it, when it made one."""
        return self._render_body()

    def reuse_rendering(self, rendered: Rendered) -> None:
        """Take `rendered` as the rendering of the current body (an import's worker process made it): the next
        clean() and save() use it instead of rendering again. It must be render_markdown() of this very body."""
        self._last_rendering = (self.body, rendered)

    def refresh_rendering(self) -> None:
        """Derive the stored HTML, contents and counts from the Markdown body."""
        rendered = self._render_body()
        del self._last_rendering  # reused from clean() once; a later save renders afresh
        self.body_html = rendered.html
        self.toc = [{"id": e.id, "text": e.text, "level": e.level} for e in rendered.toc]
        self.word_count = rendered.word_count
        self.read_time_minutes = parse_read_time(self.read_time) or estimate_read_minutes(
            word_count=rendered.word_count, image_count=rendered.image_count
        )
        if self.hero_set is None:  # a new hero, or one stored before renditions existed
            image_set = ensure_renditions(self.hero_image.name) if self.hero_image else None
            self.hero_image_set = image_set.to_json() if image_set else {}

    def note_text_change(self) -> None:
        """Remember when the text of a published article changes; publishing or retagging is not a revision."""
        text = "\x1f".join((self.title, self.subtitle, self.description, self.body))
        signature = hashlib.sha256(text.encode()).hexdigest()
        if self.content_hash and signature != self.content_hash and self.is_published():
            self.revised_at = timezone.now()
        self.content_hash = signature

    def is_published(self, *, now: datetime | None = None) -> bool:
        """Whether readers may see it (by `now`, or this moment): the published() rule, for one article."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_date is not None
            and self.publish_date <= (now or timezone.now())
        )

    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.publish_date is not None and not self.is_published()

    @property
    def state_label(self) -> str:
        """Draft, In review, Scheduled or Published: the status as editors talk about it."""
        return "Scheduled" if self.is_scheduled() else self.get_status_display()

    @property
    def hero_src(self) -> str:
        if self.hero_image:
            return self.hero_image.url
        return self.hero_image_url

    def page_body(self) -> tuple[bool, str]:
        """Whether the article's page shows its hero, and the body's HTML as the page shows it.

        A body that opens with the hero image alone (an import's cover repeated as its first line, or a writer's
        habit) would show it twice: the body's copy gives way, unless it has a caption, which the hero cannot
        show; then the hero gives way to it. The stored body is not changed, so an export gives it back whole.
        """
        body = scrollable_by_keyboard(self.body_html)
        opening = _OPENING_IMAGE.match(body)
        if not self.hero_src or opening is None or html.unescape(opening.group("src")) != self.hero_src:
            return bool(self.hero_src), body
        if opening.group("caption"):
            return False, body
        return True, body[opening.end() :]

    @property
    def hero_set(self) -> ImageSet | None:
        """The uploaded hero with its renditions; None for an external hero or none at all."""
        if not self.hero_image:
            return None
        image_set = ImageSet.from_json(self.hero_image_set)
        return image_set if image_set and image_set.name == self.hero_image.name else None

    @property
    def modified_date(self):
        if self.revised_at and self.publish_date and self.revised_at > self.publish_date:
            return self.revised_at
        return self.publish_date

    @property
    def was_updated(self) -> bool:
        """Whether readers should see an 'Updated' date: only when the text changed on a later day."""
        modified = self.modified_date
        return bool(modified and self.publish_date) and (
            timezone.localdate(modified) != timezone.localdate(self.publish_date)
        )

    @property
    def read_time_label(self) -> str:
        return read_time_label(minutes=self.read_time_minutes, word_count=self.word_count)

    def effective_call_to_action(self) -> "CallToAction | None":
        return self.call_to_action or CallToAction.site_default()

    def absolute_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()


# An article's tags are in the order of their links (the link table's ids): the order the editor gave them.
# The related manager and its prefetch join that table under its own name.
# The body's first block when it is an image alone, as rendering makes it: a figure, with or without renditions
# and a caption.
_OPENING_IMAGE = re.compile(
    r'\s*<figure>(?:<picture>(?:<source [^>]*>)*)?<img src="(?P<src>[^"]*)"[^>]*>(?:</picture>)?'
    r"(?P<caption><figcaption>)?[^\n]*?</figure>\n?"
)
_TAG_LINK_ORDER = RawSQL(f"{Article.tags.through._meta.db_table}.id", ())


def tags_in_order_prefetch(*, to_attr: str | None = None) -> Prefetch:
    """For prefetch_related(): each article's tags in their order, read by tags_in_order() or tags.all(), or as
    a list in the attribute `to_attr` when one is named."""
    return Prefetch("tags", queryset=Tag.objects.order_by(_TAG_LINK_ORDER), to_attr=to_attr)


def _in_translation_order(articles: ArticleQuerySet) -> ArticleQuerySet:
    """The published ones of `articles`, by language and then by slug. Links between translations have no order
    of their own, and two translations may share a language: without the slug their order would be the
    database's, which an import's statistics change."""
    return articles.published().only("slug", "title", "language").order_by("language", "slug")


def published_translations_prefetch() -> Prefetch:
    """For prefetch_related(): each article's published translations as `published_translations`, in the order
    of Article.translations_in_order()."""
    return Prefetch(
        "translations", queryset=_in_translation_order(Article.objects.all()), to_attr="published_translations"
    )


# Derived fields are rebuilt on save, and the lock counter must never travel back in time with a restore.
reversion.register(Article, exclude=["body_html", "toc", "word_count", "read_time_minutes", "version"])


class TagListing(models.Model):
    """One of a tag's articles, with a copy of the article's status and publish date.

    A tag's page reads its newest articles from this table's index (tag, date) in order, a few rows at any
    size of site, where the articles table can only be walked newest first until enough of them carry the
    tag. Database triggers (articles/triggers.py) write it: a row for each tag link, its copy following the
    article's status and date, whatever made the change.
    """

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="listings")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_listings")
    status = models.CharField(max_length=20)
    publish_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "article"], name="tag_listing_unique")]
        indexes = [
            models.Index(
                fields=["tag", "-publish_date", "-article"],
                condition=Q(status="published"),
                name="tag_listing_newest_idx",
            )
        ]

    def __str__(self):
        return f"{self.tag} · {self.article}"
