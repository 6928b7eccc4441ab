"""/healthz: 200 while the database answers, 503 when it does not."""

import socket

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_database(tmp_path):
    """Swap the default connection for one to a database that is not there: a real failure to connect."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "folio.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    working = connections[DEFAULT_DB_ALIAS]
    broken = working.__class__(settings_dict, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    yield
    connections[DEFAULT_DB_ALIAS] = working
    broken.close()


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
