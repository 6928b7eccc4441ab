"""Jekyll's Liquid, evaluated by python-liquid with Jekyll's own tags and filters, within bounds.

generator_tags.py hands over prose only: code, `{% raw %}` content and tags Folio cannot evaluate are
already placeholders, so whatever this module does, they come back as written.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import yaml
from django.utils.text import slugify
from liquid import Environment, Mode, Undefined
from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

from .front_matter_reading import decode_text
from .include_budget import IncludeBudget
from .invalid_file import InvalidFile

LinkFor = Callable[[str, str], str | None]
MAX_INCLUDE_BYTES = 256 * 1024
SITE_CONFIG_MAX_BYTES = 256 * 1024
MAX_INCLUDE_DEPTH = 5


class _Limited(Environment):
    # A hostile file may loop, nest or print without end: each render stops at these bounds.
    loop_iteration_limit = 10_000
    output_stream_limit = 2_000_000
    local_namespace_limit = 2_000_000
    context_depth_limit = 20


class _Written(Undefined):
    """An undefined variable prints as it was written (`{{ page.nope }}`), with a warning naming it."""

    def __str__(self) -> str:
        written = _statement_at(self.token) or f"{{{{ {self.name} }}}}"
        warn = getattr(self.token, "source", None) and _WARN.get(id(self.token.source))
        if warn is not None:
            if self.name == "site":
                warn(f"template tag '{written}' left as written: give its value with --site-var")
            else:
                warn(f"template tag '{written}' left as written")
        return written


# Warnings of the render under way, found from the source text a token points into.
_WARN: dict[int, Callable[[str], None]] = {}


def _statement_at(token) -> str | None:
    if token is None or not getattr(token, "source", None):
        return None
    source, at = token.source, token.start_index
    start = source.rfind("{{", 0, at + 1)
    end = source.find("}}", at)
    if start < 0 or end < 0:
        return None
    return source[start : end + 2]


class _WordsTag(Tag):
    """A Jekyll tag whose argument is a bare word: `{% post_url 2020-01-02-name %}`, `{% link a/b.md %}`."""

    block = False

    def parse(self, stream):
        token = stream.eat(TOKEN_TAG)
        argument = stream.current.value.strip() if stream.current.kind == TOKEN_EXPRESSION else ""
        return _LinkNode(token, kind=self.name, argument=argument)


class PostUrlTag(_WordsTag):
    name = "post_url"


class LinkTag(_WordsTag):
    name = "link"


class _LinkNode(Node):
    def __init__(self, token, *, kind: str, argument: str):
        super().__init__(token)
        self.kind, self.argument = kind, argument
        self.blank = False

    def render_to_output(self, context, buffer) -> int:
        folio = context.globals["folio"]
        url = folio.link_for(self.kind, self.argument) if self.argument else None
        if url is None:
            written = f"{{% {self.kind} {self.argument} %}}"
            folio.warn(f"template tag '{written}': no article imported from '{self.argument}'; left as written")
            url = written
        return buffer.write(url)


_INCLUDE_ARGUMENT = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


class JekyllIncludeTag(Tag):
    """`{% include note.html title="Hi" %}` from the site's _includes folder; `include.title` inside it."""

    name = "include"
    block = False

    def parse(self, stream):
        token = stream.eat(TOKEN_TAG)
        expression = stream.current.value.strip() if stream.current.kind == TOKEN_EXPRESSION else ""
        return _IncludeNode(token, expression)


