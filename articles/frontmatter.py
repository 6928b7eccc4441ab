"""Front matter as written by static-site generators, mapped onto Folio's fields in one shape (FrontMatter).

Files come from Astro, Hugo, Jekyll, Ghost exports or Folio itself. They differ in key names (`pubDate`, `date`,
`feature_image`…) and in how dates, authors, pictures and lists are written: `normalize()` maps the keys, and
`fill_title()` and `slug_for()` give a page what its front matter leaves out. Reading a file's bytes into front
matter and body is `front_matter_reading.py` (YAML within bounds: `yaml_loading.py`), each value's type
`front_matter_values.py`, and what a page's name and headings call it `page_names.py`.
"""

import contextlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.text import slugify

from .front_matter_values import (
    boolean,
    is_flag,
    json_safe,
    key_text,
    parse_date,
    read_time,
    shown_value,
    tag_names,
    text_value,
)
from .invalid_file import InvalidFile, with_outcome
from .page_names import (
    JEKYLL_NAME,
    opens_with_heading,
    page_name,
    post_name,
    title_from_file_name,
    title_from_heading,
)
from .web_addresses import NOT_A_WEB_ADDRESS, is_web_address

# For each field, the keys that may carry it, in order of preference.
ALIASES = {
    "title": ("title",),
    # Mainroad's (Hugo) lead, the line it shows under the title.
    "subtitle": ("subtitle", "lead"),
    "description": ("description", "summary", "excerpt"),
    "author": ("author", "authors"),
    "read_time": ("read_time",),
    # Hugo's publishDate wins over its date; the date is then kept with the unknown keys. pubDatetime is AstroPaper's,
    # published Fuwari's (Jekyll's published: true/false is a switch, read with the draft keys instead), and
    # datePublished schema.org's name, which gatsby-theme-advanced's posts use.
    "publish_date": (
        "publish_date",
        "pubDate",
        "pubDatetime",
        "publishDate",
        "date",
        "published_at",
        "published",
        "datePublished",
    ),
    "created_date": ("created_date",),
    # Hugo's images, Novela's and Starlight's hero, PaperMod's cover (cover.image), Gatsby starters' featuredImage,
    # gatsby-starter-lumen's socialImage, Flexible Jekyll's img, and the thumbnail that Mainroad (Hugo, as a path or
    # {src: …}) and Type-on-Strap (Jekyll) show above the post as well as in lists.
    "hero": (
        "heroImage",
        "feature_image",
        "image",
        "images",
        "img",
        "hero",
        "cover",
        "coverImage",
        "featuredImage",
        "socialImage",
        "thumbnail",
    ),
    # The picture's alt text written beside it: imageAlt or image_alt beside image, coverAlt beside cover, and
    # Eleventy themes' bare alt (a mapping's own alt, PaperMod's cover.alt, is read with the picture).
    "hero_alt": ("heroImageAlt", "heroAlt", "feature_image_alt", "imageAlt", "image_alt", "coverAlt", "alt"),
    "cta": ("cta",),
    "updated_date": ("updated_date",),
    "slug": ("slug",),
    "language": ("lang", "language"),
    # The original's address for an article that first appeared elsewhere: Jekyll SEO Tag's and dev.to's
    # canonical_url, Hugo PaperMod's and many Astro blogs' canonicalURL, and the spellings other themes use.
    "canonical_url": ("canonical_url", "canonicalURL", "canonicalUrl", "canonical"),
}
# Where a hero written as a mapping keeps its image.
HERO_INNER_KEYS = ("path", "src", "url", "image")
# Keys that are merged rather than chosen between; Jekyll reads the singular `tag` and `category` beside the plurals.
TAG_KEYS = ("tags", "categories", "category", "tag")
# Jekyll reads the text of its plural keys as words (`tags: sea light`), and so does Folio in a folder of no known
# generator; Jekyll's singular `category` and `tag`, and any other generator's text, is one name.
WORD_LIST_GENERATORS = frozenset({"jekyll", ""})
WORD_LIST_KEYS = ("tags", "categories")
DRAFT_KEYS = ("draft", "published")
# Dates Folio has no field for: checked, then kept with the unknown keys so that export writes them back.
# Astro's updatedDate, AstroPaper's modDatetime, Fuwari's updated, Hugo's lastmod, Ghost's updated_at, Jekyll's
# last_modified_at, schema.org's dateModified.
KEPT_DATE_KEYS = (
    "updatedDate",
    "modDatetime",
    "updated",
    "lastmod",
    "updated_at",
    "last_modified_at",
    "dateModified",
    "expiryDate",
)
# The keys of a call to action written as a mapping: its text, and a button with a label and an address.
CTA_KEYS = ("name", "text", "button_label", "button_url")
# Generator settings that mean nothing once the article lives in Folio.
IGNORED_KEYS = ("layout", "permalink")
# An author written as a Markdown link to their page, which themes that run it through Hugo's markdownify (Beautiful
# Hugo) show as a link: the author's name, and their website when it is one.
_AUTHOR_LINK = re.compile(r"\[(?P<name>[^\[\]]*\S[^\[\]]*)\]\((?P<url>[^()\s]+)\)")


