"""Markdown to safe HTML: the one place where an article body becomes a page.

Article.save(), the author bio and the admin's live preview all call
render_markdown(), so what an editor previews is what readers get.
"""

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import emoji
import nh3
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify as anchor_slug
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .abbreviations import abbreviations_plugin
from .attributes import attributes_plugin
from .autolinks import Autolinks
from .blocks import blocks_plugin
from .code import PYGMENTS_CLASSES, render_fence
from .formulas import MATHML_ATTRIBUTES, MATHML_TAGS, math_plugin
from .inline_marks import inline_marks_plugin
from .markdown_in_html import markdown_in_html_plugin
from .notes import class_callouts_plugin, notes_plugin
from .renditions import ImageSet, image_set_for_src, picture_html
from .tabbed import tabbed_plugin
from .unnamed_definitions import unnamed_definitions_plugin

WORDS_PER_MINUTE = 238
SECONDS_PER_IMAGE = 12
TOC_LEVELS = (2, 3)
ANCHOR_LEVELS = (2, 4)  # the headings given an id to link to, first and last
# Body images fill the text column, about 42rem wide, or the whole screen on a phone.
BODY_IMAGE_SIZES = "(min-width: 46rem) 42rem, 100vw"

ImageLookup = Callable[[str], ImageSet | None]

# markdown-it's own bound on block nesting (a quote counts one level, a list two: the list and its item).
# Raising it would let more lists nest, but would also make a hostile paragraph of "[" render that much slower.
MAX_NESTING = 20


class TooDeeplyNested(ValueError):
    """Quotes or lists nested past MAX_NESTING: markdown-it would drop the text inside without a word."""

    def __init__(self) -> None:
        super().__init__(
            f"quotes and lists are nested more than {MAX_NESTING} levels deep (a list counts as two), "
            "and the text inside would not be shown; flatten them"
        )


# HTML elements left open inside one another, as html5ever (nh3's parser) counts them: each <div> it reads looks
# through every element still open, so that 100,000 of them on a page took minutes to sanitise.
MAX_HTML_DEPTH = 200


class HtmlTooDeeplyNested(TooDeeplyNested):
    """HTML elements open inside one another past MAX_HTML_DEPTH: sanitising them would take minutes."""

    def __init__(self) -> None:
        ValueError.__init__(
            self,
            f"HTML elements are left open inside one another more than {MAX_HTML_DEPTH} deep "
            "(a <div> in a <div> in a <div>…); close them",
        )


@dataclass(frozen=True)
class TocEntry:
    id: str
    text: str
    level: int


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[TocEntry] = field(default_factory=list)
    word_count: int = 0
    image_count: int = 0


_FIGURE_OPENING = re.compile(r"\s*<figure\b[^<>]*>\s*$", re.IGNORECASE)


def _figures(state: StateCore) -> None:
    """A paragraph holding only an image becomes a <figure>; the image title becomes its caption. Right inside a
    figure the site wrote itself (Material's `<figure markdown>`), the image is that figure's picture, alone."""
    tokens = state.tokens
    for i in range(len(tokens) - 2):
        opening, inline, closing = tokens[i : i + 3]
        if (
            opening.type == "paragraph_open"
            and not opening.hidden
            and inline.type == "inline"
            and len(inline.children or []) == 1
            and inline.children[0].type == "image"
        ):
            if i and tokens[i - 1].type == "html_block" and _FIGURE_OPENING.match(tokens[i - 1].content):
                opening.hidden = closing.hidden = True
                continue
            opening.tag = closing.tag = "figure"
            closing.meta["caption"] = inline.children[0].attrGet("title") or ""


_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.DOTALL)


