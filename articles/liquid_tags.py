"""Liquid's tags and outputs in a body (Jekyll's, Eleventy's), checked and then rendered by liquid.py.

A tag Liquid does not know is the site's own (a plugin's, an Eleventy shortcode): left out with a warning, the
text between a pair kept, unless it is a link's address naming a page of the run. jekyll-gist's tag becomes a
card. An unknown filter keeps its tag as written, and so does the file's Liquid when python-liquid refuses it.
LiquidTags is mixed into generator_tags' _Converter, whose placeholders and warnings it uses; it is apart from
hugo_tags.py because the two families share nothing else.
"""

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from liquid.exceptions import LiquidError

from . import shortcodes
from .invalid_file import shortened
from .liquid import known_filters, known_tags, render_liquid
from .shortcode_pairs import SHORTCODE_END

# The files a site's own tag may name as a page to link to.
_PAGE_SUFFIXES = (".md", ".markdown", ".mdx")
# What may follow a link's address before its closing parenthesis: a fragment.
_LINK_END = re.compile(r" *(?:#[^\s()]*)? *\)")
_TAG = re.compile(
    r"\{%-?\s*(?P<liquid>.*?)\s*-?%\}"
    r"|\{\{[<%]\s*(?P<shortcode>.*?)\s*/?[>%]\}\}"
    r"|\{\{-?\s*(?P<output>.*?)\s*-?\}\}"
)
_TAG_START = re.compile(r"\{(?=[{%])")
_BRACES_BEFORE_A_BRACE = re.compile(r"\{+(?=\{)")
_FILTER = re.compile(r"""\|\s*([A-Za-z_][\w-]*)""")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
# Parts of a block tag, and tags python-liquid reads itself: known without being registered.
_TAG_PARTS = {
    "else",
    "elsif",
    "when",
    "break",
    "continue",
    "endif",
    "endfor",
    "endcapture",
    "endcase",
    "endunless",
    "endcomment",
    "comment",
    "#",
}


def _tag_at(text: str, at: int) -> str:
    start = max(text.rfind("{%", 0, at + 2), text.rfind("{{", 0, at + 2))
    if start < 0:
        return ""
    end = text.find("%}" if text.startswith("{%", start) else "}}", start)
    return text[start : end + 2] if end >= 0 else ""


# A pattern that looks for a closing that is not there scans to the end of the line from every opening: a hostile
# line of unclosed `{{<` took minutes. This tries a tag only where its closing can be.
def _replace_tags(text: str, replace: Callable[[re.Match], str]) -> str:
    """_TAG.sub(replace, text), trying _TAG only at an opening whose closing comes later in the text."""
    last_liquid_end, last_output_end = text.rfind("%}"), text.rfind("}}")
    shortcode_ends = [end.start() for end in SHORTCODE_END.finditer(text)]
    last_shortcode_end = shortcode_ends[-1] if shortcode_ends else -1
    pieces, done = [], 0
    for opening in _TAG_START.finditer(text):
        at = opening.start()
        if at < done:
            continue
        if text.startswith("{%", at):
            limit = len(text) if last_liquid_end >= at + 2 else None
        elif text[at + 2 : at + 3] in ("<", "%") and last_shortcode_end >= at + 3:
            limit = len(text)
        elif last_output_end >= at + 2:
            # Only {{ … }} can match: the shortcode alternative, tried first, need look no further than its end.
            limit = text.index("}}", at + 2) + 2
        else:
            limit = None
        match = _TAG.match(text, at, limit) if limit is not None else None
        if match:
            pieces += [text[done:at], replace(match)]
            done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


