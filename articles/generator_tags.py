"""Template tags of static-site generators (Jekyll's Liquid, Hugo's shortcodes) turned into Markdown.

A migrated post must not publish `{% highlight %}` as text. The tags Folio understands become their
Markdown equivalent; any other tag is left as written with a warning naming it, so an editor can find it.
Code written as code stays as written: fenced code blocks and inline code spans are not converted,
except that `{% raw %}`/`{% endraw %}` are always dropped (their content kept verbatim) and Hugo's
escaped shortcodes (`{{</* x */>}}`) lose their escape, as both generators would show them.
"""

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping

LinkFor = Callable[[str, str], str | None]

_FENCE = re.compile(r" {0,3}(?P<marker>`{3,}|~{3,})")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_HIGHLIGHT_OPEN = re.compile(
    r"\s*(?:\{%-?\s*highlight\s+(?P<liquid>[\w+#.-]+)[^%]*-?%\}|\{\{[<%]\s*highlight\s+(?P<hugo>[\w+#.-]+)[^>%]*[>%]\}\})\s*"
)
_HIGHLIGHT_CLOSE = {
    "liquid": re.compile(r"\s*\{%-?\s*endhighlight\s*-?%\}\s*"),
    "hugo": re.compile(r"\s*\{\{[<%]\s*/highlight\s*[>%]\}\}\s*"),
}
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}")
_HUGO_ESCAPED_END = re.compile(r"\*/[>%]\}\}")
_BACKTICKS = re.compile(r"`+")
_TAG = re.compile(
    r"\{%-?\s*(?P<liquid>.*?)\s*-?%\}"
    r"|\{\{[<%]\s*(?P<shortcode>.*?)\s*/?[>%]\}\}"
    r"|\{\{-?\s*(?P<output>.*?)\s*-?\}\}"
)
_TAG_START = re.compile(r"\{(?=[{%])")
_SHORTCODE_END = re.compile(r"[>%]\}\}")
_ATTRIBUTE = re.compile(r"""(?P<name>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+))""")


