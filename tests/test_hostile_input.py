"""Hostile or broken import files fail alone, fast, with one clear line; the rest of the run still imports."""

import builtins
import html
import io
import json
import logging
import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import rendering, yaml_loading
from articles.importing import import_paths
from articles.models import Article
from articles.rendering import markdownify, render_markdown
from articles.site_finding import find_site
from tests.factories import make_article
from tests.image_files import png_with_header_only
from tests.markdown_files import article_text, run, run_json, write
from tests.test_admin import ADD, article_form_data, form_errors

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture(autouse=True)
def no_unexpected_errors(caplog):
    """Every hostile file here is a known problem: none may reach the importer's catch-all, which logs a traceback."""
    yield
    assert not [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


class Overran(BaseException):
    """Not an Exception, so that the importer's catch-all cannot swallow it and carry on."""


@contextmanager
def deadline(seconds: float):
    """Fail the test, rather than hang the suite, when the code under test spends more than `seconds` of CPU.

    CPU time, not the clock's: a loaded machine stretches a run's wall time many times over, but not the work it
    does. The clock still stops a test that hangs without working, at ten times the budget."""

    def stop(signum, frame):
        if signum == signal.SIGPROF:
            raise Overran(f"worked for more than {seconds} s of CPU time")
        raise Overran(f"took longer than {seconds * 10} s without finishing")

    previous = {number: signal.signal(number, stop) for number in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * 10)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Each level is a list of `width` aliases to the level below: width**levels values from a few hundred bytes."""
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines)


def front_matter(*lines: str, title: str = "Hostile", author: str = "Mallory") -> str:
    """A file whose own lines start on line 4; it has no publish_date, so that a `date` line is the one read."""
    return "\n".join(["---", f"title: {title}", f"author: {author}", *lines, "---", "", "Body."])


def results_by_name(report: dict) -> dict[str, dict]:
    return {Path(result["path"]).name: result for result in report["files"]}


def import_beside_a_good_file(site: Path, *args: str, seconds: float = 10) -> tuple[int, dict[str, dict]]:
    """Import `site` with one good file added, within `seconds`: the good one must import whatever the others do."""
    write(site, "good.md", article_text())
    with deadline(seconds):
        code, report = run_json(site, *args)
    files = results_by_name(report)
    assert files.pop("good.md")["status"] == "created", report
    assert Article.objects.filter(slug="good").exists()
    return code, files


def only_error(result: dict) -> str:
    assert result["status"] == "failed", result
    assert len(result["errors"]) == 1, result
    return result["errors"][0]


def assert_clear(message: str) -> None:
    """A message for the person who wrote the file: no traceback, no Python internals."""
    for internal in ("unexpected error", "Traceback", "recursion", "object at 0x", "b'", "<class", "Error:"):
        assert internal not in message, message


# --- 1. YAML that expands without bound ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_yaml_alias_bomb_fails_its_file_quickly_and_the_rest_import(site):
    assert len(alias_bomb()) < 500
    write(site, "bomb.md", front_matter(alias_bomb()))

    # Refused before any alias is expanded: far under the deadline, which an expansion would run past.
    with deadline(20):
        code, files = import_beside_a_good_file(site)

    assert code == 1
    assert only_error(files["bomb.md"]) == "front matter: more than 10,000 values once YAML aliases are expanded"


@pytest.mark.parametrize("base", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (alias_bomb(), "more than 10,000 values once YAML aliases are expanded"),
        ("loop: &loop [*loop]", "a YAML anchor contains itself on line 1"),
        ("when: 2024-13-01", "'2024-13-01' on line 1 is not a date (month must be in 1..12)"),
    ],
)
def test_the_bounds_hold_with_the_pure_python_loader_and_with_libyaml(base, text, expected):
    loader = type("Loader", (yaml_loading.BoundedConstruction, base), {})

    with deadline(5), pytest.raises(yaml_loading.InvalidFile) as error:
        yaml_loading.load_yaml(text, loader=loader)

    assert str(error.value) == expected


@pytest.mark.django_db
def test_yaml_values_under_the_alias_bound_still_import(site):
    write(site, "shared.md", front_matter("base: &base {size: 3, colour: red}", "other: *base", alias_bomb(levels=3)))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().extra_front_matter["other"] == {"size": 3, "colour": "red"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lines",
    [
        ("loop: &loop [*loop]",),
        ("loop: &loop {again: *loop}",),
        ("loop: &loop", "  inner:", "    - *loop"),
    ],
    ids=["list", "flow-mapping", "block-mapping"],
)
def test_a_yaml_anchor_that_contains_itself_fails_its_file_with_a_named_error(site, lines):
    write(site, "loop.md", front_matter(*lines))

    code, files = import_beside_a_good_file(site)

    assert code == 1
    assert only_error(files["loop.md"]) == "front matter: a YAML anchor contains itself on line 4"


@pytest.mark.django_db
def test_front_matter_nested_too_deeply_fails_its_file(site):
    write(site, "deep.md", front_matter("deep: " + "[" * 100 + "]" * 100))
    write(site, "fine.md", front_matter("nested: " + "[" * 20 + "x" + "]" * 20, title="Fine"))

    _, report = run_json(site)

    files = results_by_name(report)
    assert only_error(files["deep.md"]) == "front matter: values are nested more than 32 levels deep on line 4"
    assert files["fine.md"]["status"] == "created"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "size"),
    [
        (front_matter("description: '" + "x" * 2000 + "'"), "2,0"),
        ("+++\ntitle = 'Big'\nauthor = 'Mallory'\ndescription = '" + "x" * 2000 + "'\n+++\n\nBody.\n", "2,0"),
    ],
    ids=["yaml", "toml"],
)
def test_front_matter_over_its_size_limit_fails_its_file(site, settings, text, size):
    settings.IMPORT_MAX_FRONT_MATTER_BYTES = 1024
    write(site, "big.md", text)

    _, report = run_json(site)

    message = only_error(report["files"][0])
    assert message.startswith(f"the front matter is {size}")
    assert message.endswith(" bytes, over the limit of 1,024 (IMPORT_MAX_FRONT_MATTER_BYTES)")
    assert not Article.objects.exists()


def test_the_front_matter_limit_defaults_to_64_kib(settings):
    assert settings.IMPORT_MAX_FRONT_MATTER_BYTES == 64 * 1024


# --- 2. Values that are out of range or of the wrong kind ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("date: 0001-01-01T00:00:00+05:00", "date: '0001-01-01 00:00:00+05:00' is outside the dates Folio can store"),
        ("date: 9999-12-31T23:00:00-05:00", "date: '9999-12-31 23:00:00-05:00' is outside the dates Folio can store"),
        ("pubDate: '0001-01-01T03:00:00+09:00'", "pubDate: '0001-01-01T03:00:00+09:00' is outside the dates"),
        ("lastmod: 0001-01-01T00:00:00+05:00", "lastmod: '0001-01-01 00:00:00+05:00' is outside the dates"),
        ("date: 0000-01-01", "front matter: '0000-01-01' on line 4 is not a date (year 0 is out of range)"),
        ("date: 2024-13-01", "front matter: '2024-13-01' on line 4 is not a date (month must be in 1..12)"),
        ("updatedDate: !!timestamp soon", "front matter: 'soon' on line 4 is not a date"),
        ("read_time: !!int eight", "front matter: 'eight' on line 4 is not a whole number"),
        ("draft: !!bool maybe", "front matter: 'maybe' on line 4 is not a valid !!bool value"),
        (
            "read_time: 1" + "0" * 5000,
            "front matter: '1" + "0" * 76 + "…' on line 4 is not a whole number Folio can read (more than 4300 digits)",
        ),
    ],
    ids=[
        "year-1-offset",
        "year-9999-offset",
        "text-date",
        "kept-date",
        "year-0",
        "month-13",
        "tagged-date",
        "tagged-int",
        "tagged-bool",
        "huge-number",
    ],
)
def test_values_out_of_range_fail_their_file_with_a_named_error(site, line, expected):
    write(site, "odd.md", front_matter(line))

    code, files = import_beside_a_good_file(site)

    assert code == 1
    message = only_error(files["odd.md"])
    assert message.startswith(expected)
    assert_clear(message)


@pytest.mark.django_db
def test_a_toml_number_too_long_to_read_fails_its_file(site):
    write(site, "long.md", "+++\ntitle = 'Long'\nauthor = 'Mallory'\nweight = 1" + "0" * 5000 + "\n+++\n\nBody.\n")

    _, report = run_json(site)

    assert only_error(report["files"][0]) == "the front matter is not valid TOML: a number has more than 4300 digits"


@pytest.mark.django_db
def test_a_bare_year_one_date_on_a_site_east_of_greenwich_fails_its_file(site, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    write(site, "ancient.md", front_matter("created_date: 0001-01-01"))

    _, report = run_json(site)

    assert only_error(report["files"][0]).startswith("created_date: '0001-01-01' is outside the dates Folio can store")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("read_time: 99999999999999999999", "read_time: '99999999999999999999' is not a number of minutes"),
        ("subtitle: !!binary aGVsbG8=", "subtitle: binary data (!!binary) cannot be used"),
        ("subtitle: !!set {a, b}", "subtitle: must be text"),
        ("description: [one, two]", "description: must be text"),
        ("author: {name: [Mallory]}", "author: an author written as a mapping needs a name"),
        ("tags: !!pairs [{a: 1}]", "tags: give a list of names or comma-separated text"),
        ("tags: [!!binary aGVsbG8=]", "tags: give a list of names or comma-separated text"),
        ("draft: !!binary aGVsbG8=", "draft: binary data (!!binary) must be true or false"),
        ("read_time: [8]", "read_time: a list is not a number of minutes"),
        ("date: {year: 2025}", "date: a mapping is not a date (use YYYY-MM-DD)"),
        ("attachment: !!binary aGVsbG8=", "attachment: binary data (!!binary) cannot be kept"),
        ("extra: {inner: !!binary aGVsbG8=}", "extra: binary data (!!binary) cannot be kept"),
        ("? !!binary aGVsbG8=\n: value", "front matter: keys must be text, not binary data (!!binary)"),
    ],
)
def test_values_of_the_wrong_kind_fail_with_the_key_named_and_no_python_repr(site, line, expected):
    write(site, "odd.md", front_matter(line))

    _, report = run_json(site)

    message = only_error(report["files"][0])
    assert message.startswith(expected)
    assert_clear(message)
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "line",
    [
        "evil: !!python/object/apply:os.system ['touch /tmp/folio-pwned']",
        "evil: !!python/name:os.system",
        "evil: !!python/object:collections.OrderedDict {}",
    ],
)
def test_python_tags_are_refused_by_name_and_nothing_runs(site, line):
    write(site, "evil.md", front_matter(line))

    _, report = run_json(site)

    message = only_error(report["files"][0])
    tag = line.split()[1].split("[")[0]
    assert message == f"front matter: the tag '{tag}' on line 4 is not allowed; only plain YAML values are read"
    assert not Path("/tmp/folio-pwned").exists()


@pytest.mark.django_db
def test_keys_that_are_not_text_are_kept_as_yaml_writes_them(site):
    write(site, "keys.md", front_matter("2: two", "true: yes", "null: nothing", "2024-01-02: a day", "nested: {on: 1}"))

    code, report = run_json(site)

    assert code == 0, report
    assert Article.objects.get().extra_front_matter == {
        "2": "two",
        "true": True,
        "null": "nothing",
        "2024-01-02": "a day",
        "nested": {"true": 1},
    }


# --- 3. Files whose real path is outside the import root ----------------------------------------------------------


@pytest.mark.django_db
def test_a_markdown_link_to_a_file_outside_the_root_is_refused_unread(tmp_path, site):
    outside = write(tmp_path / "private", "secret.md", article_text(title="'Private notes'"))
    (site / "notes.md").symlink_to(outside)

    code, files = import_beside_a_good_file(site)

    assert code == 1
    message = only_error(files["notes.md"])
    assert message == f"its real path {outside} is outside the import root {site}; it was not read"
    assert files["notes.md"]["slug"] == ""
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_link_to_a_file_outside_the_root_harms_no_other_file(tmp_path, site):
    outside = write(tmp_path / "private", "secret.md", article_text(title="'Private notes'"))
    (site / "a-link.md").symlink_to(outside)
    write(site, "b-linking.md", article_text(body="Read [the news](https://example.org/news/)."))

    stderr = io.StringIO()
    code, out = run(site, "--json", stderr=stderr)

    assert (code, stderr.getvalue()) == (1, "")
    files = {Path(entry["path"]).name: entry for entry in json.loads(out)["files"]}
    assert (files["a-link.md"]["status"], files["b-linking.md"]["status"]) == ("failed", "created")


@pytest.fixture
def piped_link(tmp_path, site) -> Path:
    """site/piped.md, a link to a named pipe outside the root: whoever opens it blocks, until the test's deadline."""
    os.mkfifo(tmp_path / "pipe.md")
    (site / "piped.md").symlink_to(tmp_path / "pipe.md")
    return site / "piped.md"


@pytest.mark.django_db
def test_a_link_outside_the_root_is_never_opened(site, piped_link):
    _, files = import_beside_a_good_file(site, seconds=5)

    assert "is outside the import root" in only_error(files["piped.md"])


@pytest.mark.django_db
def test_a_named_pipe_inside_the_root_is_refused_without_blocking(site):
    os.mkfifo(site / "pipe.md")

    _, files = import_beside_a_good_file(site, seconds=5)

    assert only_error(files["pipe.md"]) == "not a regular file; it was not read"


@pytest.mark.django_db
def test_a_link_tag_to_a_file_linked_from_outside_the_root_does_not_open_it(site, piped_link):
    write(site, "linking.md", article_text(body="See {% link piped.md %}.\n"))

    _, files = import_beside_a_good_file(site, seconds=5)

    assert files["linking.md"]["status"] == "created"
    assert "no article imported from 'piped.md'" in files["linking.md"]["warnings"][0]


@pytest.mark.django_db
def test_link_loops_fail_their_file_or_image_and_the_run_goes_on(site):
    (site / "loop.md").symlink_to(site / "loop.md")
    (site / "loop.png").symlink_to(site / "loop.png")
    write(site, "pictured.md", article_text(body="![a loop](loop.png)\n\nSee {% link loop.md %}.\n"))

    code, files = import_beside_a_good_file(site)

    assert code == 1
    assert only_error(files["loop.md"]) == "cannot read the file: Too many levels of symbolic links"
    assert files["pictured.md"]["status"] == "created"
    assert files["pictured.md"]["warnings"] == [
        "template tag '{% link loop.md %}': no article imported from 'loop.md'; left as written",
        "image 'loop.png' was not found; left as written",
    ]


@pytest.mark.django_db
def test_a_named_link_to_a_file_outside_its_folder_is_refused(tmp_path, site):
    outside = write(tmp_path / "private", "secret.md", article_text())
    link = site / "secret.md"
    link.symlink_to(outside)

    _, report = run_json(link)

    assert only_error(report["files"][0]).startswith(f"its real path {outside} is outside the import root {site}")
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_linked_folder_outside_the_root_is_refused_by_name(tmp_path, site):
    write(tmp_path / "elsewhere", "hidden.md", article_text(title="'Hidden'"))
    (site / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    code, files = import_beside_a_good_file(site)

    assert code == 0
    assert files["more"]["status"] == "skipped"
    assert files["more"]["warnings"] == [
        f"a link to the folder {tmp_path / 'elsewhere'}, outside the import root; nothing in it was read"
    ]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_links_that_stay_inside_the_root_keep_working(site):
    write(site, "drafts/real.md", article_text(title="'Real'"))
    (site / "posts").mkdir()
    (site / "posts" / "linked.md").symlink_to(site / "drafts" / "real.md")

    code, report = run_json(site / "posts", "--root", site)

    assert code == 0, report
    assert report["files"][0]["status"] == "created"
    assert Article.objects.get().slug == "linked"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "warning"),
    [
        ("![x](a%00b.png)", "image 'a%00b.png' was not found; left as written"),
        ('<img src="a%00b.png" alt="x">', "image 'a%00b.png' was not found; left as written"),
        ("[r]: a%00b.png\n\n![x][r]", "image 'a%00b.png' was not found; left as written"),
        ("[x](a%00b.md#part)", "link 'a%00b.md#part' points at a page of the old site that was not imported"),
        ('{{< ref "a\x00b.md" >}}', "shortcode 'ref a\x00b.md': no article imported from 'a\x00b.md'"),
    ],
    ids=["image", "html-image", "reference-image", "link", "hugo-ref"],
)
def test_a_path_holding_a_nul_is_a_file_that_is_not_there(site, body, warning):
    write(site, "post.md", article_text(body=body))

    code, files = import_beside_a_good_file(site)

    assert code == 0
    assert files["post.md"]["status"] == "created"
    assert any(message.startswith(warning) for message in files["post.md"]["warnings"]), files


