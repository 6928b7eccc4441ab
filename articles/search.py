"""Search over published articles: PostgreSQL's full-text search, or a plain substring match elsewhere.

Title matches come first, then the best matches, then the newest. On PostgreSQL words are read in the site's
language (articles/search_languages.py), and the document is the same expression as the GIN index
(articles/search_index.py), so the index serves these queries.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Q, QuerySet, Value, When

from .search_languages import search_config

MAX_TERMS = 10
SEARCHED_FIELDS = ("title", "subtitle", "description", "body")

_TYPOGRAPHIC_QUOTES = str.maketrans(dict.fromkeys("“”„«»", '"'))
# A term as PostgreSQL's websearch_to_tsquery() reads one: text in double quotes (the closing one optional) is a
# phrase, a word is anything up to a space or a quote, and a `-` before either leaves out the articles that have it.
_TERM = re.compile(r'(?P<sign>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


def document_vector(*, config: str) -> SearchVector:
    return (
        SearchVector("title", config=config, weight="A")
        + SearchVector("subtitle", "description", config=config, weight="B")
        + SearchVector("body", config=config, weight="C")
    )


def search(articles: QuerySet, query: str) -> QuerySet:
    """The articles matching every word of the query, best first; none for a blank query."""
    # A phone's keyboard types “…” for the quotes around a phrase.
    query = " ".join(query.translate(_TYPOGRAPHIC_QUOTES).split())
    if not query:
        return articles.none()
    if connection.vendor == "postgresql":
        return _full_text(articles, query, config=search_config())
    wanted, unwanted = _substring_terms(query)
    if not wanted and not unwanted:
        return articles.none()
    return _substring(articles, wanted, unwanted=unwanted)


def _substring_terms(query: str) -> tuple[list[str], list[str]]:
    """The phrases and words every article found must contain, and those it must not: the query read as
    PostgreSQL's full-text search reads it, so that `"hotel california"` finds the phrase without PostgreSQL too,
    rather than looking for words with quotes in them. At most MAX_TERMS in all."""
    wanted, unwanted = [], []
    for match in _TERM.finditer(query):
        term = (match["phrase"] or match["word"] or "").strip()
        if term:
            (unwanted if match["sign"] else wanted).append(term)
    return wanted[:MAX_TERMS], unwanted[: max(0, MAX_TERMS - len(wanted))]


def _full_text(articles: QuerySet, query: str, *, config: str) -> QuerySet:
    search_query = SearchQuery(query, config=config, search_type="websearch")
    return (
        articles.alias(document=document_vector(config=config))
        .filter(document=search_query)
        .annotate(
            title_rank=SearchRank(SearchVector("title", config=config), search_query),
            rank=SearchRank(F("document"), search_query),
        )
        .order_by("-title_rank", "-rank", "-publish_date", "-id")
    )


def title_has_words(words: list[str]) -> Q:
    """Every word somewhere in the title, in any case: how the site's search (without PostgreSQL) ranks a title
    match, and how the editor's link dialog finds the article a writer means."""
    return Q.create([("title__contains_any_case", word) for word in words])


def _substring(articles: QuerySet, terms: list[str], *, unwanted: list[str]) -> QuerySet:
    matches = Q()
    for term in terms:
        matches &= _in_any_searched_field(term)
    for term in unwanted:
        matches &= ~_in_any_searched_field(term)
    title_hit = Case(When(title_has_words(terms), then=Value(1)), default=Value(0)) if terms else Value(0)
    return articles.filter(matches).annotate(title_hit=title_hit).order_by("-title_hit", "-publish_date", "-id")


def _in_any_searched_field(term: str) -> Q:
    return Q.create([(f"{field}__contains_any_case", term) for field in SEARCHED_FIELDS], connector=Q.OR)
