"""The images a body shows, and their addresses: found as the renderer finds them, classified, replaced.

An image is rewritten only where Markdown or the body's own HTML really shows it: an example inside code keeps
its address. A reference image (`![alt][label]`) has its definition rewritten. An address is remote (http, https,
or protocol-relative), local, an anchor or refused (any other scheme). Apart from import_images.py, which decides
where each address's file comes from and stores it, because export rewrites the same addresses the other way.
"""

import html
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote, urlsplit

from .markdown_scanning import body_finder, html_lines, line_of, line_starts, reference_definitions, unbracketed
from .shortcodes import video_page

IMAGE = re.compile(
    r"!\[[^\]\n]*\]\(\s*(?P<src><[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
# Where an image's alt text ends; every `![` before the same end shares it (see image_matches).
_ALT_END = re.compile(r"[\]\n]")
_IMAGE_START = re.compile(r"!\[")
WEB_SCHEMES = ("http", "https")
# A video's own page, which some sites (jekyll-spaceship's) write as an image to show its player.
_VIDEO_PAGES = (
    (re.compile(r"https?://(?:www\.|m\.)?youtube\.com/watch\?(?:[^#\s]*&)?v=(?P<id>[\w-]{6,20})"), "youtube"),
    (re.compile(r"https?://youtu\.be/(?P<id>[\w-]{6,20})"), "youtube"),
    (re.compile(r"https?://(?:www\.)?vimeo\.com/(?P<id>\d{1,20})"), "vimeo"),
)


def written_video_page(reference: str) -> tuple[str, str] | None:
    """(the video's page, the link's text) when an image's address is a YouTube or Vimeo video's page."""
    for pattern, service in _VIDEO_PAGES:
        found = pattern.match(reference)
        if found:
            return video_page(service, found.group("id"))
    return None


def with_scheme(reference: str) -> str:
    """A protocol-relative address (`//cdn.example.org/a.png`, as older sites wrote them) with https, as the old
    site's pages would have fetched it."""
    return "https:" + reference if reference.startswith("//") else reference


def classify(reference: str) -> str:
    """remote (http/https), local (a relative or site-root path), anchor (#…) or refused (any other scheme)."""
    parts = urlsplit(reference.strip())
    if parts.scheme:
        return "remote" if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else "refused"
    if reference.startswith("//"):  # protocol-relative: the old site's pages fetched it with their own scheme
        return "remote" if parts.netloc else "refused"
    if not parts.path:
        return "anchor"
    return "local"


DROP = ""


class Instead(str):
    """Markdown that takes an inline image's place whole (a video's page written as an image becomes a link to it);
    an image given by a reference keeps its definition."""


def replace_images(body: str, new_address: Callable[[str], str | None]) -> str:
    """Each image Markdown shows gets the address `new_address` gives for its own: None keeps the image as
    written, DROP removes it, Instead puts other Markdown in its place. A reference image (`![alt][label]`) has
    its definition's address replaced, or the definition removed. Examples inside code are never touched."""
    if "![" not in body:
        return body
    env: dict = {}
    tokens = body_finder.parse(body, env)
    starts = line_starts(body)
    is_shown = shown_images(tokens, starts)
    # Each image's (what dropping it removes, where its address is written).
    found = [(match.span(), match.span("src"), True) for match in image_matches(body) if is_shown(match)]
    labels = {child.meta["label"] for child in _images(tokens) if child.meta.get("label")}
    found += [(*spans, False) for label, spans in reference_definitions(body, env, starts).items() if label in labels]
    edits = []
    for whole, (start, end), inline in sorted(found):
        address = new_address(unbracketed(body[start:end]))
        if isinstance(address, Instead):
            if inline:
                edits.append((*whole, str(address)))
        elif address == DROP:
            edits.append((*whole, ""))
        elif address is not None:
            edits.append((start, end, address))
    pieces, done = [], 0
    for start, end, replacement in edits:
        pieces += [body[done:start], replacement]
        done = end
    pieces.append(body[done:])
    return "".join(pieces)


def _images(tokens: list) -> Iterator:
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                yield child


_HTML_IMG_SRC = re.compile(r"""<img\b[^<>]*?\ssrc\s*=\s*(?:"(?P<dq>[^"<>]*)"|'(?P<sq>[^'<>]*)')""", re.IGNORECASE)


def replace_html_images(body: str, new_address: Callable[[str], str | None]) -> str:
    """`<img src>` in a body's own HTML gets the address `new_address` gives, like a Markdown image;
    an <img> shown as code, in a code block or span, is left as written."""
    if "<img" not in body.lower():
        return body
    lines = html_lines(body, holding="<img")
    if not lines:
        return body
    starts = line_starts(body)
    pieces, done = [], 0
    for match in _HTML_IMG_SRC.finditer(body):
        if line_of(starts, match.start()) not in lines:
            continue
        group = "dq" if match.group("dq") is not None else "sq"
        address = new_address(html.unescape(match.group(group)))
        if address is None or isinstance(address, Instead):
            continue
        start, end = match.span(group)
        pieces += [body[done:start], html.escape(address)]
        done = end
    pieces.append(body[done:])
    return "".join(pieces)


def image_matches(body: str) -> Iterator[re.Match]:
    """IMAGE.finditer(body), in linear time.

    From every `![` the pattern scans to the end of the alt text: a long line of `![` took minutes. The
    openings before the same `]` share everything after it, so either the first of them matches or none does.
    """
    done = alt_end = 0
    for opening in _IMAGE_START.finditer(body):
        start = opening.start()
        if start < done or start < alt_end:
            continue
        end = _ALT_END.search(body, start + 2)
        alt_end = end.start() if end else len(body)
        match = IMAGE.match(body, start)
        if match:
            yield match
            done = match.end()


def shown_images(tokens: list, starts: list[int]) -> Callable[[re.Match], bool]:
    """A test for IMAGE matches: true only for images Markdown shows (not examples in code), by address and line,
    from the tokens of the body's parse and where its lines start."""
    sources: set[str] = set()
    lines: set[int] = set()
    for token in tokens:
        images = [child for child in token.children or [] if child.type == "image"]
        if images:
            sources.update(unquote(str(child.attrGet("src") or "")) for child in images)
            if token.map:
                lines.update(range(*token.map))

    def is_shown(match: re.Match) -> bool:
        line = line_of(starts, match.start())
        return unquote(unbracketed(match.group("src"))) in sources and line in lines

    return is_shown