# --- 4. Size limits ------------------------------------------------------------------------------------------------


def test_the_size_limits_default_to_documented_values(settings):
    assert settings.IMPORT_MAX_FILE_BYTES == 1024 * 1024
    assert settings.ARTICLE_BODY_MAX_BYTES == 512 * 1024


@pytest.mark.django_db
def test_a_file_over_the_size_limit_fails_before_it_is_read(site, settings, monkeypatch):
    settings.IMPORT_MAX_FILE_BYTES = 2000
    big = write(site, "big.md", article_text(body="word " * 1000))
    opened: list[Path] = []

    def spy(real):
        def call(file, *args, **kwargs):
            if isinstance(file, str | os.PathLike):
                opened.append(Path(file).resolve())
            return real(file, *args, **kwargs)

        return call

    monkeypatch.setattr(builtins, "open", spy(builtins.open))
    monkeypatch.setattr(io, "open", spy(io.open))
    monkeypatch.setattr(os, "open", spy(os.open))

    code, files = import_beside_a_good_file(site)

    assert code == 1
    size = big.stat().st_size
    assert only_error(files["big.md"]) == (
        f"the file is {size:,} bytes, over the import limit of 2,000 (--max-file-size or IMPORT_MAX_FILE_BYTES)"
    )
    assert big.resolve() not in opened
    assert (site / "good.md").resolve() in opened


