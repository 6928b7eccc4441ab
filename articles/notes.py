"""Notes set apart from the text: MkDocs admonitions, GitHub's and Obsidian's alerts, and the `:::` directives
of Docusaurus, Starlight and remark-directive, all rendered as one kind of aside."""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin


def _render_aside_open(self, tokens, idx, options, env):
    """MkDocs admonitions (`!!! tip`, `??? note` collapsed, `???+` open) and GitHub alerts as asides."""
    token = tokens[idx]
    kind = str(token.meta.get("tag") or token.meta.get("kind") or "note").lower()
    kind = kind if re.fullmatch(r"[a-z][a-z0-9-]{0,30}", kind) else "note"
    token.meta["kind"] = kind
    if token.markup.startswith("?"):
        is_open = " open" if token.markup.endswith("+") else ""
        return f'<details class="admonition admonition-{kind}"{is_open}>\n'
    return f'<aside class="admonition admonition-{kind}">\n'


def _render_aside_close(self, tokens, idx, options, env):
    return "</details>\n" if tokens[idx].markup.startswith("?") else "</aside>\n"


def _render_aside_title(self, tokens, idx, options, env):
    token = tokens[idx]
    opening = token if token.nesting == 1 else tokens[idx - 2]
    collapsible = opening.markup.startswith("?")
    if token.nesting == -1:
        return "</summary>\n" if collapsible else "</p>\n"
    return '<summary class="admonition-title">' if collapsible else '<p class="admonition-title">'


def title_tokens(content: str, *, like: Token) -> list[Token]:
    """An admonition's title paragraph, marked as the admonition `like` is (a collapsible one's is a summary)."""
    opening, closing = Token("admonition_title_open", "p", 1), Token("admonition_title_close", "p", -1)
    inline = Token("inline", "", 0)
    inline.content, inline.map, inline.children = content, like.map, []
    opening.markup = closing.markup = like.markup
    opening.level = closing.level = like.level + 1
    inline.level = like.level + 2
    return [opening, inline, closing]


def _untitled_collapsibles(state: StateCore) -> None:
    """A collapsible admonition with an empty title still needs a <summary>: it is named for its kind."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "admonition_open" and token.markup.startswith("?"):
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following is None or following.type != "admonition_title_open":
                title = title_tokens(str(token.meta.get("tag", "note")).capitalize(), like=token)
                text = Token("text", "", 0)
                text.content = title[1].content
                title[1].children = [text]  # this rule runs after the inline rules
                tokens[i + 1 : i + 1] = title
        i += 1


# Docusaurus', Starlight's and remark-directive's `:::note[A title]` … `:::` containers, shown as admonitions.
DIRECTIVE_KINDS = ("note", "tip", "info", "important", "success", "warning", "caution", "danger")
_DIRECTIVE = re.compile(r"(?P<kind>[a-z]+)\s*(?:\[(?P<bracketed>[^\]\n]*)\]|(?P<title>[^{\n]*))")


def _is_directive(params: str, *args) -> bool:
    match = _DIRECTIVE.match(params.strip())
    return match is not None and match.group("kind") in DIRECTIVE_KINDS


def _directives_as_admonitions(state: StateCore) -> None:
    """A container made by a `:::kind` directive becomes an admonition, titled as written or by its kind."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("container_directive_open", "container_directive_close"):
            token.type = "admonition_open" if token.nesting == 1 else "admonition_close"
            token.tag, token.markup = "aside", "!!!"
            if token.nesting == 1:
                match = _DIRECTIVE.match(token.info.strip())  # matched when the container was made
                kind = match.group("kind")
                title = (match.group("bracketed") or match.group("title") or "").strip()
                token.meta = {"tag": kind}
                tokens[i + 1 : i + 1] = title_tokens(title or kind.capitalize(), like=token)
                i += 3
        i += 1


_TITLED_ALERT = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]+(\S[^\n]*)(?:\n|$)", re.IGNORECASE)


def _titled_alerts(state: StateCore) -> None:
    """`> [!NOTE] A title`: an alert with its own title (Hugo and Obsidian), where GitHub's stands alone.

    markdown-it makes an alert only of a bare `[!NOTE]` line; with a title after it the quote would show the
    marker as text.
    """
    tokens = state.tokens
    i = -1
    while (i := i + 1) < len(tokens) - 2:  # the list grows as titles go in
        token = tokens[i]
        if token.type != "blockquote_open" or tokens[i + 1].type != "paragraph_open":
            continue
        inline = tokens[i + 2]
        match = _TITLED_ALERT.match(inline.content)
        if not match:
            continue
        kind, title_text = match.group(1).upper(), match.group(2).strip()
        token.type, token.tag, token.meta = "alert_open", "div", {"kind": kind}
        closing = next(t for t in tokens[i + 1 :] if t.type == "blockquote_close" and t.level == token.level)
        closing.type, closing.tag = "alert_close", "div"
        title_open = Token("alert_title_open", "p", 1)
        title = Token("inline", "", 0)
        title.content, title.children, title.map = title_text, [], inline.map
        title_close = Token("alert_title_close", "p", -1)
        inline.content = inline.content[match.end() :]
        rest = [] if not inline.content.strip() else tokens[i + 1 : i + 4]
        tokens[i + 1 : i + 4] = [title_open, title, title_close, *rest]


