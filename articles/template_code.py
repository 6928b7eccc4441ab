"""Code in a body, kept from the template engines: fenced code, highlight pairs, inline code and raw text.

Code written as code stays as written: fenced code blocks and inline code spans reach neither Liquid nor Hugo's
shortcodes. Jekyll's and Hugo's highlight pairs, themes' code and mermaid pairs, and the code-toggle pair of
Hugo's documentation, become fenced blocks with their options as the highlighter reads them, indented as the
pair is (in a list item, say). A `{% raw %}…{% endraw %}` pair is dropped and its content kept
verbatim, inside code too (as Jekyll shows it); a lone `{% raw %}` in code is code. Hugo's escaped shortcodes
(`{{</* x */>}}`) lose their escape. What is kept is handed to `keep`, which gives the placeholder that stands
for it until generator_tags.py puts it back. Apart from the tag families because every generator's code is kept
the same way, before any tag is read; code_spans serves MDX, pymdown syntax and links too.
"""

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator

from . import shortcodes

Keep = Callable[[str], str]
_FENCE = re.compile(r" {0,3}(?P<marker>`{3,}|~{3,})")
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
    # The configuration sample pair of Hugo's documentation, copied into many sites and themes: what it encloses
    # is shown in TOML, YAML and JSON, whichever it is written in.
    r"|\{\{[<%]\s*code-toggle\b(?P<toggle>[^>%]*)[>%]\}\}"
    r"|\{\{[<%]\s*(?P<mermaid>mermaid)\b[^>%]*[>%]\}\})\s*"
)
_HIGHLIGHT_CLOSE = {
    "liquid": re.compile(r"\s*\{%-?\s*endhighlight\s*-?%\}\s*"),
    "hugo": re.compile(r"\s*\{\{[<%]\s*/\s*highlight\s*[>%]\}\}\s*"),
    "code": re.compile(r"\s*\{\{[<%]\s*/\s*code\s*[>%]\}\}\s*"),
    "toggle": re.compile(r"\s*\{\{[<%]\s*/\s*code-toggle\s*[>%]\}\}\s*"),
    "mermaid": re.compile(r"\s*\{\{[<%]\s*/\s*mermaid\s*[>%]\}\}\s*"),
}
# Hugo's `{{< highlight go "hl_inline=true" >}}code{{< /highlight >}}` within a line: code in the text.
_INLINE_HIGHLIGHT = re.compile(
    r"\{\{[<%]\s*highlight\s+[\w+#.-]+[^>%\n]*[>%]\}\}(?P<code>[^\n]*?)\{\{[<%]\s*/\s*highlight\s*[>%]\}\}"
)
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}")
_HUGO_ESCAPED_END = re.compile(r"\*/[>%]\}\}")
_BACKTICKS = re.compile(r"`+")


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


def fenced(code: str, language: str, options: str, *, title: str = "") -> str:
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
    if kind == "toggle":
        return "toggle", "", ""
    if kind != "code":
        return opening.group(kind), opening.group(f"{kind}_options") or "", ""
    named = shortcodes.parse_arguments(opening.group("code"))[1]
    language = named.get("language", "").strip()
    if not re.fullmatch(r"[\w+#.-]+", language):
        return "", "", ""
    return language, named.get("opts", ""), " ".join(named.get("title", "").split())


def _dedented(lines: list[str], *, indent: str) -> list[str]:
    """The lines of an indented block without its indentation (a line indented less loses what it has)."""
    return [line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in lines]


def _toggle_language(code: str) -> str:
    """The language a configuration sample is written in: JSON when a `{` comes before any `=` or `:`, TOML when
    an `=` comes before any `:`, else YAML."""
    found = {mark: at for mark in "{=:" if (at := code.find(mark)) >= 0}
    first = min(found, key=found.get, default=":")
    return {"{": "json", "=": "toml", ":": "yaml"}[first]


