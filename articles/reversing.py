"""The addresses of articles, authors and tags, which a page prints dozens of times (cards, tags, links).

Django's reverse() walks the URLconf for each call; here it runs once for each name and script prefix, and the
slug is put into the address it gave, quoted as reverse() quotes it.
"""

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

_MARKER = "folio-slug-here"


@functools.lru_cache(maxsize=64)
def _around_slug(name: str, prefix: str) -> tuple[str, str]:
    before, _, after = reverse(name, kwargs={"slug": _MARKER}).partition(_MARKER)
    return before, after


@functools.lru_cache(maxsize=64)
def _fixed(name: str, prefix: str) -> str:
    return reverse(name)


def fixed_url(name: str) -> str:
    """reverse(name) for a URL without arguments (the home page, the feeds), which every page's header prints."""
    return _fixed(name, get_script_prefix())


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug}) for a URL whose one argument is a slug, as saved (a valid slug)."""
    before, after = _around_slug(name, get_script_prefix())
    return before + quote(slug, safe=RFC3986_SUBDELIMS + "/~:@") + after
