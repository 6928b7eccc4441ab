"""How much one page's included files may add to it (pymdownx.snippets, mdx_include, a Hugo theme's include).

A file that includes the next one eight times, which includes the next eight times, and so on for eight files,
stands for 16 million copies of the last: each file is small, and no file includes itself, but the page would
take hours to build and could never be saved. Each page counts what its includes add, and the page fails, by
name, as soon as they add more files or more text than an article can hold.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .invalid_file import InvalidFile

# More than any page includes: FastAPI's longest pages include a few dozen examples.
MAX_INCLUDED_FILES = 2_000


@dataclass
class IncludeBudget:
    """What one page's includes have added so far: files read, and characters of text."""

    files: int = 0
    size: int = 0

    def add_file(self, *, kind: str, name: str) -> None:
        self.files += 1
        if self.files > MAX_INCLUDED_FILES:
            raise InvalidFile(
                f"{kind} '{name}': the page includes more than {MAX_INCLUDED_FILES:,} files, counting those its "
                "included files include; files that include each other several times over multiply without end"
            )

    def add_text(self, size: int, *, kind: str, name: str) -> None:
        """Count `size` more characters: an included file's text, or the indentation put before its lines."""
        self.size += size
        limit = settings.ARTICLE_BODY_MAX_BYTES
        if self.size > limit:
            raise InvalidFile(
                f"{kind} '{name}': with the files it includes, the page would be over {filesizeformat(limit)}, "
                "the most an article may be; files that include each other several times over multiply without end"
            )