class _Converter:
    def __init__(self, *, site_vars: Mapping[str, str], link_for: LinkFor):
        self.site_vars = site_vars
        self.link_for = link_for
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def convert(self, body: str) -> str:
        out: list[str] = []
        fence = ""  # the marker of the open fenced code block
        highlight = ""  # "liquid" or "hugo" inside a highlight block
        highlight_start = 0
        raw = False
        for line in body.split("\n"):
            if raw:
                end = _ENDRAW.search(line)
                if end is None:
                    out.append(line)
                    continue
                # Verbatim up to {% endraw %}, prose after it.
                rest, raw = self.text_line(line[end.end() :])
                text = line[: end.start()] + (rest or "")
                if text.strip():
                    out.append(text)
                continue
            if highlight:
                if _HIGHLIGHT_CLOSE[highlight].fullmatch(line):
                    # The fence must be longer than any run of backticks in the code it holds.
                    code = "\n".join(out[highlight_start + 1 :])
                    ticks = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`{3,}", code))])
                    out[highlight_start] = ticks + out[highlight_start].lstrip("`")
                    out.append(ticks)
                    highlight = ""
                else:
                    self.keep(_ENDRAW.sub("", _RAW.sub("", line)), had_tag=bool(_RAW.search(line)), out=out)
                continue
            opening = _FENCE.match(line)
            if fence:
                marker = opening.group("marker") if opening else ""
                if marker[:1] == fence[0] and len(marker) >= len(fence) and not line[opening.end() :].strip():
                    fence = ""
                stripped = _unescape_shortcodes(_ENDRAW.sub("", _RAW.sub("", line)))
                self.keep(stripped, had_tag=stripped != line, out=out)
                continue
            if opening:
                fence = opening.group("marker")
                out.append(line)
                continue
            start = _HIGHLIGHT_OPEN.fullmatch(line)
            if start:
                highlight = "liquid" if start.group("liquid") else "hugo"
                highlight_start = len(out)
                out.append("```" + (start.group("liquid") or start.group("hugo")))
                continue
            converted, raw = self.text_line(line)
            if converted is not None:
                out.append(converted)
        return "\n".join(out)

    def keep(self, line: str, *, had_tag: bool, out: list[str]) -> None:
        """Keep a line of code, unless it held nothing but a dropped raw tag."""
        if not (had_tag and not line.strip()):
            out.append(line)

    def text_line(self, line: str) -> tuple[str | None, bool]:
        """Convert one line of prose; return (the line or None when nothing is left, whether a raw block opened)."""
        pieces: list[str] = []
        rest = line
        while True:
            opening = _RAW.search(rest)
            if opening is None:
                pieces.append(self.inline(rest))
                break
            pieces.append(self.inline(rest[: opening.start()]))
            rest = rest[opening.end() :]
            closing = _ENDRAW.search(rest)
            if closing is None:
                pieces.append(rest)
                text = "".join(pieces)
                return (text if text.strip() else None), True
            pieces.append(rest[: closing.start()])
            rest = rest[closing.end() :]
        text = "".join(pieces)
        if not text.strip() and (_RAW.search(line) or _ENDRAW.search(line)):
            return None, False
        return text, False

    def inline(self, text: str) -> str:
        """Convert the tags in a piece of prose, leaving inline code spans as written."""
        pieces, last = [], 0
        for start, end in _code_spans(text):
            pieces.append(_replace_tags(text[last:start], self.tag))
            pieces.append(text[start:end])
            last = end
        pieces.append(_replace_tags(text[last:], self.tag))
        return "".join(pieces)

    def tag(self, match: re.Match) -> str:
        written = match.group(0)
        if match.group("liquid") is not None:
            words = match.group("liquid").split()
            name = words[0] if words else ""
            if name in ("post_url", "link") and len(words) == 2:
                url = self.link_for(name, words[1])
                if url:
                    return url
                self.warn(f"template tag '{written}': no article imported from '{words[1]}'; left as written")
                return written
            if name == "endraw":
                return ""
        elif match.group("shortcode") is not None:
            words = match.group("shortcode").split(None, 1)
            if words and words[0] == "figure":
                image = self.figure(words[1] if len(words) > 1 else "")
                if image:
                    return image
        else:
            expression = match.group("output")
            variable = re.fullmatch(r"site\.([\w-]+)", expression)
            if variable and variable.group(1) in self.site_vars:
                return self.site_vars[variable.group(1)]
            if variable:
                self.warn(f"template tag '{written}' left as written: give its value with --site-var")
                return written
        self.warn(f"template tag '{_short(written)}' left as written")
        return written

    def figure(self, attributes: str) -> str | None:
        values = {
            m.group("name"): next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
            for m in _ATTRIBUTE.finditer(attributes)
        }
        src = values.get("src", "").strip()
        if not src:
            return None
        alt = values.get("alt", "").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        title = values.get("caption") or values.get("title") or ""
        target = f"<{src}>" if re.search(r"[\s()<>]", src) else src
        if title:
            escaped = title.replace("\\", "\\\\").replace('"', '\\"')
            target += f' "{escaped}"'
        return f"![{alt}]({target})"


# A pattern that looks for a closing that is not there scans to the end of the line from every opening: a
# hostile line of unclosed `{{<` or of backticks took minutes. The functions below look only where a match can be.


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
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
    shortcode_ends = [end.start() for end in _SHORTCODE_END.finditer(text)]
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
    body: str, *, site_vars: Mapping[str, str] | None = None, link_for: LinkFor | None = None
) -> tuple[str, list[str]]:
    """The body with generator tags turned into Markdown, and a warning for each tag left as written."""
    if "{%" not in body and "{{" not in body:
        return body, []
    converter = _Converter(site_vars=site_vars or {}, link_for=link_for or (lambda kind, target: None))
    return converter.convert(body), converter.warnings