@dataclass
class FrontMatter:
    """One file's metadata, whatever its dialect. Dates are aware datetimes, or None."""

    title: str = ""
    subtitle: str = ""
    description: str = ""
    author: str = ""
    author_slug: str = ""
    author_url: str = ""
    read_time: str = ""
    publish_date: datetime | None = None
    created_date: datetime | None = None
    expiry_date: datetime | None = None
    hero: str = ""
    hero_key: str = "heroImage"  # the key the file gave it by, for messages about the image
    hero_alt: str | None = None
    cta: str = ""
    cta_name: str = ""
    cta_button_label: str = ""
    cta_button_url: str = ""
    cta_mapping: bool = False
    updated_date: datetime | None = None
    slug: str = ""
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    in_review: bool = False
    old_slugs: list[str] = field(default_factory=list)
    language: str = ""
    canonical_url: str = ""
    translations: list[str] | None = None
    extra: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def fill_title(fm: FrontMatter, body: str, *, path: Path, generator: str = "") -> str:
    """A title for a file without one: its first level-one heading (taken out of the body when it opens it, as
    MkDocs shows it once), else Jekyll's words of the file name. A dated post's file name wins over a heading
    further down, as Jekyll and Docusaurus title such a post (MkDocs takes any first heading). A body that opens
    with the title as a heading loses it. Returns the body."""
    if fm.title and not opens_with_heading(body):
        return body  # titled, and no heading opens the body to repeat the title
    heading, rest = title_from_heading(body)
    if not fm.title and heading and rest == body and generator != "mkdocs":
        fm.title = title_from_file_name(path)
    if not fm.title:
        fm.title, body = heading, rest
    elif rest != body and heading.casefold() == fm.title.casefold():
        body = rest  # the title written again as the body's first heading would show twice
    if not fm.title:
        fm.title = title_from_file_name(path)
    return body


