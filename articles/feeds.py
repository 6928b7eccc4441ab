"""RSS 2.0 and Atom feeds of the latest published articles, and RSS of each tag's and author's, each article with
its full text up to a size."""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Case, F, QuerySet, TextField, When
from django.db.models.functions import Length, Substr
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator

from . import stored_pages
from .metadata import absolute, absolute_html
from .models import Article, Author, Tag, tags_in_order_prefetch
from .reversing import slug_url
from .text import xml_safe

FEED_LENGTH = 20
# A summary is a sentence or two; a longer one is cut, so that no field can make the feed unbounded.
SUMMARY_MAX_CHARS = 1000
# An article too long for the feed and without a summary opens with this many words of its text.
OPENING_WORDS = 60


def _xml_safe(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


class XmlSafeFeed:
    """A feed that writes no character XML 1.0 forbids, whatever the rows hold.

    Text is cleaned when it is saved (articles/text.py), but a row written before that, or by
    QuerySet.update() or raw SQL, would make Django's XML writer fail, and the feed answer 500 to everyone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{name: _xml_safe(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{name: _xml_safe(value) for name, value in kwargs.items()})


class ContentRssFeed(XmlSafeFeed, Rss201rev2Feed):
    """RSS with the article text in <content:encoded>, next to the summary in <description>."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class ContentAtomFeed(XmlSafeFeed, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class Listing:
    """What a feed lists: the site's latest articles, or those of one tag or author (`owner`)."""

    request: HttpRequest
    owner: Author | Tag | None = None


class LatestArticlesFeed(Feed):
    feed_type = ContentRssFeed
    description = f"The latest articles from {settings.SITE_NAME}."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The generator writes the document in a thousand small pieces, and the server would send each as its
        # own packet: joined, the 100 kB feed goes out in one write (about ten times faster from gunicorn).
        response.content = response.content
        return response

    def title(self, listing):
        return settings.SITE_NAME

    def link(self, listing):
        return absolute(reverse("articles:home"))

    def feed_url(self, listing):
        return absolute(reverse("articles:feed"))

    def get_object(self, request, *args, **kwargs):
        return Listing(request)

    def articles(self, listing) -> tuple[QuerySet, tuple[str, ...]]:
        """The articles the feed lists, newest first, and the keys of the lists they are (stored_pages.py)."""
        return Article.objects.published().order_by("-publish_date", "-id"), ("list:home",)

    def items(self, listing):
        articles, keys = self.articles(listing)
        items = list(
            articles.select_related("author")
            # As a list on each item: the related manager that tags.all() makes anew at each call cost more than
            # the feed's own work on its tags.
            .prefetch_related(tags_in_order_prefetch(to_attr="tag_list"))
            .defer("body", "body_html", "toc")
            .annotate(feed_html=self.text_that_may_fit())[:FEED_LENGTH]
        )
        stored_pages.depends_on(
            listing.request,
            *keys,
            *{f"author:{item.author_id}" for item in items},
            *{f"tag:{tag.pk}" for item in items for tag in item.tag_list},
        )
        return items

    @staticmethod
    def text_that_may_fit():
        """The stored HTML, or, when it is longer than the limit, only its start (one character past the limit).

        A huge article's text never leaves the database whole. The whole column is read when it is short: SQLite's
        substr() and length() stop at a NUL, which a row written behind save()'s back may hold.
        """
        limit = settings.FEED_FULL_TEXT_MAX_BYTES
        return Case(
            When(LessThanOrEqual(Length("body_html"), limit), then=F("body_html")),
            default=Substr("body_html", 1, limit + 1),
            output_field=TextField(),
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        summary = item.description or item.subtitle
        if len(summary) <= SUMMARY_MAX_CHARS:
            # What Truncator gives back for a text it need not cut (the text in NFC), without its walk over every
            # character and the translation of its ellipsis, for each of the feed's items.
            return unicodedata.normalize("NFC", summary)
        return Truncator(summary).chars(SUMMARY_MAX_CHARS)

    def item_link(self, item):
        return item.absolute_url()

    def item_pubdate(self, item):
        return item.publish_date

    def item_updateddate(self, item):
        return item.modified_date

    def item_author_name(self, item):
        return item.author.name

    def item_author_link(self, item):
        return absolute(item.author.get_absolute_url())

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]

    def item_extra_kwargs(self, item):
        return {"content": self.item_content(item)}

    def item_content(self, item) -> str:
        """The full text, or past FEED_FULL_TEXT_MAX_BYTES its summary (or its opening) and a link to the rest."""
        limit = settings.FEED_FULL_TEXT_MAX_BYTES
        if len(item.feed_html) <= limit:
            content = absolute_html(item.feed_html)
            if len(content.encode()) <= limit:
                return content
        summary = self.item_description(item) or Truncator(strip_tags(item.feed_html)).words(OPENING_WORDS)
        return format_html(
            '<p>{}</p>\n<p><a href="{}">Read the whole article on {}</a></p>',
            summary,
            item.absolute_url(),
            settings.SITE_NAME,
        )


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = ContentAtomFeed
    subtitle = LatestArticlesFeed.description

    def feed_url(self, listing):
        return absolute(reverse("articles:atom"))


class ListFeed(LatestArticlesFeed):
    """The latest articles of one tag or one author, for a reader who follows only them: found by slug in any
    case, as their page is (another case answers 301 to the feed's own address), and there while their page is."""

    model: type[Author | Tag]

    def __call__(self, request, *args, slug: str, **kwargs):
        owner = self.model.objects.with_published_articles().by_slug(slug)
        if owner is None:
            raise Http404("No such feed.")
        if owner.slug != slug:
            return HttpResponsePermanentRedirect(self.address(owner))
        return super().__call__(request, *args, owner=owner, **kwargs)

    def get_object(self, request, *args, owner, **kwargs):
        return Listing(request, owner=owner)

    def address(self, owner) -> str:
        return slug_url(f"articles:{self.model._meta.model_name}_feed", owner.slug)

    def title(self, listing):
        return f"{listing.owner.name} · {settings.SITE_NAME}"

    def description(self, listing):
        return self.described.format(name=listing.owner.name, site=settings.SITE_NAME)

    def link(self, listing):
        return absolute(listing.owner.get_absolute_url())

    def feed_url(self, listing):
        return absolute(self.address(listing.owner))

    def articles(self, listing):
        return self.model.objects.published_articles(listing.owner), stored_pages.list_keys(listing.owner)


class AuthorFeed(ListFeed):
    model = Author
    described = "The latest articles by {name} on {site}."


class TagFeed(ListFeed):
    model = Tag
    described = "The latest articles about {name} on {site}."
