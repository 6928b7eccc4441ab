"""Template tags of static-site generators (Jekyll's Liquid, Hugo's shortcodes) turned into Markdown.

A migrated post must not publish `{% highlight %}` as text. Hugo's built-in shortcodes become Markdown or
link cards (shortcodes.py); Liquid is evaluated by a real engine with Jekyll's tags and filters (liquid.py).
A shortcode or Liquid tag of the site's or its theme's own is left out (the text between a pair kept), since
its code is not there to run; a tag Folio knows but cannot evaluate, or an unknown filter, is left as written.
Each is warned, by name.

Here is one body's conversion: the passes in their order, the placeholders that keep text from the passes after
them, and the warnings. Code is kept aside first (template_code.py), so that code written as code reaches
neither engine; then Hugo's shortcodes are made (hugo_tags.py) and, where the site runs Liquid, its tags
(liquid_tags.py).
"""

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from .hugo_includes import IncludeFiles
from .hugo_tags import HugoTags
from .liquid import site_context
from .liquid_tags import LiquidTags
from .template_code import code_blocks, escaped_shortcodes, inline_highlights, keep_inline_code, raw_pairs

LinkFor = Callable[[str, str], str | None]
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class _Converter(HugoTags, LiquidTags):
    """One body's conversion: what it keeps aside from the engines (code, raw text, what each tag became), the
    warnings it gives, and the order of the passes; each generator's tags are made by its own mixin."""

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

    def for_included(self, files: IncludeFiles) -> "_Converter":
        """A conversion of the same page for a file one of its shortcodes includes, which reads its own includes
        from `files`."""
        return _Converter(
            site=self.site,
            page=self.page,
            data=self.data,
            link_for=self.link_for,
            includes=self.includes,
            liquid=self.runs_liquid,
            files=files,
            raw_tags=self.reads_raw,
        )

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
        text = inline_highlights(code_blocks(body, keep=self.keep), keep=self.keep)
        text = "\n\n".join(keep_inline_code(part, keep=self.keep) for part in _split_paragraphs(text))
        if self.reads_raw:
            text = raw_pairs(text, keep=self.keep)
        text = escaped_shortcodes(text, keep=self.keep)
        text = self.inline_shortcodes(text)
        text = self.shortcodes(text)
        if self.runs_liquid:
            text = self.liquid(text)
        return self.restore(text)

    def expand(self, text: str) -> str:
        """The text with what its placeholders keep put back, but for a U+E000 of the body's own, kept still."""
        return _PLACEHOLDER.sub(
            lambda m: m.group(0) if int(m.group(1)) == self.literal else self.expand(self.kept[int(m.group(1))]), text
        )

    def params(self) -> Mapping:
        params = self.page.get("params")
        return {**self.site, **self.page, **(params if isinstance(params, Mapping) else {})}


def _split_paragraphs(text: str) -> list[str]:
    return _PARAGRAPH_BREAK.split(text) if "\n" in text else [text]


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