def normalize(meta: dict, *, path: Path, generator: str = "") -> FrontMatter:
    """Map any dialect's keys onto Folio's fields; raise InvalidFile for a value that cannot be used. `generator`
    is the site's (site_config's name for it), for the rules that differ between generators."""
    result = FrontMatter()
    used: set[str] = set(IGNORED_KEYS)

    # `published: false` is Jekyll's switch, not a date; only a `published` that says something else is one.
    given = {
        key: value
        for key, value in meta.items()
        if not (key == "published" and (is_flag(value) or value is None or value == ""))
    }

    def pick(name: str) -> tuple[str, object]:
        for key in ALIASES[name]:
            if key in given and given[key] is not None and given[key] != "":
                used.add(key)
                return key, given[key]
        # An empty or null key still counts as given (and is not kept among the unknown keys).
        for key in ALIASES[name]:
            if key in given:
                used.add(key)
                return key, None
        return ALIASES[name][0], None

    for name in ("title", "subtitle", "description", "slug", "language"):
        key, value = pick(name)
        setattr(result, name, text_value(value, key=key))
    key, value = pick("cta")
    if isinstance(value, dict):
        read_cta(value, key=key, into=result)
    else:
        result.cta = text_value(value, key=key)
    key, value = pick("author")
    others = None
    if isinstance(value, list):
        if len(value) > 1:  # kept as `authors` beside the one `author` export writes, so a re-import finds both
            others = value
        value = value[0] if value else None
    if isinstance(value, dict):  # author: {name: …, url: …, picture: …}
        name = value.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidFile(f"{key}: an author written as a mapping needs a name")
        url = value.get("url") or value.get("website")
        result.author_url = url.strip() if isinstance(url, str) else ""
        if "slug" in value:  # Folio's own export, for one of two authors of the same name
            result.author_slug = text_value(value["slug"], key=f"{key}.slug")
        value = name
    result.author = text_value(value, key=key)
    if linked := _AUTHOR_LINK.fullmatch(result.author):
        result.author = linked["name"].strip()
        if not result.author_url and re.match(r"https?://", linked["url"]):  # a page of the old site is no website
            result.author_url = linked["url"]
    if others is not None:
        shown = ", ".join(_author_label(item) for item in others[1:])
        result.warnings.append(
            f"{key}: Folio keeps one author per article; '{result.author}' is used and {shown} kept for export"
        )
    key, value = pick("canonical_url")
    if value is not None:
        if isinstance(value, str) and is_web_address(value.strip()):
            result.canonical_url = value.strip()
        else:  # kept with the unknown keys, so that export writes it back as it was
            used.discard(key)
            result.warnings.append(
                f"{key}: {shown_value(value)} {NOT_A_WEB_ADDRESS}; the article keeps its own address as canonical"
            )
    key, value = pick("read_time")
    result.read_time = read_time(value, key=key)
    key, value = pick("publish_date")
    if isinstance(value, dict) and "created" in value:  # MkDocs Material: date: {created: …, updated: …}
        used.discard(key)  # the mapping is kept whole, so that export gives the update date back
        parse_date(value.get("updated"), key=f"{key}.updated")
        key, value = f"{key}.created", value["created"]
    match = JEKYLL_NAME.fullmatch(post_name(path))
    if generator == "eleventy" and isinstance(value, str) and value.strip().lower() in ELEVENTY_FILE_DATES:
        value = _file_date(value, path=path, key=key, into=result)
    try:
        result.publish_date = parse_date(value, key=key)
    except InvalidFile as error:
        named = _date_in_name(match)
        if named is None:
            raise
        result.publish_date = named
        result.warnings.append(with_outcome(str(error), f"the date in the file name, {match.group('date')}, is used"))
    key, value = pick("created_date")
    result.created_date = parse_date(value, key=key)
    key, value = pick("updated_date")
    result.updated_date = parse_date(value, key=key)
    key, value = pick("hero")
    if isinstance(value, list):  # Hugo's images: the first is the article's picture
        value = value[0] if value else None
    inner_alt = None
    if isinstance(value, dict):  # some Jekyll themes' image: {path: …, alt: …}, PaperMod's cover: {image: …}
        inner = next((name for name in HERO_INNER_KEYS if isinstance(value.get(name), str) and value[name]), None)
        inner_alt = value.get("alt") if inner else None
        if inner is None:  # a mapping of something else (Starlight's hero: {title, tagline}): kept for export
            used.discard(key)
        key, value = (f"{key}.{inner}", value[inner]) if inner else (key, None)
    result.hero = text_value(value, key=key)
    result.hero_key = key
    hero_alt_key, hero_alt = pick("hero_alt")
    if hero_alt_key in meta:
        result.hero_alt = text_value(hero_alt, key=hero_alt_key)
    elif isinstance(inner_alt, str):
        result.hero_alt = inner_alt.strip()

    for key in TAG_KEYS:
        if key in meta:
            used.add(key)
            words = key in WORD_LIST_KEYS and generator in WORD_LIST_GENERATORS
            for name in tag_names(meta[key], key=key, words=words):
                if name.lower() not in {tag.lower() for tag in result.tags}:
                    result.tags.append(name)
    if "translations" in meta:  # slugs of the same article in other languages, or their pages' addresses
        used.add("translations")
        result.translations = translation_names(meta["translations"], into=result)
    if "draft" in meta:
        used.add("draft")
        result.draft = boolean(meta["draft"], key="draft")
    if isinstance(meta.get("status"), str) and meta["status"].strip().lower() == "review":  # Folio's export
        used.add("status")
        result.in_review = True
    if "old_slugs" in meta:  # earlier slugs of the article, from Folio's export
        used.add("old_slugs")
        result.old_slugs = tag_names(meta["old_slugs"], key="old_slugs")
    if is_flag(meta.get("published")):  # Jekyll's published: false
        used.add("published")
        result.draft = result.draft or not boolean(meta["published"], key="published")
    for key in KEPT_DATE_KEYS:
        parse_date(meta.get(key), key=key)
    result.expiry_date = parse_date(meta.get("expiryDate"), key="expiryDate")

    if result.publish_date is None and not any(key in given for key in ALIASES["publish_date"]):
        result.publish_date = _date_in_name(match)
    result.extra = {}
    for key, value in meta.items():
        if key not in used:
            name = key_text(key)
            result.extra[name] = json_safe(value, key=name)
    if others is not None:
        result.extra.setdefault("authors", json_safe(others, key=key))
    return result