# Callouts given as a class by a kramdown attribute list: just-the-docs' `{: .note }` (and `.note-title`, whose
# first line is the title), Chirpy's `{: .prompt-tip }`, jekyll-gitbook's `{: .block-tip }` and Minimal
# Mistakes' `{: .notice--info }` (`.notice` alone, and `--primary`, being its plain note), Beautiful Jekyll's
# `{: .box-warning }` and Bootstrap's `{: .alert .alert-info }` in the themes built on it.
CALLOUT_KINDS = frozenset({*DIRECTIVE_KINDS, "error", "new", "highlight"})
_CALLOUT_ALIASES = {"notice": "note", "notice--primary": "note", "alert-primary": "note", "alert-secondary": "note"}
_CALLOUT_CLASS = re.compile(r"(?:prompt-|block-|notice--|alert-|box-)?(?P<kind>[a-z]+?)(?P<titled>-title)?")


def _callout_kind(token: Token) -> tuple[str, bool] | None:
    for name in str(token.attrGet("class") or "").split():
        match = _CALLOUT_CLASS.fullmatch(_CALLOUT_ALIASES.get(name, name))
        if match and match.group("kind") in CALLOUT_KINDS:
            return match.group("kind"), bool(match.group("titled"))
    return None


def closing_of(tokens: list[Token], i: int) -> int:
    """The index of the token that closes the block tokens[i] opens."""
    opening = tokens[i]
    return next(j for j in range(i + 1, len(tokens)) if tokens[j].level == opening.level and tokens[j].nesting == -1)


def _class_callouts(state: StateCore) -> None:
    """A quote or paragraph whose class names a callout becomes an admonition of that kind.

    Its title is the quote's opening heading (jekyll-gitbook's `##### TIP`), its first paragraph when the class
    says `-title`, or else the kind's name.
    """
    tokens = state.tokens
    i = -1
    while (i := i + 1) < len(tokens):
        token = tokens[i]
        found = _callout_kind(token) if token.type in ("blockquote_open", "paragraph_open") else None
        if found is None:
            continue
        kind, titled = found
        end = closing_of(tokens, i)
        opening, closing = Token("admonition_open", "aside", 1), Token("admonition_close", "aside", -1)
        opening.markup = closing.markup = "!!!"
        opening.meta, opening.map, opening.level, closing.level = {"tag": kind}, token.map, token.level, token.level
        if token.type == "paragraph_open":
            token.attrs.pop("class", None)
            inner = tokens[i : end + 1]
            for inside in inner:
                inside.level += 1
            # In a tight list the paragraph is not shown as one; under the callout's title it must be.
            token.hidden = tokens[end].hidden = False
        else:
            inner = tokens[i + 1 : end]
        first = inner[0] if inner else None
        if (
            first is not None
            and token.type == "blockquote_open"
            and (first.type == "heading_open" or (titled and first.type == "paragraph_open"))
        ):
            title = title_tokens(inner[1].content, like=opening)
            inner = inner[3:]
        else:
            title = title_tokens(kind.capitalize(), like=opening)
        made = [opening, *title, *inner, closing]
        tokens[i : end + 1] = made
        i += len(title)  # the callout's own blocks are looked at too: a note may hold a tip


def class_callouts_plugin(md: MarkdownIt) -> None:
    """Used after the attribute lists' plugin, whose classes it reads."""
    md.core.ruler.after("folio_block_attributes", "folio_class_callouts", _class_callouts)


def notes_plugin(md: MarkdownIt) -> None:
    md.use(admon_plugin)
    # One rule for every kind: each block rule is tried at every line a paragraph goes on.
    md.use(container_plugin, name="directive", validate=_is_directive)
    md.options["alerts"] = True  # GitHub's `> [!NOTE]`, built into markdown-it-py
    md.core.ruler.after("block", "folio_titled_alerts", _titled_alerts)
    md.core.ruler.after("block", "folio_directives", _directives_as_admonitions)
    md.core.ruler.push("folio_untitled_collapsibles", _untitled_collapsibles)
    for kind in ("admonition", "alert"):
        md.add_render_rule(f"{kind}_open", _render_aside_open)
        md.add_render_rule(f"{kind}_close", _render_aside_close)
        md.add_render_rule(f"{kind}_title_open", _render_aside_title)
        md.add_render_rule(f"{kind}_title_close", _render_aside_title)
