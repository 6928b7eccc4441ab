"""Articles, authors and tags as the content API gives them: plain dicts, built from rows fetched in bulk.

Each article field names the columns and related rows it needs (ARTICLE_FIELDS), so that a list asking for
a few fields reads only those, and every related row comes in one query for the whole page, whatever its size.
"""

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS, urlencode

from articles.metadata import absolute, absolute_html
from articles.models import Article, Author, CallToAction, Tag, published_translations_prefetch, tags_in_order_prefetch
from articles.renditions import MIME_TYPES, ImageSet


@dataclass
class Context:
    """What every row of one answer shares: the request (for API links), addresses, the site's call to action."""

    request: object
    _default_cta: list = field(default_factory=list)
    _prefixes: dict = field(default_factory=dict)

    def address(self, name: str, slug: str) -> str:
        """reverse(name, slug=slug), with the pattern reversed once per answer: a page of articles has hundreds of
        addresses, and reverse() for each was two fifths of a list's time. Quoted as reverse() quotes."""
        prefix = self._prefixes.get(name)
        if prefix is None:
            prefix = self._prefixes[name] = reverse(name, kwargs={"slug": _SLUG_MARK}).split(_SLUG_MARK)
        return prefix[0] + quote(slug, safe=RFC3986_SUBDELIMS + "/~:@") + prefix[1]

    def page_url(self, name: str, slug: str) -> str:
        return absolute(self.address(f"articles:{name}", slug))

    def api_url(self, name: str, slug: str) -> str:
        return self.request.build_absolute_uri(self.address(f"api:{name}", slug))

    def default_call_to_action(self) -> CallToAction | None:
        if not self._default_cta:
            self._default_cta.append(CallToAction.site_default())
        return self._default_cta[0]


_SLUG_MARK = "folio-slug-mark"


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def media_url(name: str) -> str:
    return absolute(default_storage.url(name))


def image_type(url: str) -> str:
    extension = posixpath.splitext(url.split("?")[0])[1].lstrip(".").lower()
    return MIME_TYPES.get("jpg" if extension == "jpeg" else extension, "")


def hero(article: Article) -> dict | None:
    image_set = article.hero_set
    if image_set is not None:
        return image_set_data(image_set, alt=article.hero_image_alt)
    if not article.hero_src:
        return None
    # An external hero: its size is not known.
    src = absolute(article.hero_src)
    return {"src": src, "alt": article.hero_image_alt, "width": None, "height": None, "renditions": []}


def image_set_data(image_set: ImageSet, *, alt: str) -> dict:
    return {
        "src": media_url(image_set.name),
        "alt": alt,
        "width": image_set.width,
        "height": image_set.height,
        "renditions": [
            {
                "url": media_url(r.name),
                "width": r.width,
                "height": r.height,
                "type": MIME_TYPES.get(r.extension, ""),
            }
            for r in sorted(image_set.renditions, key=lambda r: (r.extension, r.width))
        ],
    }


# The stored body's images, as rendering.py writes them: a <picture> with a WebP <source> for Folio's own
# images (their renditions in srcset), a bare <img> for others. Attributes are double-quoted and escaped.
_BODY_IMAGE = re.compile(r"<picture>(?P<picture>.*?)</picture>|<img(?P<img>\s[^>]*)>", re.S)
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
_SRCSET_ENTRY = re.compile(r"(\S+)\s+(\d+)w")


def _attributes(text: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(text)}


def body_images(body_html: str) -> list[dict]:
    """Every image of the stored body with its renditions, read from the HTML itself: no query, no file opened."""
    images = []
    for match in _BODY_IMAGE.finditer(body_html):
        if match.group("picture") is None:
            attributes = _attributes(match.group("img"))
            srcsets = [attributes.get("srcset", "")]
        else:
            tags = re.findall(r"<(?:source|img)(\s[^>]*)>", match.group("picture"))
            found = [_attributes(tag) for tag in tags]
            attributes = found[-1] if found else {}
            srcsets = [a.get("srcset", "") for a in found]
        src = attributes.get("src", "")
        width = int(attributes["width"]) if attributes.get("width", "").isdigit() else None
        height = int(attributes["height"]) if attributes.get("height", "").isdigit() else None
        renditions = []
        for srcset in srcsets:
            for url, rendition_width in _SRCSET_ENTRY.findall(srcset):
                if url == src:
                    continue
                rendition_width = int(rendition_width)
                # Renditions keep the original's proportions, rounded as renditions.planned() rounds them.
                rendition_height = max(1, round(height * rendition_width / width)) if width and height else None
                renditions.append(
                    {"url": absolute(url), "width": rendition_width, "height": rendition_height,
                     "type": image_type(url)}
                )  # fmt: skip
        images.append(
            {"src": absolute(src), "alt": attributes.get("alt", ""), "width": width, "height": height,
             "renditions": renditions}
        )  # fmt: skip
    return images


def call_to_action(article: Article, context: Context) -> dict | None:
    cta = article.call_to_action if article.call_to_action_id else context.default_call_to_action()
    if cta is None:
        return None
    return {"text": cta.text, "button_label": cta.button_label, "button_url": cta.button_url}