class LiquidTags:
    """Liquid's tags and outputs in a body, checked and rendered (mixed into generator_tags' _Converter)."""

    def liquid(self, text: str) -> str:
        if "{%" not in text and "{{" not in text:
            return text
        tags, filters = known_tags(), known_filters()

        def check(match: re.Match) -> str:
            written = match.group(0)
            if match.group("liquid") is not None:
                words = match.group("liquid").split()
                name = words[0] if words else ""
                if name == "gist" and len(words) > 1:  # jekyll-gist: {% gist [user/]id [file] %}
                    user, _, gist = words[1].strip("\"'").rpartition("/")
                    file = words[2].strip("\"'") if len(words) > 2 else ""
                    card = shortcodes.convert(
                        "gist",
                        f'user="{user}" id="{gist}" file="{file}"',
                        link_for=self.link_for,
                        params=self.params(),
                        warn=self.warn,
                    )
                    if card is not None:
                        return self.keep(card)
                if name not in tags and name not in _TAG_PARTS:
                    address = self.own_tag_link(match, words)
                    if address is not None:
                        return address
                    # The site's own tag (a plugin's, an Eleventy shortcode): as a Hugo site's own shortcode, it
                    # cannot be run, and readers must not see it; what a pair encloses is kept as text.
                    if not (name.startswith("end") and name[3:] not in tags):
                        self.warn(
                            f"template tag '{shortened(written)}' is the site's own, which Folio cannot run: "
                            "left out (the text between a pair is kept)"
                        )
                    return ""
                expression = match.group("liquid")
            elif match.group("output") is not None:
                expression = match.group("output")
            else:
                return written
            for unknown in sorted(set(_FILTER.findall(_QUOTED.sub("", expression))) - filters):
                self.warn(f"template filter '{unknown}' in '{shortened(written)}' left as written")
                return self.keep(written)
            return written

        checked = _replace_tags(text, check)
        if "{%" not in checked and "{{" not in checked:
            return checked
        checked = self.keep_unclosed_outputs(checked)
        found: list[str] = []
        try:
            rendered = render_liquid(
                checked,
                site=self.site,
                page=self.page,
                data=self.data,
                link_for=self.link_for,
                includes=self.includes,
                warn=found.append,
            )
        except LiquidError as error:
            token = getattr(error, "token", None)
            where = _tag_at(checked, token.start_index) if token is not None and token.source == checked else ""
            unclosed = re.search(r"expected tag end(\w+)", str(getattr(error, "message", None) or error))
            if unclosed:  # the error points at the end of the text: name the tag left open instead
                opening = list(re.finditer(r"\{%-?\s*" + unclosed.group(1) + r"\b", checked))
                where = _tag_at(checked, opening[-1].start()) if opening else where
            what = f"template tag '{shortened(where)}'" if where else "the file's Liquid"
            self.warn(f"{what} left as written: {getattr(error, 'message', None) or error}")
            return checked
        for warning in found:
            self.warn(warning)
        return rendered

    def own_tag_link(self, match: re.Match, words: list[str]) -> str | None:
        """The address of the page a site's own tag names when the tag is a link's address (perhaps with a
        `#fragment` after it) and its one argument the file name of a page of this run, with or without its
        Markdown suffix (`[before]({% ref "2023-05-01-tides.md" %})`): whatever the tag is called, all it can
        give there is that page's address, as Jekyll's `link` and Hugo's `ref` do."""
        before, after = match.string[: match.start()], match.string[match.end() :]
        if len(words) != 2 or not before.rstrip(" ").endswith("](") or not _LINK_END.match(after):
            return None
        name = PurePosixPath(words[1].strip("\"'"))
        if name.suffix and name.suffix.lower() not in _PAGE_SUFFIXES:
            return None
        stem = name.with_suffix("").as_posix()
        return self.link_for("post_url", stem.removeprefix("./")) if stem not in (".", "") else None

    def keep_unclosed_outputs(self, text: str) -> str:
        """The text with each `{{` that no `}}` follows kept aside as the text it is.

        python-liquid's lexer looks for the end of an output from each `{{` to the end of the text when there is
        none, so that a line of braces took minutes; kept aside, it is left as written all the same (where
        python-liquid would have refused the whole file's Liquid for it). Each run of braces keeps its last, so
        that a `{%` tag after it still opens.
        """
        cut = text.rfind("}}") + 2 if "}}" in text else 0
        if "{{" not in text[cut:]:
            return text
        return text[:cut] + _BRACES_BEFORE_A_BRACE.sub(lambda m: self.keep(m.group()), text[cut:])
