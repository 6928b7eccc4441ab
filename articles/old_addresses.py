"""Old addresses keep working: a GET to one answers with a permanent redirect to its article.

An article's old addresses are the paths of the site it came from (front matter's aliases, a generator's
permalinks) and the addresses it had here under an earlier slug: one table (OldAddress) and one lookup for both.

An old address is a path on this site (never a host), kept in one normal form so that the ways one
page was reached (`/blog/x`, `/blog/x/`, `/blog/x/index.html`, `/caf%C3%A9/`) are the same row. The
lookup runs only for a request that would otherwise be a 404, as one indexed query, and only published
articles are found: a draft's old address is a 404 like the draft's own page.
"""

import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from .reversing import slug_url

MAX_LENGTH = 1000
_INDEX_PAGES = ("index.html", "index.htm")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PageAddresses(NamedTuple):
    """Where the old site had a page: where it published it (`own`, by its generator's rules) and the `aliases` its
    front matter gives, which that site redirected to it."""

    own: str | None
    aliases: list[str]

    @property
    def all(self) -> list[str]:
        return list(dict.fromkeys(address for address, _ in self.kinds()))

    def kinds(self) -> list[tuple[str, bool]]:
        """Each address with whether it is an alias, the page's own first."""
        return ([(self.own, False)] if self.own else []) + [(alias, True) for alias in self.aliases]


def normalize_path(address: str, *, decoded: bool = False) -> str:
    """The one form of an old address: `/a/b/` for a page named like a folder, `/a/b.html` for a file.

    Percent-encoding is decoded (unless `decoded` says it already is), `.`, `..` and repeated slashes
    are resolved, a trailing `index.html` names its folder, and case is kept as given. ValueError says
    why `address` is not a path on this site.
    """
    text = address.strip()
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or text.startswith("//"):
        raise ValueError("give the path only (such as /2023/01/29/title.html), without a scheme or host")
    path = parts.path if decoded else unquote(parts.path)
    if _CONTROL.search(path) or "\\" in path:
        raise ValueError("a path cannot hold control characters or backslashes")
    segments: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    if segments and segments[-1].lower() in _INDEX_PAGES:
        segments.pop()
        folder = True
    else:
        # A name with an extension is a file however it was written (`/x.html/` too); any other is a folder.
        folder = not segments or "." not in segments[-1]
    if not segments:
        raise ValueError("the home page cannot be an old address")
    normal = "/" + "/".join(segments) + ("/" if folder else "")
    if len(normal) > MAX_LENGTH:
        raise ValueError(f"a path can be at most {MAX_LENGTH} characters long")
    return normal


