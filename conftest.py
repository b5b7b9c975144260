"""Fixtures shared by every app's tests.

The suite runs on PostgreSQL and Redis only (make test sets them up); the
three users of every access test are alice (a worker of unit A), bob (a worker
of unit B in the same area) and an anonymous visitor.
"""

import os
from importlib import import_module
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections

from accounts.models import Role
from accounts.tests.factories import AreaFactory, UnitFactory, UserFactory
from clients.tests.factories import ClientFactory

# pytest-playwright runs an event loop in the test thread; the ORM calls of
# live_server tests are still synchronous (ENVIRONMENT.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            "The tests run on PostgreSQL only. Run `make test`, or set "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/essote_sos."
        )
    # Plain HTTP in tests (the test client and live_server); the production
    # values are checked by tests/test_settings.py in a process of their own.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Static files straight from the source folders: production's manifest
    # storage needs collectstatic, which the deploy documentation covers.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Fast hashing: the tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """Two-factor login stays required in the tests.  `client.force_login`
    stands for a whole login, so it also passes the second factor (with a
    real, enrolled device); `client.force_login_password_only` stops after
    the password, for the tests of two-factor login itself."""
    from django.test import Client

    from accounts.tests.two_factor_helpers import verify_client_session

    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        verify_client_session(self, user)

    monkeypatch.setattr(Client, "force_login_password_only", password_only, raising=False)
    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def area():
    return AreaFactory(name="Testialue", code="testialue")


@pytest.fixture
def unit_a(area):
    return UnitFactory(area=area, name="Yksikkö A", code="yksikko-a")


@pytest.fixture
def unit_b(area):
    return UnitFactory(area=area, name="Yksikkö B", code="yksikko-b")


@pytest.fixture
def alice(area, unit_a):
    """A social worker of unit A."""
    return UserFactory(username="alice", area=area, units=[unit_a])


@pytest.fixture
def bob(area, unit_b):
    """A social worker of unit B: same area, another unit."""
    return UserFactory(username="bob", area=area, units=[unit_b])


@pytest.fixture
def supervisor(area, unit_a):
    return UserFactory(username="sue", role=Role.SUPERVISOR, area=area, units=[unit_a])


@pytest.fixture
def coordinator(area, unit_a):
    return UserFactory(username="cora", role=Role.COORDINATOR, area=area, units=[unit_a])


@pytest.fixture
def administrator():
    return UserFactory(
        username="adam", role=Role.ADMINISTRATOR, area=None, is_staff=True, is_superuser=True
    )


@pytest.fixture
def client_of_a(unit_a, alice):
    return ClientFactory(unit=unit_a, responsible_worker=alice)


@pytest.fixture
def client_of_b(unit_b, bob):
    return ClientFactory(unit=unit_b, responsible_worker=bob)


# Data migrations that load reference data (code lists, measure definitions).
REFERENCE_DATA_MIGRATIONS = [
    "clients.migrations.0003_initial_code_lists",
    "assessments.migrations.0002_assessment_code_lists",
    "assessments.migrations.0004_measure_definitions",
    "structural.migrations.0002_observation_themes",
]


@pytest.fixture
def reference_data(db):
    """The reference data of the data migrations, for transactional tests:
    the flush after an earlier transactional test empties every table."""
    from django.apps import apps

    for name in REFERENCE_DATA_MIGRATIONS:
        import_module(name).load(apps, None)


# --- Celery: a real worker on Redis ------------------------------------------


def _redis_url(database: int) -> str:
    base = urlsplit(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379")
    return urlunsplit(base._replace(path=f"/{database}"))


@pytest.fixture(scope="session")
def celery_config(worker_id):
    """The project's own Celery settings, on Redis databases and a queue of
    the tests' own, so that a development worker cannot steal their tasks."""
    config = {
        name.removeprefix("CELERY_").lower(): getattr(settings, name)
        for name in dir(settings)
        if name.startswith("CELERY_")
    }
    config.update(
        broker_url=_redis_url(14),
        result_backend=_redis_url(15),
        task_always_eager=False,
        task_default_queue=f"essote-test-{worker_id}-{os.getpid()}",
    )
    return config


@pytest.fixture(scope="session")
def celery_parameters():
    from essote_sos.celery import app

    return {"task_cls": app.task_cls}


@task_postrun.connect(weak=False)
def _close_worker_connections(**kwargs):
    # The worker thread opens its own database connection; close it so that
    # the test database can be dropped at the end.
    connections.close_all()


# --- Browser: Debian's Chromium, offline ---------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script; the portal's own pages never
    # need inline scripts, so only the test context may bypass the policy.
    return {**browser_context_args, "bypass_csp": True, "locale": "fi-FI"}