def _heading_anchors(state: StateCore) -> None:
    """Each heading of TOC_LEVELS' range without an id gets one from its text, as mdit-py-plugins' anchors do:
    `a`, then `a-1`, `a-2`…, never an id written on another heading. Theirs tries every suffix from 1 again for
    each heading, so that a page of the same heading many times over took minutes; here each name's next
    suffix is remembered, which gives the same ids."""
    tokens = state.tokens
    taken = {str(token.attrGet("id")) for token in tokens if token.type == "heading_open" and token.attrGet("id")}
    next_suffix: dict[str, int] = {}
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or not ANCHOR_LEVELS[0] <= int(token.tag[1]) <= ANCHOR_LEVELS[1]:
            continue
        if token.attrGet("id"):
            continue
        title = "".join(
            child.content for child in tokens[i + 1].children or [] if child.type in ("text", "code_inline")
        )
        base = anchor = anchor_slug(title)
        suffix = next_suffix.get(base, 1)
        while anchor in taken:
            anchor = f"{base}-{suffix}"
            suffix += 1
        next_suffix[base] = suffix
        taken.add(anchor)
        token.attrSet("id", anchor)


def _empty_headings(state: StateCore) -> None:
    """A heading that holds nothing a reader sees (`## <!--more-->`) is left out: an empty heading is a landmark
    to nowhere for screen readers."""
    tokens = state.tokens
    i = 0
    while i < len(tokens) - 2:
        if tokens[i].type == "heading_open" and all(_unseen(child) for child in tokens[i + 1].children or []):
            del tokens[i : i + 3]
            continue
        if tokens[i].type == "heading_open" and tokens[i].attrGet("id") == "":
            tokens[i].attrs.pop("id")  # an image's heading: no text to name an anchor, and id="" is no HTML
        i += 1


def _unseen(token: Token) -> bool:
    if token.type == "html_inline":
        return _COMMENT.fullmatch(token.content) is not None
    return token.type in ("text", "softbreak") and not token.content.strip()


def _table_alignment(state: StateCore) -> None:
    """Turn markdown-it's style="text-align" into a class: no style attribute survives sanitising."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style") or ""
            match = re.fullmatch(r"text-align:(left|center|right)", style)
            if match:
                token.attrs.pop("style")
                token.attrSet("class", f"align-{match.group(1)}")


# MkDocs Material's icons (`:material-check:`, `:octicons-heart-16:`), with the attribute list that styles one:
# drawings from icon sets a page of Folio does not carry, so they are left out rather than shown as their names.
_ICON = re.compile(r":(?:material|fontawesome|octicons|simple)-[a-z0-9-]{1,80}:(?:\{[^{}\n]*\})?")


def _emoji(state: StateCore) -> None:
    """`:tada:` becomes 🎉 in prose; code spans, code blocks and link targets are left as written."""
    for token in state.tokens:
        if token.type != "inline" or ":" not in token.content:
            continue
        for child in token.children or []:
            if child.type == "text" and ":" in child.content:
                child.content = emoji.emojize(_ICON.sub("", child.content), language="alias")


# An <a> start tag with a `name` and no `id`: HTML's older way to name a place in the page, which links to `#name`
# still reach in every browser.
_NAMED_ANCHOR = re.compile(
    r"<a(?=[\s>])(?![^>]*\sid\s*=)(?P<before>[^>]*?\s)name(?P<value>\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))",
    re.IGNORECASE,
)


def _named_anchors(state: StateCore) -> None:
    """`<a name="top"></a>` becomes `<a id="top"></a>`, so that a link to `#top` still leads there once the page
    is sanitised (which keeps an anchor's id and drops its name)."""
    for token in state.tokens:
        for html_token in [token, *(token.children or [])]:
            if html_token.type in ("html_inline", "html_block") and "name" in html_token.content:
                html_token.content = _NAMED_ANCHOR.sub(r"<a\g<before>id\g<value>", html_token.content)


def _render_figure_close(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.tag != "figure":
        return self.renderToken(tokens, idx, options, env)
    caption = token.meta.get("caption")
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"{figcaption}</figure>\n"


def _render_image(self, tokens, idx, options, env):
    # Body images sit below the fold: let the browser fetch them when needed.
    tokens[idx].attrSet("loading", "lazy")
    tokens[idx].attrSet("decoding", "async")
    return self.image(tokens, idx, options, env)


def _refuse_lost_text(block: ParserBlock) -> None:
    """Raise TooDeeplyNested where markdown-it would skip the rest of a container for being nested too deep.

    markdown-it's block tokenizer drops every line left in a container once the nesting level reaches
    maxNesting. Rules never leave the level changed, so the level a call starts at is the level it would
    check: refusing here, before any line is skipped, is the same test on the same lines.
    """
    tokenize = block.tokenize

    def guarded(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level >= state.md.options["maxNesting"]:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:
                raise TooDeeplyNested()
        tokenize(state, start_line, end_line)

    block.tokenize = guarded


def _build_parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING, "linkify": True})
        .enable(["table", "strikethrough", "linkify"])
        .use(footnote_plugin)
        # Each checkbox inside a <label> with its item's text, which names it for a screen reader.
        .use(tasklists_plugin, label=True)
        .use(inline_marks_plugin)  # ==mark==, ^^ins^^ and ++keys++, as MkDocs Material's sites write them
        .use(deflist_plugin)  # Term / `: definition`, as kramdown (Jekyll), Hugo and MkDocs render them
        .use(unnamed_definitions_plugin)  # after: a definition under a comment, as Material's docs write
        .use(notes_plugin)
        .use(blocks_plugin)  # after: pymdownx.blocks' notes, tabs and details are made of the notes' tokens
        .use(tabbed_plugin)
        .use(anchors_plugin, min_level=ANCHOR_LEVELS[0], max_level=ANCHOR_LEVELS[1])
        .use(abbreviations_plugin)
        .use(math_plugin)
        .use(attributes_plugin)
        .use(class_callouts_plugin)  # after: reads the classes attribute lists give
        .use(markdown_in_html_plugin)  # after: its lines' attribute lists are then read too
    )
    md.linkify = Autolinks()  # bare addresses become links as GFM makes them (autolinks.py)
    md.core.ruler.at("anchor", _heading_anchors)
    md.core.ruler.push("folio_empty_headings", _empty_headings)
    md.core.ruler.push("folio_figures", _figures)
    md.core.ruler.push("folio_table_alignment", _table_alignment)
    md.core.ruler.push("folio_emoji", _emoji)
    md.core.ruler.push("folio_named_anchors", _named_anchors)
    md.add_render_rule("paragraph_close", _render_figure_close)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("fence", render_fence)
    _refuse_lost_text(md.block)
    return md


