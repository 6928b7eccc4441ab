import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connections, models
from django.db.models import Count, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from . import old_addresses
from .images import store_image
from .rendering import (
    Rendered,
    TooDeeplyNested,
    check_nesting,
    estimate_read_minutes,
    parse_read_time,
    render_markdown,
    size_problem,
)
from .renditions import ImageSet, ensure_renditions, image_set_for_src
from .text import clean_text_fields


def default_language() -> str:
    return settings.LANGUAGE_CODE


def check_markdown(
    field: str, text: str, *, max_bytes: int | None = None, render: Callable[[], object] | None = None
) -> None:
    """What Markdown must be to be saved, however it comes in: within `max_bytes`, and shown whole when rendered.

    `render`, when given, renders the text as it will be stored; the check is then that rendering.
    """
    problem = None if max_bytes is None else size_problem(text, max_bytes=max_bytes)
    if problem:
        raise ValidationError({field: problem})
    try:
        render() if render else check_nesting(text)
    except TooDeeplyNested as error:
        raise ValidationError({field: str(error)}) from None


class ListPageQuerySet(models.QuerySet):
    """Authors and tags: each has a page for readers only while one of its articles is published."""

    def published_articles(self, owner) -> "ArticleQuerySet":
        """The published articles of `owner` (one of these rows, or an OuterRef to one), newest first."""
        raise NotImplementedError

    def with_published_articles(self):
        """Those with a published article, with the date of their newest as `newest_published`.

        The one rule for the author and tag pages and the sitemap: one with only drafts, articles in review or
        scheduled ones has no page, as a draft has none.
        """
        newest = self.published_articles(models.OuterRef("pk")).values("publish_date")[:1]
        return self.annotate(newest_published=models.Subquery(newest)).filter(newest_published__isnull=False)


class AuthorQuerySet(ListPageQuerySet):
    def published_articles(self, owner):
        return Article.objects.published().filter(author=owner).order_by("-publish_date", "-id")


