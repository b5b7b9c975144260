"""Before the test suite: say which database and broker it uses, and stop
with a clear message when either cannot be reached.  The suite never falls
back to SQLite."""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.sql
import redis

START_HINT = {
    "postgresql": "Start PostgreSQL: pg_ctlcluster --skip-systemctl-redirect "
    "$(ls /etc/postgresql) main start",
    "redis": "Start Redis: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 "
    '--save "" --appendonly no',
}


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def fail(message: str) -> None:
    print(f"make test: {message}", file=sys.stderr)
    sys.exit(2)


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        fail(
            f"the tests run on PostgreSQL only; DATABASE_URL is {without_password(database_url)!r}."
        )
    if not broker_url.startswith(("redis://", "rediss://")):
        fail(
            f"the tests need a Redis broker; CELERY_BROKER_URL is {without_password(broker_url)!r}."
        )
    # Connect to the maintenance database: the suite creates its own test_ one.
    maintenance = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    name = urlsplit(database_url).path.lstrip("/")
    try:
        with psycopg.connect(maintenance, connect_timeout=5, autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            # The suite makes its own test_ database; the named one is created
            # too, so that makemigrations can check the migration history.
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if name and exists.fetchone() is None:
                conn.execute(
                    psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name))
                )
                print(f"Created the database {name}.")
    except psycopg.Error as exc:
        fail(
            f"PostgreSQL at {without_password(database_url)} cannot be reached ({exc}).\n"
            f"{START_HINT['postgresql']}"
        )
    try:
        info = redis.Redis.from_url(broker_url, socket_connect_timeout=5).info("server")
    except redis.RedisError as exc:
        fail(
            f"Redis at {without_password(broker_url)} cannot be reached ({exc}).\n"
            f"{START_HINT['redis']}"
        )
    print(f"Database: PostgreSQL {version} at {without_password(database_url)}")
    print(f"Broker:   Redis {info['redis_version']} at {without_password(broker_url)}")


if __name__ == "__main__":
    main()
