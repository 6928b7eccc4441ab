"""How long browsers and proxies keep a permanent redirect: REDIRECT_MAX_AGE, the one rule of every one Folio answers.

A 301 (or 308) that says nothing is kept by browsers for as long as they like, often for good, and the redirects
Folio answers are an editor's to change: an old address given to another article or taken away, a slug taken
back, a tag renamed. Told to revalidate each time (the pages' `max-age=0`), a browser would ask again on every
visit, and a redirect carries no ETag to make that a 304. So each is kept for a bounded time instead: long enough
that a reader following an old link twice asks once, short enough that an editor's change reaches every browser
within that time. Shared caches may keep it too, unless it is private (a keyed content API's answer).

Temporary redirects (302, 303, 307) are the admin's alone, each sent never to be cached (Django's admin_view).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_max_age, patch_cache_control

PERMANENT = (301, 308)


def cache_redirects(get_response):
    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if response.status_code in PERMANENT and get_max_age(response) is None:
            reach = "private" if "private" in response.get("Cache-Control", "") else "public"
            patch_cache_control(response, **{reach: True}, max_age=settings.REDIRECT_MAX_AGE)
        return response

    return middleware
