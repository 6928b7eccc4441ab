"""Search over published articles: PostgreSQL's full-text search, or a plain substring match elsewhere.

Title matches come first, then the best matches, then the newest. On PostgreSQL words are read in the site's
language (articles/search_languages.py), and the document is the same expression as the GIN index
(articles/search_index.py), so the index serves these queries. PostgreSQL's parser reads a run of Chinese, Japanese
or Thai as one word, so a word in those scripts is looked for as written, as without PostgreSQL, alongside the
full-text search for the query's other words.
"""

import re
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When

from .search_languages import search_config, written_without_spaces

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


class Term(NamedTuple):
    text: str  # the word, or the phrase without its quotes
    unwanted: bool
    typed: str  # sign and quotes and all, as websearch_to_tsquery() reads it


def search(articles: QuerySet, query: str) -> QuerySet:
    """The articles matching every word of the query, best first; none for a blank query."""
    # A phone's keyboard types “…” for the quotes around a phrase.
    query = " ".join(query.translate(_TYPOGRAPHIC_QUOTES).split())
    if not query:
        return articles.none()
    terms = _terms(query)
    if connection.vendor == "postgresql":
        if not any(written_without_spaces(term.text) for term in terms):
            return _full_text(articles, query, config=search_config())
        return _full_text_and_substrings(articles, terms, config=search_config())
    wanted, unwanted = _wanted_and_unwanted(terms)
    if not wanted and not unwanted:
        return articles.none()
    return _substring(articles, wanted, unwanted=unwanted)


def _terms(query: str) -> list[Term]:
    """The query's phrases and words, read as PostgreSQL's full-text search reads them: so that
    `"hotel california"` finds the phrase without PostgreSQL too, rather than looking for words with quotes in them."""
    terms = []
    for match in _TERM.finditer(query):
        text = (match["phrase"] or match["word"] or "").strip()
        if text:
            terms.append(Term(text=text, unwanted=bool(match["sign"]), typed=match[0]))
    return terms


def _wanted_and_unwanted(terms: list[Term]) -> tuple[list[str], list[str]]:
    """The phrases and words every article found must contain, and those it must not: at most MAX_TERMS in all."""
    wanted = [term.text for term in terms if not term.unwanted]
    unwanted = [term.text for term in terms if term.unwanted]
    return wanted[:MAX_TERMS], unwanted[: max(0, MAX_TERMS - len(wanted))]


def _full_text(articles: QuerySet, query: str, *, config: str) -> QuerySet:
    search_query = SearchQuery(query, config=config, search_type="websearch")
    return (
        articles.alias(document=document_vector(config=config))
        .filter(document=search_query)
        .annotate(**_ranks(search_query, config=config))
        .order_by("-title_rank", "-rank", "-publish_date", "-id")
    )


def _ranks(search_query: SearchQuery, *, config: str) -> dict[str, SearchRank]:
    """How well the title, and the whole document, match: the order of the results after title matches."""
    return {
        "title_rank": SearchRank(SearchVector("title", config=config), search_query),
        "rank": SearchRank(F("document"), search_query),
    }


def title_has_words(words: list[str]) -> Q:
    """Every word somewhere in the title, in any case: how the site's search ranks a title match where it looks for
    words as written, and how the editor's link dialog finds the article a writer means."""
    return Q.create([("title__contains_any_case", word) for word in words])


def _full_text_and_substrings(articles: QuerySet, terms: list[Term], *, config: str) -> QuerySet:
    """Articles with every word in a script written without spaces as it is written, and every other word either
    as full-text search finds it or as written: in such text a Latin word is often joined to the next ("Djangoで"),
    and PostgreSQL's parser reads the two as one word. A word after `-` leaves out the articles that have it either
    way. Titles holding every word first."""
    wanted, unwanted = _wanted_and_unwanted(terms)
    words = [term for term in terms if not term.unwanted and not written_without_spaces(term.text)]
    left_out = [term for term in terms if term.unwanted and not written_without_spaces(term.text)]
    articles = (
        articles.alias(document=document_vector(config=config))
        .filter(_has_every_term([term for term in wanted if written_without_spaces(term)], unwanted=unwanted))
        .annotate(title_hit=_title_hit(wanted))
    )
    if left_out:
        # In quotes, so that a word is looked for whatever it starts with, and any of them leaves an article out.
        either = " or ".join(f'"{term.text}"' for term in left_out)
        articles = articles.exclude(document=SearchQuery(either, config=config, search_type="websearch"))
    if not words:
        return articles.order_by("-title_hit", "-publish_date", "-id")
    search_query = SearchQuery(" ".join(term.typed for term in words), config=config, search_type="websearch")
    return (
        # Stop words alone ("the 日本語") are no query, and an empty one matches no article: it is left out.
        articles.alias(query_size=Func(search_query, function="numnode", output_field=IntegerField()))
        .filter(
            Q(document=search_query)
            | Q(query_size=0)
            | _has_every_term([term.text for term in words][:MAX_TERMS], unwanted=[])
        )
        .annotate(**_ranks(search_query, config=config))
        .order_by("-title_hit", "-title_rank", "-rank", "-publish_date", "-id")
    )


def _substring(articles: QuerySet, terms: list[str], *, unwanted: list[str]) -> QuerySet:
    return (
        articles.filter(_has_every_term(terms, unwanted=unwanted))
        .annotate(title_hit=_title_hit(terms))
        .order_by("-title_hit", "-publish_date", "-id")
    )


def _has_every_term(terms: list[str], *, unwanted: list[str]) -> Q:
    matches = Q()
    for term in terms:
        matches &= _in_any_searched_field(term)
    for term in unwanted:
        matches &= ~_in_any_searched_field(term)
    return matches


def _title_hit(terms: list[str]) -> Case | Value:
    return Case(When(title_has_words(terms), then=Value(1)), default=Value(0)) if terms else Value(0)


def _in_any_searched_field(term: str) -> Q:
    # Text with no letter that has a case (Chinese, Japanese, Thai, digits) is the same folded or not, and unfolded
    # it costs the database half the time over every article's body.
    lookup = "contains" if term == term.upper() == term.casefold() else "contains_any_case"
    return Q.create([(f"{field}__{lookup}", term) for field in SEARCHED_FIELDS], connector=Q.OR)
