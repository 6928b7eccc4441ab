"""Template tags of static-site generators (Jekyll's Liquid, Hugo's shortcodes) turned into Markdown.

A migrated post must not publish `{% highlight %}` as text. Hugo's built-in shortcodes become Markdown or
link cards (shortcodes.py); Liquid is evaluated by a real engine with Jekyll's tags and filters (liquid.py).
A shortcode or Liquid tag of the site's or its theme's own is left out (the text between a pair kept), since
its code is not there to run; a tag Folio knows but cannot evaluate, or an unknown filter, is left as written.
Each is warned, by name.

Code written as code stays as written: fenced code blocks and inline code spans reach neither engine.
A `{% raw %}…{% endraw %}` pair is dropped and its content kept verbatim, inside code too (as Jekyll shows
it); a lone `{% raw %}` in code is code. Hugo's escaped shortcodes (`{{</* x */>}}`) lose their escape.
"""

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from liquid.exceptions import LiquidError

from . import shortcodes, theme_shortcodes
from .hugo_includes import IncludeFiles, NotIncluded, include
from .liquid import known_filters, known_tags, render_liquid, site_context
from .shortcode_pairs import SHORTCODE_END, Opening, OpenPairs, line_of, shortcode_spans

LinkFor = Callable[[str, str], str | None]

_FENCE = re.compile(r" {0,3}(?P<marker>`{3,}|~{3,})")
# The files a site's own tag may name as a page to link to.
_PAGE_SUFFIXES = (".md", ".markdown", ".mdx")
# What may follow a link's address before its closing parenthesis: a fragment.
_LINK_END = re.compile(r" *(?:#[^\s()]*)? *\)")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_HIGHLIGHT_OPEN = re.compile(
    # Eleventy's syntax-highlight plugin quotes the language: {% highlight "js" %}.
    r"\s*(?:\{%-?\s*highlight\s+([\"']?)(?P<liquid>[\w+#.-]+)\1(?P<liquid_options>[^%]*)-?%\}"
    # Hugo's highlight given its options alone ({{< highlight "linenos=table" >}}) finds no such language: its code
    # is shown as plain text.
    r"|\{\{[<%]\s*highlight\s+(?:(?P<hugo>[\w+#.-]+)|(?P<plain>\"[^\"=]+=[^\"]*\"))(?P<hugo_options>[^>%]*)[>%]\}\}"
    # Themes' own code pair that names its language (Terminal's {{< code language="css" title="…" >}}), and their
    # diagram pair (hugo-book's, Relearn's, Beautiful Hugo's mermaid), whose text is a mermaid block's.
    r"|\{\{[<%]\s*code\s+(?P<code>[^>%]*\blanguage=[^>%]*)[>%]\}\}"
    r"|\{\{[<%]\s*(?P<mermaid>mermaid)\b[^>%]*[>%]\}\})\s*"
)
_HIGHLIGHT_CLOSE = {
    "liquid": re.compile(r"\s*\{%-?\s*endhighlight\s*-?%\}\s*"),
    "hugo": re.compile(r"\s*\{\{[<%]\s*/\s*highlight\s*[>%]\}\}\s*"),
    "code": re.compile(r"\s*\{\{[<%]\s*/\s*code\s*[>%]\}\}\s*"),
    "mermaid": re.compile(r"\s*\{\{[<%]\s*/\s*mermaid\s*[>%]\}\}\s*"),
}
# Hugo's `{{< highlight go "hl_inline=true" >}}code{{< /highlight >}}` within a line: code in the text.
_INLINE_HIGHLIGHT = re.compile(
    r"\{\{[<%]\s*highlight\s+[\w+#.-]+[^>%\n]*[>%]\}\}(?P<code>[^\n]*?)\{\{[<%]\s*/\s*highlight\s*[>%]\}\}"
)
_SLASH_SPACE = re.compile(r"^/\s+")
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}")
_HUGO_ESCAPED_END = re.compile(r"\*/[>%]\}\}")
_BACKTICKS = re.compile(r"`+")
_TAG = re.compile(
    r"\{%-?\s*(?P<liquid>.*?)\s*-?%\}"
    r"|\{\{[<%]\s*(?P<shortcode>.*?)\s*/?[>%]\}\}"
    r"|\{\{-?\s*(?P<output>.*?)\s*-?\}\}"
)
_TAG_START = re.compile(r"\{(?=[{%])")
_BRACES_BEFORE_A_BRACE = re.compile(r"\{+(?=\{)")
_INLINE_OPENING = re.compile(r"\{\{<\s*(?P<name>[\w-]+\.inline)\b[^>\n]{0,500}?>\}\}")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_SPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
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


