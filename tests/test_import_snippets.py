"""MkDocs sites' snippets (pymdownx.snippets): `--8<-- "file"` includes the file, as MkDocs builds the page."""

import pytest

from articles.models import Article
from tests.markdown_files import run_json, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

SNIPPETS_ON = "site_name: Docs\nmarkdown_extensions:\n  - abbr\n  - pymdownx.snippets\n"


def page(body: str) -> str:
    return f"---\ntitle: Setting up\nauthor: Ada Lovelace\ndate: 2024-03-01\n---\n{body}"


def imported(site, body: str, *, config: str = SNIPPETS_ON, files: dict | None = None) -> tuple[Article, list[str]]:
    write(site, "mkdocs.yml", config)
    for name, text in (files or {}).items():
        write(site, name, text)
    write(site, "docs/setup.md", page(body))
    code, report = run_json(site / "docs", "--root", site)
    assert code == 0, report
    return Article.objects.get(slug="setup"), report["files"][0]["warnings"]


def test_a_snippet_line_is_the_file_it_names_looked_for_from_the_sites_folder(site):
    article, warnings = imported(
        site,
        'Before.\n\n--8<-- "includes/install.md"\n\nAfter.\n',
        files={"includes/install.md": "Run **make** first.\n"},
    )
    assert warnings == []
    assert "8<" not in article.body
    assert "<p>Before.</p>\n<p>Run <strong>make</strong> first.</p>\n<p>After.</p>" in article.body_html


def test_a_snippet_in_a_list_item_takes_the_lines_indent(site):
    article, _ = imported(
        site, '1. Install:\n\n    --8<-- "docs/steps.md"\n', files={"docs/steps.md": "First line.\n\nSecond line.\n"}
    )
    assert "<li>\n<p>Install:</p>\n<p>First line.</p>\n<p>Second line.</p>\n</li>" in article.body_html


def test_auto_append_adds_a_glossary_to_every_page_from_the_base_paths(site):
    config = (
        "site_name: Docs\nmarkdown_extensions:\n  - abbr\n  - pymdownx.snippets:\n"
        "      base_path: [snippets, includes]\n      auto_append:\n        - glossary.md\n"
    )
    article, warnings = imported(
        site,
        "Folio speaks HTML.\n",
        config=config,
        files={"includes/glossary.md": "*[HTML]: Hyper Text Markup Language\n"},
    )
    assert warnings == []
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in article.body_html
    assert "Hyper Text" not in article.body_html.replace('title="Hyper Text', "")


def test_a_snippet_can_name_a_section_or_lines_of_its_file(site):
    code = "# --8<-- [start:setup]\nimport folio\n# --8<-- [end:setup]\nprint('done')\nfolio.run()\n"
    article, warnings = imported(
        site,
        '```python\n--8<-- "examples/app.py:setup"\n```\n\n```python\n--8<-- "examples/app.py:4:5"\n```\n',
        files={"examples/app.py": code},
    )
    assert warnings == []
    assert article.body.strip() == ("```python\nimport folio\n```\n\n```python\nprint('done')\nfolio.run()\n```")


def test_a_block_of_snippets_includes_each_file_it_lists(site):
    article, _ = imported(
        site,
        "--8<--\nparts/one.md\n;parts/skipped.md\nparts/two.md\n--8<--\n",
        files={"parts/one.md": "One.\n", "parts/two.md": "Two.\n"},
    )
    assert article.body.strip() == "One.\nTwo."


def test_an_escaped_snippet_line_is_shown_as_written_without_its_semicolon(site):
    article, warnings = imported(site, 'Write ;--8<-- "file.md" to include a file:\n\n;--8<-- "file.md"\n')
    assert warnings == []
    assert article.body.strip().endswith('\n\n--8<-- "file.md"')


@pytest.mark.parametrize(
    ("snippet", "files", "warning"),
    [
        ("missing.md", {}, "snippet 'missing.md' was not found in the snippets' base path; left out"),
        (
            "loop.md",
            {"loop.md": '--8<-- "loop.md"\n'},
            "snippet 'loop.md' includes itself, or snippets nest too deep; left out",
        ),
        (
            "https://example.com/a.md",
            {},
            "snippet 'https://example.com/a.md' is an address; Folio includes only files; left out",
        ),
        ("notes.md:intro", {"notes.md": "No sections.\n"}, "snippet 'notes.md:intro' has no section 'intro'; left out"),
    ],
)
def test_a_snippet_that_cannot_be_included_is_left_out_with_a_warning_naming_it(site, snippet, files, warning):
    article, warnings = imported(site, f'Before.\n\n--8<-- "{snippet}"\n\nAfter.\n', files=files)
    assert warning in warnings
    assert "8<" not in article.body_html
    assert "<p>Before.</p>" in article.body_html and "<p>After.</p>" in article.body_html


def test_a_snippet_outside_the_import_root_is_not_read(site, tmp_path):
    (tmp_path / "secret.md").write_text("Secret words.\n")
    config = "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['..']\n"
    article, warnings = imported(site, '--8<-- "secret.md"\n', config=config)
    assert "Secret" not in article.body
    assert len(warnings) == 1 and warnings[0].startswith("snippet 'secret.md' could not be read (its real path")


def test_without_the_snippets_extension_a_snippet_line_is_text(site):
    article, _ = imported(
        site, '--8<-- "includes/install.md"\n', config="site_name: Docs\n", files={"includes/install.md": "No.\n"}
    )
    assert article.body.strip() == '--8<-- "includes/install.md"'
