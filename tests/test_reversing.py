"""slug_url() gives exactly the address reverse() gives, for any saved slug and under any script prefix."""

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix

from articles.reversing import slug_url

SLUGS = ["harbour-lights", "café-au-lait", "日本語の記事", "a_b-9", "ünïcödé"]


@pytest.fixture
def script_prefix():
    before = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(before)


@pytest.mark.parametrize("name", ["articles:article", "articles:author", "articles:tag"])
@pytest.mark.parametrize("slug", SLUGS)
def test_slug_url_is_the_address_reverse_gives(name, slug):
    assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_slug_url_follows_the_script_prefix_of_the_request(script_prefix):
    plain = slug_url("articles:article", "harbour-lights")
    script_prefix("/magazine/")
    assert slug_url("articles:article", "harbour-lights") == "/magazine" + plain
    assert slug_url("articles:article", "harbour-lights") == reverse(
        "articles:article", kwargs={"slug": "harbour-lights"}
    )
