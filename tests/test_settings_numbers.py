"""Numbers from the environment: each takes what it can use, and anything else stops Folio naming it."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = (Path(__file__).resolve().parent.parent / "cms" / "settings.py").read_text()
NUMBER_VARIABLES = re.findall(r'env_number\("(\w+)"', SETTINGS)
# HSTS_SECONDS is read only with HTTPS on.
HTTPS_ON = {"HTTPS": "1", "SITE_URL": "https://news.example.org"}


def refusal(load_settings, **environ: str) -> str:
    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings(**HTTPS_ON, **environ)
    return str(refused.value)


def test_the_settings_read_every_number_this_module_checks():
    assert {"CONN_MAX_AGE", "REDIRECT_MAX_AGE", "ARTICLES_PER_PAGE", "WEBHOOK_TIMEOUT"} <= set(NUMBER_VARIABLES)


@pytest.mark.parametrize("name", NUMBER_VARIABLES)
def test_a_negative_number_stops_folio_naming_the_variable_and_what_it_takes(load_settings, name):
    said = refusal(load_settings, **{name: "-1"})
    assert re.fullmatch(
        rf"{name} must be a (whole )?number of (0|1|0\.1) or more, not '-1' \(unset, it is {name}=[\d.]+\)\.", said
    ), said


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("ARTICLES_PER_PAGE", "ten", "ARTICLES_PER_PAGE must be a whole number of 1 or more, not 'ten'"),
        ("REDIRECT_MAX_AGE", "1h", "REDIRECT_MAX_AGE must be a whole number of 0 or more, not '1h'"),
        ("REDIRECT_MAX_AGE", "3600.5", "REDIRECT_MAX_AGE must be a whole number of 0 or more, not '3600.5'"),
        ("WEBHOOK_TIMEOUT", "5s", "WEBHOOK_TIMEOUT must be a number of 0.1 or more, not '5s'"),
        ("WEBHOOK_TIMEOUT", "nan", "WEBHOOK_TIMEOUT must be a number of 0.1 or more, not 'nan'"),
        ("WEBHOOK_POLL_SECONDS", "inf", "WEBHOOK_POLL_SECONDS must be a number of 0.1 or more, not 'inf'"),
    ],
)
def test_a_value_that_is_not_a_number_of_the_right_kind_stops_folio(load_settings, name, value, said):
    assert refusal(load_settings, **{name: value}).startswith(said)


@pytest.mark.parametrize(
    "name",
    [
        "ARTICLES_PER_PAGE",  # a list page of no articles
        "API_PAGE_SIZE",
        "API_MAX_PAGE_SIZE",
        "IMAGE_UPLOAD_MAX_BYTES",  # every image refused
        "IMAGE_MAX_PIXELS",
        "ARTICLE_BODY_MAX_BYTES",
        "IMPORT_MAX_FILE_BYTES",
        "IMPORT_MAX_FRONT_MATTER_BYTES",
        "LOGIN_FAILURE_LIMIT",  # every sign-in locked out
        "LOGIN_FAILURE_WINDOW_MINUTES",  # no failure ever counted
        "WEBHOOK_TIMEOUT",  # every delivery failing before it is sent
        "WEBHOOK_POLL_SECONDS",  # the sender asking the database without pause
    ],
)
def test_zero_stops_folio_where_it_would_turn_a_feature_into_a_fault(load_settings, name):
    assert f"{name} must be a " in refusal(load_settings, **{name: "0"})


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        ("AUTOSAVE_IDLE_MS", "AUTOSAVE_IDLE_MS"),  # autosave off
        ("API_RATE_LIMIT", "API_RATE_LIMIT"),  # no limit
        ("REDIRECT_MAX_AGE", "REDIRECT_MAX_AGE"),  # asked again on every visit
        ("STORED_PAGES_MAX_AGE", "STORED_PAGES_MAX_AGE"),  # rebuilt after each reader
        ("HSTS_SECONDS", "SECURE_HSTS_SECONDS"),  # browsers told to forget HSTS
    ],
)
def test_zero_is_taken_where_it_means_something(load_settings, name, setting):
    assert load_settings(**HTTPS_ON, **{name: "0"})[setting] == 0


def test_a_database_connection_kept_for_no_time_is_closed_after_each_request(load_settings):
    assert load_settings(CONN_MAX_AGE="0")["DATABASES"]["default"]["CONN_MAX_AGE"] == 0


def test_numbers_are_read_with_the_spaces_around_them_left_out(load_settings):
    loaded = load_settings(ARTICLES_PER_PAGE=" 25 ", WEBHOOK_TIMEOUT="2.5")
    assert (loaded["ARTICLES_PER_PAGE"], loaded["WEBHOOK_TIMEOUT"]) == (25, 2.5)


def test_an_api_page_size_above_the_largest_a_client_may_ask_stops_folio(load_settings):
    assert refusal(load_settings, API_PAGE_SIZE="50", API_MAX_PAGE_SIZE="20") == (
        "API_PAGE_SIZE (50) must be at most API_MAX_PAGE_SIZE (20): lower the one or raise the other."
    )
    assert load_settings(API_PAGE_SIZE="20", API_MAX_PAGE_SIZE="20")["API_PAGE_SIZE"] == 20
