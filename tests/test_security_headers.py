"""The strict Content-Security-Policy and the other security headers are on
every page.  The pages are generated from the URL configuration, as
tests/test_urls.py walks it, so a new page is covered automatically: every
page that takes no arguments, for a worker, an administrator and an
anonymous visitor, plus pages with arguments, the admin, errors and the
login page."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # the admin is checked below
            namespace = f"{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and not pattern.pattern.regex.groups:
            yield f"{prefix}{pattern.name}"


PAGES_WITHOUT_ARGUMENTS = sorted(_walk(get_resolver().url_patterns))


def assert_strict_headers(response, what):
    policy = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    assert directives.get("default-src") == "'self'", what
    assert directives.get("script-src") == "'self'", what
    assert directives.get("style-src") == "'self'", what
    assert directives.get("object-src") == "'none'", what
    assert directives.get("frame-ancestors") == "'none'", what
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, what
    assert response["X-Frame-Options"] == "DENY", what
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["Referrer-Policy"] == "same-origin", what


def test_the_walk_finds_the_pages():
    assert {"home", "login", "clients:list", "sessions", "reports:index"} <= set(
        PAGES_WITHOUT_ARGUMENTS
    )
    assert len(PAGES_WITHOUT_ARGUMENTS) >= 40


@pytest.mark.parametrize("name", PAGES_WITHOUT_ARGUMENTS)
def test_every_page_carries_the_policy(client, alice, administrator, name):
    url = reverse(name)
    assert_strict_headers(client.get(url), f"{name} anonymous")
    for user in (alice, administrator):
        client.force_login(user)
        assert_strict_headers(client.get(url), f"{name} as {user.role}")


def test_pages_with_arguments_carry_the_policy(client, alice, client_of_a, client_of_b):
    client.force_login(alice)
    urls = [
        reverse("clients:detail", args=[client_of_a.client_number]),
        reverse("clients:update", args=[client_of_a.client_number]),
        # another unit's client: 404, with the policy
        reverse("clients:detail", args=[client_of_b.client_number]),
        reverse("session_end", args=[1]),  # GET: 405
        reverse("structural:survey_public", args=["ei-ole-olemassa"]),
        "/ei-tallaista-sivua/",
    ]
    for url in urls:
        assert_strict_headers(client.get(url), url)


def test_the_login_steps_carry_the_policy(client, alice):
    assert_strict_headers(client.get(reverse("login")), "login")
    client.force_login_password_only(alice)
    assert_strict_headers(client.get(reverse("clients:list")), "redirect to enrolment")
    assert_strict_headers(client.get(reverse("two_factor_enrol")), "enrolment")


def test_the_admin_carries_the_policy(client, administrator, alice):
    assert_strict_headers(client.get("/admin/login/"), "admin login")
    client.force_login(administrator)
    for url in (
        "/admin/",
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[alice.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_headers(response, url)


def test_https_responses_carry_hsts(client, db):
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith(
        f"max-age={settings.SECURE_HSTS_SECONDS}"
    )


def test_signed_in_pages_are_not_cached(client, alice):
    client.force_login(alice)
    assert client.get(reverse("sessions"))["Cache-Control"] == "no-store, private"


def test_the_session_cookie_is_not_readable_by_scripts(client, alice):
    from accounts.tests.factories import TEST_PASSWORD

    response = client.post(reverse("login"), {"username": "alice", "password": TEST_PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # ends when the browser closes
