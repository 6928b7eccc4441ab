"""Hugo's built-in shortcodes as Markdown, or as HTML the sanitiser and the CSP let through.

Embeds are link cards (`<a class="embed-link">`): no script, frame or request to another site until the
reader follows the link.
"""

import html
import re
from collections.abc import Callable, Mapping

LinkFor = Callable[[str, str], str | None]
_ARGUMENT = re.compile(
    r"""(?:(?P<name>[\w-]+)=)?(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))"""
)
_ID = re.compile(r"[\w-]{1,200}")


def parse_arguments(text: str) -> tuple[list[str], dict[str, str]]:
    positional, named = [], {}
    for match in _ARGUMENT.finditer(text):
        value = next(
            v for v in (match.group("dq"), match.group("sq"), match.group("bq"), match.group("bare")) if v is not None
        )
        if match.group("dq") is not None:
            value = value.replace('\\"', '"')
        if match.group("name"):
            named[match.group("name")] = value
        else:
            positional.append(value)
    return positional, named


def _card(url: str, text: str, kind: str) -> str:
    return f'<a class="embed-link" href="{html.escape(url)}">{html.escape(text)}</a>'


def markdown_text(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>!])", r"\\\1", text)


def figure(named: Mapping[str, str]) -> str | None:
    src = named.get("src", "").strip()
    if not src:
        return None
    alt = markdown_text(named.get("alt", ""))
    title = named.get("caption") or named.get("title") or ""
    target = f"<{src}>" if re.search(r"[\s()<>]", src) else src
    if title:
        escaped = title.replace("\\", "\\\\").replace('"', '\\"')
        target += f' "{escaped}"'
    image = f"![{alt}]({target})"
    link = named.get("link", "")
    return f"[{image}]({link})" if link and re.match(r"(https?:)?/|[\w./-]+$", link) else image


def ref_address(target: str, *, link_for: LinkFor) -> str | None:
    """Where Hugo's ref to `target` (a page, perhaps with an #anchor) leads; None when no file of the run is it."""
    path, _, anchor = target.partition("#")
    url = None
    if path and not path.strip("/"):
        url = "/"  # the home page, which Folio's is too (a search for a page by no name would find any)
    elif path:
        url = (
            link_for("ref", path)
            or link_for("link", path)
            or link_for("post_url", re.sub(r"\.(md|markdown)$", "", path.strip("/")))
        )
    elif anchor:
        url = ""
    return None if url is None else url + (f"#{anchor}" if anchor else "")


DISCLOSURE_END = "\n\n</details>"


def disclosure(summary: str, *, is_open: bool) -> str:
    """The opening of a `<details>` block whose text is the Markdown that follows, up to DISCLOSURE_END."""
    return f"<details{' open' if is_open else ''}>\n<summary>{html.escape(summary)}</summary>\n\n"


# Hugo's own shortcodes, which Folio makes itself; any other belongs to the site or its theme.
BUILT_IN = frozenset(
    {
        "figure", "youtube", "youtube_simple", "vimeo", "vimeo_simple", "x", "x_simple", "twitter",
        "twitter_simple", "tweet", "instagram", "instagram_simple", "gist", "ref", "relref", "param",
        "video", "audio", "highlight", "details", "qr",
    }
)  # fmt: skip


# A video's own page and what a link to it says, wherever a video becomes a link: Hugo's shortcodes here, a
# player's frame (video_embeds.py) and a video's page written as an image (image_references.py).
VIDEO_PAGES = {
    "youtube": ("https://www.youtube.com/watch?v={id}", "Watch the video on YouTube"),
    "vimeo": ("https://vimeo.com/{id}", "Watch the video on Vimeo"),
}


def video_page(service: str, video: str) -> tuple[str, str]:
    """(the video's page, the link's text) for a video of `service` (a key of VIDEO_PAGES)."""
    page, label = VIDEO_PAGES[service]
    return page.format(id=video), label