class _Converter:
    def __init__(
        self,
        *,
        site: Mapping,
        page: Mapping,
        data: Mapping,
        link_for: LinkFor,
        includes: Path | None,
        liquid: bool,
        files: IncludeFiles | None = None,
        raw_tags: bool = False,
    ):
        self.site, self.page, self.data, self.link_for, self.includes = site, page, data, link_for, includes
        self.runs_liquid = liquid
        self.reads_raw = liquid or raw_tags
        self.files = files  # where a Hugo theme's include shortcode reads files; None: it is left out
        self.warnings: list[str] = []
        self.warned: set[str] = set()
        self.kept: list[str] = []
        self.literal = -1  # the placeholder of a U+E000 written in the body

    def warn(self, message: str) -> None:
        if message not in self.warned:
            self.warned.add(message)
            self.warnings.append(message)

    def keep(self, text: str) -> str:
        """A placeholder for text that neither engine may change; restore() puts the text back."""
        self.kept.append(text)
        return f"\ue000{len(self.kept) - 1}\ue001"

    def restore(self, text: str) -> str:
        for _ in range(4):  # kept text may hold placeholders itself (raw content around code)
            if "\ue000" not in text:
                break
            text = _PLACEHOLDER.sub(lambda m: self.kept[int(m.group(1))], text)
        return text

    def convert(self, body: str) -> str:
        self.literal = len(self.kept)
        body = body.replace("\ue000", self.keep("\ue000"))
        text = _INLINE_HIGHLIGHT.sub(lambda m: self.keep(_code_span(m.group("code"))), self.blocks(body))
        text = "\n\n".join(self.keep_inline_code(part) for part in _split_paragraphs(text))
        if self.reads_raw:
            text = self.raw(text)
        text = self.escaped_shortcodes(text)
        text = self.inline_shortcodes(text)
        text = self.shortcodes(text)
        if self.runs_liquid:
            text = self.liquid(text)
        return self.restore(text)

    def inline_shortcodes(self, text: str) -> str:
        """Hugo's inline shortcodes hold a Go template of the page's own, which only Hugo can run: left out whole."""
        if ".inline" not in text:
            return text
        pieces, done, unclosed = [], 0, set()
        for opening in _INLINE_OPENING.finditer(text):
            name = opening.group("name")
            if opening.start() < done or name in unclosed:
                continue
            closing = re.compile(r"\{\{<\s*/\s*" + re.escape(name) + r"\s*>\}\}")
            end = closing.search(text, opening.end())
            if end is None:
                # None later either: one scan per name, however many openings. An opening alone is left out
                # by the shortcode rule like any of the site's own.
                unclosed.add(name)
                continue
            self.warn(
                f"inline shortcode '{_short(opening.group(0))}' is a template only Hugo can run: "
                "left out with its template"
            )
            pieces.append(text[done : opening.start()])
            done = end.end()
        return "".join(pieces) + text[done:]

    def blocks(self, body: str) -> str:
        """Fenced code and highlight blocks become placeholders; the rest is returned as it was."""
        lines = body.split("\n")
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            opening = _FENCE.match(line)
            start = None if opening else _HIGHLIGHT_OPEN.fullmatch(line)
            if opening:
                fence = opening.group("marker")
                end = i + 1
                while end < len(lines):
                    closing = _FENCE.match(lines[end])
                    marker = closing.group("marker") if closing else ""
                    if marker[:1] == fence[0] and len(marker) >= len(fence) and not lines[end][closing.end() :].strip():
                        break
                    end += 1
                block = lines[i : end + 1]
                out.append(self.keep(_code_text("\n".join(block))))
                i = end + 1
                continue
            if start:
                kind = "hugo" if start.group("plain") else next(kind for kind in _HIGHLIGHT_CLOSE if start.group(kind))
                end = next((j for j in range(i + 1, len(lines)) if _HIGHLIGHT_CLOSE[kind].fullmatch(lines[j])), None)
                language, options, title = _highlight_of(start, kind=kind)
                if end is not None and language:
                    code = _code_text("\n".join(lines[i + 1 : end]))
                    out.append(self.keep(_fenced(code, language, options, title=title)))
                    i = end + 1
                    continue
            out.append(line)
            i += 1
        return "\n".join(out)

    def keep_inline_code(self, paragraph: str) -> str:
        pieces, last = [], 0
        for start, end in code_spans(paragraph):
            pieces += [paragraph[last:start], self.keep(_code_text(paragraph[start:end]))]
            last = end
        pieces.append(paragraph[last:])
        return "".join(pieces)

    def raw(self, text: str) -> str:
        """`{% raw %}…{% endraw %}` in prose: the tags go, the content is kept verbatim."""
        pieces, at = [], 0
        while True:
            opening = _RAW.search(text, at)
            if opening is None:
                break
            before = text[at : opening.start()]
            start = opening.end()
            if (
                start < len(text)
                and text[start] == "\n"
                and (opening.start() == 0 or text[opening.start() - 1] == "\n")
            ):
                start += 1  # a raw tag alone on its line leaves no empty line behind
            closing = _ENDRAW.search(text, start)
            content_end = closing.start() if closing else len(text)
            after = closing.end() if closing else len(text)
            if closing and content_end > 0 and text[content_end - 1] == "\n" and text[after : after + 1] in ("\n", ""):
                after += 1 if after < len(text) else 0
            pieces += [before, self.keep(text[start:content_end])]
            at = after
        pieces.append(text[at:])
        # A lone {% endraw %} has nothing to close: Jekyll shows nothing for it.
        return _ENDRAW.sub("", "".join(pieces))

    def escaped_shortcodes(self, text: str) -> str:
        closings = list(_HUGO_ESCAPED_END.finditer(text))
        if not closings:
            return text
        cut = closings[-1].end()
        return (
            _HUGO_ESCAPED.sub(lambda m: self.keep(f"{{{{{m.group(1)}{m.group(2)}{m.group(3)}}}}}"), text[:cut])
            + text[cut:]
        )

    def shortcodes(self, text: str) -> str:
        """Each `{{< name args >}}` becomes Markdown or a link card; an unknown one is left out with a warning.

        A pair Folio makes (a callout, tabs, details) is read as one: what it encloses becomes the Markdown of
        the block. An opening that is never closed, or is closed out of order, is left out on its own.
        """
        if "{{<" not in text and "{{%" not in text:
            return text
        pieces: list[str] = []
        pairs = OpenPairs()
        done = 0
        for at, end in shortcode_spans(text):
            pieces.append(text[done:at])
            done = end
            written = text[at:end]
            # Hugo reads `{{< / name >}}` as `{{< /name >}}`.
            inner = _SLASH_SPACE.sub("/", written[3:-3].strip(), count=1)
            # The arguments may start on a line of their own, as a long list of them often does.
            name, _, arguments = _SPACE.sub(" ", inner.removesuffix("/").strip(), count=1).partition(" ")
            if name.removeprefix("/") not in theme_shortcodes.PAIRED:
                pieces.append(self.keep(self.single(written, name, arguments, line=line_of(text, at))))
                continue
            if not name.startswith("/"):
                made = theme_shortcodes.text_note(name, arguments, line=line_of(text, at))
                if made is not None:
                    pieces.append(self.keep(made))
                    continue
                pairs.open(Opening(name, arguments, written, slot=len(pieces), line=line_of(text, at)))
                pieces.append("")
                if not inner.endswith("/"):
                    continue
            opening = pairs.close(name.removeprefix("/"), unclosed=self.unclosed)
            if opening is not None:
                self.pair(opening, pieces)
        pieces.append(text[done:])
        while pairs.stack:
            self.unclosed(pairs.stack.pop())
        return "".join(pieces)

    def single(self, written: str, name: str, arguments: str, *, line: theme_shortcodes.Line | None) -> str:
        """The Markdown for one shortcode that is not part of a pair."""
        if name == "include" and self.files is not None:
            return self.include(written, arguments, line=line)
        replacement = None
        if re.fullmatch(r"[\w./-]+", name):
            replacement = shortcodes.convert(
                name, arguments, link_for=self.link_for, params=self.params(), warn=self.warn
            )
            if replacement is None:
                replacement = theme_shortcodes.convert(name, arguments, line=line)
        if replacement is None and not shortcodes.is_built_in(name):
            if not name.startswith("/"):
                self.left_out(written)
            return ""
        if replacement is None:
            if not any(warning.startswith(f"shortcode '{name} ") for warning in self.warnings):
                self.warn(f"template tag '{_short(written)}' left as written")
            return written
        return replacement

    def left_out(self, written: str) -> None:
        # The site's or its theme's own: its template is not here to run. Readers must not see the tag, so it is
        # left out, and what a pair encloses is kept as the text it is.
        self.warn(
            f"shortcode '{_short(written)}' is the site's own, which Folio cannot run: "
            "left out (the text between a pair is kept)"
        )

    def unclosed(self, opening: Opening) -> None:
        if opening.name not in theme_shortcodes.WRAPPERS:  # a wrapper and no more: what it holds is made all the same
            self.warn(
                f"shortcode '{_short(opening.written)}' has no closing '{{{{< /{opening.name} >}}}}': "
                "left out (the text after it is kept)"
            )

    def pair(self, opening: Opening, pieces: list[str]) -> None:
        """An opening and its closing made into Markdown in `pieces`, around what they enclose from opening.slot."""
        if opening.name == "filetree/container" and opening.line is not None:
            content = self.enclosed(opening, pieces)
            pieces[opening.slot :] = [self.keep(theme_shortcodes.tree(content, line=opening.line))]
            return
        if opening.name in theme_shortcodes.WRAPPERS:
            return  # the wrapper goes; its tabs, or its tree's folders and files, are made on their own
        if opening.name == "details":  # Hugo's own: HTML around the Markdown, which stays where it is
            pieces[opening.slot] = self.keep(self.single(opening.written, "details", opening.arguments, line=None))
            pieces.append(self.keep(shortcodes.DISCLOSURE_END))
            return
        positional, named = shortcodes.parse_arguments(opening.arguments)
        if opening.name == "blockquote":  # a quote starts its line, as its `>` must
            if opening.line is None:
                self.left_out(opening.written)
                return
            content = self.enclosed(opening, pieces)
            pieces[opening.slot :] = [self.keep(theme_shortcodes.quote(content, named, line=opening.line))]
            return
        if opening.name in ("expand", "expandable"):
            pieces[opening.slot] = self.keep(theme_shortcodes.expand(positional, named))
            pieces.append(self.keep(shortcodes.DISCLOSURE_END))
            return
        if opening.name == "button":
            link = theme_shortcodes.button(self.enclosed(opening, pieces), named, link_for=self.link_for)
            if link is None:
                self.warn(
                    f"shortcode '{_short(opening.written)}' has no text or no address Folio links to: "
                    "left out (its text is kept)"
                )
            else:
                pieces[opening.slot :] = [self.keep(link)]
            return
        heading = self.heading(opening)
        if heading is None:
            self.left_out(opening.written)
            return
        content = self.enclosed(opening, pieces)
        made = theme_shortcodes.block(heading, content, line=opening.line)
        if opening.name == theme_shortcodes.FOLDER:
            made = made.removesuffix("\n")  # a blank line after a folder would make its tree's items paragraphs
        pieces[opening.slot :] = [self.keep(made)]

    def enclosed(self, opening: Opening, pieces: list[str]) -> str:
        """What the pair opened at opening.slot encloses, its kept pieces put back."""
        return self.expand("".join(pieces[opening.slot + 1 :]))

    def include(self, written: str, arguments: str, *, line: theme_shortcodes.Line | None) -> str:
        """geekdoc's include: the file's Markdown made as the page's is, or its code in a fenced block."""
        named = shortcodes.parse_arguments(arguments)[1]
        if "file" not in named:  # another theme's, or the site's own include, read some other way
            self.left_out(written)
            return ""
        try:
            if line is None:
                raise NotIncluded("it does not start its line, as what it includes must")
            included = include(named, files=self.files)
        except NotIncluded as reason:
            self.warn(f"shortcode '{_short(written)}': {reason}; left out")
            return ""
        if included.language:
            made = _fenced(included.text.rstrip("\n"), included.language, included.options)
        else:
            nested = _Converter(
                site=self.site,
                page=self.page,
                data=self.data,
                link_for=self.link_for,
                includes=self.includes,
                liquid=self.runs_liquid,
                files=self.files.inside(included.path),
                raw_tags=self.reads_raw,
            )
            made = nested.convert(included.text).strip("\n")
            for warning in nested.warnings:
                self.warn(warning)
        # Its lines are in the page where the shortcode's are, indented alike (in a list item, say).
        if line.indent:
            self.files.budget.add_text(len(line.indent) * made.count("\n"), kind="included file", name=named["file"])
        return line.lead() + re.sub(r"\n(?=[^\n])", lambda _: f"\n{line.indent}", made)

    def heading(self, opening: Opening) -> str | None:
        """The first line of the block a pair becomes; None when it cannot be made faithfully."""
        # A block is indented under its heading, so it must start its line; blocks nested deeper than anyone
        # writes are left out, so that each piece of text is indented a bounded number of times.
        if opening.line is None or opening.blocks_around >= theme_shortcodes.MAX_NESTED_BLOCKS:
            return None
        positional, named = shortcodes.parse_arguments(opening.arguments)
        if opening.name == theme_shortcodes.FOLDER:
            return theme_shortcodes.tree_item(named, folder=True)
        if opening.name != "tab":
            return theme_shortcodes.note_heading(opening.name, positional, named)
        tabs = opening.parent if opening.parent is not None and opening.parent.name == "tabs" else None
        items = theme_shortcodes.tab_items(shortcodes.parse_arguments(tabs.arguments)[1]) if tabs else []
        return theme_shortcodes.tab_label(positional, named, items=items, index=opening.index)

    def expand(self, text: str) -> str:
        """The text with what its placeholders keep put back, but for a U+E000 of the body's own, kept still."""
        return _PLACEHOLDER.sub(
            lambda m: m.group(0) if int(m.group(1)) == self.literal else self.expand(self.kept[int(m.group(1))]), text
        )

    def params(self) -> Mapping:
        params = self.page.get("params")
        return {**self.site, **self.page, **(params if isinstance(params, Mapping) else {})}

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
                            f"template tag '{_short(written)}' is the site's own, which Folio cannot run: "
                            "left out (the text between a pair is kept)"
                        )
                    return ""
                expression = match.group("liquid")
            elif match.group("output") is not None:
                expression = match.group("output")
            else:
                return written
            for unknown in sorted(set(_FILTER.findall(_QUOTED.sub("", expression))) - filters):
                self.warn(f"template filter '{unknown}' in '{_short(written)}' left as written")
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
            what = f"template tag '{_short(where)}'" if where else "the file's Liquid"
            self.warn(f"{what} left as written: {getattr(error, 'message', None) or error}")
            return checked
        for warning in found:
            self.warn(warning)
        return rendered

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


