"""/healthz: 200 while the database answers, 503 when it does not."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_cannot_be_reached(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    cache_control = client.get("/healthz")["Cache-Control"]
    assert "no-store" in cache_control
    assert "max-age=0" in cache_control


@pytest.mark.django_db
def test_healthz_answers_plain_http_probes_when_https_is_on(client, settings, load_settings):
    production = load_settings(HTTPS="1", SITE_URL="https://news.example.org")
    settings.SECURE_SSL_REDIRECT = production["SECURE_SSL_REDIRECT"]
    settings.SECURE_REDIRECT_EXEMPT = production["SECURE_REDIRECT_EXEMPT"]
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
