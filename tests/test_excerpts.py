import pytest

from articles.models import Article
from tests.markdown_files import article_text, run_json, write

pytestmark = pytest.mark.django_db


def imported_description(folder, root) -> str:
    code, report = run_json(folder, "--root", root)
    assert code == 0, report
    return Article.objects.get().description


def test_a_hugo_post_without_a_description_takes_the_text_before_its_more_divider(tmp_path):
    write(tmp_path, "hugo.toml", 'baseURL = "https://example.org/"\n')
    body = "The ferry was *late* again, and [the harbour](https://example.org/) was full.<!--more-->\n\nThe rest.\n"
    write(tmp_path, "content/posts/ferry.md", article_text(body=body))

    expected = "The ferry was late again, and the harbour was full."
    assert imported_description(tmp_path / "content", tmp_path) == expected


def test_a_summary_s_reference_links_read_as_their_text_with_definitions_from_further_down(tmp_path):
    write(tmp_path, "hugo.toml", 'baseURL = "https://example.org/"\n')
    body = (
        "Tides follow [the moon][] and [charts][tables].\n<!--more-->\n\nMore.\n\n"
        "[the moon]: https://example.org/moon\n[tables]: /tables/\n"
    )
    write(tmp_path, "content/posts/tides.md", article_text(body=body))

    assert imported_description(tmp_path / "content", tmp_path) == "Tides follow the moon and charts."


def test_a_jekyll_post_s_excerpt_separator_divides_its_summary_from_the_post_or_the_site_config(tmp_path):
    write(tmp_path, "_config.yml", "title: Notes\nexcerpt_separator: <!--cut-->\n")
    write(tmp_path, "_posts/2024-05-01-rain.md", article_text(body="Rain all week.\n<!--cut-->\nAnd then sun.\n"))

    assert imported_description(tmp_path / "_posts", tmp_path) == "Rain all week."


def test_a_description_given_wins_and_a_post_with_no_divider_keeps_none(tmp_path):
    write(tmp_path, "_config.yml", "title: Notes\nexcerpt_separator: <!--more-->\n")
    write(tmp_path, "_posts/2024-05-01-given.md", article_text(description="'As written.'", body="A.<!--more-->B.\n"))
    write(tmp_path, "_posts/2024-05-02-plain.md", article_text(title="'Plain'", body="One.\n\nTwo.\n"))

    code, report = run_json(tmp_path / "_posts", "--root", tmp_path)

    assert code == 0, report
    assert Article.objects.get(slug="given").description == "As written."
    assert Article.objects.get(slug="plain").description == ""