def _split_paragraphs(text: str) -> list[str]:
    return _PARAGRAPH_BREAK.split(text) if "\n" in text else [text]


def _code_text(code: str) -> str:
    """Code as written, except that a raw pair loses its tags and an escaped shortcode its escape."""
    pieces, at = [], 0
    while True:
        opening = _RAW.search(code, at)
        closing = _ENDRAW.search(code, opening.end()) if opening else None
        if closing is None:
            break
        content = code[opening.end() : closing.start()]
        if content.startswith("\n") and (opening.start() == 0 or code[opening.start() - 1] == "\n"):
            content = content[1:]
        pieces += [code[at : opening.start()], content]
        at = closing.end()
        if code[at : at + 1] == "\n" and (closing.start() == 0 or code[closing.start() - 1] == "\n"):
            at += 1
    pieces.append(code[at:])
    return _unescape_shortcodes("".join(pieces))


def _code_span(code: str) -> str:
    ticks = "`" * (max((len(run) for run in _BACKTICKS.findall(code)), default=0) + 1)
    padding = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{padding}{code}{padding}{ticks}"


def _fenced(code: str, language: str, options: str, *, title: str = "") -> str:
    """A fenced code block, its options (Hugo's or Jekyll's highlight's) as the highlighter reads them."""
    # The fence must be longer than any run of backticks in the code it holds.
    ticks = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`{3,}", code))])
    found = " ".join(filter(None, [_fence_options(options), f'title="{title}"' if title and '"' not in title else ""]))
    info = language + (f" {{{found}}}" if found else "")
    return f"{ticks}{info}\n{code}\n{ticks}" if code else f"{ticks}{info}\n{ticks}"


def _highlight_of(opening: re.Match, *, kind: str) -> tuple[str, str, str]:
    """(language, options, title) of a highlight block's opening; a theme's code pair gives its `opts=` and
    `title=`. No language when it names none a fence can hold."""
    if kind == "mermaid":
        return "mermaid", "", ""
    if kind == "hugo" and opening.group("plain"):
        return "text", opening.group("plain"), ""
    if kind != "code":
        return opening.group(kind), opening.group(f"{kind}_options") or "", ""
    named = shortcodes.parse_arguments(opening.group("code"))[1]
    language = named.get("language", "").strip()
    if not re.fullmatch(r"[\w+#.-]+", language):
        return "", "", ""
    return language, named.get("opts", ""), " ".join(named.get("title", "").split())


def _fence_options(options: str) -> str:
    """Hugo's `"linenos=table,hl_lines=8 15-17"` or Jekyll's `linenos mark_lines="1 2"` as fence options."""
    options = options.strip().strip('"').strip("'")
    found = []
    for match in re.finditer(r"([\w-]+)(?:=(\"[^\"]*\"|'[^']*'|[^,\s]+(?:\s+\d[\d\s-]*)?))?", options):
        key, value = match.group(1), (match.group(2) or "true").strip("\"'").strip()
        key = "hl_lines" if key == "mark_lines" else key
        if key in ("linenos", "hl_lines", "linenostart", "title"):
            found.append(f'{key}="{value}"')
    return " ".join(found)


def _tag_at(text: str, at: int) -> str:
    start = max(text.rfind("{%", 0, at + 2), text.rfind("{{", 0, at + 2))
    if start < 0:
        return ""
    end = text.find("%}" if text.startswith("{%", start) else "}}", start)
    return text[start : end + 2] if end >= 0 else ""


# A pattern that looks for a closing that is not there scans to the end of the line from every opening: a
# hostile line of unclosed `{{<` or of backticks took minutes. The functions below look only where a match can be.


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each inline code span: a run of backticks up to the next run of the same length."""
    runs = list(_BACKTICKS.finditer(text))
    later: dict[int, deque[int]] = defaultdict(deque)  # run length -> indexes of the runs of that length
    for index, run in enumerate(runs):
        later[len(run.group())].append(index)
    index = 0
    while index < len(runs):
        same = later[len(runs[index].group())]
        while same and same[0] <= index:
            same.popleft()
        if not same:
            index += 1
            continue
        closing = same.popleft()
        yield runs[index].start(), runs[closing].end()
        index = closing + 1


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


def _unescape_shortcodes(line: str) -> str:
    """Hugo's escaped shortcodes `{{</* x */>}}` as Hugo shows them; none can start past the last closing."""
    closings = list(_HUGO_ESCAPED_END.finditer(line))
    if not closings:
        return line
    cut = closings[-1].end()
    return _HUGO_ESCAPED.sub(r"{{\1\2\3}}", line[:cut]) + line[cut:]


def _short(tag: str) -> str:
    return tag if len(tag) <= 80 else tag[:77] + "…"


def convert_template_tags(
    body: str,
    *,
    site_vars: Mapping[str, str] | None = None,
    link_for: LinkFor | None = None,
    page: Mapping | None = None,
    root: str | Path | None = None,
    liquid: bool = True,
    data: Mapping | None = None,
    files: IncludeFiles | None = None,
    raw_tags: bool = False,
) -> tuple[str, list[str]]:
    """The body with generator tags turned into Markdown, and a warning for each tag left as written.

    `page` is the file's front matter; `root` the import root, from which the site's `_includes` folder and
    `_config.yml` are found. `site_vars` (from --site-var) win over the config's values. `liquid` is whether
    the site's generator runs Liquid over its Markdown (Jekyll and Eleventy do; Hugo, MkDocs, Gatsby and
    Astro show `{{ … }}` as the text it is). `data` are variables of the page's own, by name (Eleventy's data
    cascade puts its front matter's keys there). `files` is where a Hugo theme's include shortcode reads the
    files it includes (hugo_includes.py); without it, the shortcode is left out as any of a theme's own.
    `raw_tags` is whether `{% raw %}…{% endraw %}` keeps its text as written though the site runs no Liquid (a
    template pass of its own, such as MkDocs' macros plugin, reads them).
    """
    if "{%" not in body and "{{" not in body:
        return body, []
    includes, config = site_context(str(Path(root).resolve())) if root is not None else (None, {})
    converter = _Converter(
        site={**config, **(site_vars or {})},
        page=dict(page or {}),
        data=dict(data or {}),
        link_for=link_for or (lambda kind, target: None),
        includes=includes,
        liquid=liquid,
        files=files,
        raw_tags=raw_tags,
    )
    return converter.convert(body), converter.warnings
