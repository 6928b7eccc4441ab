"""Code blocks a site ran when it was built: markdown-exec's (`exec="1"` on a fence), whose output the old page
showed in the block's place. Folio runs no code, so such a block is kept as the code it is, and named in a warning.
"""

import re

from markdown_it import MarkdownIt

# markdown-exec's switch on a fence: `exec="1"`, `exec="true"`, `exec="on"` (and unquoted, as its options allow).
_EXEC = re.compile(r"""\bexec\s*=\s*(["']?)(?:1|true|on|yes)\1(?=\s|$|\})""", re.IGNORECASE)
_parser = MarkdownIt("commonmark")


def executed_blocks(body: str) -> list[str]:
    """A warning for each fence markdown-exec would run, naming its language and its first line of code."""
    warnings = []
    for token in _parser.parse(body):
        if token.type == "fence" and (switch := _EXEC.search(token.info)):
            language = token.info.split(None, 1)[0].strip("{}.")
            opening = next((line.strip() for line in token.content.split("\n") if line.strip()), "")
            warnings.append(
                f"a {language} code block markdown-exec runs ({switch.group(0)}), opening '{opening[:60]}', is "
                "shown as its code: the old site showed what running it printed, and Folio runs no code"
            )
    return warnings
