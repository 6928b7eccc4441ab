"""Hugo's ref and relref lead to the imported article, as Hugo finds the page: by bundle, by name, in the language."""

import pytest

from articles.models import Article
from tests.markdown_files import run_json, write

CONFIG = 'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.ja]\nweight = 2\n'


def page(title: str, body: str = "Some words.") -> str:
    return f"---\ntitle: {title}\ndate: 2024-03-01\n---\n\n{body}\n"


@pytest.fixture(autouse=True)
def site_settings(settings, media_root):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def bundles(site):
    """Two page bundles in a section, each with a Japanese translation beside it."""
    write(site, "hugo.toml", CONFIG)
    write(site, "content/docs/setup/index.md", page("Setup"))
    write(site, "content/docs/setup/index.ja.md", page("設定"))
    write(site, "content/docs/tides/index.md", page("Tides", 'See [setup]({{< ref "setup#theme" >}}).'))
    write(site, "content/docs/tides/index.ja.md", page("潮", '[設定]({{< relref "/docs/setup" >}})'))
    return site


@pytest.mark.django_db
def test_a_ref_by_a_bundles_name_leads_to_its_article(bundles):
    code, report = run_json(bundles / "content", "--root", bundles)

    assert code == 0, report
    assert 'href="/articles/setup/#theme"' in Article.objects.get(slug="tides").body_html
    assert not [w for f in report["files"] for w in f["warnings"] if "ref" in w]


@pytest.mark.django_db
def test_a_ref_from_a_translation_leads_to_the_page_in_the_same_language(bundles):
    run_json(bundles / "content", "--root", bundles)

    assert 'href="/articles/setup-ja/"' in Article.objects.get(slug="tides-ja").body_html


@pytest.mark.django_db
def test_a_ref_to_a_page_with_no_translation_in_the_language_leads_to_the_sites_own(bundles):
    write(bundles, "content/docs/tides/index.ja.md", page("潮", '[港]({{< ref "harbour.md" >}})'))
    write(bundles, "content/docs/harbour.md", page("Harbour"))

    run_json(bundles / "content", "--root", bundles)

    assert 'href="/articles/harbour/"' in Article.objects.get(slug="tides-ja").body_html


@pytest.mark.django_db
def test_a_ref_to_no_imported_page_is_left_with_a_warning_naming_it(bundles):
    write(bundles, "content/docs/tides/index.md", page("Tides", '[gone]({{< ref "nowhere" >}})'))

    _, report = run_json(bundles / "content", "--root", bundles)

    tides = next(f for f in report["files"] if f["slug"] == "tides")
    assert "shortcode 'ref nowhere': no article imported from 'nowhere'; left as written" in tides["warnings"]


@pytest.mark.django_db
def test_a_ref_to_a_sections_list_page_leads_to_its_old_address_in_the_language(bundles):
    # Folio makes its own lists, so a section's _index.md is not imported; its address on the old site is kept.
    write(bundles, "content/glossary/_index.md", page("Glossary"))
    write(bundles, "content/glossary/_index.ja.md", page("用語集"))
    write(bundles, "content/docs/tides/index.md", page("Tides", '[Terms]({{< relref "/glossary" >}})'))
    write(bundles, "content/docs/tides/index.ja.md", page("潮", '[用語]({{< relref "/glossary" >}})'))

    _, report = run_json(bundles / "content", "--root", bundles)

    assert '<a href="/glossary/">Terms</a>' in Article.objects.get(slug="tides").body_html
    assert '<a href="/ja/glossary/">用語</a>' in Article.objects.get(slug="tides-ja").body_html
    tides = next(f for f in report["files"] if f["slug"] == "tides")
    assert not [warning for warning in tides["warnings"] if "left as written" in warning and "ref" in warning]
