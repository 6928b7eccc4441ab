"""Jekyll's Liquid is evaluated by a real engine; code, raw content and unknown tags stay as written."""

import pytest

from articles.generator_tags import convert_template_tags
from articles.models import Article
from tests.markdown_files import run_json, write

ISSUES = """\
{% assign issues = "101|102" | split: "|" %}
{% for issue in issues %}
- [#{{ issue }}](https://example.org/issues/{{ issue }})
{% endfor %}
"""


def test_assign_split_and_for_build_the_list_they_describe():
    body, warnings = convert_template_tags(ISSUES)
    assert "- [#101](https://example.org/issues/101)" in body
    assert "- [#102](https://example.org/issues/102)" in body
    assert "{%" not in body
    assert warnings == []


def test_an_output_left_open_at_the_end_stays_as_written_and_the_tags_before_it_still_run():
    # No `}}` follows the last `{{`s: they can open nothing, and are text, braces and all.
    body, warnings = convert_template_tags(
        "{{ page.title }} costs {{{% if page.title %}less{% endif %} {{ than {{{{", page={"title": "Tea"}
    )

    assert body == "Tea costs {{less {{ than {{{{"
    assert warnings == []


def test_page_values_come_from_the_front_matter_and_capture_and_if_work():
    body, _ = convert_template_tags(
        "{% capture who %}{{ page.author | upcase }}{% endcapture %}{% if page.title %}{{ who }}{% endif %}",
        page={"title": "T", "author": "ana"},
    )
    assert body == "ANA"


def test_relative_and_absolute_url_use_the_site_config_and_slugify_makes_a_slug():
    body, _ = convert_template_tags(
        "{{ '/a/' | relative_url }} {{ '/a/' | absolute_url }} {{ 'Hello World!' | slugify }}",
        site_vars={"baseurl": "/blog", "url": "https://example.org"},
    )
    assert body == "/blog/a/ https://example.org/blog/a/ hello-world"


def test_code_spans_and_fences_are_never_evaluated():
    text = "Use `{{ page.title }}` here.\n\n```\n{% for x in y %}{{ x }}{% endfor %}\n```\n{{ page.title }}"
    body, warnings = convert_template_tags(text, page={"title": "T"})
    assert body == "Use `{{ page.title }}` here.\n\n```\n{% for x in y %}{{ x }}{% endfor %}\n```\nT"
    assert warnings == []


def test_a_lone_raw_tag_in_inline_code_is_kept_as_written():
    body, _ = convert_template_tags(
        "Wrap it in `{% raw %}` and `{% endraw %}`, then {{ page.title }}.", page={"title": "T"}
    )
    assert body == "Wrap it in `{% raw %}` and `{% endraw %}`, then T."


def test_an_unknown_filter_is_left_as_written_with_a_warning_naming_it():
    body, warnings = convert_template_tags("A {{ 'x' | sparkle }} and {{ 'b' | upcase }}")
    assert body == "A {{ 'x' | sparkle }} and B"
    assert warnings == ["template filter 'sparkle' in '{{ 'x' | sparkle }}' left as written"]


def test_a_tag_liquid_cannot_read_leaves_the_text_as_written_with_a_warning():
    body, warnings = convert_template_tags("Before {% if user %} after {{ 'b' | upcase }}")
    assert body == "Before {% if user %} after {{ 'b' | upcase }}"
    assert warnings[0].startswith("template tag '{% if user %}' left as written")


def test_a_hostile_loop_is_stopped_and_the_text_kept():
    text = "{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}"
    body, warnings = convert_template_tags(text)
    assert body == text
    assert "left as written" in warnings[0]


def test_include_reads_the_sites_includes_folder_with_its_parameters(tmp_path):
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "note.html").write_text("<b>{{ include.text }}</b>")
    posts = tmp_path / "_posts"
    posts.mkdir()
    body, warnings = convert_template_tags('{% include note.html text="Hi" %}', root=posts)
    assert body == "<b>Hi</b>"
    assert warnings == []


