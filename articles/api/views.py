"""The content API's endpoints (django-ninja, chosen by measurement: docs/api.md), wired at /api/v1/ in cms/urls.py.

Only what readers may see: Article.objects.published() for articles, and authors and tags with a published
article (with_published_articles()), the rules of the reader's pages. Answers never depend on who is signed in.
"""

import difflib
import hashlib
import json
from datetime import datetime

from csp.decorators import csp_update
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet, Subquery
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from articles.models import Article, Author, ContentState, Tag
from articles.search import search

from .. import old_addresses
from ..ignored_parameters import is_ignored, without_ignored, without_ignored_address
from ..instants import OUTSIDE_THE_CALENDAR, fits_the_calendar
from . import data, schemas
from .access import NOT_FOUND, problem
from .paging import FIRST_PAGE, BadCursor, Cursor, Keyset, Page, keyset_page, offset_page


class QueryParser(Parser):
    def parse_querydict(self, data, list_fields, request):
        # An empty value is no value, as a blank tag or q always was: a front end's form that leaves its date or
        # page size blank sends published_after= or page_size=, and means the default.
        parsed = super().parse_querydict(data, list_fields, request)
        return {name: value for name, value in parsed.items() if not (isinstance(value, str) and not value.strip())}


class FolioApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # fields= chooses an article's fields: only the slug is in every answer.
        schema["components"]["schemas"]["Article"]["required"] = ["slug"]
        return schemas.with_every_answer(schema)


api = FolioApi(
    title=f"{settings.SITE_NAME} content API",
    version="1",
    description="What readers may see, as JSON: published articles, their authors and tags. See docs/api.md.",
    urls_namespace="api",
    parser=QueryParser(),
    # Swagger UI's stylesheet draws its icons as data: images; the docs page alone allows them (images cannot run
    # script). Its scripts and styles are the package's own static files, as everywhere else.
    docs_decorator=csp_update({"img-src": ["data:"]}),
)

# Answered by articles/api/access.py before any endpoint runs: no key (when keys are required), or too many requests.
REFUSALS = {401: schemas.Problem, 429: schemas.Problem}


@api.exception_handler(ValidationError)
def bad_parameter(request, error: ValidationError):
    """A parameter of the wrong type is the caller's mistake, told as 400 with the parameter's name."""
    return problem(400, "; ".join(parameter_problem(request, str(d["loc"][-1]), d["msg"]) for d in error.errors))


@api.exception_handler(HttpError)
def refused(request, error: HttpError):
    # The one shape and content type of every failure (articles/api/access.py), rather than ninja's own.
    return problem(error.status_code, str(error))


def parameter_problem(request, name: str, message: str) -> str:
    value = request.GET.get(name, "")
    if name in schemas.TIME_PARAMETERS:
        if " " in value.strip():
            # An offset's "+" put in an address as it is reads as a space: most likely an updated_at from an
            # answer, pasted into updated_since without encoding it.
            return (
                f"{name}: “{value}” is not an ISO 8601 time: its “+” came as a space, as a “+” in an address "
                "means; send it as %2B (encodeURIComponent and URLSearchParams do)."
            )
        return f"{name}: “{value}” is not an ISO 8601 date or time, such as 2026-12-05 or 2026-12-05T08:30:00+01:00."
    if name == "page_size":
        return page_size_problem()
    return f"{name}: {message}"


def page_size_problem() -> str:
    return f"page_size: give a number from 1 to {settings.API_MAX_PAGE_SIZE}."


