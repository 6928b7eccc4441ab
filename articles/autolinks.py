"""Bare addresses in prose made links, as GitHub-flavoured Markdown's autolinks (extension) make them.

`https://example.org/notes` and `http://…` become links, `www.example.org` one to `http://www.example.org` (the
scheme GFM inserts), and an email address one to `mailto:`; a bare domain (`example.com`, `node.js`) stays text,
as in GFM. Trailing punctuation and an unbalanced `)` are left out of the link. markdown-it's linkify rules
skip code, links and raw HTML.

An email address is read by GFM's rule, whatever its top-level domain (`desk@example.dev`, `a@b.c`): letters,
digits, `.`, `-`, `_` or `+`, an `@`, then letters, digits, `.`, `-` or `_` holding at least one `.` and ending
in neither `-` nor `_`; a `.` at its end is the sentence's. linkify-it's own email rule, which knows only some
top-level domains, is not used.
"""

import re
from collections.abc import Iterator

from linkify_it import LinkifyIt
from linkify_it.main import Match

_WWW = "www."
# GFM's www. address starts a line or follows a space or one of these; `file.www.example.org` is no link.
_BEFORE_WWW = "*_~("
# What every address linked here holds: `://` (http, https), `@` (an email, mailto:) or `www.`. Looked for before
# linkify-it's own test, whose patterns cost about a millisecond an article on text that holds none of them.
_MIGHT_LINK = re.compile(r"://|@|www\.", re.IGNORECASE)
# An email address as GFM reads it, each side taken whole: its name starts where the run of the name's characters
# does (so each run is tried once, however long), and the domain is checked once taken (`a@b.c-` is no address,
# not `a@b.c` and a dash).
_EMAIL = re.compile(r"(?<![^\W_]|[._+-])(?:[^\W_]|[._+-])+@(?P<domain>(?:[^\W_]|[._-])+)")


class Autolinks(LinkifyIt):
    """linkify-it with GFM's schemes: http(s), mailto and www., never ftp, `//` or a bare domain."""

    def __init__(self) -> None:
        super().__init__(options={"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
        self.add("ftp:", None).add("//", None)
        # The address after `www.` is read as an http one's host, port and path are.
        self._www_rest = re.compile(self.re["src_host_port_strict"] + self.re["src_path"], re.IGNORECASE)
        self.add(_WWW, {"validate": self._validate_www})

    def pretest(self, text: str) -> bool:
        return _MIGHT_LINK.search(text) is not None and super().pretest(text)

    def test(self, text: str) -> bool:
        return super().test(text) or next(_emails(text), None) is not None

    def match(self, text: str) -> list[Match] | None:
        """linkify-it's links and the text's email addresses, in order; where two overlap, the one that starts
        first (`https://ada@example.org` is a link to the page, `mailto:ada@example.org` one to the address)."""
        found = sorted(
            [*(super().match(text) or []), *(self._create_match(text, "mailto:", *span) for span in _emails(text))],
            key=lambda match: match.index,
        )
        kept: list[Match] = []
        for match in found:
            if not kept or match.index >= kept[-1].last_index:
                kept.append(match)
        return kept or None

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


def _emails(text: str) -> Iterator[tuple[int, int]]:
    """Where each email address GFM links starts and ends in the text."""
    if "@" not in text:
        return
    for found in _EMAIL.finditer(text):
        domain = found.group("domain").rstrip(".")
        if "." in domain and domain[-1] not in "-_":
            yield found.start(), found.start("domain") + len(domain)
