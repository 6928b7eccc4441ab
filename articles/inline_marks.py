"""Inline marks that MkDocs Material's sites write with pymdownx, and Obsidian's notes with `==`:

- `==highlighted==` becomes <mark> (pymdownx.mark, Obsidian);
- `^^inserted^^` becomes <ins> (pymdownx.caret);
- `++ctrl+alt+del++` becomes <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd> (pymdownx.keys);
- `2^10^` becomes 2<sup>10</sup> (pymdownx.caret, Pandoc, Hugo's extras), with mdit-py-plugins' own rule.

The two pairs follow the rules of `~~strikethrough~~`: a run opens where it is not followed by a space and
closes where it is not preceded by one, so `a == b` and `x ^^ y` stay as written. A superscript holds no
space (`x^2 + y^2` stays as written). Single `~` is left alone: GitHub reads `~one~` as strikethrough,
pymdownx as a subscript.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter
from mdit_py_plugins.superscript import superscript_plugin

_PAIRS = {"=": "mark", "^": "ins"}

# `++ctrl+shift+"My key"++`: names of letters, digits and dashes, or a quoted label, joined by single `+`.
_KEY = r'(?:[A-Za-z0-9][\w-]{0,30}|"[^"\n]{1,40}")'
_KEYS = re.compile(rf"\+\+({_KEY}(?:\+{_KEY}){{0,7}})\+\+")

# How a key's name is shown. A letter, a digit or F1 to F24 is shown in capitals, a longer name with dashes with
# its words capitalised (`media-play` as "Media Play"); any other word names no key.
KEY_LABELS = {
    "alt": "Alt",
    "arrow-down": "↓",
    "arrow-left": "←",
    "arrow-right": "→",
    "arrow-up": "↑",
    "backslash": "\\",
    "backspace": "Backspace",
    "backtick": "`",
    "bracket-left": "[",
    "bracket-right": "]",
    "caps-lock": "Caps Lock",
    "cmd": "Cmd",
    "comma": ",",
    "command": "Cmd",
    "control": "Ctrl",
    "ctrl": "Ctrl",
    "del": "Del",
    "delete": "Del",
    "down": "↓",
    "end": "End",
    "enter": "Enter",
    "equal": "=",
    "esc": "Esc",
    "escape": "Esc",
    "fn": "Fn",
    "home": "Home",
    "ins": "Ins",
    "insert": "Ins",
    "left": "←",
    "meta": "Meta",
    "minus": "-",
    "opt": "Option",
    "option": "Option",
    "page-down": "Page Down",
    "page-up": "Page Up",
    "period": ".",
    "pgdn": "Page Down",
    "pgup": "Page Up",
    "plus": "+",
    "print-screen": "Print Screen",
    "quote": "'",
    "return": "Return",
    "right": "→",
    "semicolon": ";",
    "shift": "Shift",
    "slash": "/",
    "space": "Space",
    "super": "Super",
    "tab": "Tab",
    "up": "↑",
    "win": "Win",
    "windows": "Win",
}


def inline_marks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("strikethrough", "folio_mark_pairs", _pair_delimiters)
    md.inline.ruler2.after("strikethrough", "folio_mark_pairs", _pairs_to_tags)
    md.inline.ruler.before("emphasis", "folio_keys", _keys)
    superscript_plugin(md)  # after the pairs: `^^` is theirs


def _pair_delimiters(state: StateInline, silent: bool) -> bool:
    marker = state.src[state.pos]
    if silent or marker not in _PAIRS:
        return False
    scanned = state.scanDelims(state.pos, True)
    if scanned.length < 2:
        return False
    length = scanned.length
    if length % 2:
        state.push("text", "", 0).content = marker
        length -= 1
    for _ in range(length // 2):
        state.push("text", "", 0).content = marker * 2
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=0,  # no "rule of 3": that belongs to emphasis
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _pairs_to_tags(state: StateInline) -> None:
    _convert(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _convert(state, meta["delimiters"])


def _convert(state: StateInline, delimiters: list[Delimiter]) -> None:
    tokens = state.tokens
    for opener in delimiters:
        tag = _PAIRS.get(chr(opener.marker))
        if tag is None or opener.end == -1:
            continue
        closer = delimiters[opener.end].token
        for index, nesting, kind in ((opener.token, 1, "open"), (closer, -1, "close")):
            token = tokens[index]
            token.type, token.tag, token.nesting = f"{tag}_{kind}", tag, nesting
            token.markup, token.content = token.content, ""
        # An odd run splits with its lone marker first: `x===` closes with "=" before the pair, which belongs
        # after it, so that `===three===` reads "=", the mark, "=".
        lone = tokens[closer - 1]
        if lone.type == "text" and lone.content == chr(opener.marker):
            tokens[closer - 1], tokens[closer] = tokens[closer], lone


def _keys(state: StateInline, silent: bool) -> bool:
    """`++ctrl+c++` where every name is a key's: `i++j++` and `C++` in a sentence stay as written."""
    if not state.src.startswith("++", state.pos) or (state.pos and state.src[state.pos - 1].isalnum()):
        return False
    match = _KEYS.match(state.src, state.pos)
    if match is None:
        return False
    keys = re.findall(_KEY, match.group(1))
    if not all(key_label(key) for key in keys):
        return False
    if not silent:
        for number, key in enumerate(keys):
            if number:
                state.push("text", "", 0).content = "+"
            state.push("kbd_open", "kbd", 1).markup = "++"
            state.push("text", "", 0).content = key_label(key)
            state.push("kbd_close", "kbd", -1).markup = "++"
    state.pos = match.end()
    return True


def key_label(name: str) -> str:
    """What a key's name shows, or "" for a word that names no key."""
    if name.startswith('"'):
        return name[1:-1]
    name = name.lower()
    if name in KEY_LABELS:
        return KEY_LABELS[name]
    if len(name) == 1 or re.fullmatch(r"f\d{1,2}", name):
        return name.upper()
    if "-" in name:  # pymdownx's longer names: `media-play-pause`, `num-lock`
        return " ".join(word[:1].upper() + word[1:] for word in name.split("-") if word)
    return ""
