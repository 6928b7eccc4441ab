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


MDX_INCLUDE_ON = "site_name: Docs\nmarkdown_extensions:\n  - mdx_include:\n      base_path: docs\n"
APP = "from folio import App\n\napp = App()\n\n\n@app.get('/')\ndef home():\n    return 'hello'\n"


def test_an_mdx_include_is_the_file_it_names_looked_for_from_its_base_path(site):
    article, warnings = imported(
        site,
        "Write this:\n\n```python\n{!../examples/app.py!}\n```\n",
        config=MDX_INCLUDE_ON,
        files={"examples/app.py": APP},
    )
    assert warnings == []
    assert "{!" not in article.body
    assert article.body.strip().endswith(f"```python\n{APP.rstrip()}\n```")
    assert "App" in article.body_html


def test_an_mdx_include_takes_the_lines_it_names_and_its_indent_with_a_chevron(site):
    article, _ = imported(
        site,
        "1. Start:\n\n    ```python\n    {!> ../examples/app.py [ln:1,3-3] !}\n    ```\n\n"
        "Inline {! ../examples/word.txt !}, said.\n",
        config=MDX_INCLUDE_ON,
        files={"examples/app.py": APP, "examples/word.txt": "hello\n"},
    )
    assert "    ```python\n    from folio import App\n    app = App()\n    ```" in article.body
    assert "Inline hello, said." in article.body


def test_an_mdx_included_file_includes_its_own_files_unless_told_not_to(site):
    files = {"docs/parts/outer.md": "Outer {!parts/inner.md!}.\n", "docs/parts/inner.md": "inner"}
    article, _ = imported(site, "{!parts/outer.md!}\n\n{!-parts/outer.md!}\n", config=MDX_INCLUDE_ON, files=files)
    assert article.body.strip() == "Outer inner.\n\nOuter {!parts/inner.md!}."


def test_an_escaped_mdx_include_is_text_without_its_backslash(site):
    article, warnings = imported(site, "Write \\{! file.md !} to include.\n", config=MDX_INCLUDE_ON)
    assert warnings == []
    assert article.body.strip() == "Write {! file.md !} to include."


@pytest.mark.parametrize(
    ("written", "files", "warning"),
    [
        ("{!missing.py!}", {}, "included file 'missing.py' was not found from mdx_include's base path; left out"),
        (
            "{!loop.md!}",
            {"docs/loop.md": "{!loop.md!}\n"},
            "included file 'loop.md' includes itself, or includes nest too deep; left out",
        ),
        (
            "{!https://example.com/a.py!}",
            {},
            "included file 'https://example.com/a.py' is an address; Folio includes only files; left out",
        ),
        (
            "{!a.py[ln:2.1-3]!}",
            {"docs/a.py": "one\ntwo\nthree\n"},
            "included file 'a.py': [ln:2.1-3] is not a list of line numbers; left out",
        ),
    ],
)
def test_an_mdx_include_that_cannot_be_included_is_left_out_with_a_warning_naming_it(site, written, files, warning):
    article, warnings = imported(site, f"Before.\n\n{written}\n\nAfter.\n", config=MDX_INCLUDE_ON, files=files)
    assert warning in warnings
    assert "{!" not in article.body_html
    assert "<p>Before.</p>" in article.body_html and "<p>After.</p>" in article.body_html


def test_an_mdx_include_outside_the_import_root_is_not_read(site, tmp_path):
    (tmp_path / "secret.py").write_text("SECRET = 1\n")
    article, warnings = imported(site, "{!../../secret.py!}\n", config=MDX_INCLUDE_ON)
    assert "SECRET" not in article.body
    assert len(warnings) == 1 and warnings[0].startswith("included file '../../secret.py' could not be read (its")


def test_without_mdx_include_its_syntax_is_text(site):
    article, _ = imported(site, "{!examples/app.py!}\n", files={"examples/app.py": APP})
    assert article.body.strip() == "{!examples/app.py!}"


def test_an_mdx_include_reads_from_the_repository_when_the_import_root_is_its_top(tmp_path):
    # FastAPI's shape: the MkDocs site in docs/en, its examples in docs_src at the repository's top.
    repo = tmp_path / "repo"
    write(repo, "docs/en/mkdocs.yml", MDX_INCLUDE_ON)
    write(repo, "docs_src/app.py", APP)
    write(repo, "docs/en/docs/first-steps.md", "# First steps\n\n```python\n{!../../../docs_src/app.py!}\n```\n")
    code, report = run_json(repo / "docs/en/docs", "--root", repo)
    assert code == 0, report
    article = Article.objects.get(slug="first-steps")
    assert not any("included file" in warning for warning in report["files"][0]["warnings"])
    assert article.status == Article.Status.PUBLISHED  # as MkDocs publishes a page without a date
    assert f"```python\n{APP.rstrip()}\n```" in article.body


def test_with_the_macros_plugin_raw_tags_go_and_what_they_hold_stays_as_written(site):
    config = "site_name: Docs\nplugins:\n  - search\n  - macros\n"
    article, warnings = imported(
        site, "In a template:\n\n{% raw %}\n\n```jinja\nItem {{ id }}\n```\n\n{% endraw %}\n\nAfter.\n", config=config
    )
    assert warnings == []
    assert "raw %}" not in article.body and "```jinja\nItem {{ id }}\n```" in article.body
    assert "<p>In a template:</p>" in article.body_html and "<p>After.</p>" in article.body_html


