"""Who may call the content API, and how often: API keys for private sites, and a limit per client address.

Both are checked by a middleware before anything else answers an API request. The counts are rows in the
database (ApiRequestCount), one per address and minute, so every worker and app server counts the same requests.
"""

import hashlib
import math
import time

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

from articles.models import ApiKey, ApiRequestCount
from cms.login_limit import client_ip

API_PREFIX = "/api/"
# What a key would protect is the content; the schema and its docs page show none of it.
PUBLIC_PATHS = ("/api/v1/openapi.json", "/api/v1/docs")

ALLOWED_METHODS = "GET, HEAD"
READ_ONLY = "The content API is read-only: it answers GET and HEAD."
# Methods refused with 405 (OPTIONS is answered only as a CORS preflight): the schema lists them too.
REFUSED_METHODS = ("post", "put", "patch", "delete", "options")

# Tests move this clock to step into the next minute.
clock = time.time


def presented_key(request) -> str:
    authorization = request.headers.get("Authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-Api-Key", "").strip()


def count_request(client: str, *, now: float) -> tuple[int, float]:
    """Count one request from `client` in the current minute: the minute's count so far, and seconds left in it.

    One statement, so requests arriving together in several processes each get their own number.
    """
    minute = int(now // 60)
    table = connection.ops.quote_name(ApiRequestCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, minute, count) VALUES (%s, %s, 1) "
            f"ON CONFLICT (client, minute) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [client, minute],
        )
        (count,) = cursor.fetchone()
    if count == 1:
        # A client's first request of a minute clears its earlier minutes: one row per client stays.
        ApiRequestCount.objects.filter(client=client, minute__lt=minute).delete()
    return count, (minute + 1) * 60 - now


NOT_FOUND = "Not found."


def problem(status: int, detail: str, **headers: str) -> JsonResponse:
    """Every failure of the API, whoever answers it: `{"detail": ...}` as application/json, as the answers are.

    Never stored by a cache: a 404 turns into the article when it is published, a 429 or 401 is one client's."""
    response = JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name] = value
    return response


def in_json(response: HttpResponse) -> HttpResponse:
    """An error answered by Django rather than by an endpoint (an address no endpoint has, a server error) as the
    API's JSON problem, so that a client reads every failure the same way and never gets an HTML page."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
        return response
    status = response.status_code
    # Not found: the same body as an endpoint's 404 for a draft or a slug that never was.
    answer = problem(status, NOT_FOUND if status == 404 else f"{response.reason_phrase}.")
    for name, value in response.items():
        if name.lower() not in ("content-type", "content-length", "cache-control"):
            answer[name] = value
    return answer


class ApiAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A CORS preflight (OPTIONS with Access-Control-Request-Method) is answered by django-cors-headers before
        # this; any other OPTIONS is a method the API does not answer, like POST.
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            # The API's routes answer GET; HEAD is that answer's headers without its body, as HTTP has it.
            request.method = request.META["REQUEST_METHOD"] = "GET"
        if request.method != "GET":
            return problem(405, READ_ONLY, Allow=ALLOWED_METHODS)
        if settings.API_RATE_LIMIT > 0:
            client = hashlib.sha256(client_ip(request).encode()).hexdigest()
            count, seconds_left = count_request(client, now=clock())
            if count > settings.API_RATE_LIMIT:
                return problem(
                    429,
                    f"Too many requests: at most {settings.API_RATE_LIMIT} a minute from one address.",
                    **{"Retry-After": str(max(1, math.ceil(seconds_left)))},
                )
        keyed = settings.API_KEYS_REQUIRED and not request.path.startswith(PUBLIC_PATHS)
        if keyed:
            key = presented_key(request)
            if not ApiKey.is_valid(key):
                detail = (
                    "This API key is not valid: it may have been revoked."
                    if key
                    else "This API needs a key: send it as “Authorization: Bearer <key>” or “X-Api-Key: <key>”."
                )
                return problem(401, detail, **{"WWW-Authenticate": 'Bearer realm="api"'})
        response = in_json(self.get_response(request))
        if keyed and response.status_code < 400:
            # A private site's content must not sit in shared caches on the way; a failure is never kept at all.
            # Its answers keep their freshness (a redirect's is given outside: cms/redirect_caching.py).
            patch_cache_control(response, private=True)
        if head:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