@pytest.mark.django_db
def test_an_image_over_the_image_limit_is_refused_unread_and_its_article_still_imports(site, monkeypatch):
    # A gibibyte named .png (sparse: it takes no room on the disk), as the body's image and as the hero.
    with open(site / "huge.png", "wb") as huge:
        huge.truncate(1024**3)
    write(site, "hero.md", article_text(heroImage="huge.png"))
    write(site, "body.md", article_text(body="![Big](huge.png)\n"))
    opened: list[str] = []
    real_open = io.open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)

    code, files = import_beside_a_good_file(site)

    assert code == 0
    refused = "was refused: The image is 1.0\xa0GB; the limit is 10.0\xa0MB."
    assert files["hero.md"]["warnings"] == [f"heroImage 'huge.png' {refused} Imported without a hero image."]
    assert files["body.md"]["warnings"] == [f"image 'huge.png' {refused} Left as written."]
    assert not [name for name in opened if name.endswith("huge.png")]


@pytest.mark.django_db
def test_a_decompression_bomb_shown_as_hero_and_in_the_body_is_warned_of_for_each_use(site, media_root):
    (site / "images").mkdir()
    (site / "images" / "bomb.png").write_bytes(png_with_header_only(60_000, 60_000))
    body = "Before.\n\n![A field](images/bomb.png)\n\nAgain: ![A field](images/bomb.png)\n"
    write(site, "bomb.md", article_text(heroImage="images/bomb.png", body=body))

    code, files = import_beside_a_good_file(site)

    assert code == 0
    refused = (
        "'images/bomb.png' was refused: The image is 60000×60000 pixels (3,600 megapixels); the limit is 40 megapixels."
    )
    assert files["bomb.md"]["warnings"] == [
        f"heroImage {refused} Imported without a hero image.",
        f"image {refused} Left as written.",
    ]
    article = Article.objects.get(slug="bomb")
    assert article.hero_image.name == ""
    assert not any(path.is_file() for path in media_root.rglob("*"))


