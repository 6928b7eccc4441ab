"""The sitemap: the home page and the indexes of authors and tags, published articles other than cross-posts, and
the authors and tags that have any, each with its last change."""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from . import stored_pages
from .models import Article, Author, Tag


class SiteUrlSitemap(Sitemap):
    """Addresses under SITE_URL, whatever host the request came in on."""

    limit = 5000

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class HomeSitemap(SiteUrlSitemap):
    """The home page and the indexes of authors and tags, which change with it."""

    def items(self):
        return ["articles:home", "articles:authors", "articles:tags"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.newest

    @functools.cached_property
    def newest(self):
        # One query for the three: a sitemap is made afresh for each request.
        return Article.objects.published().aggregate(newest=Max("publish_date"))["newest"]


class ArticleSitemap(SiteUrlSitemap):
    def items(self):
        # Not a cross-post, whose page names its original as canonical: Google reads a sitemap as the addresses
        # a site wants shown in search, and one of them saying otherwise is a signal against its own canonical.
        articles = Article.objects.published().filter(canonical_url="")
        return articles.only("slug", "publish_date", "revised_at").order_by("-publish_date", "-id")

    def lastmod(self, item):
        return item.modified_date


class _ListPageSitemap(SiteUrlSitemap):
    """Authors or tags with at least one published article, dated by their newest."""

    model = None

    def items(self):
        return self.model.objects.with_published_articles().order_by("slug")

    def lastmod(self, item):
        return item.newest_published


class AuthorSitemap(_ListPageSitemap):
    model = Author


class TagSitemap(_ListPageSitemap):
    model = Tag


SITEMAPS = {"home": HomeSitemap, "articles": ArticleSitemap, "authors": AuthorSitemap, "tags": TagSitemap}


def stored_sitemap(view):
    """Store the sitemap until an article joins or leaves the site's list, or an author or tag it names changes."""

    @functools.wraps(view)
    def stored(request, *args, **kwargs):
        authors = Author.objects.with_published_articles().values_list("pk", flat=True)
        tags = Tag.objects.with_published_articles().values_list("pk", flat=True)
        stored_pages.depends_on(
            request, "list:home", *(f"author:{pk}" for pk in authors), *(f"tag:{pk}" for pk in tags)
        )
        return view(request, *args, **kwargs)

    return stored
