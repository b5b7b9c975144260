"""The PostgreSQL session settings of the portal's connections
(settings.DATABASE_SESSION_OPTIONS, docs/performance.md)."""

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_connections_run_without_jit():
    # JIT compiled the figures' aggregations for longer than it saved them.
    assert settings.DATABASES["default"]["OPTIONS"]["options"] == "-c jit=off"
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