def translations(article: Article, context: Context) -> list[dict]:
    return [
        {
            "language": t.language,
            "slug": t.slug,
            "title": t.title,
            "url": context.page_url("article", t.slug),
            "api_url": context.api_url("article", t.slug),
        }
        for t in article.published_translations
    ]


def author_summary(author: Author, context: Context) -> dict:
    return {
        "slug": author.slug,
        "name": author.name,
        "url": context.page_url("author", author.slug),
        "api_url": context.api_url("author", author.slug),
    }


def tag_summary(tag: Tag, context: Context) -> dict:
    return {
        "slug": tag.slug,
        "name": tag.name,
        "url": context.page_url("tag", tag.slug),
        "api_url": context.api_url("tag", tag.slug),
    }


@dataclass(frozen=True)
class ArticleField:
    value: Callable[[Article, Context], object]
    columns: tuple[str, ...] = ()
    related: str = ""  # "author", "tags", "call_to_action" or "translations"


def _column(name: str) -> ArticleField:
    return ArticleField(lambda article, context: getattr(article, name), (name,))


HERO_COLUMNS = ("hero_image", "hero_image_url", "hero_image_alt", "hero_image_set")

ARTICLE_FIELDS: dict[str, ArticleField] = {
    "slug": _column("slug"),
    "url": ArticleField(lambda a, c: c.page_url("article", a.slug), ("slug",)),
    "api_url": ArticleField(lambda a, c: c.api_url("article", a.slug), ("slug",)),
    "canonical_url": _column("canonical_url"),
    "title": _column("title"),
    "subtitle": _column("subtitle"),
    "description": _column("description"),
    "language": _column("language"),
    "author": ArticleField(lambda a, c: author_summary(a.author, c), ("author",), "author"),
    "tags": ArticleField(lambda a, c: [tag_summary(t, c) for t in a.tags.all()], (), "tags"),
    "publish_date": ArticleField(lambda a, c: iso(a.publish_date), ("publish_date",)),
    "modified_date": ArticleField(lambda a, c: iso(a.modified_date), ("publish_date", "revised_at")),
    "updated_at": ArticleField(lambda a, c: iso(a.updated_at), ("updated_at",)),
    "read_time_minutes": _column("read_time_minutes"),
    "word_count": _column("word_count"),
    "hero": ArticleField(lambda a, c: hero(a), HERO_COLUMNS),
    "body_html": ArticleField(lambda a, c: absolute_html(a.body_html), ("body_html",)),
    "body_markdown": _column("body"),
    "body_images": ArticleField(lambda a, c: body_images(a.body_html), ("body_html",)),
    "toc": _column("toc"),
    "call_to_action": ArticleField(call_to_action, ("call_to_action",), "call_to_action"),
    "translations": ArticleField(translations, (), "translations"),
}
SUMMARY_FIELDS = (
    "slug", "url", "api_url", "canonical_url", "title", "subtitle", "description", "language", "author", "tags",
    "publish_date", "modified_date", "updated_at", "read_time_minutes", "hero",
)  # fmt: skip
# Everything but the Markdown source, which is asked for with include=markdown.
DETAIL_FIELDS = tuple(name for name in ARTICLE_FIELDS if name != "body_markdown")


def articles_for(articles: QuerySet, fields: tuple[str, ...]) -> QuerySet:
    """`articles` reading only what `fields` need: their columns, and each related kind in one query."""
    chosen = [ARTICLE_FIELDS[name] for name in fields]
    columns = {"slug", "publish_date"}  # the cursor's keys
    related = set()
    for chosen_field in chosen:
        columns.update(chosen_field.columns)
        if chosen_field.related:
            related.add(chosen_field.related)
    if "author" in related:
        articles = articles.select_related("author")
        columns.update(("author__slug", "author__name"))
    if "call_to_action" in related:
        articles = articles.select_related("call_to_action")
        columns.update(f"call_to_action__{name}" for name in ("text", "button_label", "button_url"))
    if "tags" in related:
        articles = articles.prefetch_related(tags_in_order_prefetch())
    if "translations" in related:
        articles = articles.prefetch_related(published_translations_prefetch())
    return articles.only(*columns)


def article_data(article: Article, fields: tuple[str, ...], context: Context) -> dict:
    return {name: ARTICLE_FIELDS[name].value(article, context) for name in fields}


def articles_url(context: Context, **filters: str) -> str:
    return context.request.build_absolute_uri(reverse("api:articles") + "?" + urlencode(filters))


def author_data(author: Author, context: Context) -> dict:
    return {
        **author_summary(author, context),
        "bio_html": absolute_html(author.bio_html),
        "avatar": media_url(author.avatar.name) if author.avatar else None,
        "website": author.website,
        "profiles": [{"label": label, "url": url} for label, url in author.profiles()],
        "articles_url": articles_url(context, author=author.slug),
    }


def tag_data(tag: Tag, context: Context) -> dict:
    return {
        **tag_summary(tag, context),
        "articles_url": articles_url(context, tag=tag.slug),
    }
