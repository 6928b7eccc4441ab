"""/healthz: 200 while the database answers and has every migration, 503 when it does not answer or lacks one."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from cms import health
from cms.database_problems import migration_files, where
from tests import servers


@pytest.fixture
def new_process(monkeypatch):
    """/healthz as in a server process that has not yet found the database with every migration, its clock in the
    test's hands: move `.seconds` on to let time pass."""
    now = SimpleNamespace(seconds=1000.0)
    monkeypatch.setattr(health, "migrated_at", None)
    monkeypatch.setattr(health, "clock", lambda: now.seconds)
    return now


@pytest.fixture
def latest_migration_unapplied(db):
    """The database as after an upgrade that brought a migration `migrate` has not applied yet."""
    return forget_latest_migration()


def forget_latest_migration() -> str:
    recorder = MigrationRecorder(connection)
    latest = max(name for app, name in recorder.applied_migrations() if app == "articles")
    recorder.record_unapplied("articles", latest)
    return latest


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


def test_healthz_answers_503_while_the_database_lacks_a_migration_and_says_so_in_one_line_in_the_log(
    client, new_process, latest_migration_unapplied, caplog, django_assert_num_queries
):
    with django_assert_num_queries(5):  # it answers; the recorded migrations; then which of them count
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database lacks 1 of its migrations\n"  # no database name, host or user
    assert "no-store" in response["Cache-Control"]
    [logged] = [record for record in caplog.records if record.name == "cms.health"]
    assert logged.getMessage() == (
        f"Health check: Folio's database ({where(connection.settings_dict)}) lacks 1 of its migrations: "
        "run `manage.py migrate` first."
    )
    assert logged.exc_info is None


def test_healthz_answers_200_as_soon_as_the_missing_migration_is_applied_and_then_asks_one_query(
    client, new_process, latest_migration_unapplied, django_assert_num_queries
):
    assert client.get("/healthz").status_code == 503
    MigrationRecorder(connection).record_applied("articles", latest_migration_unapplied)

    with django_assert_num_queries(3):  # it answers; every migration file is recorded
        assert client.get("/healthz").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_asks_only_whether_the_database_answers_for_a_minute_after_finding_every_migration(
    client, new_process, django_assert_num_queries
):
    with django_assert_num_queries(3):
        assert client.get("/healthz").status_code == 200
    new_process.seconds += 59.5
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200
    new_process.seconds += 0.5
    with django_assert_num_queries(3):  # it looks again, and then trusts what it found for another minute
        assert client.get("/healthz").status_code == 200
    new_process.seconds += 59.5
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_database_replaced_by_one_lacking_a_migration_is_answered_503_within_a_minute(
    client, new_process, django_assert_num_queries
):
    assert client.get("/healthz").status_code == 200
    forget_latest_migration()  # as if a backup from before it were restored under the running servers

    new_process.seconds += 59.5
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200  # the price of one query per probe: up to a minute
    new_process.seconds += 0.5
    assert client.get("/healthz").content == b"database lacks 1 of its migrations\n"
    new_process.seconds += 1
    assert client.get("/healthz").status_code == 503  # until it is migrated, every probe looks


def test_the_migration_files_healthz_looks_for_are_those_djangos_loader_finds():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert migration_files() == set(loader.disk_migrations)


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


def test_a_server_started_before_migrate_answers_503_until_migrate_runs_in_another_process_then_200(tmp_path):
    env = servers.production_env(tmp_path)
    assert servers.manage(env, "collectstatic", "--noinput").returncode == 0
    with servers.gunicorn(env, workers=2) as url:
        for _ in range(6):  # a new connection each, which the kernel hands to either worker
            status, _, body = servers.fetch(url + "/healthz")
            assert status == 503
            assert re.fullmatch(r"database lacks \d+ of its migrations\n", body), body
        assert servers.fetch(url + "/")[0] == 503

        migrate = servers.manage(env, "migrate", "--noinput")
        assert migrate.returncode == 0, migrate.stderr

        answers = [servers.fetch(url + "/healthz") for _ in range(6)]
        assert [(status, body) for status, _, body in answers] == [(200, "ok\n")] * 6
        assert servers.fetch(url + "/")[0] == 200


def test_a_healthy_probe_loads_no_migration_into_the_server_process(tmp_path):
    env = servers.production_env(tmp_path)
    servers.install(env)
    ask = (
        "import sys; from django.test import Client; "
        "print(Client().get('/healthz', HTTP_HOST='127.0.0.1').status_code); "
        "print(sorted(name for name in sys.modules if '.migrations.0' in name))"
    )
    result = servers.manage(env, "shell", "--no-imports", "-c", ask)
    assert result.stdout == "200\n[]\n", result.stderr
