"""Settings come from the environment; production settings pass the deploy
check.  Each case runs Django in a process of its own with a clean
environment, as a server would start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7$kq!2vB9#mL0@pZ4^rT8&wN1*eY6(uC3)hJ5-oA%sD_gF+iK=lQ~",
    "ALLOWED_HOSTS": "portal.example.fi",
    "DATABASE_URL": "postgres://portal@db.example.fi:5432/portal",
    "CELERY_BROKER_URL": "redis://broker.example.fi:6379/0",
    "IDENTITY_CODE_ENCRYPTION_KEYS": "mKqhfLBXJsyqj2mSuPjGzqEoVhyS7PU5Gs9WGx2lMzU=",
    "IDENTITY_CODE_HMAC_KEY": "hmac-key-for-the-deploy-check-0123456789abcdef",
    "TWO_FACTOR_ENCRYPTION_KEYS": "Xq2n9dkVb1mA8Yw0c3Zr4Tt6Uu7Ii5Oo1Pp2Ll3Kk4M=",
}

DEPLOY_CHECK = (
    "from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)


def run_django(code: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "essote_sos.settings",
        "SECRET_KEY_FILE": str(tmp_path / "secret"),
        "STATIC_ROOT": str(tmp_path / "static"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_of(env, tmp_path, *names):
    code = (
        "from django.conf import settings as s; import json; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_django(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_serve_one_machine_with_nothing_installed(tmp_path):
    found = settings_of(
        {}, tmp_path, "DATABASES", "CELERY_TASK_ALWAYS_EAGER", "DEBUG", "SECRET_KEY_SOURCE"
    )
    assert found["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert found["DATABASES"]["default"]["NAME"] == str(ROOT / "db.sqlite3")
    assert found["CELERY_TASK_ALWAYS_EAGER"] is True
    assert found["DEBUG"] is False
    assert found["SECRET_KEY_SOURCE"] == "file"
    assert (tmp_path / "secret").stat().st_mode & 0o077 == 0


def test_postgres_and_redis_come_from_the_environment(tmp_path):
    found = settings_of(
        PRODUCTION,
        tmp_path,
        "DATABASES",
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
        "ALLOWED_HOSTS",
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
    )
    database = found["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == (
        "db.example.fi",
        "portal",
        "portal",
    )
    assert found["CELERY_BROKER_URL"] == PRODUCTION["CELERY_BROKER_URL"]
    assert found["CELERY_TASK_ALWAYS_EAGER"] is False
    assert found["ALLOWED_HOSTS"] == ["portal.example.fi"]
    assert found["SECRET_KEY"] == PRODUCTION["SECRET_KEY"]
    assert found["SECURE_SSL_REDIRECT"] is True


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_deploy_check_warns_when_the_key_comes_from_a_local_file(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        env,
        tmp_path,
    )
    assert result.returncode != 0
    assert "essote_sos.W001" in result.stderr


def test_deploy_check_warns_when_identity_code_keys_are_derived(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("IDENTITY_CODE")}
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        env,
        tmp_path,
    )
    assert result.returncode != 0
    assert "essote_sos.W002" in result.stderr


def test_visibility_timeout_must_outlast_the_longest_task(tmp_path):
    result = run_django(
        "pass",
        {"CELERY_TASK_TIME_LIMIT": "7200", "CELERY_VISIBILITY_TIMEOUT": "3600"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT" in result.stderr


@pytest.mark.parametrize("flag", ["1", "true", "yes"])
def test_debug_reads_the_usual_truthy_values(tmp_path, flag):
    assert settings_of({"DEBUG": flag}, tmp_path, "DEBUG")["DEBUG"] is True


def test_production_settings_are_hardened(tmp_path):
    found = settings_of(
        PRODUCTION,
        tmp_path,
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "TWO_FACTOR_REQUIRED",
        "TWO_FACTOR_KEYS_DERIVED",
        "SESSION_IDLE_TIMEOUT",
        "SESSION_ABSOLUTE_TIMEOUT",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "AXES_FAILURE_LIMIT",
        "MIDDLEWARE",
        "AUTHENTICATION_BACKENDS",
    )
    assert found["SESSION_COOKIE_SECURE"] is True
    assert found["CSRF_COOKIE_SECURE"] is True
    assert found["SESSION_COOKIE_HTTPONLY"] is True
    assert found["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["X_FRAME_OPTIONS"] == "DENY"
    assert found["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert found["TWO_FACTOR_REQUIRED"] is True
    assert found["TWO_FACTOR_KEYS_DERIVED"] is False
    assert (found["SESSION_IDLE_TIMEOUT"], found["SESSION_ABSOLUTE_TIMEOUT"]) == (1800, 43200)
    assert found["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert found["AXES_FAILURE_LIMIT"] == 5
    assert found["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert "accounts.middleware.TwoFactorMiddleware" in found["MIDDLEWARE"]
    assert found["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"


def test_deploy_check_refuses_production_without_two_factor_login(tmp_path):
    result = run_django(DEPLOY_CHECK, {**PRODUCTION, "TWO_FACTOR_REQUIRED": "false"}, tmp_path)
    assert result.returncode != 0
    assert "essote_sos.E001" in result.stderr


def test_deploy_check_warns_when_two_factor_keys_are_derived(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "TWO_FACTOR_ENCRYPTION_KEYS"}
    result = run_django(DEPLOY_CHECK, env, tmp_path)
    assert result.returncode != 0
    assert "essote_sos.W003" in result.stderr


def test_deploy_check_warns_when_session_limits_are_out_of_order(tmp_path):
    env = {**PRODUCTION, "SESSION_IDLE_TIMEOUT": "50000", "SESSION_ABSOLUTE_TIMEOUT": "43200"}
    result = run_django(DEPLOY_CHECK, env, tmp_path)
    assert result.returncode != 0
    assert "essote_sos.W004" in result.stderr


def test_the_demo_turns_two_factor_login_off(tmp_path):
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export TWO_FACTOR_REQUIRED ?= false" in makefile
    assert settings_of({}, tmp_path, "TWO_FACTOR_REQUIRED")["TWO_FACTOR_REQUIRED"] is True
