"""Bare addresses in prose made links, as GitHub-flavoured Markdown's autolinks (extension) make them.

`https://example.org/notes` and `http://…` become links, `www.example.org` one to `http://www.example.org` (the
scheme GFM inserts), and an email address one to `mailto:`; a bare domain (`example.com`, `node.js`) stays text,
as in GFM. Trailing punctuation and an unbalanced `)` are left out of the link. markdown-it's linkify rules
skip code, links and raw HTML.
"""

import re

from linkify_it import LinkifyIt
from linkify_it.main import Match

_WWW = "www."
# GFM's www. address starts a line or follows a space or one of these; `file.www.example.org` is no link.
_BEFORE_WWW = "*_~("
# What every address linked here holds: `://` (http, https), `@` (an email, mailto:) or `www.`. Looked for before
# linkify-it's own test, whose patterns cost about a millisecond an article on text that holds none of them.
_MIGHT_LINK = re.compile(r"://|@|www\.", re.IGNORECASE)


class Autolinks(LinkifyIt):
    """linkify-it with GFM's schemes: http(s), mailto and www., never ftp, `//` or a bare domain."""

    def __init__(self) -> None:
        super().__init__(options={"fuzzy_link": False, "fuzzy_email": True, "fuzzy_ip": False})
        self.add("ftp:", None).add("//", None)
        # The address after `www.` is read as an http one's host, port and path are.
        self._www_rest = re.compile(self.re["src_host_port_strict"] + self.re["src_path"], re.IGNORECASE)
        self.add(_WWW, {"validate": self._validate_www})

    def pretest(self, text: str) -> bool:
        return _MIGHT_LINK.search(text) is not None and super().pretest(text)

    def _validate_www(self, text: str, pos: int) -> int:
        start = pos - len(_WWW)
        if start > 0 and not (text[start - 1].isspace() or text[start - 1] in _BEFORE_WWW):
            return 0
        found = self._www_rest.match(text, pos)
        return len(found.group(0)) if found else 0

    def normalize(self, match: Match) -> None:
        if match.schema == _WWW:
            match.url = "http://" + match.url
        super().normalize(match)
