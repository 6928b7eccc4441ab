"""Bare email addresses become `mailto:` links by GFM's extended email autolink rule, whatever their top-level
domain; the rules for bare web addresses stay linkify-it's (tests/test_rendering.py)."""

import pytest

from articles.rendering import render_markdown


def mail_link(address: str) -> str:
    return f'<a href="mailto:{address}">{address}</a>'


@pytest.mark.parametrize(
    "address",
    ["someone@example.dev", "team@example.app", "ops@example.io", "x@y.z", "foo@bar.baz", "a.b-c_d@a.b"],
)
def test_an_email_address_is_a_link_whatever_its_top_level_domain(address):
    assert render_markdown(f"Write to {address} today").html == f"<p>Write to {mail_link(address)} today</p>\n"


def test_a_plus_may_come_before_the_at_sign_but_not_after_it():
    html = render_markdown("hello@mail+xyz.example is no address, but hello+xyz@mail.example is.").html
    assert html == (f"<p>hello@mail+xyz.example is no address, but {mail_link('hello+xyz@mail.example')} is.</p>\n")


def test_a_full_stop_after_an_address_ends_the_sentence_not_the_address():
    assert render_markdown("Mail desk@example.dev.").html == f"<p>Mail {mail_link('desk@example.dev')}.</p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "a.b-c_d@a.b-",  # the domain ends in a dash
        "a.b-c_d@a.b_",  # or an underscore: no shorter address is taken from it either
        "ada@localhost",  # a domain without a dot
        "@example.dev",  # nothing before the at sign
        "a @example.dev",
    ],
)
def test_what_gfm_does_not_read_as_an_email_address_stays_text(text):
    assert "<a" not in render_markdown(text).html


def test_an_address_after_a_slash_or_in_a_parenthesis_is_a_link_without_them():
    html = render_markdown("See x/ada@example.dev (or (bob@example.dev))").html
    assert html == f"<p>See x/{mail_link('ada@example.dev')} (or ({mail_link('bob@example.dev')}))</p>\n"


def test_an_address_inside_a_web_address_stays_part_of_that_link():
    html = render_markdown("https://ada@example.dev/notes and www.example.org/@ada@example.dev").html
    assert html == (
        '<p><a href="https://ada@example.dev/notes">https://ada@example.dev/notes</a> and '
        '<a href="http://www.example.org/@ada@example.dev">www.example.org/@ada@example.dev</a></p>\n'
    )


def test_a_written_mailto_address_links_once_and_shows_as_written():
    html = render_markdown("mailto:desk@example.dev").html
    assert html == '<p><a href="mailto:desk@example.dev">mailto:desk@example.dev</a></p>\n'


def test_email_addresses_in_code_and_written_links_stay_as_they_are():
    html = render_markdown("`desk@example.dev` and [the desk](mailto:desk@example.dev)").html
    assert html == '<p><code>desk@example.dev</code> and <a href="mailto:desk@example.dev">the desk</a></p>\n'
