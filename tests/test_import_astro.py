"""Astro sites, Starlight's among them, import as Astro builds them: their languages' folders and their addresses."""

import pytest

from articles.models import Article
from tests.markdown_files import run_json, write

STARLIGHT_CONFIG = """import starlight from '@astrojs/starlight';
export default defineConfig({
  integrations: [
    starlight({
      title: 'Field Notes',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        fr: { label: 'Français', lang: 'fr' },
        'pt-br': { label: 'Português do Brasil', lang: 'pt-BR' },
      },
      sidebar: [{ label: 'Guides', autogenerate: { directory: 'guides' } }],
    }),
  ],
});
"""


def page(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\nSome words.\n"


@pytest.fixture(autouse=True)
def site_settings(settings, media_root):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.django_db
def test_starlight_locale_folders_are_translations_of_the_page_at_the_top_not_slugs_taken_twice(site):
    write(site, "astro.config.mjs", STARLIGHT_CONFIG)
    write(site, "src/content/docs/guides/tides.md", page("Tides"))
    write(site, "src/content/docs/fr/guides/tides.md", page("Les marées"))
    write(site, "src/content/docs/pt-br/guides/tides.md", page("As marés"))

    code, report = run_json(site / "src/content/docs", "--root", site)

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", "language")) == [
        ("tides", "en"),
        ("tides-fr", "fr"),
        ("tides-pt-br", "pt-br"),
    ]
    assert sorted(Article.objects.get(slug="tides").translations.values_list("slug", flat=True)) == [
        "tides-fr",
        "tides-pt-br",
    ]


@pytest.mark.django_db
def test_astro_i18n_locales_make_the_folders_of_a_collection_languages(site):
    write(site, "astro.config.mjs", "export default { i18n: { defaultLocale: 'en', locales: ['en', 'es'] } };\n")
    write(site, "src/content/blog/en/tides.md", page("Tides"))
    write(site, "src/content/blog/es/tides.md", page("Las mareas"))

    code, report = run_json(site / "src/content/blog", "--root", site)

    assert code == 0, report
    assert sorted(Article.objects.values_list("slug", "language")) == [("tides", "en"), ("tides-es", "es")]


@pytest.mark.django_db
def test_a_short_word_in_an_astro_config_with_a_label_is_no_language(site):
    write(site, "astro.config.mjs", "export default { nav: { top: { label: 'Top' } } };\n")
    write(site, "src/content/blog/top/tides.md", page("Tides"))

    code, report = run_json(site / "src/content/blog", "--root", site)

    assert code == 0, report
    assert Article.objects.get().language == "en"


@pytest.mark.django_db
def test_starlight_pages_redirect_from_their_address_at_the_site_root_in_their_language_folder(site, client):
    write(site, "astro.config.mjs", STARLIGHT_CONFIG)
    write(site, "src/content/docs/guides/tides.md", page("Tides"))
    write(site, "src/content/docs/fr/guides/tides.md", page("Les marées"))

    code, report = run_json(site / "src/content/docs", "--root", site)

    assert code == 0, report
    assert client.get("/guides/tides/")["Location"] == "/articles/tides/"
    assert client.get("/fr/guides/tides/")["Location"] == "/articles/tides-fr/"


@pytest.mark.django_db
def test_an_astro_collection_without_starlight_keeps_its_name_in_the_address(site, client):
    write(site, "astro.config.mjs", "export default defineConfig({});\n")
    write(site, "src/content/docs/tides.md", page("Tides"))

    run_json(site / "src/content/docs", "--root", site)

    assert client.get("/docs/tides/")["Location"] == "/articles/tides/"


def write_portfolio(site, *, jobs_page: str = "src/pages/jobs/index.astro") -> None:
    """A portfolio in astro-nano's shape: notes with a page each, jobs shown only on one list page."""
    write(site, "astro.config.mjs", "export default defineConfig({});\n")
    write(site, "src/pages/notes/[...slug].astro", "---\nconst notes = await getCollection('notes');\n---\n")
    write(site, jobs_page, "---\nconst jobs = await getCollection('jobs');\n---\n")
    write(site, "src/content/notes/tides.md", page("Tides"))
    write(site, "src/content/jobs/harbour.md", "---\nemployer: Harbour Office\nrole: Clerk\n---\n\nKept the logs.\n")


@pytest.mark.django_db
def test_an_astro_collection_that_no_page_shows_entry_by_entry_is_skipped_as_listed_data(site):
    write_portfolio(site)

    code, report = run_json(site / "src/content", "--root", site)

    assert code == 0, report
    by_name = {f["path"].rsplit("/", 1)[1]: f for f in report["files"]}
    assert by_name["tides.md"]["status"] == "created"
    assert by_name["harbour.md"]["status"] == "skipped"
    assert by_name["harbour.md"]["warnings"] == [
        "an entry of the Astro collection 'jobs', which the site only lists: no page of its src/pages shows one "
        "entry of it"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "jobs_page",
    [
        "src/pages/jobs/[id].astro",  # a page per entry, asking for the collection
        "src/pages/work/[...slug].astro",  # the same, in a folder of another name
    ],
)
def test_an_astro_collection_that_a_page_with_a_parameter_asks_for_is_imported(site, jobs_page):
    write_portfolio(site, jobs_page=jobs_page)

    code, report = run_json(site / "src/content", "--root", site)

    assert code == 0, report
    assert {f["path"].rsplit("/", 1)[1]: f["status"] for f in report["files"]}["harbour.md"] == "created"
    # The job names no title, as its schema has none: its page is titled by its first words, with a warning.
    assert Article.objects.get(slug="harbour").title == "Kept the logs"


@pytest.mark.django_db
def test_an_astro_entry_is_imported_when_a_page_with_a_parameter_reads_entries_through_the_theme_s_code(site):
    write_portfolio(site)
    write(site, "src/pages/tags/[tag].astro", "---\nconst posts = await sortedPosts();\n---\n")

    _, report = run_json(site / "src/content", "--root", site)

    assert {f["path"].rsplit("/", 1)[1]: f["status"] for f in report["files"]}["harbour.md"] == "created"
