"""The shapes of the content API's answers, for its OpenAPI schema and docs page.

The views build their JSON directly (articles/api/data.py) and the contract tests check every answer against
these shapes, through the generated schema.
"""

from datetime import datetime

from django.conf import settings
from ninja import Schema
from pydantic import Field

from .access import ALLOWED_METHODS, READ_ONLY, REFUSED_METHODS


class Problem(Schema):
    detail: str = Field(description="What went wrong, naming the parameter when one is at fault.")


class Rendition(Schema):
    url: str
    width: int
    height: int | None
    type: str = Field(description="The image's media type, such as image/webp.")


class Image(Schema):
    src: str
    alt: str
    width: int | None = Field(description="None for an external image, whose size Folio does not know.")
    height: int | None
    renditions: list[Rendition] = Field(description="Smaller copies, each format from its smallest.")


class AuthorSummary(Schema):
    slug: str
    name: str
    url: str = Field(description="The author's page on the site.")
    api_url: str


class TagSummary(Schema):
    slug: str
    name: str
    url: str
    api_url: str


class TocEntry(Schema):
    id: str
    text: str
    level: int


class CallToAction(Schema):
    text: str
    button_label: str
    button_url: str


class Translation(Schema):
    language: str
    slug: str
    title: str
    url: str
    api_url: str


class Article(Schema):
    """An article. `fields=` chooses which of these come back (slug always does); a list gives a summary by default."""

    slug: str
    url: str = Field(description="The address of the article's page on this site.")
    api_url: str
    canonical_url: str = Field(
        description="For an article that first appeared elsewhere, the original's address, which its page names as "
        "canonical; else empty, and the page's own address (url) is canonical."
    )
    title: str
    subtitle: str
    description: str
    language: str
    author: AuthorSummary
    tags: list[TagSummary] = Field(description="In the order the editor gave them.")
    publish_date: datetime
    modified_date: datetime = Field(description="When the text last changed after publication, else publish_date.")
    updated_at: datetime = Field(description="The last save of the article: what updated_since compares.")
    read_time_minutes: int = Field(
        description="The nearest whole minute; 0 for less than half a minute (the site shows no read time when "
        "word_count is 0, else 'Less than 1 min read')."
    )
    word_count: int
    hero: Image | None
    body_html: str = Field(
        description="The sanitised HTML, with heading ids and <picture> images, every address absolute."
    )
    body_markdown: str = Field(description="The Markdown source: only with include=markdown or fields=body_markdown.")
    body_images: list[Image]
    toc: list[TocEntry]
    call_to_action: CallToAction | None = Field(description="The article's own, or else the site's default.")
    translations: list[Translation] = Field(description="The published versions in other languages.")


class ArticleList(Schema):
    results: list[Article]
    next: str | None = Field(description="The next page's address, or null on the last.")
    previous: str | None = Field(
        description="The previous page's address, or null on the first; from a page past the end (a cursor whose "
        "rows are gone), the last page's."
    )


class Author(AuthorSummary):
    bio_html: str
    avatar: str | None
    website: str
    profiles: list[dict[str, str]] = Field(description="Each as {label, url}.")
    articles_url: str


class AuthorList(Schema):
    results: list[Author]
    next: str | None
    previous: str | None


class Tag(TagSummary):
    articles_url: str


class TagList(Schema):
    results: list[Tag]
    next: str | None
    previous: str | None


class PageQuery(Schema):
    cursor: str | None = Field(None, description="From a next or previous link, as it is.")
    page_size: int = Field(settings.API_PAGE_SIZE, description=f"1 to {settings.API_MAX_PAGE_SIZE}.")


class FieldsQuery(Schema):
    fields: str | None = Field(None, description="Comma-separated fields to return (slug always comes).")
    include: str | None = Field(None, description="markdown: add the body's Markdown source.")


TIME_PARAMETERS = ("published_after", "published_before", "updated_since")


class ArticleQuery(PageQuery, FieldsQuery):
    tag: str | None = Field(
        None, description="A tag's slug, in any case: only articles with this tag (404 if no tag readers see has it)."
    )
    author: str | None = Field(None, description="An author's slug, in any case (404 if no author readers see has it).")
    language: str | None = Field(None, description="A language code such as en or pt-br, in any case.")
    published_after: datetime | None = Field(None, description="ISO 8601: published at or after this time.")
    published_before: datetime | None = Field(None, description="ISO 8601: published before this time.")
    updated_since: datetime | None = Field(
        None, description="ISO 8601: saved at or after this time, for incremental builds."
    )
    q: str | None = Field(None, description="Search words, as the site's search reads them.")
    ordering: str = Field("newest", description="newest, oldest, or relevance (with q).")


NOT_MODIFIED = {
    "description": "Not Modified: the answer the If-None-Match or If-Modified-Since header names is still current. "
    "No body; the ETag and Last-Modified headers come again."
}
REFUSED = {
    "description": f"Method Not Allowed: {READ_ONLY}",
    "headers": {"Allow": {"schema": {"type": "string", "const": ALLOWED_METHODS}}},
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}, "example": {"detail": READ_ONLY}}
    },
}
PREFLIGHT = {"description": "A CORS preflight (with Access-Control-Request-Method): no body."}


def with_every_answer(schema: dict) -> dict:
    """The generated schema with the answers no endpoint gives itself, as they really come: 304 to a conditional
    GET (json_response), and 405 to every other method (the access middleware), listed as operations of their own
    so that a client generated from the schema knows them. An address no endpoint has answers the same 404 as a
    missing article (in_json); OpenAPI has no place for a path that is not there, so the docs say it."""
    for operations in schema["paths"].values():
        read = operations["get"]
        read["responses"]["304"] = NOT_MODIFIED
        read["tags"] = ["content"]
        for method in REFUSED_METHODS:
            preflight = method == "options"
            operations[method] = {
                "operationId": f"{read['operationId']}_{method}",
                "summary": "Refused (405), but for a CORS preflight (200)" if preflight else "Refused (405): read-only",
                "tags": ["refused"],
                "parameters": [parameter for parameter in read.get("parameters", []) if parameter["in"] == "path"],
                "responses": {"200": PREFLIGHT, "405": REFUSED} if preflight else {"405": REFUSED},
            }
    schema["tags"] = [
        {"name": "content", "description": "What readers may see, as JSON."},
        {"name": "refused", "description": f"{READ_ONLY} Any other method answers 405 with Allow: {ALLOWED_METHODS}."},
    ]
    return schema
