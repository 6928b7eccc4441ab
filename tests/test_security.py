"""HTTPS switches, security headers and the admin sign-in limit."""

import html5lib
import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from cms import login_limit

HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
]


@pytest.fixture
def production(settings, load_settings):
    """Apply the HTTPS settings that the given environment produces to the running site."""

    def apply(**environ: str) -> dict:
        values = load_settings(**environ)
        for name in HTTPS_SETTINGS:
            setattr(settings, name, values.get(name))
        return values

    return apply


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = [part.split() for part in policy.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.fixture
def reader_pages(published_article):
    return ["/", published_article.get_absolute_url(), published_article.author.get_absolute_url()]


# HTTPS: one switch, off by default.


def test_plain_http_is_the_default_with_no_redirect_hsts_or_secure_cookies(load_settings):
    values = load_settings()
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert "SECURE_PROXY_SSL_HEADER" not in values


def test_https_switch_redirects_plain_http_to_https(client, db, production):
    production(HTTPS="1", SITE_URL="https://news.example.org")
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_https_switch_sends_hsts_for_a_year_with_subdomains_and_preload(client, db, production):
    production(HTTPS="1", SITE_URL="https://news.example.org")
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_hsts_length_subdomains_and_preload_are_configurable(load_settings):
    values = load_settings(
        HTTPS="1",
        SITE_URL="https://news.example.org",
        HSTS_SECONDS="600",
        HSTS_INCLUDE_SUBDOMAINS="0",
        HSTS_PRELOAD="0",
    )
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SILENCED_SYSTEM_CHECKS"] == ["security.W005", "security.W021"]


def test_https_switch_makes_session_and_csrf_cookies_secure(client, django_user_model, production):
    production(HTTPS="1", SITE_URL="https://news.example.org")
    django_user_model.objects.create_user("editor", password="right-password", is_staff=True)
    page = client.get("/admin/login/", secure=True)
    assert page.cookies["csrftoken"]["secure"] is True
    signed_in = client.post(
        "/admin/login/", {"username": "editor", "password": "right-password", "next": "/admin/"}, secure=True
    )
    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["secure"] is True


def test_https_switch_refuses_a_plain_http_site_url(load_settings):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must start with https://"):
        load_settings(HTTPS="1", SITE_URL="http://news.example.org")


def test_x_forwarded_proto_is_trusted_only_when_configured(client, db, production):
    production(HTTPS="1", SITE_URL="https://news.example.org")
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 301

    production(HTTPS="1", SITE_URL="https://news.example.org", TRUST_X_FORWARDED_PROTO="1")
    behind_proxy = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert behind_proxy.status_code == 200
    assert "Strict-Transport-Security" in behind_proxy


def test_csrf_trusted_origins_come_from_site_url(load_settings):
    values = load_settings(SITE_URL="https://news.example.org:8443/")
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://news.example.org:8443"]


# Security headers.


def test_reader_pages_send_a_content_security_policy_without_inline_scripts(client, reader_pages):
    for url in reader_pages:
        directives = csp_directives(client.get(url))
        assert directives["script-src"] == ["'self'"], url
        assert directives["default-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["base-uri"] == ["'self'"], url
        assert not any("unsafe" in source for sources in directives.values() for source in sources), url


def test_content_security_policy_forbids_framing(client, reader_pages):
    for url in reader_pages:
        assert csp_directives(client.get(url))["frame-ancestors"] == ["'none'"], url


def test_reader_pages_carry_nothing_the_policy_would_block(client, reader_pages):
    """No inline script, event handler or inline style: data blocks (JSON-LD) are not run, so they may stay."""
    for url in reader_pages:
        document = html5lib.parse(client.get(url).content, namespaceHTMLElements=False)
        for script in document.iter("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (url, script.attrib)
        assert not list(document.iter("style")), url
        for element in document.iter():
            assert not [name for name in element.attrib if name.startswith("on") or name == "style"], (url, element)


def test_admin_pages_run_under_the_same_policy(staff_client, published_article):
    for url in ["/admin/login/", "/admin/", f"/admin/articles/article/{published_article.pk}/change/"]:
        response = staff_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert csp_directives(response)["script-src"] == ["'self'"], url


def test_pages_forbid_content_type_sniffing(client, reader_pages):
    for url in [*reader_pages, "/admin/login/"]:
        assert client.get(url)["X-Content-Type-Options"] == "nosniff", url


def test_pages_send_only_the_origin_as_referrer_to_other_sites(client, reader_pages):
    for url in [*reader_pages, "/admin/login/"]:
        assert client.get(url)["Referrer-Policy"] == "strict-origin-when-cross-origin", url


def test_pages_refuse_to_be_framed(client, reader_pages):
    for url in [*reader_pages, "/admin/login/"]:
        assert client.get(url)["X-Frame-Options"] == "DENY", url


def test_pages_isolate_their_browsing_context(client, reader_pages):
    for url in [*reader_pages, "/admin/login/"]:
        assert client.get(url)["Cross-Origin-Opener-Policy"] == "same-origin", url


# Admin sign-in limit.


@pytest.fixture
def editor(django_user_model):
    cache.clear()
    yield django_user_model.objects.create_user("editor", password="right-password", is_staff=True)
    cache.clear()


def sign_in(client, username, password, ip="203.0.113.7", **extra):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip, **extra
    )


def fail(client, times, username="editor", ip="203.0.113.7", **extra):
    for _ in range(times):
        assert sign_in(client, username, "a-wrong-guess", ip, **extra).status_code == 200


def test_sign_in_is_refused_after_too_many_failures_even_with_the_right_password(client, editor, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    response = sign_in(client, "editor", "right-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock_anyone_out(client, editor, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT - 1)
    assert sign_in(client, "editor", "right-password").status_code == 302


def test_the_lockout_says_clearly_what_happened_and_how_long_to_wait(client, editor, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    response = sign_in(client, "editor", "a-wrong-guess")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts; try again in 15 minutes." in response.content.decode()
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_a_lockout_does_not_stop_another_user_or_the_same_user_elsewhere(client, editor, django_user_model, settings):
    django_user_model.objects.create_user("colleague", password="colleague-password", is_staff=True)
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    assert sign_in(client, "colleague", "colleague-password").status_code == 302
    client.logout()
    assert sign_in(client, "editor", "right-password", ip="198.51.100.20").status_code == 302


def test_the_lockout_ends_when_the_window_has_passed(client, editor, settings, monkeypatch):
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    assert sign_in(client, "editor", "right-password").status_code == 429
    started = login_limit.clock()
    monkeypatch.setattr(login_limit, "clock", lambda: started + settings.LOGIN_FAILURE_WINDOW + 1)
    assert sign_in(client, "editor", "right-password").status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, editor, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT - 1)
    assert sign_in(client, "editor", "right-password").status_code == 302
    client.logout()
    fail(client, settings.LOGIN_FAILURE_LIMIT - 1)
    assert sign_in(client, "editor", "right-password").status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_limit_by_default(client, editor, settings):
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        fail(client, 1, HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    assert sign_in(client, "editor", "right-password", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_proxy_the_limit_follows_the_address_the_proxy_saw(client, editor, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    proxy = "10.0.0.2"
    fail(client, settings.LOGIN_FAILURE_LIMIT, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.9")
    locked = sign_in(client, "editor", "right-password", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert locked.status_code == 429
    other_reader = sign_in(client, "editor", "right-password", ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other_reader.status_code == 302
