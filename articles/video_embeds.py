"""A YouTube or Vimeo player written as raw HTML becomes a link to the video, as Hugo's shortcodes for them do.

An article plays nothing from elsewhere, so the sanitiser removes every `<iframe>`: a site's
`<iframe src="https://www.youtube.com/embed/…">` would leave readers nothing where the video was.
"""

import html
import re

from .markdown_scanning import html_lines, line_of, line_starts
from .shortcodes import video_page

# What a frame holds is its fallback for readers it cannot be shown to (CodePen's "See the Pen <a …>"): HTML parses
# it as text, so that the sanitiser, removing the frame, would show its tags as written.
# (The fallback stops at the next frame's tag, so that unclosed frames cost one pass over the body, not one each.)
_IFRAME = re.compile(
    r"<iframe\b(?P<attributes>[^<>]*)>(?P<fallback>(?:(?!</?iframe\b).)*)</iframe\s*>", re.IGNORECASE | re.DOTALL
)
_SRC = re.compile(r"""\bsrc\s*=\s*(?P<q>["'])(?P<src>[^"'<>]*)(?P=q)""", re.IGNORECASE)
_TITLE = re.compile(r"""\btitle\s*=\s*(?P<q>["'])(?P<title>[^"'<>]*)(?P=q)""", re.IGNORECASE)
# The player's address and its service: the link goes to the video's own page, and says what the service's
# link says when the player names nothing better (shortcodes.VIDEO_PAGES).
PLAYERS = (
    (
        re.compile(r"(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/(?P<id>[\w-]{6,20})", re.IGNORECASE),
        "youtube",
    ),
    (re.compile(r"(?:https?:)?//player\.vimeo\.com/video/(?P<id>\d{1,20})", re.IGNORECASE), "vimeo"),
)


def video_links(body: str) -> str:
    """The body with each YouTube or Vimeo player of its own HTML (not one shown as code) a link to the video, and
    any other frame's fallback moved out of it, to be read as HTML when the frame is removed."""
    if "<iframe" not in body.lower():
        return body
    lines = html_lines(body, holding="<iframe")
    starts = line_starts(body)

    def link(match: re.Match) -> str:
        if line_of(starts, match.start()) not in lines:
            return match.group()
        src = _SRC.search(match.group("attributes"))
        for player, service in PLAYERS:
            video = player.match(html.unescape(src.group("src"))) if src else None
            if video is not None:
                url, label = video_page(service, video.group("id"))
                title = _TITLE.search(match.group("attributes"))
                # Players are often titled for what they are ("YouTube video player"), not for the video.
                named = title and "player" not in title.group("title").lower() and title.group("title").strip()
                text = html.unescape(named) if named else label
                return f'<a class="embed-link" href="{html.escape(url)}">{html.escape(text)}</a>'
        if match.group("fallback").strip():
            return f"<iframe{match.group('attributes')}></iframe>{match.group('fallback')}"
        return match.group()

    return _IFRAME.sub(link, body)
