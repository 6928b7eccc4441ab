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