@pytest.mark.django_db
@pytest.mark.parametrize(("flag", "status"), [("1K", "failed"), ("8K", "created"), ("8192", "created")])
def test_max_file_size_flag_overrides_the_setting(site, settings, flag, status):
    settings.IMPORT_MAX_FILE_BYTES = 100
    write(site, "post.md", article_text(body="word " * 400))

    _, report = run_json(site, "--max-file-size", flag)

    assert report["files"][0]["status"] == status
    if status == "failed":
        assert "over the import limit of 1,024" in report["files"][0]["errors"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("flag", ["0", "-5", "lots", "1.5M"])
def test_a_bad_max_file_size_is_a_bad_command_line(site, flag):
    write(site, "post.md", article_text())

    with pytest.raises(CommandError, match="--max-file-size") as error:
        call_command("import_markdown", str(site), "--max-file-size", flag)

    assert error.value.returncode == 2


@pytest.mark.django_db
def test_a_body_over_the_article_limit_fails_its_file(site, settings):
    settings.ARTICLE_BODY_MAX_BYTES = 1000
    write(site, "long.md", article_text(body="word " * 400))

    _, files = import_beside_a_good_file(site)

    assert only_error(files["long.md"]) == "body: The text is 2.0\xa0KB; an article may be at most 1000\xa0bytes."


@pytest.mark.django_db
def test_the_admin_form_refuses_a_body_over_the_limit_on_the_body_field(staff_client, author, settings):
    settings.ARTICLE_BODY_MAX_BYTES = 1000

    response = staff_client.post(ADD, article_form_data(author, body="word " * 400))

    assert response.status_code == 200
    assert form_errors(response)["body"] == ["The text is 2.0\xa0KB; an article may be at most 1000\xa0bytes."]
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "{{< " * 25_000,
        "{% " * 33_000,
        "{{ " * 33_000,
        "{{ site.name }} " + "`" * 100_000,
        "```\n" + "![" * 50_000 + "\n```\n",
        "```\n" + "{{</* " * 20_000 + "\n```\n",
        "{" * 100_000,
        "{{ page.title }} " + "{" * 100_000,
    ],
    ids=["shortcodes", "liquid-tags", "outputs", "backticks", "images", "escaped-shortcodes", "braces", "braces-after"],
)
def test_a_long_line_of_unclosed_marks_imports_in_seconds(site, body):
    # Each is about 100 KB, within every limit; the patterns that read them used to take minutes.
    write(site, "marks.md", article_text(body=body))

    code, files = import_beside_a_good_file(site, seconds=8)

    assert code == 0
    assert files["marks.md"]["status"] == "created", files


