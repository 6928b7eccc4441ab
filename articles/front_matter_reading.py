"""A file's bytes split into its front matter and its body: the text decoded, the fence found, and the block
read as YAML, TOML (Hugo's `+++`), JSON or Eleventy's JavaScript data (`---json`, `---js`), within a size limit.

Apart from mapping the keys (frontmatter.py) because this part knows nothing of any generator's keys, and other
files are read with it too: the pages a site's configuration or its includes point to, and its data files.
"""

import codecs
import json
import re
import sys
import tomllib

import json5
from django.conf import settings

from .invalid_file import InvalidFile
from .yaml_loading import MAX_YAML_DEPTH, load_yaml, too_many_digits


def decode_text(raw: bytes) -> str:
    """A file's text: UTF-8, with or without its byte order mark, or UTF-16 when it starts with UTF-16's (as
    Windows' Notepad saves "Unicode"); InvalidFile names the first byte that is not text, and its line."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidFile("not text: it starts as UTF-16 text does, but the rest is not UTF-16") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if b"\x00" in raw[:1024]:
            raise InvalidFile(
                "not UTF-8 text: it holds NUL bytes, so it is no text file (an image or a program?)"
            ) from None
        line = raw.count(b"\n", 0, error.start) + 1
        raise InvalidFile(
            f"not UTF-8 text: the byte 0x{raw[error.start]:02X} on line {line} is not UTF-8 "
            "(the file may be Latin-1 or Windows-1252); save it as UTF-8"
        ) from None


def read_front_matter(raw: bytes) -> tuple[dict, str, bool]:
    """(metadata, body, whether the file had front matter) from a file's bytes."""
    text = decode_text(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InvalidFile("the file is empty")
    lines = text.split("\n")
    fence = lines[0].rstrip()
    if fence not in ("---", "+++", "---json", "---js", "---javascript"):
        return {}, text, False
    closing = ("+++",) if fence == "+++" else ("---", "...")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in closing), None)
    if end is None:
        raise InvalidFile(f"the front matter opened by {fence} has no closing {closing[0]} line")
    block = "\n".join(lines[1:end])
    _check_size(block)
    if fence == "+++":
        meta = _toml(block)
    elif fence == "---json":
        meta = _json(block)
    elif fence in ("---js", "---javascript"):
        meta = _javascript(block)
    else:
        meta = _yaml(block)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InvalidFile(f"the front matter must be 'key: value' lines, not a {type(meta).__name__}")
    return meta, "\n".join(lines[end + 1 :]), True


def _check_size(block: str) -> None:
    size, limit = len(block.encode()), settings.IMPORT_MAX_FRONT_MATTER_BYTES
    if size > limit:
        raise InvalidFile(
            f"the front matter is {size:,} bytes, over the limit of {limit:,} (IMPORT_MAX_FRONT_MATTER_BYTES)"
        )


def _yaml(block: str) -> object:
    try:
        # The block starts on the line after the opening ---.
        return load_yaml(block, first_line=2)
    except InvalidFile as error:
        problem = str(error)
        raise InvalidFile(
            f"the front matter is {problem}" if problem.startswith("not valid") else f"front matter: {problem}"
        ) from None


def _json(block: str) -> object:
    """Eleventy's `---json` front matter; json refuses what YAML's aliases and tags could do."""
    try:
        return json.loads(block)
    except ValueError as error:
        where = f" on line {error.lineno + 1}" if isinstance(error, json.JSONDecodeError) else ""
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise InvalidFile(f"the front matter is not valid JSON{where}: {reason}") from None
    except RecursionError:
        raise InvalidFile(f"front matter: values are nested more than {MAX_YAML_DEPTH} levels deep") from None


_JS_DECLARATION = re.compile(r"^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*", re.MULTILINE)
_JS_EXPORT = re.compile(r"^export\s*\{[^}]*\}\s*;?\s*$", re.MULTILINE)


def _javascript(block: str) -> dict:
    """Eleventy's `---js` front matter, as far as it is data: an object literal, or `const name = value;`
    declarations of literal values (strings, numbers, booleans, arrays, objects). Folio runs no JavaScript:
    a value that is code (a function, a call, a template string) fails the file, naming it."""
    text = _JS_EXPORT.sub("", block).strip()
    if text.startswith("{"):
        return _js_value(text.rstrip(";"), name="the front matter")
    declarations = list(_JS_DECLARATION.finditer(text))
    if not declarations or text[: declarations[0].start()].strip():
        raise InvalidFile(
            "the front matter is JavaScript (---js) that is not plain data; Folio reads `const name = value;` "
            "lines and object literals, and runs no code: write it as YAML between --- lines"
        )
    meta = {}
    for declaration, following in zip(declarations, [*declarations[1:], None], strict=True):
        value = text[declaration.end() : following.start() if following else len(text)].strip().rstrip(";")
        meta[declaration.group(1)] = _js_value(value, name=declaration.group(1))
    return meta


def _js_value(text: str, *, name: str) -> object:
    try:
        return json5.loads(text)
    except (ValueError, RecursionError):
        raise InvalidFile(
            f"front matter: {name} is JavaScript code, not a plain value (text, number, true/false, list or "
            "object); Folio runs no code: write it as YAML between --- lines"
        ) from None


def _toml(block: str) -> dict:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        # tomllib says "(at line N, column M)" counting inside the block; the file has the fence above it.
        message = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", str(error))
        raise InvalidFile(f"the front matter is not valid TOML: {message}") from None
    except RecursionError:
        raise InvalidFile(f"front matter: values are nested more than {MAX_YAML_DEPTH} levels deep") from None
    except ValueError as error:
        reason = f"a number has more than {sys.get_int_max_str_digits()} digits" if too_many_digits(error) else error
        raise InvalidFile(f"the front matter is not valid TOML: {reason}") from None