class _IncludeNode(Node):
    def __init__(self, token, expression: str):
        super().__init__(token)
        self.expression = expression
        self.blank = False

    def render_to_output(self, context, buffer) -> int:
        folio = context.globals["folio"]
        name, _, arguments = self.expression.partition(" ")
        # Eleventy's Liquid and Nunjucks quote the file's name: {% include "note.njk" %}.
        if len(name) > 2 and name[0] == name[-1] and name[0] in "\"'":
            name = name[1:-1]
        written = f"{{% include {self.expression} %}}"
        folio.budget.add_file(kind="include", name=name)
        template = folio.include(name)
        if template is None:
            reason = f": no file '{name}' in the site's _includes folder" if folio.includes else ""
            reason = f": {folio.problems[name]}" if name in folio.problems else reason
            folio.warn(f"template tag '{written}' left as written{reason}")
            return buffer.write(written)
        values = {}
        for match in _INCLUDE_ARGUMENT.finditer(arguments):
            key, double, single, bare = match.groups()
            if bare is None:
                values[key] = double if double is not None else single
            else:
                values[key] = context.get(bare.split("."), token=self.token, default=None)
        with context.extend({"include": values}):
            return template.render_with_context(context, buffer)


def _relative_url(value: object, *, site: Mapping) -> str:
    path = str(value or "")
    if re.match(r"[a-z][a-z0-9+.-]*:", path, re.I):
        return path
    base = str(site.get("baseurl") or "").rstrip("/")
    return f"{base}/{path.lstrip('/')}" if path else (base or "/")


def _absolute_url(value: object, *, site: Mapping) -> str:
    relative = _relative_url(value, site=site)
    if re.match(r"[a-z][a-z0-9+.-]*:", relative, re.I):
        return relative
    return str(site.get("url") or "").rstrip("/") + relative