# --- 5. Nesting deeper than Markdown is rendered -------------------------------------------------------------------

NESTING_MESSAGE = (
    "quotes and lists are nested more than 20 levels deep (a list counts as two), "
    "and the text inside would not be shown; flatten them"
)


def nested_quotes(depth: int) -> str:
    return ">" * depth + " the hidden sentence\n"


def nested_lists(depth: int) -> str:
    return "".join("  " * level + f"- level {level}\n" for level in range(depth)) + "  " * depth + "- hidden item\n"


def stacked_lists(depth: int) -> str:
    """Lists nested on one line (`- - - item`), so that 10,000 levels take 20 KB rather than 100 MB of indentation."""
    return "- " * depth + "hidden item\n"


@pytest.mark.parametrize("body", [nested_quotes(10_000), stacked_lists(10_000)], ids=["quotes", "lists"])
def test_rendering_text_nested_deeper_than_the_limit_raises_instead_of_dropping_it(body):
    with deadline(10), pytest.raises(rendering.TooDeeplyNested) as error:
        render_markdown(body)

    assert str(error.value) == NESTING_MESSAGE


@pytest.mark.parametrize("body", [nested_quotes(19), nested_lists(8)], ids=["quotes", "lists"])
def test_text_nested_up_to_the_limit_renders_whole(body):
    html = render_markdown(body).html

    assert "hidden" in html


def test_nesting_limit_holds_inside_footnotes_and_mixed_containers():
    mixed = "> - > - > - > - > - > - > - hidden\n"
    footnote = "Text[^1]\n\n[^1]: " + ">" * 25 + " hidden\n"

    for body in (mixed, footnote):
        with pytest.raises(rendering.TooDeeplyNested):
            render_markdown(body)
    assert "hidden" in render_markdown("> - > - > - hidden\n").html


def test_the_preview_names_the_nesting_limit_instead_of_failing():
    assert markdownify(nested_quotes(50)) == f'<p class="preview-error">{NESTING_MESSAGE}</p>'


def test_the_preview_renders_nothing_over_the_body_limit_and_says_so(settings):
    settings.ARTICLE_BODY_MAX_BYTES = 1000

    assert markdownify("word " * 400) == (
        '<p class="preview-error">The text is 2.0\xa0KB; an article may be at most 1000\xa0bytes.</p>'
    )
    assert markdownify("word " * 100).startswith("<p>word")