_parser = _build_parser()
# Text is only ever lost at block level (inline parsing past the limit keeps the text, unformatted), so the
# check needs the block rules alone: a fraction of a full render.
_block_parser = _build_parser()
_block_parser.core.ruler.enableOnly(["normalize", "block", "folio_markdown_in_html"])

_ADDED_TAGS = {"section", "input", "label", "video", "audio", "source", "tfoot", "progress"}
_HTML_TAGS = nh3.ALLOWED_TAGS - {"area", "map"} | _ADDED_TAGS
ALLOWED_TAGS = _HTML_TAGS | MATHML_TAGS
_MEDIA = {"src", "controls", "preload", "loop", "muted", "width", "height", "title"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "title", "id", "class"},
    "img": {"src", "alt", "title", "width", "height", "loading", "decoding"},
    "code": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "progress": {"max", "value", "title"},  # pymdownx.progressbar's bars (pymdown_syntax.py)
    "p": {"class"},
    "aside": {"class"},
    "details": {"class", "open"},
    "summary": {"class"},
    "figure": {"class"},
    "td": nh3.ALLOWED_ATTRIBUTES["td"] | {"class"},
    "th": nh3.ALLOWED_ATTRIBUTES["th"] | {"class"},
    "input": {"checked", "class"},
    "li": {"id", "class"},
    "ol": {"start", "class"},
    "ul": {"class"},
    "sup": {"class"},
    "section": {"class"},
    "hr": {"class"},
    "video": _MEDIA | {"poster", "playsinline"},
    "audio": _MEDIA,
    "source": {"src", "type"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
    **MATHML_ATTRIBUTES,
    "div": {"class"},
}
ALLOWED_CLASSES = {
    "footnote-ref",
    "footnote-backref",
    "footnotes",
    "footnotes-sep",
    "footnotes-list",
    "footnote-item",
    "contains-task-list",
    "task-list-item",
    "task-list-item-checkbox",
    "align-left",
    "align-center",
    "align-right",
    "admonition",
    "admonition-title",
    "highlight",
    "code-block",
    "embed-link",
    "math",
    "progress",  # the <span> that holds a progress bar and its label
    "critic-comment",  # CriticMarkup's `{>> comment <<}`
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_MEDIA_TAGS = {"video", "audio", "source"}


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "src" and tag in _MEDIA_TAGS:
        # Media plays from the site itself or over HTTPS (the CSP's media-src), never plain http.
        return None if value.strip().lower().startswith(("http:", "//")) else value
    if name != "class":
        return value
    kept = [
        cls
        for cls in value.split()
        if cls in ALLOWED_CLASSES
        or (tag == "code" and re.fullmatch(r"language-[\w+#.-]{1,40}", cls))
        or (tag == "span" and cls in PYGMENTS_CLASSES)
        or (tag in ("aside", "details") and re.fullmatch(r"admonition-[a-z][a-z0-9-]{0,30}", cls))
    ]
    return " ".join(kept) or None


# The one <input> kept is a task-list checkbox: it is made a disabled checkbox here rather than by nh3's
# set_tag_attribute_values, whose attributes come out in a different order in each process (a Rust HashMap).
_INPUT_TAG = re.compile(r"<input((?:\s+[a-z][a-z0-9-]*(?:=\"[^\"]*\")?)*)\s*/?>")


# Elements removed with all they hold: an inline SVG drawing's text, styles and embedded data (an Excalidraw
# drawing's base64 payload) are no prose, and would reach readers as a wall of text.
REMOVED_WHOLE = {"script", "style", "svg"}
_REMOVED_WHOLE_ELEMENT = re.compile(r"<svg\b.*?</svg\s*>", re.IGNORECASE | re.DOTALL)


_VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements a parser closes by itself when the next one starts (a <li> after a <li>): they never pile up.
_END_TAG_OPTIONAL = {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot"}
_END_TAG_OPTIONAL |= {"colgroup", "caption", "html", "head", "body"}
# Elements whose content is not read as HTML elements (or, for drawings, not as HTML's): skipped to their end.
_SKIPPED_WHOLE = {"svg", "math", "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
_SKIPPED_WHOLE |= {"noscript", "template"}
_HTML_TAG_START = re.compile(r"<!--|<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def _check_html_depth(raw_html: str) -> None:
    """Raise HtmlTooDeeplyNested when more than MAX_HTML_DEPTH elements are ever open inside one another.

    One pass over the tags: a closing tag closes the elements opened inside it, as a parser's does.
    """
    if raw_html.count("<") <= MAX_HTML_DEPTH:
        return
    stack: list[str] = []
    open_counts: dict[str, int] = {}
    skip_to = 0
    lowered = raw_html.lower()
    for tag in _HTML_TAG_START.finditer(lowered):
        if tag.start() < skip_to:
            continue
        closing, name = tag.groups()
        if name is None:  # a comment, to its end
            end = lowered.find("-->", tag.end())
            skip_to = len(lowered) if end < 0 else end + 3
        elif name in _SKIPPED_WHOLE and not closing:
            end = lowered.find(f"</{name}", tag.end())
            skip_to = len(lowered) if end < 0 else end
        elif name in _VOID_ELEMENTS or name in _END_TAG_OPTIONAL:
            continue
        elif closing:
            if open_counts.get(name):
                while stack:
                    inner = stack.pop()
                    open_counts[inner] -= 1
                    if inner == name:
                        break
        else:
            stack.append(name)
            open_counts[name] = open_counts.get(name, 0) + 1
            if len(stack) > MAX_HTML_DEPTH:
                raise HtmlTooDeeplyNested()


def sanitize(raw_html: str) -> str:
    """Keep the HTML an article needs; drop scripts, handlers, styles, frames, forms and unsafe URLs.

    Raises HtmlTooDeeplyNested rather than spend minutes on HTML elements nested past MAX_HTML_DEPTH.
    """
    _check_html_depth(raw_html)
    cleaned = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        clean_content_tags=REMOVED_WHOLE,
    )
    if "<input" not in cleaned:
        return cleaned
    return _INPUT_TAG.sub(r'<input type="checkbox" disabled=""\1>', cleaned)


_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_OPEN_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_HANDLER = re.compile(r"""\s(on[a-zA-Z]+|style)\s*=""")


def removed_by_sanitiser(text: str) -> list[str]:
    """What sanitising takes out of this Markdown's HTML: each element (`<script>`) and attribute (`onclick`).

    Cheap: Markdown without a `<` has no HTML of its own, and the counts of start tags before and after
    sanitising tell which elements went.
    """
    if "<" not in (text or ""):
        return []
    env: dict = {}
    raw = _parser.renderer.render(_parser.parse(text, env), _parser.options, env)
    try:
        cleaned = sanitize(raw)
    except TooDeeplyNested:  # the text is refused when it is saved, saying why
        return []
    before, after = _tag_counts(_drawings_named_once(raw)), _tag_counts(cleaned)
    removed = [f"<{name}>" for name in sorted(before) if before[name] > after.get(name, 0)]
    attributes = {name.lower() for tag in _OPEN_TAG.findall(raw) for name in _HANDLER.findall(tag)}
    removed += [f"{attribute}=" for attribute in sorted(attributes)]
    return removed


def _drawings_named_once(markup: str) -> str:
    """The markup with each <svg> drawing a bare <svg>, so that it is named once, not by each of its shapes."""
    # Only up to the last closing tag: past it no drawing can close, and each opening would scan to the end.
    end = markup.lower().rfind("</svg")
    if end < 0:
        return markup
    end = markup.find(">", end) + 1 or len(markup)
    return _REMOVED_WHOLE_ELEMENT.sub("<svg>", markup[:end]) + markup[end:]


def _tag_counts(markup: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in _START_TAG.findall(markup):
        counts[name.lower()] = counts.get(name.lower(), 0) + 1
    return counts


def _toc(tokens) -> list[TocEntry]:
    entries = []
    for i, token in enumerate(tokens):
        level = int(token.tag[1]) if token.type == "heading_open" else 0
        # kramdown's `{: .no_toc }` keeps a heading out of the contents; MkDocs' data-toc-label names it there.
        if level in TOC_LEVELS and token.attrGet("id") and "no_toc" not in str(token.attrGet("class")).split():
            text = token.attrGet("data-toc-label") or "".join(
                child.content for child in tokens[i + 1].children or [] if child.type in ("text", "code_inline")
            )
            entries.append(TocEntry(id=str(token.attrGet("id")), text=str(text).strip(), level=level))
    return entries


def count_words(safe_html: str) -> int:
    text = html.unescape(nh3.clean(safe_html, tags=set()))
    return len(re.findall(r"\w+(?:['’.-]\w+)*", text))


# In the sanitiser's output, values are double-quoted with any quote inside escaped, but may hold ">" or "<":
# match them whole.
_ATTRIBUTES = r'((?:\s+[a-z][a-z0-9-]*(?:="[^"]*")?)*)\s*/?>'
_IMG_TAG = re.compile(r"<img" + _ATTRIBUTES)
_LINK_TAG = re.compile(r"<a" + _ATTRIBUTES)
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')


def _attributes(written: str) -> dict[str, str]:
    """The attributes of a tag of the sanitiser's output, by name, unescaped."""
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(written)}


def link_addresses(safe_html: str) -> list[str]:
    """Where the links of rendered HTML lead, in the order they come: the links of the Markdown, its bare addresses
    and its own HTML alike, and none shown as code."""
    return [href for match in _LINK_TAG.finditer(safe_html) if (href := _attributes(match.group(1)).get("href"))]


def _finish_images(safe_html: str, lookup: ImageLookup | None) -> str:
    """Give each stored image its renditions, width and height, and every image an alt attribute.

    Runs on the sanitiser's output, whose attributes are always double-quoted and escaped,
    and adds only values Folio made itself. A raw <img> written without alt is valid HTML only with one.
    """

    def replace(match: re.Match) -> str:
        attributes = _attributes(match.group(1))
        image = lookup(attributes.get("src", "")) if lookup else None
        if image is not None:
            asked = attributes.get("width", "")
            return picture_html(
                image,
                alt=attributes.get("alt", ""),
                title=attributes.get("title", ""),
                sizes=BODY_IMAGE_SIZES,
                # A width the page set (an attribute list's, a raw <img>'s) is kept, in pixels, as HTML has it.
                display_width=int(asked) if asked.isascii() and asked.isdigit() and int(asked) > 0 else None,
            )
        if "alt" not in attributes:
            return f'<img alt=""{match.group(1)}>'
        return match.group(0)

    return _IMG_TAG.sub(replace, safe_html)


_HEADING_ID = re.compile(r'<h[1-6] id="([^"]*)"')


# Stored HTML's code, tables and displayed formulas: in the sanitiser's output, whose attributes escape >.
_SCROLLING_BLOCK = re.compile(r'<(?:pre|table)\b[^>]*(?=>)|<div class="math"(?=>)')


def scrollable_by_keyboard(safe_html: str) -> str:
    """Stored HTML with each block that scrolls sideways on a page when wider than its column (code, a table, a
    displayed formula: static/css/site.css) in the order of the Tab key, so that a keyboard can scroll it as a
    pointer does. On the page only: the API and feeds give the stored HTML to pages styled otherwise."""
    return _SCROLLING_BLOCK.sub(r'\g<0> tabindex="0"', safe_html)


def check_nesting(text: str) -> None:
    """Raise TooDeeplyNested when render_markdown() would refuse the text, without rendering it."""
    _block_parser.parse(text or "", {})


def render_markdown(text: str, *, images: ImageLookup | None = None) -> Rendered:
    """Render and sanitise Markdown; `images` finds the renditions of the body's own stored images.

    Raises TooDeeplyNested rather than leave out text nested deeper than MAX_NESTING.
    """
    env: dict = {}
    tokens = _parser.parse(text or "", env)
    safe = sanitize(_parser.renderer.render(tokens, _parser.options, env))
    safe = _finish_images(safe, images)
    kept = set(_HEADING_ID.findall(safe))
    toc = [entry for entry in _toc(tokens) if entry.id in kept]
    return Rendered(html=safe, toc=toc, word_count=count_words(safe), image_count=safe.count("<img "))


def size_problem(text: str, *, max_bytes: int) -> str | None:
    """Why `text` is too long to be an article body, or None when it is not."""
    size = len(text.encode())
    if size <= max_bytes:
        return None
    return f"The text is {filesizeformat(size)}; an article may be at most {filesizeformat(max_bytes)}."


def markdownify(text: str) -> str:
    """The admin's live preview (MARKDOWNX_MARKDOWNIFY_FUNCTION); a body that cannot be shown says why.

    A body over the size limit is not rendered: saving would refuse it, and the preview runs on every keystroke.
    """
    problem = size_problem(text, max_bytes=settings.ARTICLE_BODY_MAX_BYTES)
    if problem is None:
        try:
            return render_markdown(text, images=image_set_for_src).html
        except TooDeeplyNested as error:
            problem = str(error)
    return f'<p class="preview-error">{html.escape(problem)}</p>'


def estimate_read_minutes(*, word_count: int, image_count: int) -> int:
    """The nearest whole minute: 0 for less than half a minute (read_time_label says what that means)."""
    seconds = word_count / WORDS_PER_MINUTE * 60 + image_count * SECONDS_PER_IMAGE
    return math.floor(seconds / 60 + 0.5)


def read_time_label(*, minutes: int, word_count: int) -> str:
    """The read time as pages show it: "8 min read", "Less than 1 min read", or nothing when there are no words.

    static/admin/js/folio-writing.js says the same as the text is typed.
    """
    if minutes >= 1:
        return f"{minutes} min read"
    return "Less than 1 min read" if word_count else ""


MAX_READ_MINUTES = 9999  # four digits, as the pattern below reads them
_READ_TIME = re.compile(r"(\d{1,4})\s*(?:m|mins?|minutes?)?\.?(?:\s+read)?", re.IGNORECASE)


def parse_read_time(value: object) -> int | None:
    """Minutes from an editor's read time: 8, '8', '8 mins', '8 min read'. None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_READ_MINUTES else None
    match = _READ_TIME.fullmatch(str(value).strip())
    if not match or int(match.group(1)) == 0:
        return None
    return int(match.group(1))
