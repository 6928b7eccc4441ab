"""Code blocks highlighted on save by Pygments, as class names only: the colours live in site.css.

A fence's info string gives the language and, in braces, the options Hugo and MkDocs write:
```` ```python {hl_lines="2 3" linenos=true title="x.py"} ````. Lines are counted from 1; `2-4` is a range.
"""

import functools
import html
import re

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

from .text import is_whole_number

# Every class Pygments writes in a code block, so that the sanitiser can keep them and nothing else.
PYGMENTS_CLASSES = frozenset(name for name in STANDARD_TYPES.values() if name) | {"hll", "linenos", "special"}
MAX_HIGHLIGHTED_LINES = 5000  # more than that is shown plain: highlighting runs on every save
_OPTION = re.compile(r"""([\w-]+)\s*[=:]\s*(?:"([^"]*)"|'([^']*)'|\[([^\]]*)\]|([^\s,}]+))""")
_LINES = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")
_LANGUAGE = re.compile(r"[\w+#.-]{1,40}")


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """(language, options) from a fence's info string: `go {hl_lines="8 15-17" linenos=table}`."""
    info = info.strip()
    language, _, rest = info.partition(" ")
    if language.startswith("{"):
        # pymdownx's attribute form, `{ .python .no-copy hl_lines="2" }`: the first class is the language.
        first_class = re.match(r"\{\s*\.([\w+#-]+)", info)
        language, rest = (first_class.group(1) if first_class else ""), info
    language = language.strip("{}").lstrip(".")
    options = {}
    for match in _OPTION.finditer(rest):
        value = next(v for v in match.groups()[1:] if v is not None)
        options[match.group(1).lower()] = value
    return (language if _LANGUAGE.fullmatch(language) else ""), options


def line_numbers(spec: str, *, limit: int) -> list[int]:
    """`"2 4-6"`, `"2,4-6"` or `[2, 4]` as [2, 4, 5, 6], within 1..limit."""
    numbers: set[int] = set()
    for match in _LINES.finditer(spec):
        first = int(match.group(1))
        last = int(match.group(2) or first)
        numbers.update(range(max(first, 1), min(last, limit) + 1))
    return sorted(numbers)


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() not in ("", "false", "no", "0", "none")


def render_fence(self, tokens, idx, options, env) -> str:
    """A fenced block highlighted by Pygments when it names a language or options, else markdown-it's own."""
    token = tokens[idx]
    language, settings = parse_info(token.info)
    code = token.content
    if not (language or settings) or code.count("\n") > MAX_HIGHLIGHTED_LINES:
        return self.fence(tokens, idx, options, env)
    count = code.count("\n") + (0 if code.endswith("\n") else 1)
    start = settings.get("linenostart", "")
    formatter = _formatter(
        linenos=_truthy(settings.get("linenos")),
        start=int(start) if is_whole_number(start) else 1,
        marked=tuple(line_numbers(settings.get("hl_lines", ""), limit=count)),
    )
    highlighted = highlight(code, _lexer(language), formatter)
    # Pygments wraps the lines in <div class="highlight"><pre><span></span>…</pre></div>: Folio writes its own.
    body = highlighted[highlighted.index("<pre>") + len("<pre>") : highlighted.rindex("</pre>")]
    body = body.removeprefix("<span></span>")
    css = f' class="language-{language}"' if language else ""
    pre = f'<pre class="highlight"><code{css}>{body}</code></pre>\n'
    title = settings.get("title", "")
    if title:
        return f'<figure class="code-block"><figcaption>{html.escape(title)}</figcaption>{pre}</figure>\n'
    return pre


# Made once and kept: finding a lexer and building a formatter (which builds a stylesheet) cost more than
# highlighting a short block. Neither keeps anything of the code it handled.
@functools.lru_cache(maxsize=128)
def _lexer(language: str):
    try:
        return get_lexer_by_name(language or "text")
    except ClassNotFound:
        return get_lexer_by_name("text")


@functools.lru_cache(maxsize=128)
def _formatter(*, linenos: bool, start: int, marked: tuple[int, ...]) -> HtmlFormatter:
    return HtmlFormatter(linenos="inline" if linenos else False, linenostart=start, hl_lines=list(marked))


def stylesheet() -> str:
    """The light and dark colours for highlighted code, as site.css holds them (see tests)."""
    light, dark = (
        "\n".join(
            line
            for line in HtmlFormatter(style=style).get_style_defs(".highlight").splitlines()
            if line.startswith((".highlight", "span.linenos"))
        )
        for style in ("default", "monokai")
    )
    indented = "\n".join("  " + line for line in dark.splitlines())
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n"