@pytest.mark.django_db
@pytest.mark.parametrize("body", [nested_quotes(10_000), stacked_lists(10_000)], ids=["quotes", "lists"])
def test_a_body_nested_too_deeply_fails_its_file_naming_the_limit(site, body):
    write(site, "deep.md", article_text(body=body))

    code, files = import_beside_a_good_file(site)

    assert code == 1
    assert only_error(files["deep.md"]) == f"body: {NESTING_MESSAGE}"


@pytest.mark.django_db
def test_the_admin_form_refuses_a_body_nested_too_deeply_on_the_body_field(staff_client, author):
    response = staff_client.post(ADD, article_form_data(author, body=nested_lists(30)))

    assert response.status_code == 200
    assert form_errors(response)["body"] == [NESTING_MESSAGE]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_an_author_bio_nested_too_deeply_is_a_form_error_not_a_crash(staff_client):
    from django.urls import reverse

    response = staff_client.post(
        reverse("admin:articles_author_add"),
        {"name": "Deep", "slug": "deep", "bio": nested_quotes(40), "website": "", "social_links": "{}"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["bio"] == [NESTING_MESSAGE]


@pytest.mark.django_db
def test_normal_articles_still_save_and_render(author):
    article = make_article(author=author, body=nested_lists(8) + "\n" + nested_quotes(19))

    assert article.body_html.count("hidden") == 2


HTML_DEPTH_MESSAGE = (
    "HTML elements are left open inside one another more than 200 deep (a <div> in a <div> in a <div>…); close them"
)


@pytest.mark.parametrize(
    "body",
    ["<div>\n" * 50_000, '<div markdown="1">\n' * 20_000, "<span>" * 300 + "<blockquote>" * 300],
    ids=["divs", "marked-divs", "spans-then-quotes"],
)
def test_html_elements_left_open_past_the_limit_are_refused_by_name(body):
    with pytest.raises(rendering.HtmlTooDeeplyNested) as error:
        render_markdown(body)

    assert str(error.value) == HTML_DEPTH_MESSAGE
    assert markdownify(body) == f'<p class="preview-error">{html.escape(HTML_DEPTH_MESSAGE)}</p>'


@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 200 + "deep" + "</div>" * 200,
        ("<div>" * 150 + "deep" + "</div>" * 150) * 50,
        "<div><b>deep</div>\n" * 500,
        "<ul>\n" + "<li>deep\n" * 500 + "</ul>",
        "<!-- " + "<div>" * 500 + " -->deep",
        '<figure><svg viewBox="0 0 9 9">' + '<path d="M0 0"/>' * 500 + "</svg><figcaption>deep</figcaption></figure>",
    ],
    ids=["at-the-limit", "many-nests", "closed-by-their-parent", "list-items", "in-a-comment", "drawing"],
)
def test_html_within_the_depth_limit_renders(body):
    assert "deep" in render_markdown(body).html


@pytest.mark.django_db
def test_a_file_of_html_left_open_fails_naming_the_limit_and_the_rest_import(site):
    write(site, "divs.md", article_text(body="<div>\n" * 50_000))

    code, files = import_beside_a_good_file(site)

    assert code == 1
    assert only_error(files["divs.md"]) == f"body: {HTML_DEPTH_MESSAGE}"


@pytest.mark.django_db
def test_the_admin_form_and_an_authors_bio_refuse_html_left_open_on_their_field(staff_client, author):
    from django.urls import reverse

    response = staff_client.post(ADD, article_form_data(author, body="<section>" * 1000))
    bio = staff_client.post(
        reverse("admin:articles_author_add"),
        {"name": "Deep", "slug": "deep", "bio": "<div>" * 1000, "website": "", "social_links": "{}"},
    )

    assert form_errors(response)["body"] == [HTML_DEPTH_MESSAGE]
    assert bio.context["adminform"].form.errors["bio"] == [HTML_DEPTH_MESSAGE]
    assert not Article.objects.exists()


# --- Text that looks like many addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["a" * 200_000 + "@", "a." * 100_000 + "@example", "x@" + "a." * 100_000 + "-", "a.b@" * 50_000],
    ids=["long-name-then-at", "dotted-name-then-bare-domain", "long-domain-ending-in-a-dash", "many-at-signs"],
)
def test_a_paragraph_of_would_be_email_addresses_renders_in_good_time(body):
    with deadline(5):
        html = render_markdown(body).html

    assert html.startswith("<p>")


