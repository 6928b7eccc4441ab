"""Folio settings, read from the environment with defaults that are safe on a laptop.

Production sets at least SECRET_KEY, ALLOWED_HOSTS, SITE_URL and DATABASE_URL;
README.md lists every variable.
"""

import math
import os
import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import jinja2
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


SWITCH_ON = ("1", "true", "yes", "on")
SWITCH_OFF = ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    """A switch, on or off: anything else stops Folio naming it, since read as off, a mistyped `HTTPS=y` or
    `API_KEYS_REQUIRED=required` would leave a production site without HTTPS or its API open, and say nothing."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in SWITCH_ON + SWITCH_OFF:
        raise ImproperlyConfigured(
            f"{name} must be 1 or 0 (or true/false, yes/no, on/off), not {os.environ[name].strip()!r} "
            f"(unset, it is {name}={int(default)})."
        )
    return value in SWITCH_ON


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default: int | float, *, least: int | float = 0) -> int | float:
    """A whole number (or a decimal one, when the default is) of `least` or more: anything else stops Folio with one
    line naming the variable and what it takes, rather than a page or a sender failing on it later."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    kind = type(default)
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or number < least:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(
            f"{name} must be {what} of {least} or more, not {value!r} (unset, it is {name}={default})."
        )
    return number


def database_settings(url: str) -> dict:
    """DATABASE_URL read into Django's settings; a URL Folio cannot use stops it naming what is wrong."""
    example = "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:////path/to/folio.sqlite3"
    try:
        parsed = dj_database_url.parse(url, conn_max_age=env_number("CONN_MAX_AGE", 60), conn_health_checks=True)
    except ValueError:
        # The URL holds a password: say what kind of address it must be, not what it is.
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: write it as {example}.") from None
    if parsed["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        scheme = url.split("://", 1)[0]
        # The database keeps stored pages and tag listings right through triggers written for these two.
        raise ImproperlyConfigured(
            f"DATABASE_URL names a {scheme} database; Folio runs on PostgreSQL or SQLite: {example}."
        )
    if parsed["ENGINE"] == "django.db.backends.postgresql":
        # Django's, checking a kept connection before each request without a round trip: cms/postgresql/base.py.
        parsed["ENGINE"] = "cms.postgresql"
    else:
        # Django's, with writers that take turns instead of one waiting out its timeout: cms/sqlite3/base.py.
        parsed["ENGINE"] = "cms.sqlite3"
    return parsed


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A guessable key signs sessions and password-reset links: refuse to run with one.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set, and DEBUG is off: set it to 50 or more random characters, "
            "as printed by python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'."
        )
    SECRET_KEY = "folio-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
if not ALLOWED_HOSTS and not DEBUG:
    # Django would answer every request 400 Bad Request.
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty, and DEBUG is off: set it to the host names the site answers to, "
        "comma-separated, for example ALLOWED_HOSTS=news.example.org."
    )
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        # Canonical links, feeds, the sitemap and share links are built on it: a guess would point them at localhost.
        raise ImproperlyConfigured(
            "SITE_URL is not set, and DEBUG is off: set it to the site's public address, "
            "for example SITE_URL=https://news.example.org."
        )
    SITE_URL = "http://127.0.0.1:8000"
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).hostname:
    raise ImproperlyConfigured(
        f"SITE_URL must be an address starting with https:// or http://, not {SITE_URL!r} "
        "(for example SITE_URL=https://news.example.org)."
    )
if urlsplit(SITE_URL)._replace(scheme="", netloc="") != urlsplit(""):
    # Every absolute link is SITE_URL and a path from the root (/articles/…/): one with a path of its own, or a
    # query, would lead every canonical link, feed and sitemap entry to a page Folio does not serve.
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's scheme and host alone, not {SITE_URL!r}: Folio serves its pages from the "
        "root of its host (for example SITE_URL=https://news.example.org)."
    )
SITE_NAME = os.environ.get("SITE_NAME", "Folio")
# The author of imported files that name none, when neither --default-author nor the site's config gives one.
DEFAULT_AUTHOR = os.environ.get("DEFAULT_AUTHOR", "").strip() or SITE_NAME

