"""YAML as Folio reads it everywhere (front matter, a site's configuration, authors.yml and site.yml): the safe
loader within bounds on the values an alias may stand for and on their depth, and every mistake an InvalidFile
naming its line.

Apart from front matter because a site's configuration files are YAML too and are read the same way; and because
its bounds are a defence against hostile files, which is best kept where it can be read whole.
"""

import re
import sys

import yaml

from .front_matter_values import shown_value
from .invalid_file import InvalidFile

# Front matter is a handful of values; these bounds are far above any real file and far below trouble.
MAX_YAML_VALUES = 10_000
MAX_YAML_DEPTH = 32


class RefusedValue(Exception):
    """A value a bounded loader will not build: what it is, where it starts (a line of the YAML text, from 0) and
    why; load_yaml() gives it the file's line number."""

    def __init__(self, subject: str, node: yaml.Node | None = None, reason: str = ""):
        super().__init__(subject, reason)
        self.subject, self.reason = subject, reason
        self.line = node.start_mark.line if node is not None and node.start_mark else None

    def message(self, first_line: int) -> str:
        where = f" on line {self.line + first_line}" if self.line is not None else ""
        return f"{self.subject}{where}" + (f" {self.reason}" if self.reason else "")


class BoundedConstruction:
    """For a YAML loader: check the composed document before any value is built from it, and say which value
    cannot be built.

    Aliases let a few hundred bytes stand for billions of values (each use is a full copy once the values are
    walked) or for a value that contains itself: both are refused here, by counting the composed nodes.
    """

    def construct_document(self, node: yaml.Node) -> object:
        _expanded_size(node, depth=1, sizes={}, open_nodes=set())
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep=deep)
        # PyYAML's constructors fail this way on a value that does not fit its type: `!!int abc`, 2024-13-01…
        except (ValueError, OverflowError, KeyError, AttributeError, TypeError) as error:
            raise _unbuildable(node, error) from None


class _BoundedLoader(BoundedConstruction, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, libyaml's when there is one (about ten times faster), within bounds."""


def _expanded_size(node: yaml.Node, *, depth: int, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values `node` stands for with every alias expanded; each shared node is counted once per use."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_nodes:
        raise RefusedValue("a YAML anchor contains itself", node)
    if depth > MAX_YAML_DEPTH:
        raise RefusedValue(f"values are nested more than {MAX_YAML_DEPTH} levels deep", node)
    if isinstance(node, yaml.ScalarNode):
        return 1
    children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else node.value
    open_nodes.add(id(node))
    size = 1 + sum(_expanded_size(child, depth=depth + 1, sizes=sizes, open_nodes=open_nodes) for child in children)
    open_nodes.discard(id(node))
    if size > MAX_YAML_VALUES:
        raise RefusedValue(f"more than {MAX_YAML_VALUES:,} values once YAML aliases are expanded")
    sizes[id(node)] = size
    return size


_NOT_A = {"int": "is not a whole number", "float": "is not a number", "timestamp": "is not a date"}
# datetime's own reasons are plain words: "month must be in 1..12", "year 0 is out of range".
_DATE_REASON = re.compile(r"(year|month|day|hour|minute|second)\b")


def _unbuildable(node: yaml.Node, error: Exception) -> RefusedValue:
    tag = node.tag.replace("tag:yaml.org,2002:", "")
    value = shown_value(node.value) if isinstance(node, yaml.ScalarNode) else "a value"
    problem = _NOT_A.get(tag, f"is not a valid !!{tag} value")
    if too_many_digits(error):
        problem += f" Folio can read (more than {sys.get_int_max_str_digits()} digits)"
    elif _DATE_REASON.match(str(error)):
        problem += f" ({error})"
    return RefusedValue(value, node, problem)


def too_many_digits(error: Exception) -> bool:
    return isinstance(error, ValueError) and "integer string conversion" in str(error)


_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '(?P<tag>[^']*)'")


def load_yaml(text: str, *, loader: type = _BoundedLoader, first_line: int = 1) -> object:
    """YAML as Folio reads it everywhere (front matter, site configuration, authors.yml and site.yml): within
    the loader's bounds, and every mistake an InvalidFile naming its line (`first_line` is the file's line
    number of the text's first line) and, where the parser gave up far from it, where the mistake began."""
    try:
        return yaml.load(text, Loader=loader)
    except RefusedValue as refused:
        raise InvalidFile(refused.message(first_line)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" on line {mark.line + first_line}" if mark else ""
        unknown = _UNKNOWN_TAG.fullmatch(error.problem or "")
        if unknown:
            tag = unknown.group("tag").replace("tag:yaml.org,2002:", "!!")
            raise InvalidFile(f"the tag '{tag}'{where} is not allowed; only plain YAML values are read") from None
        cause = ""
        if error.problem and error.context and error.context_mark and error.context_mark is not mark:
            # Where the parser gave up is often far from the mistake: an unclosed quote is reported at the end.
            cause = f" ({error.context} on line {error.context_mark.line + first_line})"
        raise InvalidFile(f"not valid YAML{where}: {error.problem or error.context}{cause}") from None
    except yaml.reader.ReaderError as error:  # a character YAML does not take, which it names by its position
        line = text.count("\n", 0, error.position) + first_line
        character = ord(error.character) if isinstance(error.character, str) else error.character
        raise InvalidFile(
            f"not valid YAML on line {line}: it holds the character U+{character:04X}, which YAML does not allow "
            "(a control character, or one that is no character); take it out"
        ) from None
    except yaml.YAMLError as error:
        raise InvalidFile(f"not valid YAML: {error}") from None
    except RecursionError:  # only the pure-Python composer recurses; libyaml stops at its own depth
        raise InvalidFile(f"values are nested more than {MAX_YAML_DEPTH} levels deep") from None
