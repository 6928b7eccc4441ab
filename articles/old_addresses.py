"""Old addresses keep working: a GET to one answers with a permanent redirect to its article.

An article's old addresses are the paths of the site it came from (front matter's aliases, a generator's
permalinks) and the addresses it had here under an earlier slug: one table (OldAddress) and one lookup for both.

An old address is a path on this site (never a host), kept in one normal form so that the ways one
page was reached (`/blog/x`, `/blog/x/`, `/blog/x/index.html`, `/caf%C3%A9/`) are the same row. The
lookup runs only for a request that would otherwise be a 404, as one indexed query, and only published
articles are found: a draft's old address is a 404 like the draft's own page.
"""

import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

from .reversing import slug_url

MAX_LENGTH = 1000
_INDEX_PAGES = ("index.html", "index.htm")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


class OldAddressMiddleware:
    """Answer a 404 at an old address with a 301 to its article; every other response passes untouched.

    Placed inside the stored pages, which keep only 200 responses: neither the 404 nor the redirect is
    stored, so adding, removing or publishing an address takes effect on the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = article_for(request.path_info)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


def record(article, paths, *, warnings: list[str]) -> int:
    """Give `article` each of `paths` it does not hold yet; a path another article holds stays with it.

    Returns how many were added; each refusal is a warning.
    """
    from .models import OldAddress

    keys: list[str] = []
    for given in paths:
        try:
            key = normalize_path(given)
        except ValueError as error:
            warnings.append(f"old address '{given}' is not kept: {error}")
            continue
        if key not in keys and key != article.get_absolute_url():
            keys.append(key)
    if not keys:
        return 0
    owners = dict(OldAddress.objects.filter(path__in=keys).values_list("path", "article__slug"))
    new = []
    for key in keys:
        owner = owners.get(key)
        if owner is None:
            new.append(OldAddress(path=key, article=article))
        elif owner != article.slug:
            warnings.append(f"old address '{key}' already leads to the article '{owner}'; it is kept there")
    OldAddress.objects.bulk_create(new)
    return len(new)