def json_response(request, data_: dict, *, last_modified: float) -> HttpResponse:
    """The one place answers are made conditional: an ETag from the body, Last-Modified, and 304 when unchanged.

    Kept apart so that answers can later be served from stored pages the same way.
    """
    body = json.dumps(data_, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return get_conditional_response(request, etag=response["ETag"], last_modified=int(last_modified), response=response)


def not_found() -> HttpResponse:
    # A draft, a scheduled article and one that never was answer alike.
    return problem(404, NOT_FOUND)


def last_changed(request) -> float:
    """When what readers see last changed: the triggers' ContentState, or the newest publish date that has come
    (a scheduled article appears with no write). One query, read once per answer."""
    if not hasattr(request, "_folio_last_changed"):
        newest = Article.objects.published().order_by("-publish_date").values("publish_date")[:1]
        row = (
            ContentState.objects.filter(pk=1)
            .annotate(newest=Subquery(newest))
            .values_list("changed_at", "newest")
            .first()
        )
        changed_at, published_at = row or (0.0, None)
        request._folio_last_changed = max(changed_at, published_at.timestamp() if published_at else 0.0)
    return request._folio_last_changed


# What a front end may have meant by a parameter no endpoint takes: names other APIs use.
MEANT = {
    "page": "cursor",
    "offset": "cursor",
    "limit": "page_size",
    "per_page": "page_size",
    "size": "page_size",
    "sort": "ordering",
    "order": "ordering",
    "order_by": "ordering",
    "search": "q",
    "query": "q",
    "tags": "tag",
    "authors": "author",
    "lang": "language",
}


def checked_parameters(request, query: type[Schema] | None = None) -> None:
    """Every parameter is one the endpoint reads (those of `query`), given once, or one that means nothing to
    Folio (a cache buster, a campaign tag: articles/ignored_parameters.py).

    A misspelt filter (`tagg=python`) would otherwise be ignored and answer everything, and a parameter given
    twice is ambiguous (both tags, or either?): both are said so, rather than quietly answered."""
    accepted = sorted(query.model_fields) if query else []
    for name in request.GET:
        if name not in accepted and not is_ignored(name):
            raise HttpError(400, unknown_parameter(name, accepted))
    for name in accepted:
        count = len(request.GET.getlist(name))
        if count > 1:
            raise HttpError(400, f"{name}: given {count} times; give it once.")


def unknown_parameter(name: str, accepted: list[str]) -> str:
    if not accepted:
        return f"{name}: not a parameter of this endpoint, which takes none."
    detail = f"{name}: not a parameter of this endpoint; its parameters are {', '.join(accepted)}."
    if name.lower() in MEANT:
        meant = MEANT[name.lower()]
        guess = meant if meant in accepted else None
    else:
        guess = next(iter(difflib.get_close_matches(name.lower(), accepted, n=1, cutoff=0.75)), None)
    if guess == "cursor":
        return detail + " Pages come by cursor: follow each answer's next and previous links."
    return detail + (f" Did you mean {guess}?" if guess else "")


def checked_size(value: int) -> int:
    if not 1 <= value <= settings.API_MAX_PAGE_SIZE:
        raise HttpError(400, page_size_problem())
    return value


def parse_cursor(text: str | None) -> Cursor | None:
    if not text:
        return None
    try:
        return Cursor.decode(text)
    except BadCursor as error:
        raise HttpError(400, f"cursor: {error}") from None


def page_links(request, page: Page) -> dict:
    def link(cursor: Cursor | None) -> str | None:
        if cursor is None:
            return None
        params = without_ignored(request.GET)
        if cursor == FIRST_PAGE:
            params.pop("cursor", None)
        else:
            params["cursor"] = cursor.encode()
        query = params.urlencode()
        return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")

    return {"next": link(page.next), "previous": link(page.previous)}


def listed_names(value: str | None, *, name: str) -> list[str]:
    """The names of a comma-separated parameter. An empty one (`title,,slug`, `,`) is a list built from a missing
    value, most likely a front end's bug: said so, rather than guessed at (`fields=,` as slug alone, or as the
    default?). A wholly blank parameter never gets here: it is no parameter (QueryParser)."""
    if not value:
        return []
    names = [part.strip() for part in value.split(",")]
    if "" in names:
        raise HttpError(400, f"{name}: an empty name in “{value}”; separate names with single commas.")
    return names


def chosen_fields(fields: str | None, include: str | None, *, default: tuple[str, ...]) -> tuple[str, ...]:
    extra = listed_names(include, name="include")
    unknown = [name for name in extra if name != "markdown"]
    if unknown:
        raise HttpError(400, f"include: unknown value “{unknown[0]}”; the only one is “markdown”.")
    if fields:
        names = listed_names(fields, name="fields")
        unknown = [name for name in names if name not in data.ARTICLE_FIELDS]
        if unknown:
            known = ", ".join(data.ARTICLE_FIELDS)
            raise HttpError(400, f"fields: unknown field “{unknown[0]}”; the fields are {known}.")
        chosen = ["slug", *names]
    else:
        chosen = list(default)
    if extra:
        chosen.append("body_markdown")
    return tuple(dict.fromkeys(chosen))


def aware(moment: datetime, *, name: str) -> datetime:
    # A time without an offset is read in the site's time zone, as the admin reads one.
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if not fits_the_calendar(moment):
        raise HttpError(400, f"{name}: {moment.isoformat()} is {OUTSIDE_THE_CALENDAR}.")
    return moment


ARTICLE_KEYSET = {"newest": Keyset(("publish_date", "id"), True), "oldest": Keyset(("publish_date", "id"), False)}
ORDERINGS = (*ARTICLE_KEYSET, "relevance")


@api.get(
    "/articles/",
    response={200: schemas.ArticleList, 400: schemas.Problem, 404: schemas.Problem, **REFUSALS},
    url_name="articles",
    summary="Published articles",
)
def list_articles(request, params: Query[schemas.ArticleQuery]):
    checked_parameters(request, schemas.ArticleQuery)
    size = checked_size(params.page_size)
    chosen = chosen_fields(params.fields, params.include, default=data.SUMMARY_FIELDS)
    ordering = params.ordering
    if ordering not in ORDERINGS:
        raise HttpError(400, f"ordering: give one of {', '.join(ORDERINGS)}, not “{ordering}”.")
    query = " ".join((params.q or "").split())[:200]
    if ordering == "relevance" and not query:
        raise HttpError(400, "ordering: relevance needs search words in q.")
    position = parse_cursor(params.cursor)
    articles: QuerySet = Article.objects.published()
    if params.tag:
        articles = articles.filter(tags__in=Tag.objects.slug_in_any_case(params.tag).values("pk")[:1])
    if params.author:
        articles = articles.filter(author__in=Author.objects.slug_in_any_case(params.author).values("pk")[:1])
    if params.language:
        # Language tags are case-insensitive (BCP 47): en-GB, en-gb and EN-gb name one language. Answers give the
        # code as the article stores it.
        articles = articles.filter(language__iexact=params.language.strip())
    if params.published_after:
        articles = articles.filter(publish_date__gte=aware(params.published_after, name="published_after"))
    if params.published_before:
        articles = articles.filter(publish_date__lt=aware(params.published_before, name="published_before"))
    if params.updated_since:
        articles = articles.filter(updated_at__gte=aware(params.updated_since, name="updated_since"))
    if query:
        articles = search(articles, query)
    articles = data.articles_for(articles, chosen)
    modified = last_changed(request)
    try:
        if ordering == "relevance":
            page = offset_page(articles, cursor=position, size=size)
        else:
            page = keyset_page(articles, ARTICLE_KEYSET[ordering], cursor=position, size=size)
    except BadCursor as error:
        raise HttpError(400, f"cursor: {error}") from None
    if not page.rows:
        missing_owner(tag=params.tag, author=params.author)
    context = data.Context(request=request)
    body = {"results": [data.article_data(a, chosen, context) for a in page.rows], **page_links(request, page)}
    return json_response(request, body, last_modified=modified)


def missing_owner(**slugs: str | None) -> None:
    """A tag or author filter naming none readers may see answers 404, as its own address does: a misspelt slug
    (`tag=pyhton`) is said so rather than answered with an empty list. Looked up only for an empty page."""
    owners = {"tag": Tag.objects, "author": Author.objects}
    for name, slug in slugs.items():
        if slug and not owners[name].with_published_articles().slug_in_any_case(slug).exists():
            raise HttpError(404, f"{name}: no {name} with a published article has the slug “{slug}”.")


@api.get(
    "/articles/{slug}/",
    response={200: schemas.Article, 301: None, 400: schemas.Problem, 404: schemas.Problem, **REFUSALS},
    url_name="article",
    summary="One published article",
)
def get_article(request, slug: str, params: Query[schemas.FieldsQuery]):
    checked_parameters(request, schemas.FieldsQuery)
    chosen = chosen_fields(params.fields, params.include, default=data.DETAIL_FIELDS)
    modified = last_changed(request)
    article = data.articles_for(Article.objects.published(), chosen).filter(slug=slug).first()
    if article is None:
        new_slug = old_addresses.moved_to(reverse("articles:article", kwargs={"slug": slug}), decoded=False)
        if new_slug is None:
            return not_found()
        address = reverse("api:article", kwargs={"slug": new_slug})
        return HttpResponsePermanentRedirect(without_ignored_address(address, request.GET))
    return json_response(
        request, data.article_data(article, chosen, data.Context(request=request)), last_modified=modified
    )


NAME_KEYSET = Keyset(("slug",), False)


def named_list(request, rows: QuerySet, *, cursor: str | None, size: int, present) -> HttpResponse:
    checked_parameters(request, schemas.PageQuery)
    modified = last_changed(request)
    try:
        page = keyset_page(rows, NAME_KEYSET, cursor=parse_cursor(cursor), size=checked_size(size))
    except BadCursor as error:
        raise HttpError(400, f"cursor: {error}") from None
    context = data.Context(request=request)
    body = {"results": [present(row, context) for row in page.rows], **page_links(request, page)}
    return json_response(request, body, last_modified=modified)


@api.get(
    "/authors/",
    response={200: schemas.AuthorList, 400: schemas.Problem, **REFUSALS},
    url_name="authors",
    summary="Authors with a published article",
)
def list_authors(request, params: Query[schemas.PageQuery]):
    rows = Author.objects.with_published_articles()
    return named_list(request, rows, cursor=params.cursor, size=params.page_size, present=data.author_data)


@api.get(
    "/authors/{slug}/",
    response={200: schemas.Author, 301: None, 400: schemas.Problem, 404: schemas.Problem, **REFUSALS},
    url_name="author",
    summary="One author with a published article",
)
def get_author(request, slug: str):
    rows = Author.objects.with_published_articles()
    return named_detail(request, rows, slug=slug, present=data.author_data, url_name="api:author")


@api.get(
    "/tags/",
    response={200: schemas.TagList, 400: schemas.Problem, **REFUSALS},
    url_name="tags",
    summary="Tags with a published article",
)
def list_tags(request, params: Query[schemas.PageQuery]):
    rows = Tag.objects.with_published_articles()
    return named_list(request, rows, cursor=params.cursor, size=params.page_size, present=data.tag_data)


@api.get(
    "/tags/{slug}/",
    response={200: schemas.Tag, 301: None, 400: schemas.Problem, 404: schemas.Problem, **REFUSALS},
    url_name="tag",
    summary="One tag with a published article",
)
def get_tag(request, slug: str):
    rows = Tag.objects.with_published_articles()
    return named_detail(request, rows, slug=slug, present=data.tag_data, url_name="api:tag")


def named_detail(request, rows: QuerySet, *, slug: str, present, url_name: str) -> HttpResponse:
    """One author or tag readers may see, by slug; the same 404 as an address that never was. A slug in another
    case answers 301 to the canonical address, so that each has one address (and one entry in a cache)."""
    checked_parameters(request)
    modified = last_changed(request)
    row = rows.by_slug(slug)
    if row is None:
        return not_found()
    if row.slug != slug:
        return HttpResponsePermanentRedirect(reverse(url_name, kwargs={"slug": row.slug}))
    return json_response(request, present(row, data.Context(request=request)), last_modified=modified)