class TagQuerySet(ListPageQuerySet):
    def published_articles(self, owner):
        return Article.objects.tagged(owner)


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, help_text="Used in the author's page address."
    )
    bio = models.TextField(blank=True, default="", help_text="A few sentences in Markdown, shown under their articles.")
    bio_html = models.TextField(blank=True, default="", editable=False)
    avatar = models.ImageField(upload_to="avatars/", blank=True, default="", help_text="A square portrait works best.")
    website = models.URLField(blank=True, default="")
    social_links = models.JSONField(
        blank=True,
        default=dict,
        help_text='Profiles by network, for example {"mastodon": "https://…", "linkedin": "https://…"}.',
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text="The admin account that writes as this author: a writer may edit only their own drafts.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    imported_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When an export's authors.yml last set this author."
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.social_links:  # the admin's empty box gives None
            self.social_links = {}
        self.bio_html = render_markdown(self.bio).html
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def clean(self):
        check_markdown("bio", self.bio)
        self.social_links = self.social_links or {}
        problem = social_links_problem(self.social_links)
        if problem:
            raise ValidationError({"social_links": problem})

    def profiles(self) -> list[tuple[str, str]]:
        """The author's website and social profiles, as (label, URL), for their page and structured data."""
        links = [("Website", self.website)] if self.website else []
        links += sorted((network_label(name), url) for name, url in (self.social_links or {}).items())
        return links


# How a few networks spell their own names; any other is capitalised.
NETWORK_LABELS = {"github": "GitHub", "gitlab": "GitLab", "linkedin": "LinkedIn", "youtube": "YouTube", "x": "X"}


def network_label(name: str) -> str:
    return NETWORK_LABELS.get(name.lower(), name[:1].upper() + name[1:])


def social_links_problem(links: object) -> str | None:
    """Why `links` cannot be an author's social links (a mapping of network names to web addresses), or None."""
    if not isinstance(links, dict):
        return 'Give the profiles as {"network": "https://…"}, for example {"mastodon": "https://…"}.'
    for name, url in links.items():
        if not isinstance(url, str) or not name.strip():
            return f'“{name}”: give the profile\'s address as text, for example "https://…".'
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            return f"“{name}”: “{url}” is not a web address (it must start with https:// or http://)."
    return None


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class CallToAction(models.Model):
    name = models.CharField(max_length=200, help_text="For editors only: how this call to action is listed.")
    text = models.TextField(help_text="Shown at the end of the article, for example “Follow us for daily insights.”")
    button_label = models.CharField(max_length=80, blank=True, default="")
    button_url = models.URLField(blank=True, default="")
    is_default = models.BooleanField(
        default=False,
        help_text="Used for every article that has no call to action of its own. Only one can be the default.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_cta",
                violation_error_message="Another call to action is already the default: untick it there first.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        super().save(*args, **kwargs)

    def clean(self):
        if bool(self.button_label) != bool(self.button_url):
            raise ValidationError("A button needs both a label and a URL.")

    @classmethod
    def site_default(cls) -> "CallToAction | None":
        return cls.objects.filter(is_default=True).first()


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
        tagged = Article.tags.through.objects.order_by("-article_id").values("article_id")
        pools = [others.order_by(*newest).values("pk")[:candidates]]
        pools += [tagged.filter(tag_id=tag_id)[:candidates] for tag_id in tag_ids]
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            in_pool = Q(pk__in=pools[0].union(*pools[1:], all=True))
        else:  # SQLite cannot limit the parts of a UNION
            in_pool = Q()
            for pool in pools:
                in_pool |= Q(pk__in=pool)
        shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
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
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self):
        return self.title

    def save(self, *args, clear_redirects: bool = True, **kwargs):
        """Save, rendered; `clear_redirects=False` is for a caller that knows no redirect uses the slug (an
        import that has read them all), and saves the query that would look."""
        clean_text_fields(self)
        if self.hero_image and not self.hero_image._committed:
            # A new upload is stored like every other image (by content, with renditions) before the row is written.
            upload = self.hero_image.file
            upload.seek(0)
            self.hero_image = store_image(
                upload.read(), folder=self.hero_image.field.upload_to.rstrip("/"), original_name=self.hero_image.name
            )
        self.refresh_rendering()
        self.note_text_change()
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        new_address = self._state.adding or self._keep_old_address()
        super().save(*args, **kwargs)
        if new_address and clear_redirects:
            # An address this article now owns no longer redirects anywhere else.
            SlugRedirect.objects.filter(old_slug=self.slug).delete()

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.slug})

    def tags_in_order(self) -> list["Tag"]:
        """The article's tags in the order its editor gave them: the order of their links."""
        if "tags" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.tags.all())  # prefetched with tags_in_order_prefetch()
        return list(self.tags.order_by(_TAG_LINK_ORDER))

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
            SlugRedirect.objects.update_or_create(old_slug=old["slug"], defaults={"article": self})
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

    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_date is not None
            and self.publish_date <= timezone.now()
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
        return f"{self.read_time_minutes} min read"

    def effective_call_to_action(self) -> "CallToAction | None":
        return self.call_to_action or CallToAction.site_default()

    def absolute_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()


# An article's tags are in the order of their links (the link table's ids): the order the editor gave them.
# The related manager and its prefetch join that table under its own name.
_TAG_LINK_ORDER = RawSQL(f"{Article.tags.through._meta.db_table}.id", ())


def tags_in_order_prefetch() -> Prefetch:
    """For prefetch_related(): each article's tags in their order, read by tags_in_order() or tags.all()."""
    return Prefetch("tags", queryset=Tag.objects.order_by(_TAG_LINK_ORDER))


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


class SlugRedirect(models.Model):
    old_slug = models.SlugField(max_length=300, unique=True, allow_unicode=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.old_slug})


class ImageName(models.Model):
    """The file name an image had before it was stored under its content's hash: an export gives it back."""

    stored_name = models.CharField(max_length=255, unique=True)
    original_name = models.CharField(max_length=255)

    class Meta:
        ordering = ["stored_name"]

    def __str__(self):
        return f"{self.original_name} ({self.stored_name})"


class StoredImage(models.Model):
    """An image in the site's storage, for the editor's media library: one row for each image stored.

    Every image is stored through articles/images.py store_image(), which adds its row.
    """

    name = models.CharField(
        max_length=255, unique=True, help_text="Where the image is stored, such as images/ab/….jpg."
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text="The first alt text the image was given (uploaded through the image dialog, or chosen as a hero): "
        "offered again when it is picked from the library.",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["-uploaded_at", "-id"], name="stored_image_newest_idx")]

    def __str__(self):
        return self.name


