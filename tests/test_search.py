from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search import search
from articles.search_languages import search_config
from tests.factories import make_article

SEARCH = reverse("articles:search")


def found(query: str) -> list[str]:
    return [article.title for article in search(Article.objects.published(), query)]


def uses_search_index(queryset) -> bool:
    # Over all rows, so that the planner's only alternative to a table scan is the search index.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")
    return "article_search_idx" in plan


def result_page(client, **params) -> str:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("field", ["title", "subtitle", "description", "body"])
def test_search_finds_a_word_in_each_searched_field(db, field):
    make_article(title="Unrelated", subtitle="Unrelated", description="Unrelated", body="Unrelated.")
    make_article(**{"title": "Match", "subtitle": "", "description": "", "body": "", field: "Typography matters"})
    assert len(found("typography")) == 1


def test_title_matches_come_before_newer_matches_in_the_text(db):
    now = timezone.now()
    make_article(title="Notes", body="A word on kerning.", publish_date=now - timedelta(days=1))
    make_article(title="Kerning for beginners", body="Letters.", publish_date=now - timedelta(days=30))
    assert found("kerning") == ["Kerning for beginners", "Notes"]


def test_every_word_of_the_query_must_match(db):
    make_article(title="Headlines and kerning")
    make_article(title="Headlines alone")
    assert found("headlines kerning") == ["Headlines and kerning"]


def test_drafts_and_scheduled_articles_are_never_found(db):
    make_article(title="Draft about kerning", status=Article.Status.DRAFT, publish_date=None)
    make_article(title="Kerning, scheduled", publish_date=timezone.now() + timedelta(hours=1))
    assert found("kerning") == []


def test_a_scheduled_article_is_found_once_its_time_comes(db, monkeypatch):
    make_article(title="Kerning, scheduled", publish_date=timezone.now() + timedelta(hours=1))
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert found("kerning") == ["Kerning, scheduled"]


def test_a_blank_query_finds_nothing_and_the_page_invites_a_search(client, published_article):
    assert found("   ") == []
    html = result_page(client, q="  ")
    assert "Type a word or two above" in html
    assert published_article.title not in html


def test_the_results_page_lists_matches_with_a_count(client, published_article):
    html = result_page(client, q="published")
    assert published_article.title in html
    assert "1 article found." in html
    assert "Results for “published”" in html


def test_no_match_gives_a_friendly_empty_state(client, published_article):
    html = result_page(client, q="zeppelin")
    assert "Nothing matches “zeppelin”" in html
    assert published_article.title not in html


def test_result_pages_keep_the_query_in_their_pagination_links(client, db, settings):
    for i in range(settings.ARTICLES_PER_PAGE + 1):
        make_article(title=f"Kerning note {i}")
    first = result_page(client, q="kerning")
    assert 'href="?q=kerning&amp;page=2" rel="next">More results →' in first
    second = result_page(client, q="kerning", page=2)
    assert "Page 2 of 2" in second
    assert 'href="?q=kerning&amp;page=1" rel="prev">← Previous results' in second


def test_the_query_is_escaped_wherever_the_page_repeats_it(client, db):
    query = '<script>alert(1)</script>"'
    html = result_page(client, q=query)
    assert "<script>alert(1)" not in html
    # The quote must not end the value attributes: both search boxes and the heading give the query back whole.
    document = lxml.html.fromstring(html)
    assert [box.value for box in document.xpath('//input[@name="q"]')] == [query, query]
    assert document.xpath("string(//h1)") == f"Results for “{query}”"


def test_result_pages_ask_search_engines_not_to_index_them(client, db):
    assert '<meta name="robots" content="noindex">' in result_page(client, q="anything")


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only")


@on_postgresql
def test_on_postgresql_search_stems_words_and_uses_the_gin_index(db):
    make_article(title="Engines", body="The engine weaves patterns.")
    assert found("weaving engine") == ["Engines"]
    assert uses_search_index(search(Article.objects.all(), "weaving"))


@on_postgresql
def test_a_french_site_finds_other_forms_of_a_word_and_drops_french_stop_words(db, settings):
    settings.LANGUAGE_CODE = "fr"
    make_article(title="Le cheval", body="Un cheval blanc galopait dans les prés.")
    make_article(title="La voiture", body="Une voiture rouge.")
    assert found("chevaux") == ["Le cheval"]
    assert found("les chevaux blancs") == ["Le cheval"]
    assert found("galoper") == ["Le cheval"]


@pytest.mark.parametrize(
    ("language_code", "config"),
    [
        ("en", "english"),
        ("en-gb", "english"),
        ("fr", "french"),
        ("fr-ca", "french"),
        ("de", "german"),
        ("pt-br", "portuguese"),
        ("pt_BR", "portuguese"),
        ("es-419", "spanish"),
        ("nb", "norwegian"),
        ("sr-latn", "serbian"),
        # No configuration of PostgreSQL's own for these: no stemming rather than another language's.
        ("nn", "simple"),
        ("pl", "simple"),
        ("zh-hans", "simple"),
    ],
)
def test_search_reads_words_in_the_sites_language_or_in_simple_for_one_postgresql_has_no_stemmer_for(
    settings, language_code, config
):
    settings.LANGUAGE_CODE = language_code
    assert search_config() == config


def test_search_config_overrides_the_sites_language(settings):
    settings.LANGUAGE_CODE = "fr"
    settings.SEARCH_CONFIG = "simple"
    assert search_config() == "simple"