def _jekyll_filters(site: Mapping) -> dict[str, Callable]:
    return {
        "relative_url": lambda value: _relative_url(value, site=site),
        "absolute_url": lambda value: _absolute_url(value, site=site),
        "slugify": lambda value, mode="default": slugify(str(value or "")),
        "xml_escape": lambda value: (
            str(value or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        ),
        "cgi_escape": lambda value: quote(str(value or ""), safe=""),
        "uri_escape": lambda value: quote(str(value or ""), safe="/:?#[]@!$&'()*+,;="),
        "number_of_words": lambda value: len(str(value or "").split()),
        "normalize_whitespace": lambda value: " ".join(str(value or "").split()),
        "array_to_sentence_string": _sentence,
        "jsonify": lambda value: __import__("json").dumps(value, default=str),
        "markdownify": lambda value: str(value or ""),  # the body is Markdown already
        "smartify": lambda value: str(value or ""),
        # Eleventy's own: the path under the site's pathPrefix. The old site's path is what its links are
        # resolved from, and what redirects to the article.
        "url": lambda value: str(value or ""),
        "slug": eleventy_slug,
    }


# What the `slugify` package behind Eleventy's `slug` filter writes for a few symbols. It keeps `.`, `'`, `!`, `:`
# and the like, which `slugify` drops: an address made with `slug` must be filled in the same way to be the old
# site's.
_SLUG_WORDS = {"$": "dollar", "%": "percent", "&": "and", "<": "less", ">": "greater", "|": "or"}
# Letters no accent can be taken off, which it writes in Latin ones.
_SLUG_WORDS |= {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L"}
# JavaScript's \w is ASCII's: a letter not written in Latin ones is dropped.
_SLUG_DROPPED = re.compile(r"""[^\w\s$*_+~.()'"!\-:@]+""", re.ASCII)


def eleventy_slug(value: object) -> str:
    """Eleventy's `slug` filter, older than its `slugify`: accents come off letters, words stand for `&` and `$`,
    spaces become hyphens, and the rest of the punctuation is kept or dropped as the `slugify` package does."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(_SLUG_WORDS.get(char, char) for char in text if not unicodedata.combining(char))
    text = _SLUG_DROPPED.sub("", text.replace("-", " ")).strip()
    return re.sub(r"\s+", "-", text).lower()


def _sentence(values, connector: str = "and") -> str:
    items = [str(item) for item in (values or [])]
    if len(items) < 3:
        return f" {connector} ".join(items)
    return ", ".join(items[:-1]) + f", {connector} " + items[-1]


JEKYLL_TAGS = (PostUrlTag, LinkTag, JekyllIncludeTag)


class _Folio:
    """What a render's own tags need: the file's links, includes and warnings."""

    def __init__(self, *, env: Environment, link_for: LinkFor, includes: Path | None, warn, depth: int = 0):
        self.env, self.link_for, self.includes, self.warn = env, link_for, includes, warn
        self.templates: dict[str, object] = {}
        # Includes rendered, counting those inside includes: a few files that include each other several times
        # over would render millions of times, each adding nothing when the last is empty.
        self.budget = IncludeBudget()
        self.problems: dict[str, str] = {}  # why an include that is there cannot be used

    def include(self, name: str):
        if self.includes is None or not re.fullmatch(r"[\w./-]+", name) or ".." in name.split("/"):
            return None
        if name not in self.templates:
            self.templates[name] = None
            path = self.includes / name
            try:
                inside = path.resolve().is_relative_to(self.includes.resolve()) and path.is_file()
                if inside and path.stat().st_size <= MAX_INCLUDE_BYTES:
                    source = decode_text(path.read_bytes())
                    self.templates[name] = self.env.from_string(source)
                    _WARN[id(source)] = self.warn
            except (OSError, LiquidError, InvalidFile) as error:
                # python-liquid's message goes on with the source lines it points at: the first line says it.
                reason = str(error).strip().split("\n")[0] if isinstance(error, LiquidError) else str(error)
                self.problems[name] = f"the include could not be read: {reason}"
        return self.templates[name]


def known_tags() -> set[str]:
    env = _environment({})
    return set(env.tags)


def known_filters() -> set[str]:
    return set(_environment({}).filters)


def _environment(site: Mapping) -> Environment:
    env = _Limited(tolerance=Mode.STRICT, undefined=_Written, strict_filters=True)
    for tag in JEKYLL_TAGS:
        env.add_tag(tag)
    for name, function in _jekyll_filters(site).items():
        env.add_filter(name, function)
    for name in ("render", "liquid", "tablerow", "increment", "decrement", "ifchanged", "cycle", "echo", "doc"):
        env.tags.pop(name, None)  # not Jekyll's, or not wanted in an article body
    return env


def render_liquid(
    text: str,
    *,
    site: Mapping,
    page: Mapping,
    link_for: LinkFor,
    includes: Path | None,
    warn: Callable[[str], None],
    data: Mapping | None = None,
) -> str:
    """Evaluate `text` as Jekyll would; raises LiquidError when it cannot be (the caller keeps it as written).
    `data` are variables by name beside `site` and `page` (Eleventy's front matter)."""
    env = _environment(site)
    folio = _Folio(env=env, link_for=link_for, includes=includes, warn=warn)
    names = {**(data or {}), "site": dict(site), "page": dict(page), "folio": folio}
    template = env.from_string(text, globals=names)
    _WARN[id(text)] = warn
    try:
        return template.render()
    finally:
        _WARN.pop(id(text), None)
        for template_source in list(_WARN):
            if _WARN[template_source] is warn:
                _WARN.pop(template_source, None)


@lru_cache(maxsize=32)
def site_context(root: str) -> tuple[Path | None, dict]:
    """The `_includes` folder and `_config.yml` values of the Jekyll site holding `root`, found walking up."""
    includes, config = None, {}
    for folder in [Path(root), *Path(root).parents]:
        if includes is None and (folder / "_includes").is_dir():
            includes = folder / "_includes"
        config_file = folder / "_config.yml"
        if not config and config_file.is_file() and config_file.stat().st_size <= SITE_CONFIG_MAX_BYTES:
            try:
                loaded = yaml.safe_load(config_file.read_text(encoding="utf-8", errors="replace"))
            except yaml.YAMLError:
                loaded = None
            config = loaded if isinstance(loaded, dict) else {}
        if includes is not None and config:
            break
    return includes, config