def read_cta(value: dict, *, key: str, into: FrontMatter) -> None:
    """A call to action written as a mapping: `text`, and perhaps a button (`button_label` and `button_url`)
    and the `name` editors know it by."""
    unknown = [key_text(name) for name in value if name not in CTA_KEYS]
    if unknown:
        raise InvalidFile(
            f"{key}: unknown key {', '.join(repr(name) for name in unknown)} (a call to action has "
            f"{', '.join(CTA_KEYS)})"
        )
    fields = {name: text_value(value.get(name), key=f"{key}.{name}") for name in CTA_KEYS}
    if not fields["text"]:
        raise InvalidFile(f"{key}.text: a call to action needs its text")
    if bool(fields["button_label"]) != bool(fields["button_url"]):
        missing = "button_url" if fields["button_label"] else "button_label"
        raise InvalidFile(f"{key}.{missing}: a button needs both a label and an address")
    if fields["button_url"] and not is_web_address(fields["button_url"]):
        raise InvalidFile(f"{key}.button_url: {shown_value(fields['button_url'])} {NOT_A_WEB_ADDRESS}")
    into.cta, into.cta_name = fields["text"], fields["name"]
    into.cta_button_label, into.cta_button_url = fields["button_label"], fields["button_url"]
    into.cta_mapping = True


def _author_label(value: object) -> str:
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return f"'{value['name']}'"
    return shown_value(value)


def _date_in_name(match: re.Match | None) -> datetime | None:
    if match is None:
        return None
    with contextlib.suppress(InvalidFile):  # 2023-02-30-… is just a name
        return parse_date(match.group("date"), key="file name")
    return None


def slug_for(fm: FrontMatter, *, path: Path, cut: str | None = None) -> str:
    """The `slug` key, else the file name (without a Jekyll date; for `index.md` or `README.md`, its folder; after
    the `cut` a Gatsby site's gatsby-node makes in it, `2--about` being `about`), else the title."""
    if fm.slug:
        # A slug with slashes is a path (Gatsby's /posts/walk, Hugo's travel/walk): its last part names the
        # article, and the old address keeps the whole path.
        slug = slugify(next((part for part in reversed(fm.slug.split("/")) if part.strip()), ""), allow_unicode=True)
        if not slug:
            raise InvalidFile(f"slug: '{fm.slug}' has no letters or digits to make an address from")
        return slug[:300].strip("-")
    name = page_name(path)
    if cut and cut in name:
        name = name.split(cut, 1)[1]
    match = JEKYLL_NAME.fullmatch(name)
    if match:
        name = match.group("rest")
    slug = slugify(name, allow_unicode=True) or slugify(fm.title, allow_unicode=True)
    if not slug:
        raise InvalidFile("no address can be made from the file name or the title; add a slug key")
    return slug[:300].strip("-")


# Eleventy's words for a page's date: the file's own times (`git …`: the last commit's, read here from the file).
ELEVENTY_FILE_DATES = ("last modified", "git last modified", "created", "git created")


def _file_date(value: str, *, path: Path, key: str, into: FrontMatter) -> datetime:
    status = path.stat()
    created = "created" in value.lower()
    stamp = getattr(status, "st_birthtime", status.st_mtime) if created else status.st_mtime
    when = datetime.fromtimestamp(stamp, tz=UTC)
    into.warnings.append(f"{key}: '{value.strip()}' is the file's own date, {when:%Y-%m-%d} in this copy of the site")
    return when


# Keys that give a translation's page when translations are written as mappings (gatsby-starter-morning-dew's
# `translations: [{link: /hello-fr, language: French, hreflang: fr}]`).
TRANSLATION_LINK_KEYS = ("link", "url", "href", "path", "slug")


def translation_names(value: object, *, into: FrontMatter) -> list[str]:
    """The translations front matter names: slugs, or for each one written as a mapping the address of its page on
    the old site (a link to another site is named in a warning: there is no article to link to)."""
    if not isinstance(value, list) or not any(isinstance(item, dict) for item in value):
        return tag_names(value, key="translations")
    names = []
    for item in value:
        link = next((item[key] for key in TRANSLATION_LINK_KEYS if isinstance(item, dict) and key in item), item)
        if not isinstance(link, str) or not link.strip():
            keys = " or ".join(TRANSLATION_LINK_KEYS)
            raise InvalidFile(f"translations: give each translation's slug, or its page's {keys}")
        if urlsplit(link.strip()).netloc:
            into.warnings.append(f"translations: '{link.strip()}' is a page of another site, not an article to link to")
        else:
            names.append(link.strip())
    return names