def test_search_matches_letters_beyond_ascii_whatever_their_case(db):
    make_article(title="Élan vital", body="Des idées.")
    make_article(title="Other", body="Nothing accented.")
    assert found("élan") == ["Élan vital"]
    assert found("ÉLAN") == ["Élan vital"]
    assert found("IDÉES") == ["Élan vital"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the substring match runs on SQLite")
def test_on_sqlite_the_substring_match_folds_case_as_unicode_does(db):
    make_article(title="Die Straße", body="Ein Weg.")
    assert found("STRASSE") == ["Die Straße"]
    # Folded, a % or _ in a query is still a letter to look for, not a wildcard.
    assert found("str_sse") == []


@pytest.mark.parametrize("quoted", ['"hotel california"', "“hotel california”", '"hotel california'])
def test_words_in_quotes_are_found_as_a_phrase_whatever_the_quotes(db, quoted):
    # Without PostgreSQL too: the quotes are no part of the words to look for.
    make_article(title="Checking out", body="A song about the Hotel California and its guests.")
    make_article(title="Coast notes", body="California has many a hotel by the sea.")
    assert found(quoted) == ["Checking out"]


def test_a_word_after_a_minus_leaves_out_the_articles_that_have_it(db):
    make_article(title="Kerning by hand", body="Metal type and wood.")
    make_article(title="Kerning in software", body="Fonts on screens.")
    assert found("kerning -software") == ["Kerning by hand"]
    assert found('kerning -"metal type"') == ["Kerning in software"]
    assert found("-software") == ["Kerning by hand"]


def test_a_word_of_a_language_written_without_spaces_is_found_inside_a_longer_run_of_text(db):
    # PostgreSQL's parser reads "日本語の文章" as one word: the word searched for must be found inside it.
    make_article(title="Notes", body="これは日本語の文章です。")
    make_article(title="Other", body="English only.")
    assert found("日本語") == ["Notes"]


def test_a_chinese_word_is_found_inside_a_sentence(db):
    make_article(title="随笔", body="我们今天学习中文的语法。")
    make_article(title="Other", body="English only.")
    assert found("中文") == ["随笔"]
    assert found("语法 中文") == ["随笔"]
    assert found("中文 日本語") == []


def test_a_thai_word_is_found_inside_a_sentence(db):
    make_article(title="บันทึก", body="ฉันชอบภาษาไทยมาก")
    assert found("ภาษาไทย") == ["บันทึก"]


def test_a_korean_word_is_found_with_the_particle_joined_to_it(db):
    make_article(title="여행", body="서울에서 일주일을 보냈다.")
    assert found("서울") == ["여행"]


def test_a_query_mixing_scripts_needs_every_word_and_still_stems_the_others(db):
    make_article(title="Django notes", body="Djangoで日本語の文章を書く。")
    make_article(title="Django only", body="Django in English.")
    make_article(title="Japanese only", body="日本語の文章。")
    assert found("Django 日本語") == ["Django notes"]
    if connection.vendor == "postgresql":
        make_article(title="Engines", body="エンジンの日本語の説明: the engine weaves patterns.")
        assert found("weaving 日本語") == ["Engines"]
        assert found('"engine weaves" 日本語') == ["Engines"]
        assert sorted(found("日本語 -weaving")) == ["Django notes", "Japanese only"]


def test_a_latin_word_joined_to_japanese_text_is_found_beside_a_japanese_word(db):
    # PostgreSQL's parser reads "Pythonで日本語を" as one word, in which full-text search finds no "python".
    make_article(title="入門", body="Pythonで日本語を書く。")
    make_article(title="Other", body="Rubyで日本語を書く。")
    assert found("python 日本語") == ["入門"]
    assert found("日本語 -python") == ["Other"]


def test_a_title_holding_a_word_written_without_spaces_comes_before_newer_matches_in_the_text(db):
    now = timezone.now()
    make_article(title="随笔", body="关于中文的笔记。", publish_date=now - timedelta(days=1))
    make_article(title="中文入门", body="字。", publish_date=now - timedelta(days=30))
    assert found("中文") == ["中文入门", "随笔"]
    make_article(title="Django 入門", body="日本語で。", publish_date=now - timedelta(days=2))
    make_article(title="Djangoと日本語", body="Both.", publish_date=now - timedelta(days=50))
    assert found("Django 日本語") == ["Djangoと日本語", "Django 入門"]


def test_a_word_written_without_spaces_after_a_minus_leaves_out_the_articles_that_have_it(db):
    make_article(title="Kerning in Japanese", body="日本語の文字詰め。")
    make_article(title="Kerning in Chinese", body="中文的字距。")
    assert found("kerning -日本語") == ["Kerning in Chinese"]
    assert found("-日本語") == ["Kerning in Chinese"]
    assert found("字 -日本語") == ["Kerning in Chinese"]
    assert found('kerning -"中文的字距"') == ["Kerning in Japanese"]


def test_a_stop_word_beside_a_word_written_without_spaces_does_not_empty_the_results(db):
    make_article(title="Notes", body="The 日本語の文章.")
    assert found("the 日本語") == ["Notes"]


def test_the_results_page_and_the_api_find_a_word_written_without_spaces(client, db):
    make_article(title="Notes", body="これは日本語の文章です。")
    html = result_page(client, q="日本語")
    assert "1 article found." in html
    assert "Notes" in html
    response = client.get("/api/v1/articles/", {"q": "日本語", "ordering": "relevance"})
    assert [article["title"] for article in response.json()["results"]] == ["Notes"]
