"""A file's body as Folio keeps it: the site's snippets included, its generator's template tags and shortcodes
converted to Markdown, links to videos made embeds, the pymdown-extensions syntax the site turns on made HTML, and
kramdown's formulas in a line written as Folio's.

Apart from writing the article because it is text in, text out: what the generator would have made of the
page, decided by the site's configuration and the run's other files, and never by the database.
"""

from collections.abc import Callable
from pathlib import Path

from .executed_code import executed_blocks
from .frontmatter import FrontMatter, fill_title
from .generator_tags import convert_template_tags
from .import_sites import include_files, includes_from
from .kramdown_formulas import kramdown_formulas
from .pymdown_syntax import convert_pymdown_syntax, pymdown_syntax
from .site_config import FOLIO, SiteConfig, mkdocs_plugin_options
from .snippets import SnippetOptions, include_snippets
from .video_embeds import video_links

# Generators that run Liquid over Markdown; "" is a folder of no known generator. Folio's own export (FOLIO) is
# not one: its bodies are the articles' text as stored, in which `{{ … }}` is text.
LIQUID_GENERATORS = {"jekyll", "eleventy", ""}


def generator_body(
    body: str,
    *,
    path: Path,
    root: Path,
    fm: FrontMatter,
    meta: dict,
    site: SiteConfig,
    snippets: SnippetOptions | None,
    site_vars: dict[str, str],
    link_for: Callable[[str, str], str | None],
    max_bytes: int,
    warnings: list[str],
) -> str:
    """The body with what the generator would have done to it done: `link_for` resolves a tag's link to another
    page (import_template_links), `meta` is the page's front matter as written."""
    if snippets is not None:
        body = include_snippets(body, options=snippets, warnings=warnings)
        # A snippet may open the page with its title as a heading (pymdown-extensions' license page is its
        # LICENSE.md), which would show twice, and which the export's re-import would take out.
        body = fill_title(fm, body, path=path, generator=site.generator)
    if site.generator != FOLIO:  # Folio's export holds the text as it was stored: no tag to convert
        body, tag_warnings = convert_template_tags(
            body,
            site_vars=site_vars,
            link_for=link_for,
            page=meta,
            root=includes_from(site, root=root),
            liquid=site.generator in LIQUID_GENERATORS,
            # Eleventy's data cascade gives a page's front matter keys as variables of their own.
            data=meta if site.generator == "eleventy" else None,
            files=include_files(site, path=path, root=root, max_bytes=max_bytes),
            # MkDocs' macros plugin runs Jinja over each page: its `{% raw %}` keeps text as written.
            raw_tags=site.generator == "mkdocs" and mkdocs_plugin_options(site.config, "macros") is not None,
        )
        warnings.extend(tag_warnings)
        if site.generator == "mkdocs" and mkdocs_plugin_options(site.config, "markdown-exec") is not None:
            warnings.extend(executed_blocks(body))
        body = video_links(body)
        body = convert_pymdown_syntax(body, syntax=pymdown_syntax(site))
        if site.generator == "jekyll":
            body = kramdown_formulas(body)
    return body