def _toggle_title(arguments: str, code: str) -> str:
    """The file a configuration sample names (`file=hugo`: hugo.toml), in the language it is written in; a
    sample of front matter (`fm=true`) names none."""
    named = shortcodes.parse_arguments(arguments)[1]
    name = " ".join(named.get("file", "").split())
    if not name or named.get("fm") in ("true", True):
        return name
    return f"{name}.{_toggle_language(code)}"


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


# A pattern that looks for a closing that is not there scans to the end of the line from every opening: a hostile
# line of backticks took minutes. This looks only where a match can be.
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


def _unescape_shortcodes(line: str) -> str:
    """Hugo's escaped shortcodes `{{</* x */>}}` as Hugo shows them; none can start past the last closing."""
    closings = list(_HUGO_ESCAPED_END.finditer(line))
    if not closings:
        return line
    cut = closings[-1].end()
    return _HUGO_ESCAPED.sub(r"{{\1\2\3}}", line[:cut]) + line[cut:]


def code_blocks(body: str, *, keep: Keep) -> str:
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
            out.append(keep(_code_text("\n".join(block))))
            i = end + 1
            continue
        if start:
            kind = "hugo" if start.group("plain") else next(kind for kind in _HIGHLIGHT_CLOSE if start.group(kind))
            end = next((j for j in range(i + 1, len(lines)) if _HIGHLIGHT_CLOSE[kind].fullmatch(lines[j])), None)
            language, options, title = _highlight_of(start, kind=kind)
            if end is not None and language:
                # A pair indented in a list item is a block of that item: its code is indented as the pair is.
                indent = line[: len(line) - len(line.lstrip())]
                code = _code_text("\n".join(_dedented(lines[i + 1 : end], indent=indent)))
                if kind == "toggle":
                    language, title = _toggle_language(code), _toggle_title(start.group("toggle"), code)
                block = fenced(code, language, options, title=title)
                out.append(keep(re.sub(r"\n(?=.)", f"\n{indent}", indent + block)))
                i = end + 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def keep_inline_code(paragraph: str, *, keep: Keep) -> str:
    pieces, last = [], 0
    for start, end in code_spans(paragraph):
        pieces += [paragraph[last:start], keep(_code_text(paragraph[start:end]))]
        last = end
    pieces.append(paragraph[last:])
    return "".join(pieces)


def raw_pairs(text: str, *, keep: Keep) -> str:
    """`{% raw %}…{% endraw %}` in prose: the tags go, the content is kept verbatim."""
    pieces, at = [], 0
    while True:
        opening = _RAW.search(text, at)
        if opening is None:
            break
        before = text[at : opening.start()]
        start = opening.end()
        if start < len(text) and text[start] == "\n" and (opening.start() == 0 or text[opening.start() - 1] == "\n"):
            start += 1  # a raw tag alone on its line leaves no empty line behind
        closing = _ENDRAW.search(text, start)
        content_end = closing.start() if closing else len(text)
        after = closing.end() if closing else len(text)
        if closing and content_end > 0 and text[content_end - 1] == "\n" and text[after : after + 1] in ("\n", ""):
            after += 1 if after < len(text) else 0
        pieces += [before, keep(text[start:content_end])]
        at = after
    pieces.append(text[at:])
    # A lone {% endraw %} has nothing to close: Jekyll shows nothing for it.
    return _ENDRAW.sub("", "".join(pieces))


def escaped_shortcodes(text: str, *, keep: Keep) -> str:
    closings = list(_HUGO_ESCAPED_END.finditer(text))
    if not closings:
        return text
    cut = closings[-1].end()
    return _HUGO_ESCAPED.sub(lambda m: keep(f"{{{{{m.group(1)}{m.group(2)}{m.group(3)}}}}}"), text[:cut]) + text[cut:]


def inline_highlights(text: str, *, keep: Keep) -> str:
    """Hugo's highlight pair within a line (`hl_inline=true`) kept as the inline code it shows."""
    return _INLINE_HIGHLIGHT.sub(lambda m: keep(_code_span(m.group("code"))), text)
