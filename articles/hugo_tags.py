"""Hugo's shortcodes in a body, made Markdown: the built-in ones (shortcodes.py), the themes' common callouts,
tabs, expands, cards and buttons (theme_shortcodes.py) and geekdoc's include (hugo_includes.py).

A pair Folio makes (a callout, tabs, details) is read as one, each closing paired with its opening by
shortcode_pairs.py. A shortcode of the site's or its theme's own is left out with a warning (the text between a
pair kept), since its template is not there to run; so is an inline shortcode, a template only Hugo can run.
HugoTags is mixed into generator_tags' _Converter, whose placeholders and warnings it uses; it is apart from
liquid_tags.py because the two families share nothing else.
"""

import re

from . import shortcodes, theme_shortcodes
from .hugo_includes import NotIncluded, include
from .invalid_file import shortened
from .shortcode_pairs import Opening, OpenPairs, line_of, shortcode_spans
from .template_code import fenced

_SLASH_SPACE = re.compile(r"^/\s+")
_INLINE_OPENING = re.compile(r"\{\{<\s*(?P<name>[\w-]+\.inline)\b[^>\n]{0,500}?>\}\}")
_SPACE = re.compile(r"\s+")


class HugoTags:
    """Hugo's shortcodes in a body, made Markdown (mixed into generator_tags' _Converter)."""

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
                f"inline shortcode '{shortened(opening.group(0))}' is a template only Hugo can run: "
                "left out with its template"
            )
            pieces.append(text[done : opening.start()])
            done = end.end()
        return "".join(pieces) + text[done:]

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
                self.warn(f"template tag '{shortened(written)}' left as written")
            return written
        return replacement

    def left_out(self, written: str) -> None:
        # The site's or its theme's own: its template is not here to run. Readers must not see the tag, so it is
        # left out, and what a pair encloses is kept as the text it is.
        self.warn(
            f"shortcode '{shortened(written)}' is the site's own, which Folio cannot run: "
            "left out (the text between a pair is kept)"
        )

    def unclosed(self, opening: Opening) -> None:
        if opening.name not in theme_shortcodes.WRAPPERS:  # a wrapper and no more: what it holds is made all the same
            self.warn(
                f"shortcode '{shortened(opening.written)}' has no closing '{{{{< /{opening.name} >}}}}': "
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
                    f"shortcode '{shortened(opening.written)}' has no text or no address Folio links to: "
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
            self.warn(f"shortcode '{shortened(written)}': {reason}; left out")
            return ""
        if included.language:
            made = fenced(included.text.rstrip("\n"), included.language, included.options)
        else:
            nested = self.for_included(self.files.inside(included.path))
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