def test_without_the_macros_plugin_raw_tags_are_text_as_mkdocs_shows_them(site):
    article, _ = imported(site, "{% raw %}{{ id }}{% endraw %}\n", config="site_name: Docs\n")
    assert article.body.strip() == "{% raw %}{{ id }}{% endraw %}"


def test_a_file_listed_in_the_base_path_is_included_by_its_name_and_no_other_file_beside_it_is(site):
    config = "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets, NOTICE.md]\n"
    article, warnings = imported(
        site,
        '--8<-- "NOTICE.md"\n\n--8<-- "private.md"\n',
        config=config,
        files={"NOTICE.md": "Shared under the terms below.\n", "private.md": "Not for pages.\n"},
    )
    assert "<p>Shared under the terms below.</p>" in article.body_html
    assert "Not for pages" not in article.body_html
    assert warnings == ["snippet 'private.md' was not found in the snippets' base path; left out"]


def test_a_snippet_that_opens_the_page_with_its_title_as_a_heading_does_not_show_the_title_twice(site):
    article, warnings = imported(
        site, '--8<-- "includes/setup.md"\n', files={"includes/setup.md": "# Setting up\n\nRun **make** first.\n"}
    )
    assert warnings == []
    assert article.body_html.strip() == "<p>Run <strong>make</strong> first.</p>"


def test_a_zensical_toml_turns_snippets_on_with_its_options_as_nested_tables(site):
    config = '[project]\nsite_name = "Docs"\n\n[project.markdown_extensions.pymdownx.snippets]\nbase_path = ["parts"]\n'
    write(site, "zensical.toml", config)
    write(site, "parts/install.md", "Run **make** first.\n")
    write(site, "docs/setup.md", page('--8<-- "install.md"\n'))

    code, report = run_json(site / "docs", "--root", site)

    assert code == 0, report
    assert "<p>Run <strong>make</strong> first.</p>" in Article.objects.get().body_html


VARIANTS_ON = (
    "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.blocks.tab\n  - mdx_include\n  - markdown_include_variants\n"
)
GREET = "import sys\n\n\ndef greet(name: str):\n    print(f'Hi {name}')\n\n\ngreet(sys.argv[1])\n"
GREET_AN = GREET.replace("name: str", "name: Annotated[str, 'who']")


def test_an_example_line_is_its_file_in_a_code_block_with_the_other_versions_below(site):
    files = {"examples/greet/hello_an_py310.py": GREET_AN, "examples/greet/hello_py310.py": GREET}
    article, warnings = imported(
        site, "Run it:\n\n{* examples/greet/hello_an_py310.py hl[4] *}\n\nDone.\n", config=VARIANTS_ON, files=files
    )
    assert warnings == []
    assert "{*" not in article.body and "{!" not in article.body
    html = article.body_html
    assert '<p class="admonition-title">Python 3.10+</p>' in html
    assert '<span class="hll"><span class="k">def</span>' in html  # line 4 of the file, highlighted
    assert "Annotated" in html.split("Other versions and variants")[0]
    assert "Python 3.10+ - non-Annotated" in html.split("Other versions and variants")[1]
    assert html.index("Other versions") < html.index("<p>Done.</p>")


def test_an_example_line_with_ln_shows_those_lines_and_the_whole_file_in_a_preview(site):
    article, _ = imported(
        site, "{* examples/hello.py ln[4:5] hl[5] *}\n", config=VARIANTS_ON, files={"examples/hello.py": GREET}
    )
    block = article.body.split("Full file preview")[0]
    assert "# Code above omitted 👆\n\ndef greet(name: str):\n    print(f'Hi {name}')\n\n# Code below omitted" in block
    assert 'hl_lines="4"' in block  # the file's line 5 is the block's fourth, after the comment's two
    assert "Full file preview" in article.body and "greet(sys.argv[1])" in article.body
    assert "Other versions" not in article.body


def test_an_example_whose_file_is_missing_is_left_out_with_a_warning(site):
    article, warnings = imported(site, "Before.\n\n{* examples/gone.py *}\n", config=VARIANTS_ON)
    assert warnings == ["example 'examples/gone.py' was not found from the site's folder; left out"]
    assert article.body_html.strip() == "<p>Before.</p>"


def test_without_markdown_include_variants_an_example_line_is_text(site):
    article, _ = imported(site, "{* examples/hello.py *}\n", config=MDX_INCLUDE_ON, files={"examples/hello.py": GREET})
    assert article.body.strip() == "{* examples/hello.py *}"


def test_an_example_s_versions_may_be_folders_named_so_beside_its_folder(site):
    files = {"examples/shop_py310/main.py": GREET, "examples/shop_an_py310/main.py": GREET_AN}
    article, warnings = imported(site, "{* examples/shop_py310/main.py *}\n", config=VARIANTS_ON, files=files)
    assert warnings == []
    shown, others = article.body_html.split("Other versions and variants")
    assert "Python 3.10+ - non-Annotated" in shown and ">Annotated<" not in shown
    assert '<p class="admonition-title">Python 3.10+</p>' in others and ">Annotated<" in others
