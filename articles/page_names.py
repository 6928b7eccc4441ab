"""What a page is called when its front matter does not say: the name its file gives it (a folder's page goes
by its folder's name, a Jekyll post by the words after its date), and a title from its first heading, its file
name or its menu entry.

Apart from mapping the keys (frontmatter.py) because these read the file's name and its body's Markdown, not its
front matter, and the name rules serve old addresses (permalinks.py) and images (import_images.py) too.
"""

import html
import re
from pathlib import Path

from django.utils.html import strip_tags
from django.utils.text import Truncator
from markdown_it import MarkdownIt

# The file names that stand for their folder's own page, served at the folder's address.
FOLDER_PAGES = frozenset({"index", "readme", "_index"})

# A Jekyll post's file name: its date, whose month and day may be written with one digit (2019-7-27-walk.md), and
# its words.
JEKYLL_NAME = re.compile(r"(?P<date>\d{4}-\d{1,2}-\d{1,2})-(?P<rest>.+)")


def post_name(path: Path) -> str:
    """The name a post's date and words are read from: its file's, or its folder's for an index.md (Docusaurus)."""
    return path.absolute().parent.name if path.stem.split(".", 1)[0].lower() == "index" else path.stem


def title_from_file_name(path: Path) -> str:
    """Jekyll's title for a post without one: the words of its file name, each capitalised."""
    match = JEKYLL_NAME.fullmatch(post_name(path))
    if match is None:
        return ""
    return " ".join(word.capitalize() for word in match.group("rest").split("-") if word)


def page_name(path: Path) -> str:
    """The name a page goes by: its file's, or its folder's for an `index.md` or a `README.md` (a folder's page
    on GitHub and in MkDocs)."""
    return path.absolute().parent.name if path.stem.lower() in ("index", "readme") else path.stem


def title_from_eleventy_navigation(meta: dict) -> str:
    """The name the Eleventy Navigation plugin gives a page in the site's menus (`eleventyNavigation: {key: …}`, or
    its `title` when the key is only an id), for a page with neither a title nor a heading."""
    navigation = meta.get("eleventyNavigation")
    if not isinstance(navigation, dict):
        return ""
    for key in ("title", "key"):
        value = navigation.get(key)
        # A menu's title may hold HTML (an icon, `<code>`): the title is its text.
        text = " ".join(html.unescape(strip_tags(value)).split()) if isinstance(value, str) else ""
        if text:
            return text
    return ""


def title_from_mkdocs_name(path: Path) -> str:
    """MkDocs' title for a page with neither a title nor a heading: its page name, its dashes and underscores
    spaces, capitalised when it is all lower case."""
    title = page_name(path).replace("-", " ").replace("_", " ").strip()
    return title.capitalize() if title.lower() == title else title


# Blocks whose lines are code or text kept as written: a `# ` line inside is no heading.
_VERBATIM_BLOCKS = re.compile(
    r"\{%-?\s*(highlight|raw|comment)\b.*?\{%-?\s*end\1\s*-?%\}"  # Liquid
    r"|\{\{[<%]\s*(highlight|code)\b.*?\{\{[<%]\s*/\2\s*[>%]\}\}",  # Hugo
    re.DOTALL,
)
_block_parser = MarkdownIt("commonmark")
# A line that may be a level-one heading (`# Title`, or text underlined with `=`), or one opening the body.
_HEADING_LIKE = re.compile(r"(?m)^ {0,3}(?:#(?:[ \t]|$)|=+[ \t]*$)")
_OPENING_HEADING = re.compile(r"\s*(?: {0,3}#(?:[ \t]|$)|[^\n]+\n {0,3}=+[ \t]*(?:\n|$))")


def title_from_heading(body: str) -> tuple[str, str]:
    """The first level-one heading as a title, and the body without it when it opens the body (a heading further
    down stays where it is); ('', body) when there is none. Code, HTML blocks and Liquid's and Hugo's highlight
    blocks are no headings."""
    if not _HEADING_LIKE.search(body):
        return "", body  # most bodies: no line that could be a level-one heading, and no need to parse them
    # Each verbatim block blanked out, line for line, so the parser's line numbers are the body's.
    masked = _VERBATIM_BLOCKS.sub(lambda block: "\n" * block.group().count("\n"), body)
    tokens = _block_parser.parse(masked)
    for number, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and token.map:
            title = _plain_text(tokens[number + 1])
            if number:
                return title, body
            lines = body.split("\n")
            start, end = token.map
            rest = lines[:start] + lines[end:]
            if start < len(rest) and not rest[start].strip():  # the blank line under the heading goes with it
                del rest[start]
            return title, "\n".join(rest)
    return "", body


# A template tag or shortcode in a heading (`# Bundle {% addedin "3.0" %}`) makes no words of a title: the
# generator would have run it, and Folio runs it in the body, not in the title.
_TEMPLATE_TAGS = re.compile(r"\{%-?.*?-?%\}|\{\{[<%].*?[>%]\}\}")


def _plain_text(inline) -> str:
    """A heading's words as readers see them: `&mdash;` a dash, `*tree*mendous` without its stars, code's text,
    template tags outside code left out."""
    words = []
    for child in inline.children or []:
        if child.type == "text":
            words.append(_TEMPLATE_TAGS.sub("", child.content))
        elif child.type == "code_inline":
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif child.type == "image":
            words.append(child.content)  # its alt text
    return " ".join("".join(words).split()) or _TEMPLATE_TAGS.sub("", inline.content).strip()


# A short post's title, when it has none: its opening sentence, cut at this many words.
FIRST_WORDS = 10
_text_parser = MarkdownIt("commonmark").enable("strikethrough")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def title_from_text(body: str) -> str:
    """A title for a post that has none and no heading (a status, a note, a reply, which their site shows
    untitled): its first paragraph's opening sentence as readers read it, at most FIRST_WORDS words; '' when it
    has no text."""
    tokens = _text_parser.parse(body)
    for number, token in enumerate(tokens):
        if token.type == "inline" and number and tokens[number - 1].type == "paragraph_open":
            text = _SENTENCE_END.split(_plain_text(token), 1)[0].removesuffix(".")
            if text:
                return Truncator(text).words(FIRST_WORDS)
    return ""


def opens_with_heading(body: str) -> bool:
    """Whether the body may open with a level-one heading (one that may repeat the title)."""
    return bool(_OPENING_HEADING.match(body))