# HTTPS=1 is the one production switch for the HTTPS redirect, HSTS and secure cookies. It is off by
# default so that plain HTTP on 127.0.0.1 keeps working.
HTTPS = env_bool("HTTPS", False)
if HTTPS and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        f"SITE_URL must start with https:// when HTTPS is on, not {SITE_URL!r}: "
        "change SITE_URL, or set HTTPS=0 for a trial over plain HTTP."
    )
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_number("HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
# A load balancer probes each app server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Only behind a proxy that sets (not appends to) X-Forwarded-Proto on every request: otherwise a
# client could claim HTTPS for itself.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind a proxy every request comes from the proxy; the client is the address it appended last to
# X-Forwarded-For. Used by the admin sign-in limit (cms/login_limit.py).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
# A TLS-terminating proxy in front means Django may see http while the browser's Origin says https.
CSRF_TRUSTED_ORIGINS = ["{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Turning either of these off is a decision, not an oversight, so check --deploy stays quiet about it.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

INSTALLED_APPS = [
    # First, so that its admin templates (the dashboard, the theme) come before the admin's own.
    "articles",
    "articles.admin_site.FolioAdminConfig",  # Django's admin, as Folio's site (articles/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "corsheaders",
    # For the content API's docs page: Swagger UI from the package's own static files, not a CDN.
    "ninja",
    "markdownx",
    # For the EasyMDE files it ships (static/easymde/), which static/admin/js/folio-body-editor.js starts; its own
    # widget is not used (it writes an inline style, which the CSP refuses).
    "easymde",
    "reversion",
]

MIDDLEWARE = [
    # Outermost: whatever answers a HEAD request, its body is left out here.
    "cms.head_requests.answer_head_without_body",
    # Outside everything that redirects (the HTTPS redirect, the added slash, slugs, old addresses, the API).
    "cms.redirect_caching.cache_redirects",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before anything looks the address or parameters up in the database (stored pages, old addresses, views).
    "cms.errors.refuse_nul_characters",
    # Before anything answers an API request: every answer is counted and needs its key.
    "articles.api.access.ApiAccessMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "articles.stored_pages.StoredPageMiddleware",
    # Inside the stored pages: a stored page keeps its policy header instead of building it again.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so that it sees a page's 404 first and nothing else; stored pages never keep its 301.
    "articles.old_addresses.OldAddressMiddleware",
]

ROOT_URLCONF = "cms.urls"


# Anonymous readers' pages are built once per change and stored in the database (articles/stored_pages.py).
# Off by default under DEBUG, so that a template being edited shows its change at once.
STORED_PAGES = env_bool("STORED_PAGES", not DEBUG)
# How long a stored page is fresh: how long an article page's related articles can miss a newer one (lists are
# refreshed at once, and when a scheduled article comes out). An hour: a related list an hour behind is news no
# reader misses. After that the page is served once more, to the reader who finds it stale, and rebuilt once
# that response is sent; a page older than STORED_PAGES_STALE_FOR (30 days) is built afresh instead.
STORED_PAGES_MAX_AGE = env_number("STORED_PAGES_MAX_AGE", 3600)
STORED_PAGES_STALE_FOR = env_number("STORED_PAGES_STALE_FOR", 30 * 86400)
# How long browsers and proxies keep a permanent redirect (cms/redirect_caching.py): how late an editor's change to
# one (an old address, a slug) can reach a reader who followed it before. An hour, as a stored page's lag.
REDIRECT_MAX_AGE = env_number("REDIRECT_MAX_AGE", 3600)

TEMPLATES = [
    {
        # The reader's pages (see articles/templating.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "articles.templating.environment",
            # While developing, a name a template does not have is an error, not an empty string on the page.
            **({"undefined": jinja2.StrictUndefined} if DEBUG else {}),
            "context_processors": [
                "django.template.context_processors.i18n",
                "articles.context_processors.site",
            ],
        },
    },
    {
        # The admin and its overrides in articles/templates/admin/.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# An empty DATABASE_URL is an unset one, as for every other variable here. Unset, the database is a SQLite file in
# the project folder, which an app server started with DEBUG off names as it starts (cms/starting.py): a
# production site may mean it, or may have lost its DATABASE_URL.
_database_url = os.environ.get("DATABASE_URL", "").strip()
DATABASE_URL_UNSET = not _database_url
DATABASES = {"default": database_settings(_database_url or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# How long a SQLite write waits for another connection's write to end: an import's batch, an editor's save.
SQLITE_BUSY_TIMEOUT_MS = 5000
if DATABASES["default"]["ENGINE"] == "cms.sqlite3":
    # WAL lets readers carry on while the importer or an editor writes;
    # IMMEDIATE takes the write lock up front instead of failing mid-transaction.
    # Connections are kept (CONN_MAX_AGE) as on PostgreSQL: opening one with these pragmas cost about 1 ms a
    # request, ten times serving a stored page (docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS};"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
# PostgreSQL's text search configuration for search; unset, the one for LANGUAGE_CODE (articles/search_languages.py).
# PostgreSQL reads an unquoted name in lower case, as Folio does.
SEARCH_CONFIG = os.environ.get("SEARCH_CONFIG", "").strip().lower()
if SEARCH_CONFIG and not re.fullmatch(r"(?:[a-z_][a-z0-9_$]*\.)?[a-z_][a-z0-9_$]*", SEARCH_CONFIG):
    raise ImproperlyConfigured(
        f"SEARCH_CONFIG must name a PostgreSQL text search configuration, such as french or simple "
        f"(psql's \\dF lists them), not {SEARCH_CONFIG!r}; unset, it follows LANGUAGE_CODE."
    )
TIME_ZONE = os.environ.get("TIME_ZONE", "").strip() or "UTC"
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must name a time zone, such as Europe/London or UTC, not {TIME_ZONE!r}."
    ) from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media live in MEDIA_ROOT unless S3_BUCKET names a bucket in an S3-compatible object store, which
# several app servers can share.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
# One process serving its own uploads is the laptop and single-box layout;
# behind a proxy that serves MEDIA_ROOT itself, set SERVE_MEDIA=0.
# Every media name is made from the file's content, so a name never changes its bytes: a browser, a proxy or a
# CDN may keep a file for a year, whether the bucket or Folio itself (cms/media.py) serves it.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"
SERVE_MEDIA = env_bool("SERVE_MEDIA", not S3_BUCKET)

STORAGES = {
    "default": {"BACKEND": "articles.storage.WholeFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("S3_REGION") or None,
            # Unset keys fall back to boto3's own lookup (AWS_* variables, an instance role).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("S3_CUSTOM_DOMAIN") or None,
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
            # Image URLs are written into stored article bodies and stored pages, so they must not
            # expire: the bucket (or the domain in front of it) serves media publicly.
            "querystring_auth": False,
            "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
        },
    }

# Uploaded images: what the editor accepts (checked again by Pillow, see articles/images.py).
IMAGE_UPLOAD_MAX_BYTES = env_number("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, least=1)
IMAGE_MAX_PIXELS = env_number("IMAGE_MAX_PIXELS", 40_000_000, least=1)
# Text limits, so that one hostile or broken file cannot hold a worker or an import run for minutes.
# At the body limit a pathological but plausible body (one big table) renders in about 2 seconds.
ARTICLE_BODY_MAX_BYTES = env_number("ARTICLE_BODY_MAX_BYTES", 512 * 1024, least=1)
# Autosave (articles/pending.py) sends the article form to the server this long after typing stops, and at
# least this often while it goes on; an idle time of 0 turns it off (the browser's own copy stays).
AUTOSAVE_IDLE_MS = env_number("AUTOSAVE_IDLE_MS", 3000)
AUTOSAVE_MAX_WAIT_MS = env_number("AUTOSAVE_MAX_WAIT_MS", 20000)
IMPORT_MAX_FILE_BYTES = env_number("IMPORT_MAX_FILE_BYTES", 1024 * 1024, least=1)
IMPORT_MAX_FRONT_MATTER_BYTES = env_number("IMPORT_MAX_FRONT_MATTER_BYTES", 64 * 1024, least=1)
# `import_markdown --download-images` fetches only from public addresses, so that a file being imported cannot
# send the server's requests to itself or its network (articles/downloads.py); 1 lifts that.
IMPORT_DOWNLOAD_PRIVATE_ADDRESSES = env_bool("IMPORT_DOWNLOAD_PRIVATE_ADDRESSES", False)

# The admin's live preview and the stored page come from one function.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.rendering.markdownify"
# The editor keeps its height and scrolls, so that the preview beside it can follow (folio-writing.js).
MARKDOWNX_EDITOR_RESIZABLE = False
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_UPLOAD_MAX_SIZE = IMAGE_UPLOAD_MAX_BYTES
MARKDOWNX_UPLOAD_CONTENT_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")

# Every page, the admin and its Markdown editor included, runs scripts and styles from the site's own
# files only: no inline script or style. Articles may show remote images from any HTTPS host.
# django-csp 4 reads this dict (csp.middleware.CSPMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:"],
        "media-src": [SELF, "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if S3_ENDPOINT_URL.startswith("http://"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append("{0.scheme}://{0.netloc}".format(urlsplit(S3_ENDPOINT_URL)))

# Admin sign-in: after this many failed attempts for one username from one address, that pair waits
# out the window (cms/login_limit.py). The failures are counted in the database, shared by every process.
LOGIN_FAILURE_LIMIT = env_number("LOGIN_FAILURE_LIMIT", 5, least=1)
LOGIN_FAILURE_WINDOW = env_number("LOGIN_FAILURE_WINDOW_MINUTES", 15, least=1) * 60

# The content API (/api/v1/, articles/api/). Browsers on these origins may read it (CORS); none by default.
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS", "")
CORS_ALLOWED_ORIGINS = API_CORS_ORIGINS
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_HEADERS = ["authorization", "x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
# Requests per minute from one client address (0: no limit), counted in the database for every process.
API_RATE_LIMIT = env_number("API_RATE_LIMIT", 300)
# A private site's API answers only requests with a key made in the admin (Authorization: Bearer, or X-Api-Key).
API_KEYS_REQUIRED = env_bool("API_KEYS_REQUIRED", False)
API_PAGE_SIZE = env_number("API_PAGE_SIZE", 20, least=1)
API_MAX_PAGE_SIZE = env_number("API_MAX_PAGE_SIZE", 100, least=1)
if API_PAGE_SIZE > API_MAX_PAGE_SIZE:
    # Every API list asked for without page_size would be refused for asking too many.
    raise ImproperlyConfigured(
        f"API_PAGE_SIZE ({API_PAGE_SIZE}) must be at most API_MAX_PAGE_SIZE ({API_MAX_PAGE_SIZE}): "
        "lower the one or raise the other."
    )

# Webhooks (articles/webhooks.py): sent by a thread in each app server process unless turned off here (then run
# `manage.py send_webhooks --loop` somewhere). A receiver gets WEBHOOK_TIMEOUT seconds to answer; the sender
# looks for new work every WEBHOOK_POLL_SECONDS at most; finished deliveries stay in the log WEBHOOK_LOG_DAYS.
WEBHOOKS_SEND_IN_APP = env_bool("WEBHOOKS_SEND_IN_APP", True)
WEBHOOK_TIMEOUT = env_number("WEBHOOK_TIMEOUT", 5.0, least=0.1)
WEBHOOK_POLL_SECONDS = env_number("WEBHOOK_POLL_SECONDS", 5.0, least=0.1)
WEBHOOK_LOG_DAYS = env_number("WEBHOOK_LOG_DAYS", 30)

ARTICLES_PER_PAGE = env_number("ARTICLES_PER_PAGE", 10, least=1)
# A feed item carries its article's full text up to this size; past it, the description and a link to the
# page, so that one huge article cannot make a huge feed for every reader.
FEED_FULL_TEXT_MAX_BYTES = env_number("FEED_FULL_TEXT_MAX_BYTES", 100 * 1024)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO"
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refused_request_in_one_line": {"()": "cms.log_filters.RefusedRequestInOneLine"},
        "database_problem_in_one_line": {"()": "cms.log_filters.DatabaseProblemInOneLine"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["refused_request_in_one_line", "database_problem_in_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own logger prints to the console with DEBUG on and passes each message up to the root, which
    # printed it again; it keeps no handler of its own, and its level is LOG_LEVEL like everything else's.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