@pytest.mark.django_db
def test_an_eleventy_include_names_its_file_quoted_from_the_includes_folder_inside_the_input_folder(site):
    write(site, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    write(site, "src/_includes/notes/tip.liquid", "<aside>Bring {{ what }}.</aside>\n")
    body = "Before.\n\n{% include \"notes/tip.liquid\" %}\n\n{%- include 'notes/tip.liquid' %}\n"
    write(site, "src/posts/walk.md", f"---\ntitle: Walk\nauthor: W\ndate: 2024-03-01\nwhat: water\n---\n{body}")

    code, report = run_json(site / "src/posts", "--root", site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body.count("<aside>Bring water.</aside>") == 2


def test_an_include_liquid_cannot_read_is_left_as_written_with_one_warning_saying_why(tmp_path):
    write(tmp_path, "_includes/tab.njk", "{% set tab %}one{% endset %}{{ tab }}\n")
    write(tmp_path, "_includes/gone.html", "")
    (tmp_path / "_includes/gone.html").unlink()

    body, warnings = convert_template_tags('{% include "tab.njk" %} and {% include gone.html %}', root=tmp_path)

    assert body == '{% include "tab.njk" %} and {% include gone.html %}'
    assert warnings == [
        "template tag '{% include \"tab.njk\" %}' left as written: the include could not be read: unexpected tag 'set'",
        "template tag '{% include gone.html %}' left as written: no file 'gone.html' in the site's _includes folder",
    ]


@pytest.mark.django_db
def test_raw_content_survives_export_and_reimport(site, tmp_path):
    from articles.exporting import export_articles

    write(site, "a.md", "---\ntitle: A\nauthor: W\n---\nShow `{% raw %}` and {% raw %}`{{ x }}`{% endraw %}.\n")
    run_json(site)
    first = Article.objects.get().body
    export_articles(outdir=tmp_path / "out")
    Article.objects.all().delete()

    run_json(tmp_path / "out")

    assert Article.objects.get().body == first == "Show `{% raw %}` and `{{ x }}`.\n"


@pytest.mark.parametrize("language", ["bash", '"bash"', "'bash'"])
def test_a_highlight_block_is_code_whether_its_language_is_quoted_or_not(language):
    body, warnings = convert_template_tags(
        f"{{% highlight {language} %}}\n# Local project\nnpm ci\n{{% endhighlight %}}\n"
    )
    assert body.strip() == "```bash\n# Local project\nnpm ci\n```"
    assert warnings == []


@pytest.mark.django_db
def test_a_plain_folder_beside_its_own_authors_and_site_files_still_has_its_liquid_evaluated(site):
    # Only the `generator: folio` that the export writes marks Folio's own text: authors.yml and site.yml are
    # also written by hand for a folder of Markdown from elsewhere, whose Liquid runs as Jekyll's would.
    write(site, "authors.yml", "- name: W\n  slug: w\n")
    write(site, "site.yml", "tags:\n  - name: Notes\n    slug: notes\n")
    write(site, "a.md", "---\ntitle: A\nauthor: W\n---\n{% if page.title %}Titled {{ page.title }}{% endif %}\n")

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().body == "Titled A\n"


@pytest.mark.django_db
def test_an_eleventy_page_s_front_matter_keys_are_variables_of_their_own_and_a_jekyll_page_s_are_not(site):
    write(site, "eleventy/eleventy.config.js", "export default function () {}\n")
    write(site, "jekyll/_config.yml", "title: Notes\n")
    front = "---\ntitle: Moving\nauthor: W\nexternal_url: https://example.org/moved/\n---\n"
    text = front + "[Read it]({{ external_url }})\n"
    write(site, "eleventy/posts/moving.md", text)
    write(site, "jekyll/_posts/2024-01-02-moving-on.md", text)

    run_json(site / "eleventy", "--root", site / "eleventy")
    run_json(site / "jekyll", "--root", site / "jekyll")

    assert Article.objects.get(slug="moving").body == "[Read it](https://example.org/moved/)\n"
    assert Article.objects.get(slug="moving-on").body == "[Read it]({{ external_url }})\n"


@pytest.mark.parametrize(
    ("tag", "url", "label"),
    [
        ("{% gist 5555251 %}", "https://gist.github.com/5555251", "See the gist on GitHub"),
        (
            "{% gist parkr/931c1c8d465a04042403 notes.markdown %}",
            "https://gist.github.com/parkr/931c1c8d465a04042403#file-notes-markdown",
            "See notes.markdown on GitHub",
        ),
    ],
)
def test_a_jekyll_gist_becomes_a_link_to_it_as_hugo_s_does(tag, url, label):
    body, warnings = convert_template_tags(f"Before {tag} after.")
    assert body == f'Before <a class="embed-link" href="{url}">{label}</a> after.'
    assert warnings == []


def test_eleventy_s_slug_filter_keeps_the_punctuation_its_package_keeps_and_spells_out_ampersands():
    body, _ = convert_template_tags(
        "{{ 'Café & Crème: Part 2!' | slug }} {{ 'Tea - the long way' | slug }} {{ 'Straße' | slug }}"
    )
    assert body == "cafe-and-creme:-part-2! tea-the-long-way strasse"