# --- Text that is not UTF-8 -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_file_saved_with_a_byte_order_mark_as_utf_16_or_utf_8_imports_as_its_text(site, encoding):
    text = article_text(title="'Crème brûlée'", body="Line one.\r\n\r\nLine two.\r\n")
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    write(site, "notepad.md", bom + text.encode(encoding))

    code, files = import_beside_a_good_file(site)

    assert code == 0, files
    article = Article.objects.get(slug="notepad")
    assert article.title == "Crème brûlée"
    assert article.body.strip() == "Line one.\n\nLine two."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            article_text(body="Caf\u00e9.\n").encode("latin-1"),
            "not UTF-8 text: the byte 0xE9 on line 7 is not UTF-8 (the file may be Latin-1 or Windows-1252); "
            "save it as UTF-8",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "not UTF-8 text: it holds NUL bytes, so it is no text file (an image or a program?)",
        ),
        (b"\xff\xfe\x00\xd8", "not text: it starts as UTF-16 text does, but the rest is not UTF-16"),
        (
            front_matter("subtitle: 'Bell\x07'").encode(),
            "the front matter is not valid YAML on line 4: it holds the character U+0007, which YAML does not "
            "allow (a control character, or one that is no character); take it out",
        ),
    ],
    ids=["latin-1", "binary", "broken-utf-16", "control-character"],
)
def test_a_file_that_is_not_text_fails_naming_the_byte_and_its_line(site, raw, expected):
    write(site, "odd.md", raw)

    code, files = import_beside_a_good_file(site)

    assert code == 1
    assert only_error(files["odd.md"]) == expected


# --- The command line ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_hostile_file_is_one_clear_line_and_the_good_ones_import(tmp_path, site):
    write(tmp_path / "private", "secret.md", article_text())
    (site / "linked.md").symlink_to(tmp_path / "private" / "secret.md")
    write(site, "bomb.md", front_matter(alias_bomb()))
    write(site, "loop.md", front_matter("loop: &loop [*loop]"))
    write(site, "ancient.md", front_matter("date: 0001-01-01T00:00:00+05:00"))
    write(site, "deep.md", article_text(body=nested_quotes(5000)))
    write(site, "good.md", article_text())

    stderr = io.StringIO()
    with deadline(20):
        code, out = run(site, stderr=stderr)

    assert code == 1
    assert stderr.getvalue() == ""
    lines = out.splitlines()
    assert [line.split()[1] for line in lines if line.startswith("failed: ")] == [
        str(site / name) for name in ("ancient.md", "bomb.md", "deep.md", "linked.md", "loop.md")
    ]
    errors = [line for line in lines if line.startswith("    error: ")]
    assert len(errors) == 5
    for line in errors:
        assert_clear(line)
    assert lines[-1] == "1 created, 0 updated, 0 unchanged, 5 failed, 0 skipped."
    assert Article.objects.get().slug == "good"


@pytest.mark.django_db
def test_a_files_name_and_values_cannot_forge_or_recolour_a_line_of_the_report(site):
    write(site, "evil\nfailed: forged.md", article_text(title=None))
    write(site, "bell.md", article_text(tags='["\\e!!!\\a"]'))  # warned of, by name: no letters to make an address

    code, out = run(site)

    assert code == 1
    assert "failed: forged.md" not in out.splitlines()
    assert f"failed: {site}/evil\\nfailed: forged.md" in out.splitlines()
    assert "\x1b" not in out and "\x07" not in out
    assert "    warning: tags: '\\x1b!!!\\x07' has no letters or digits" in out


@pytest.mark.django_db
def test_a_files_name_cannot_turn_its_line_of_the_report_backwards(site):
    # U+202E shows what follows it right to left: `‮gpj.md` would read as `dm.jpg` on a terminal.
    write(site, "notes\u202egpj.md", article_text())

    code, out = run(site, "--verbosity", "2")

    assert code == 0
    assert f"created: {site}/notes\\u202egpj.md (notesgpj)" in out.splitlines()
    assert "\u202e" not in out


@pytest.mark.django_db
def test_import_paths_reports_hostile_files_without_raising(site):
    write(site, "bomb.md", front_matter(alias_bomb()))

    with deadline(10):
        report = import_paths([site])

    assert report.files[0].errors == ["front matter: more than 10,000 values once YAML aliases are expanded"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    ["[" * 50_000 + "]" * 50_000, "{a: " * 10_000 + "1" + "}" * 10_000, "9" * 60_000],
    ids=["deep list", "deep object", "huge number"],
)
def test_javascript_front_matter_too_deep_or_too_big_fails_alone_with_a_clear_message(site, value, settings):
    settings.IMPORT_MAX_FRONT_MATTER_BYTES = 200_000
    write(site, "deep.md", f"---js\nconst title = 'Deep';\nconst data = {value};\n---\nBody.\n")

    code, files = import_beside_a_good_file(site)

    assert code == 1
    assert_clear(only_error(files["deep.md"]))


@pytest.mark.django_db
@pytest.mark.parametrize("config", ["_config.yml", "mkdocs.yml", "hugo.yaml"])
def test_an_alias_bomb_in_a_site_config_is_refused_and_the_posts_still_import(site, config):
    write(site, config, alias_bomb() + "\npermalink: /:title/\n")

    code, files = import_beside_a_good_file(site)

    assert code == 0
    assert files == {}
    # The configuration is refused whole, as front matter like it is refused.
    assert find_site(site).config == {}