class OldAddress(models.Model):
    """A path of the site this article came from; a GET to it is redirected to the article while it is published."""

    path = models.CharField(
        max_length=old_addresses.MAX_LENGTH,
        unique=True,
        validators=[old_addresses.validate_path],
        help_text="A path on this site such as /2023/01/29/title.html or /blog/first-post/, without the host.",
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_addresses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "old site address"
        verbose_name_plural = "old site addresses"

    def __str__(self):
        return self.path

    def save(self, *args, **kwargs):
        self.path = old_addresses.normalize_path(self.path)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.path

    def clean(self):
        # Stored in its one form, so that the form shown is the form looked up.
        try:
            self.path = old_addresses.normalize_path(self.path)
        except ValueError as error:
            raise ValidationError({"path": str(error)}) from None


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
    is applied by its next save. One per article; a new article not yet created has one per person (no article).
    See articles/pending.py.
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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_by"], condition=Q(article__isnull=True), name="one_new_article_in_progress_per_person"
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


class ContentState(models.Model):
    """One row that every change to what readers see moves on (written by the triggers in articles/triggers.py).

    A page being stored (articles/stored_pages.py) is kept only if the generation is the one read before it
    was built: a page built while a writer changed its rows is never stored.
    """

    generation = models.BigIntegerField(default=0)
    changed_at = models.FloatField(default=0, help_text="When the content last changed, in Unix seconds.")

    class Meta:
        verbose_name = "content state"

    def __str__(self):
        return f"generation {self.generation}"


class SignInFailure(models.Model):
    """A failed admin sign-in for one username from one address (cms/login_limit.py).

    Kept in the database, so every worker and app server counts the same failures.
    """

    key = models.CharField(max_length=64, help_text="A digest of the username and the address.")
    failed_at = models.FloatField(help_text="Unix seconds.")

    class Meta:
        indexes = [models.Index(fields=["key", "failed_at"], name="sign_in_failure_idx")]

    def __str__(self):
        return f"{self.key[:12]} at {self.failed_at}"


class StoredPage(models.Model):
    """An anonymous reader's page as it was built, served whole until something it shows changes.

    Written by articles/stored_pages.py when a page is built; deleted by the database triggers of
    articles/triggers.py, in the writing transaction, when a row the page depends on changes (PageDependency).
    """

    path = models.CharField(max_length=1000, primary_key=True, help_text="The address with its query string.")
    body = models.BinaryField()
    headers = models.JSONField(default=dict, help_text="The response's own headers, the content type among them.")
    etag = models.CharField(max_length=80)
    built_at = models.DateTimeField()
    valid_until = models.DateTimeField(help_text="When a scheduled article may change the page, or its max age ends.")
    build_stamp = models.CharField(max_length=64, help_text="The templates, code and settings it was built with.")

    class Meta:
        verbose_name = "stored page"

    def __str__(self):
        return self.path


class PageDependency(models.Model):
    """A stored page shows something: `article:7`, `author:3`, `tag:2`, `cta:5`, `cta:default`, or a list
    (`list:home`, `list:author:3`, `list:tag:2`) that changes when an article joins or leaves it."""

    path = models.CharField(max_length=1000)
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "key"], name="page_dependency_unique")]
        indexes = [models.Index(fields=["key"], name="page_dependency_key_idx")]

    def __str__(self):
        return f"{self.path} ← {self.key}"


class ApiKey(models.Model):
    """A key for the content API when the site is private (API_KEYS_REQUIRED): only its digest is kept.

    The key itself is shown once, when it is made in the admin; its first characters (`prefix`) tell keys apart.
    """

    name = models.CharField(max_length=200, help_text="Who or what uses this key, for example “Static site build”.")
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked = models.BooleanField(default=False, help_text="A revoked key is refused at once.")

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def set_new_key(self) -> str:
        """Give this row a new key and return it: once saved, only its digest and prefix are anywhere."""
        key = "folio_" + secrets.token_urlsafe(32)
        self.prefix, self.digest = key[:12], self.digest_of(key)
        return key

    @classmethod
    def issue(cls, *, name: str) -> tuple["ApiKey", str]:
        """A new key: the saved row and the key itself."""
        api_key = cls(name=name)
        key = api_key.set_new_key()
        api_key.save()
        return api_key, key

    @classmethod
    def is_valid(cls, key: str) -> bool:
        return bool(key) and cls.objects.filter(digest=cls.digest_of(key), revoked=False).exists()


class ApiRequestCount(models.Model):
    """How many content API requests one client address made in one minute (articles/api/access.py).

    In the database, so every worker and app server counts the same requests.
    """

    client = models.CharField(max_length=64, help_text="A digest of the client's address.")
    minute = models.BigIntegerField(help_text="Unix minutes.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "minute"], name="api_request_count_unique")]

    def __str__(self):
        return f"{self.client[:12]} at minute {self.minute}: {self.count}"
