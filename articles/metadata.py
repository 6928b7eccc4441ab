"""What search engines, social networks and link previews read from a page's <head>, built in Python.

Templates print the result: a title, a description, a canonical address, a list of <meta> tags
and, for articles, a JSON-LD block.
"""

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Article

# The escapes Django's json_script uses: the data can never close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical: str
    properties: list[tuple[str, str]] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)
    json_ld: SafeString | str = ""
    noindex: bool = False
    language: str = ""
    # (language, absolute address) of every version of the page, this one included.
    alternates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def document_title(self) -> str:
        return self.title if self.title == settings.SITE_NAME else f"{self.title} · {settings.SITE_NAME}"


def iso(moment) -> str:
    return moment.replace(microsecond=0).isoformat() if moment else ""


def absolute(url: str) -> str:
    """An address as others must see it: site-relative addresses get SITE_URL in front."""
    if not url or url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return settings.SITE_URL + ("" if url.startswith("/") else "/") + url


# Shown away from the site (a feed reader, a front end on another domain), site-relative addresses must become
# absolute. Only inside tags: the stored HTML escapes < in its text and > in its attributes, so a tag is < to the
# next >, and a code sample that shows src="/logo.png" is text that keeps its words.
_TAG = re.compile(r'<[a-zA-Z][^>]*="/[^>]*>')  # a tag with an attribute starting with /
_RELATIVE_URL = re.compile(r'(?P<attr>\b(?:src|href)=")(?P<url>/[^/"][^"]*|/)"')
_SRCSET = re.compile(r'\bsrcset="(?P<value>[^"]*)"')


def _absolute_tag(match: re.Match) -> str:
    tag = _RELATIVE_URL.sub(lambda m: f'{m.group("attr")}{absolute(m.group("url"))}"', match.group())
    return _SRCSET.sub(
        lambda m: 'srcset="' + ", ".join(absolute(entry.strip()) for entry in m.group("value").split(", ")) + '"',
        tag,
    )


def absolute_html(stored_html: str) -> str:
    """Stored HTML with its site-relative src, href and srcset addresses on SITE_URL."""
    return _TAG.sub(_absolute_tag, stored_html)


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> data block, escaped as json_script escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def page_meta(*, title: str, description: str, path: str, noindex: bool = False) -> PageMeta:
    """Metadata for a list page: home, author, tag or search."""
    canonical = absolute(path)
    return PageMeta(
        title=title,
        description=description,
        canonical=canonical,
        properties=[
            ("og:type", "website"),
            ("og:site_name", settings.SITE_NAME),
            ("og:title", title),
            ("og:description", description),
            ("og:url", canonical),
        ],
        names=[("twitter:card", "summary")],
        noindex=noindex,
        language=settings.LANGUAGE_CODE,
    )


def article_image_url(article: Article) -> str:
    return absolute(article.hero_src)


def article_meta(article: Article, *, tags, translations=()) -> PageMeta:
    # A cross-post names its original as the canonical address: search engines then credit and list that one.
    canonical = article.canonical_url or article.absolute_url()
    description = article.description or article.subtitle
    image = article_image_url(article)
    published, modified = iso(article.publish_date), iso(article.modified_date)
    author_url = absolute(article.author.get_absolute_url())
    properties = [
        ("og:type", "article"),
        ("og:site_name", settings.SITE_NAME),
        ("og:title", article.title),
        ("og:description", description),
        # This page's own address even for a cross-post. Facebook treats og:url as the address to read the preview
        # from and count shares under: it follows one on another domain to show that page's title and image, and
        # since 2020 ignores it unless that domain has allowed this one. The link shared is this page, so the
        # preview is this page's.
        ("og:url", article.absolute_url()),
        ("og:locale", article.language.replace("-", "_")),
    ]
    if image:
        properties.append(("og:image", image))
        if article.hero_image_alt:
            properties.append(("og:image:alt", article.hero_image_alt))
    if published:
        properties += [("article:published_time", published), ("article:modified_time", modified)]
    properties.append(("article:author", author_url))
    properties += [("article:tag", tag.name) for tag in tags]
    names = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", article.title),
        ("twitter:description", description),
    ]
    if image:
        names.append(("twitter:image", image))
        if article.hero_image_alt:
            names.append(("twitter:image:alt", article.hero_image_alt))
    return PageMeta(
        title=article.title,
        description=description,
        canonical=canonical,
        properties=properties,
        names=names,
        json_ld=json_ld_script(article_json_ld(article, canonical=canonical, description=description, image=image)),
        noindex=not article.is_published(),
        language=article.language,
        alternates=[(a.language, a.absolute_url()) for a in (article, *translations)] if translations else [],
    )


def article_json_ld(article: Article, *, canonical: str, description: str, image: str) -> dict:
    # schema.org's mainEntityOfPage is the page the article is the main subject of, the preferred one when it is
    # on several: the canonical address, as the <link rel="canonical"> gives it.
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": description,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": article.language,
        "author": {
            "@type": "Person",
            "name": article.author.name,
            "url": absolute(article.author.get_absolute_url()),
        },
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"},
    }
    profiles = [url for _, url in article.author.profiles()]
    if profiles:
        data["author"]["sameAs"] = profiles
    if image:
        data["image"] = [image]
    if article.publish_date:
        data["datePublished"] = iso(article.publish_date)
        data["dateModified"] = iso(article.modified_date)
    return data