def is_built_in(name: str) -> bool:
    return name.removeprefix("/") in BUILT_IN


def convert(
    name: str,
    arguments: str,
    *,
    link_for: LinkFor,
    params: Mapping[str, object],
    warn: Callable[[str], None],
) -> str | None:
    """The Markdown for one shortcode, or None when Folio does not know it (the caller leaves it as written)."""
    positional, named = parse_arguments(arguments)

    def get(key: str, index: int = 0) -> str:
        return named.get(key) or (positional[index] if len(positional) > index else "")

    if name == "figure":
        return figure(named)
    if name in ("youtube", "youtube_simple"):
        video = get("id")
        if _ID.fullmatch(video):
            url, label = video_page("youtube", video)
            return _card(url, named.get("title") or label, "youtube")
    elif name in ("vimeo", "vimeo_simple"):
        video = get("id")
        if _ID.fullmatch(video):
            url, label = video_page("vimeo", video)
            return _card(url, named.get("title") or label, "vimeo")
    elif name in ("x", "twitter", "tweet", "twitter_simple", "x_simple"):
        user = named.get("user", "")
        post = named.get("id") or (positional[-1] if positional else "")
        if post.isdigit():
            path = f"{user}/status/{post}" if _ID.fullmatch(user) else f"i/status/{post}"
            who = f"@{user} " if _ID.fullmatch(user) else ""
            return _card(f"https://x.com/{path}", f"Read the post by {who}on X".replace("by on", "on"), "x")
    elif name in ("instagram", "instagram_simple"):
        post = get("id")
        if _ID.fullmatch(post):
            return _card(f"https://www.instagram.com/p/{post}/", "See the post on Instagram", "instagram")
    elif name == "gist":
        user, gist = get("user", 0), get("id", 1)
        # Jekyll's gist tag may give the id alone, which GitHub also serves.
        if (_ID.fullmatch(user) or (not user and "user" in named)) and _ID.fullmatch(gist):
            file = named.get("file") or (positional[2] if len(positional) > 2 else "")
            anchor = f"#file-{re.sub(r'[^a-z0-9]+', '-', file.lower())}" if file else ""
            label = f"See {file} on GitHub" if file else "See the gist on GitHub"
            return _card(f"https://gist.github.com/{f'{user}/' if user else ''}{gist}{anchor}", label, "gist")
    elif name in ("ref", "relref"):
        target = get("path")
        url = ref_address(target, link_for=link_for)
        if url is not None:
            return url
        warn(f"shortcode '{name} {target}': no article imported from '{target}'; left as written")
        return None
    elif name == "param":
        key = get("name")
        value: object = params
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return markdown_text(str(value))
    elif name == "details":
        # Hugo's own (0.140, summary= and open=): a disclosure, its text the Markdown between the pair. Themes had
        # theirs before it, read alike: Hextra's (title=, open unless closed=true) and hugo-book's ("Title" open).
        words = [word for word in positional if word != "open"]
        summary = named.get("summary") or named.get("title") or (words[0] if words else "") or "Details"
        if "closed" in named:
            is_open = named["closed"].lower() != "true"
        else:
            is_open = named.get("open", "").lower() in ("true", "1") or "open" in positional
        return disclosure(summary, is_open=is_open)
    elif name == "/details":
        return DISCLOSURE_END
    elif name == "qr":
        text = get("text")
        # What the code would open, as a link: an address, or a number or mail address to reach.
        if text.startswith(("https://", "http://", "tel:", "mailto:")):
            return f"[{markdown_text(text)}]({text})"
    elif name in ("video", "audio"):
        src = get("src")
        if src and not src.lower().startswith(("http:", "javascript:", "data:", "//")):
            label = named.get("caption") or named.get("title") or f"Download the {name}"
            extra = ' preload="metadata"'
            return (
                f'<{name} controls=""{extra} src="{html.escape(src)}">'
                f'<a href="{html.escape(src)}">{html.escape(label)}</a></{name}>'
            )
    return None