@pytest.mark.django_db
def test_an_admin_form_past_the_size_limit_answers_400_naming_the_limit_and_saves_nothing(
    staff_client, author, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024

    response = staff_client.post(ADD, article_form_data(author, body="A long paragraph. " * 10_000))

    assert response.status_code == 400
    page = response.content.decode()
    assert "What was sent is larger than the 64.0\xa0KB this site takes in one form" in page
    assert "nothing was saved" in page
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_too_many_fields_answer_400_saying_so(staff_client, author, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    data = {**article_form_data(author), **{f"extra-{n}": "x" for n in range(60)}}

    response = staff_client.post(ADD, data)

    assert response.status_code == 400
    assert "The form sent more than 50 fields" in response.content.decode()
    assert not Article.objects.exists()


# --- Included files that multiply ------------------------------------------------------------------------------------

# Each site's way of including a file (the file to write, the line that includes it), and where its pages are.
INCLUDE_WAYS = {
    "snippets": ("parts/p{}.md", '--8<-- "parts/p{}.md"\n', "docs", "mkdocs.yml"),
    "mdx_include": ("parts/p{}.md", "{{! parts/p{}.md !}}\n", "docs", "mkdocs.yml"),
    "hugo": ("parts/p{}.md", '{{{{< include file="parts/p{}.md" >}}}}\n\n', "content", "hugo.toml"),
    "jekyll": ("_includes/p{}.html", "{{% include p{}.html %}}\n", "", "_config.yml"),
}
SITE_CONFIGS = {
    "mkdocs.yml": "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.snippets\n  - mdx_include\n",
    "hugo.toml": 'title = "Docs"\n',
    "_config.yml": "title: Docs\n",
}


def include_site(site: Path, way: str, files: dict[int, str]) -> tuple[Path, str]:
    """A site whose files `files` (by number) are included the site's way; returns its pages' folder and the line
    that includes file 0."""
    name, line, pages, config = INCLUDE_WAYS[way]
    write(site, config, SITE_CONFIGS[config])
    for number, text in files.items():
        write(site, name.format(number), text.format(next=line.format(number + 1)))
    return site / pages, line.format(0)


@pytest.mark.django_db
@pytest.mark.parametrize("way", INCLUDE_WAYS)
def test_files_that_include_each_other_many_times_over_fail_the_page_by_name(site, way):
    # Five files each including the next eight times stand for 32,768 includes; each file is a few lines.
    pages, line = include_site(site, way, {**{number: "{next}" * 8 for number in range(5)}, 5: ""})
    write(pages, "page.md", article_text(body=f"Before.\n\n{line}\nAfter.\n"))

    _, files = import_beside_a_good_file(pages, "--root", site)

    message = only_error(files["page.md"])
    # Over 2,000 files, or over the size of an article, whichever comes first.
    assert message.endswith("files that include each other several times over multiply without end")
    assert_clear(message)
    assert not Article.objects.filter(slug="page").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("way", ["snippets", "mdx_include", "hugo"])
def test_includes_that_would_make_the_page_longer_than_an_article_may_be_fail_it(site, way, settings):
    settings.ARTICLE_BODY_MAX_BYTES = 1000
    pages, line = include_site(site, way, {0: "{next}" * 4, 1: "A sentence of the shared part.\n" * 10})
    write(pages, "page.md", article_text(body=f"Before.\n\n{line}\nAfter.\n"))

    _, files = import_beside_a_good_file(pages, "--root", site)

    message = only_error(files["page.md"])
    assert message.endswith(
        ": with the files it includes, the page would be over 1000\xa0bytes, the most an article may be; "
        "files that include each other several times over multiply without end"
    )
    assert_clear(message)


@pytest.mark.django_db
def test_a_snippet_indented_by_a_long_run_of_spaces_counts_its_indentation_toward_the_limit(site):
    # 4,000 spaces before each of 200 lines would make 800 KB from a file of 4 KB.
    pages, _ = include_site(site, "snippets", {0: "line\n" * 200})
    write(pages, "page.md", article_text(body=" " * 4000 + '--8<-- "parts/p0.md"\n'))

    _, files = import_beside_a_good_file(pages, "--root", site)

    assert only_error(files["page.md"]).startswith("snippet 'parts/p0.md': with the files it includes, the page")


@pytest.mark.django_db
@pytest.mark.parametrize("way", INCLUDE_WAYS)
def test_a_file_included_many_times_within_the_bounds_still_imports(site, way):
    pages, line = include_site(site, way, {0: "{next}" * 30, 1: "Shared words.\n"})
    write(pages, "page.md", article_text(body=f"{line}\n"))

    _, files = import_beside_a_good_file(pages, "--root", site)

    assert files["page.md"]["status"] == "created", files
    assert Article.objects.get(slug="page").body_html.count("Shared words.") == 30


@pytest.mark.django_db
@pytest.mark.parametrize("way", INCLUDE_WAYS)
def test_an_included_file_saved_as_utf_16_is_included_as_its_text(site, way):
    pages, line = include_site(site, way, {})
    name = INCLUDE_WAYS[way][0].format(0)
    write(site, name, "Crème brûlée, shared.\r\n".encode("utf-16"))
    write(pages, "page.md", article_text(body=f"{line}\n"))

    _, files = import_beside_a_good_file(pages, "--root", site)

    assert files["page.md"]["status"] == "created", files
    assert "Crème brûlée, shared." in Article.objects.get(slug="page").body_html
