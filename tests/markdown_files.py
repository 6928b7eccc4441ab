"""Helpers for the import and export tests: write Markdown files and run the commands as a reader would."""

import json
from io import BytesIO, StringIO
from pathlib import Path

from django.core.management import call_command
from PIL import Image


def article_text(*, body: str = "Some words.\n\n## A Section\n\nMore words.\n", **front) -> str:
    """An article in the seed's format; pass a key as None to leave it out."""
    fields = {
        "title": "'A Modest Proposal for Footnotes'",
        "author": "'Ines Duarte'",
        "publish_date": "'2025-03-01'",
        **front,
    }
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def png(color: tuple[int, int, int], size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def run(*args: str, command: str = "import_markdown", stderr: StringIO | None = None) -> tuple[int, str]:
    """Run a command as a reader would; return its exit status and stdout."""
    out = StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=stderr if stderr is not None else StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def run_json(*args: str) -> tuple[int, dict]:
    code, out = run(*args, "--json")
    return code, json.loads(out)


def media_files(media_root: Path) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]
