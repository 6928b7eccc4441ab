"""Where Hugo shortcodes stand in a body, and which opening each closing pairs with.

hugo_tags.py reads a body's shortcodes in order: `shortcode_spans` finds each one, `line_of` says whether it
starts its line (a block can be made only there), and `OpenPairs` pairs a closing with the innermost opening of
its name, so that an opening never closed, or closed out of order, is told apart and left out on its own.
"""

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import theme_shortcodes

SHORTCODE_END = re.compile(r"[>%]\}\}")
MAX_SHORTCODE_CHARS = 2000


@dataclass
class Opening:
    """The opening of a pair, waiting for its closing; what the pair encloses follows `slot` in the pieces."""

    name: str
    arguments: str
    written: str
    slot: int
    line: theme_shortcodes.Line | None  # None unless it starts its line (after other shortcodes at most)
    parent: "Opening | None" = None
    blocks_around: int = 0  # how many notes and tabs enclose it
    index: int = 0  # a tab's place among the tabs of its wrapper
    tabs: int = 0  # how many tabs a wrapper has had so far


class OpenPairs:
    """The pairs opened and not yet closed, innermost last.

    A closing pairs with the innermost opening of its name; the openings inside that one were never closed. The
    count by name tells a closing with nothing to close at once, so no run of closings searches the stack.
    """

    def __init__(self) -> None:
        self.stack: list[Opening] = []
        self.count: Counter[str] = Counter()

    def open(self, opening: Opening) -> None:
        parent = self.stack[-1] if self.stack else None
        if parent is not None:
            opening.parent = parent
            opening.blocks_around = parent.blocks_around + (parent.name in theme_shortcodes.BLOCKS)
            if opening.name == "tab" and parent.name == "tabs":
                opening.index, parent.tabs = parent.tabs, parent.tabs + 1
        self.stack.append(opening)
        self.count[opening.name] += 1

    def close(self, name: str, *, unclosed: Callable[[Opening], None]) -> Opening | None:
        if not self.count[name]:
            return None
        while True:
            opening = self.stack.pop()
            self.count[opening.name] -= 1
            if opening.name == name:
                return opening
            unclosed(opening)


def shortcode_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each `{{< … >}}` and `{{% … %}}` in the text, in order."""
    done = 0
    for closing in SHORTCODE_END.finditer(text):
        # The shortcode is the last opening before this closing, after the previous one.
        window_start = max(done, closing.start() - MAX_SHORTCODE_CHARS)
        at = max(text.rfind("{{<", window_start, closing.start()), text.rfind("{{%", window_start, closing.start()))
        if at < 0 or text[closing.start()] != {"<": ">", "%": "%"}[text[at + 2]]:
            continue
        yield at, closing.end()
        done = closing.end()


_LINE_START = re.compile(r"([ \t]*)(?:\{\{[<%][^{}\n]*[>%]\}\}[ \t]*)*")
_LINE_LOOKBACK = 500


def line_of(text: str, at: int) -> theme_shortcodes.Line | None:
    """Where the shortcode at `at` stands when it starts its line, or only other shortcodes come before it."""
    start = text.rfind("\n", max(0, at - _LINE_LOOKBACK), at) + 1
    if start == 0 and at > _LINE_LOOKBACK:
        return None  # a line this long holds more than shortcodes
    match = _LINE_START.fullmatch(text, start, at)
    if match is None:
        return None
    return theme_shortcodes.Line(indent=match.group(1), after_shortcodes=match.end(1) < at)
