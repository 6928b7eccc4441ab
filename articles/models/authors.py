"""Authors, tags and calls to action: what articles are written by, filed under and end with."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..images import ImageNotStored, not_stored
from ..rendering import (
    render_markdown,
)
from ..reversing import slug_url
from ..text import clean_text_fields
from ..web_addresses import NOT_A_WEB_ADDRESS, is_web_address
from .checks import check_markdown


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

    def with_published_counts(self):
        """Those with a published article, with how many they have as `published_count`: the index of every
        author or tag readers may see."""
        # One pass over the links, grouped, each checked against one list of what readers may see: a count per
        # row as a correlated subquery took half a second for 200 tags at 10,000 articles on SQLite.
        published = models.Q(articles__in=_articles().objects.published().values("pk"))
        return self.annotate(published_count=models.Count("articles", filter=published)).filter(published_count__gt=0)

    def slug_in_any_case(self, slug: str):
        """Those whose slug is `slug` in any case, the one spelt exactly first.

        Folio's slugs are lower case, and a link or a front end asking for `Python` (or `Café`) means `python`
        (`café`); a slug that differs from another only in case (one typed so in the admin) is still found
        exactly."""
        return self.filter(slug__exact_any_case=slug).order_by(
            models.Case(models.When(slug=slug, then=0), default=1), "slug"
        )

    def by_slug(self, slug: str):
        """The one whose slug is `slug`, else one whose slug is it in another case, else None. The exact lookup
        comes first: it keeps to the slug's index, and the other runs only for an address that is no page."""
        return self.filter(slug=slug).first() or self.slug_in_any_case(slug).first()


class AuthorQuerySet(ListPageQuerySet):
    def published_articles(self, owner):
        return _articles().objects.published().filter(author=owner).order_by("-publish_date", "-id")


class TagQuerySet(ListPageQuerySet):
    def published_articles(self, owner):
        return _articles().objects.tagged(owner)


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
        self.store_new_images()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug)

    def store_new_images(self) -> None:
        """Store an avatar file given since the last save, under its own name, before the row is written;
        ImageNotStored when the media storage refuses it."""
        if self.avatar and not self.avatar._committed:
            try:
                self.avatar.save(self.avatar.name, self.avatar.file, save=False)
            except OSError as error:
                raise ImageNotStored(not_stored(error, storage=self.avatar.storage)) from error

    def clean(self):
        check_markdown("bio", self.bio, render=lambda: render_markdown(self.bio))
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


# What an author's social links must look like: said of text that is no JSON mapping, and of anything else.
SOCIAL_LINKS_SHAPE = 'Give the profiles as {"network": "https://…"}, for example {"mastodon": "https://…"}.'


def social_links_problem(links: object) -> str | None:
    """Why `links` cannot be an author's social links (a mapping of network names to web addresses), or None."""
    if not isinstance(links, dict):
        return SOCIAL_LINKS_SHAPE
    for name, url in links.items():
        if not isinstance(url, str) or not name.strip():
            return f'“{name}”: give the profile\'s address as text, for example "https://…".'
        if not is_web_address(url):
            return f"“{name}”: “{url}” {NOT_A_WEB_ADDRESS}."
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
        return slug_url("articles:tag", self.slug)


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


def _articles():
    from .articles import Article

    return Article


if TYPE_CHECKING:
    from .articles import ArticleQuerySet