def validate_path(value: str) -> None:
    try:
        normalize_path(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def article_address(slug: str) -> str:
    """The old address an article leaves behind when its slug changes from `slug`."""
    return normalize_path(slug_url("articles:article", slug))


def earlier_slug(path: str) -> str | None:
    """The slug in `path` when it is an article's address on this site (an earlier slug's), else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs["slug"] if match.view_name == "articles:article" else None


def moved_to(path: str, *, decoded: bool = True) -> str | None:
    """The slug of the published article whose old address `path` is; else None."""
    from .models import Article

    try:
        key = normalize_path(path, decoded=decoded)
    except ValueError:
        return None
    slug = Article.objects.published().filter(old_addresses__path=key).values_list("slug", flat=True)[:1]
    return next(iter(slug), None)


def article_for(path: str) -> str | None:
    """The address of the published article whose old address `path` (as Django decoded it) is; else None."""
    slug = moved_to(path)
    return slug_url("articles:article", slug) if slug else None


# Where generators and blog engines put the list of a tag or an author and the index of them all: Hugo's
# /tags/x/ and /categories/x/, Jekyll themes' and Ghost's /tag/x/ and /author/x/, WordPress's /category/x/, under
# whatever folder the site was served in (/blog/tags/x/). Imported categories are tags here.
_OLD_LIST = re.compile(
    r"/(?P<kind>tags?|categories|category|topics?|authors?)/(?:(?P<slug>[^/]+)/)?(?P<feed>[^/]+/?)?$"
)
# And their feeds, of the whole site or of one list: Hugo's index.xml, Jekyll's and Eleventy's feed.xml, Astro's and
# Gatsby's rss.xml, Ghost's rss/, WordPress's feed/ (Atom where the name says so).
_OLD_FEED = re.compile(r"/(?:(?:index|feed|rss|atom)\.xml|feed\.atom|rss/|feed/)$")


def list_for(path: str) -> str | None:
    """Where an old site's list at `path` (as Django decoded it) is here: a tag's or an author's page, the index
    of them, or a feed, of theirs or of the site; else None. Only a page readers can see is found, never `path`."""
    from .models import Author, Tag

    try:
        path = normalize_path(path, decoded=True)
    except ValueError:
        return None
    match = _OLD_LIST.search(path)
    feed = _OLD_FEED.search(path)
    if match and (match["feed"] is None or feed):
        model = Author if match["kind"].startswith("author") else Tag
        name = model._meta.model_name
        if match["slug"] is None:
            target = reverse("articles:feed" if feed else f"articles:{name}s")
        elif found := model.objects.with_published_articles().by_slug(match["slug"]):
            target = slug_url(f"articles:{name}_feed", found.slug) if feed else found.get_absolute_url()
        else:
            target = None
    elif feed:
        target = reverse("articles:atom" if "atom" in feed.group() else "articles:feed")
    else:
        target = None
    return target if target != path else None


class OldAddressMiddleware:
    """Answer a 404 at an old address with a 301 to its article, or at an old site's list of a tag or an author,
    or feed, with a 301 to that list or feed here; every other response passes untouched.

    Placed inside the stored pages, which keep only 200 responses: neither the 404 nor the redirect is
    stored, so adding, removing or publishing an address takes effect on the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The content API answers its own: an article's earlier slug there leads to its API address, and an HTML
        # page is never an API client's answer.
        if response.status_code != 404 or request.method not in ("GET", "HEAD") or request.path.startswith("/api/"):
            return response
        target = article_for(request.path_info) or list_for(request.path_info)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


def record(article, addresses: PageAddresses, *, warnings: list[str]) -> int:
    """Give `article` each of `addresses` it does not hold yet; one another article holds stays with it, unless it
    is there as an alias and is where the old site published this page: that comes here.

    As on the old site, where a page's own address wins over another page's alias (Hugo serves the page there and
    warns of the alias), whichever file is imported first, in one run or two. Returns how many were added or
    moved; each refusal and each move is a warning naming the other article and its file.
    """
    from .models import OldAddress

    keys: dict[str, bool] = {}  # normal form -> whether it is an alias
    for given, alias in addresses.kinds():
        try:
            key = normalize_path(given)
        except ValueError as error:
            warnings.append(f"old address '{given}' is not kept: {error}")
            continue
        if key != article.get_absolute_url():
            keys.setdefault(key, alias)
    if not keys:
        return 0
    held = {row.path: row for row in OldAddress.objects.filter(path__in=keys).select_related("article")}
    new, changed, moved = [], [], 0
    for key, alias in keys.items():
        row = held.get(key)
        if row is None:
            new.append(OldAddress(path=key, article=article, alias=alias))
        elif row.article_id == article.pk:
            if row.alias and not alias:  # given as an alias before, it is where the old site published the page
                row.alias = False
                changed.append(row)
        elif row.alias and not alias:
            warnings.append(
                f"old address '{key}' is where the old site published this page, and {_described(row.article)} "
                "gave it as an alias: it now leads here, as a page's own address wins over another page's alias"
            )
            row.article, row.alias = article, False
            changed.append(row)
            moved += 1
        elif alias:
            warnings.append(f"alias '{key}' already leads to {_described(row.article)}; it is kept there")
        else:
            warnings.append(
                f"old address '{key}' already leads to {_described(row.article)}; it is kept there (if it should "
                "lead here, give it to this article under Old site addresses in the admin)"
            )
    OldAddress.objects.bulk_create(new)
    OldAddress.objects.bulk_update(changed, ["article", "alias"])
    return len(new) + moved


def _described(article) -> str:
    """An article as a warning names it: its slug, and the file it came from."""
    return f"the article '{article.slug}'" + (f" (from {article.source_path})" if article.source_path else "")
