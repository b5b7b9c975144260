"""Load from a second process on loopback: many signed-in users for a while.

    python scripts/load_test.py [--users 50] [--think-ms 2000] [--duration 60]

Runs the portal under gunicorn (production settings, on the database in
DATABASE_URL, which must hold the demo data: `make bench` loads it), signs in
the demo's staff through Django's session machinery, and drives the server
with wrk (Debian's package): each connection is a user who reads the next
of the pages a user of that role reads every day, with that user's
session, and pauses to read it (--think-ms on average; 0 hammers the
server).  Each connection opens with one request for /health/, sent at once
as a browser sends its first request (see LUA).  A single user without
pauses first gives the baseline.  It prints the
latency percentiles in the server's answers and the number of errors, and
exits non-zero if any request failed (a 4xx or 5xx answer, or a broken
connection).  It measures; it is not a test with a time limit.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The pages each demo role reads, by username.
PAGES = {
    "sosiaalityontekija": ["/arvioinnit/omat/", "/asiakkaat/", "/ryhmat/"],
    "sosiaaliohjaaja": ["/arvioinnit/omat/", "/jalkautuminen/", "/ryhmat/"],
    "esihenkilo": ["/raportit/tilannekuva/?vuosi=2019", "/rakenteellinen/havainnot/yhteenveto/"],
    "koordinaattori": ["/raportit/", "/raportit/esf/", "/raportit/tilannekuva/?vuosi=2019"],
}

LUA = """
local pairs_ = {%(pairs)s}
local n = 0
-- wrk opens each thread's connections at once and pauses before every
-- request, the first too.  A gthread worker gives a new connection a thread
-- that waits for its first request (up to 5 s), so users pausing on a fresh
-- connection would hold the server's threads idle: a browser sends its first
-- request at once.  So each connection opens with /health/ (cheap), without
-- a pause; then the user reads pages and pauses to read each.
local opened = 0
local function opening()
  return opened < %(per_thread)d
end
delay = function()
  if opening() then
    return 0
  end
  return math.random(%(think_ms)d / 2, %(think_ms)d * 3 / 2)
end
request = function()
  if opening() then
    opened = opened + 1
    return wrk.format("GET", "/health/", {["Host"] = "127.0.0.1"})
  end
  n = n + 1
  local pair = pairs_[(n %% #pairs_) + 1]
  return wrk.format("GET", pair[2], {["Cookie"] = pair[1], ["Host"] = "127.0.0.1"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%%d non2xx=%%d socket_errors=%%d "
    .. "p50_ms=%%.1f p95_ms=%%.1f p99_ms=%%.1f max_ms=%%.1f\\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def server_env(port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "essote_sos.settings",
        "DEBUG": "false",
        "STATIC_MANIFEST": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ.get(
            "SECRET_KEY", "load-test-only-secret-key-never-used-on-a-server-0123456789"
        ),
        "TWO_FACTOR_REQUIRED": "false",
        "LOG_LEVEL": "WARNING",
    }


def sessions(env) -> list[tuple[str, str]]:
    """(cookie header, path) for every page of every signed-in demo user."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    pairs = []
    for username, paths in PAGES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        pairs += [(cookie, path) for path in paths]
    return pairs


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer at {url}.")


def drive(port, pairs, *, users, think_ms, duration) -> dict:
    """Run wrk against the server; its figures as a dict of numbers."""
    # wrk gives each thread connections // threads connections: a number of
    # threads that divides the users opens exactly one connection per user.
    threads = max(t for t in range(1, min(4, users) + 1) if users % t == 0)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            LUA
            % {
                "pairs": ", ".join(f'{{"{c}", "{p}"}}' for c, p in pairs),
                "think_ms": max(think_ms, 0),
                "per_thread": users // threads,
            }
        )
    try:
        result = subprocess.run(
            [
                "wrk",
                f"--threads={threads}",
                f"--connections={users}",
                f"--duration={duration}s",
                "--timeout=10s",
                f"--script={script.name}",
                f"http://127.0.0.1:{port}/",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))
    figures = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    print(
        f"{users:3d} users, think {think_ms} ms, {duration} s: "
        f"{figures['requests']:.0f} requests, p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; "
        f"{figures['non2xx']:.0f} error answers, {figures['socket_errors']:.0f} socket errors"
    )
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think-ms", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="Threads of a gthread worker.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    env = server_env(args.port)
    pairs = sessions(env)
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn if gunicorn.exists() else "gunicorn"),
            "essote_sos.wsgi",
            f"--bind=127.0.0.1:{args.port}",
            f"--workers={args.workers}",
            f"--worker-class={args.worker_class}",
            f"--threads={args.threads if args.worker_class == 'gthread' else 1}",
            # Longer than a user's pause, so that an idle connection is not cut.
            "--keep-alive=30",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/health/")
        alone = drive(args.port, pairs, users=1, think_ms=0, duration=min(args.duration, 10))
        loaded = drive(
            args.port, pairs, users=args.users, think_ms=args.think_ms, duration=args.duration
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"p95 alone {alone['p95_ms']} ms, under load {loaded['p95_ms']} ms "
        f"({loaded['p95_ms'] / alone['p95_ms']:.1f}x)"
    )
    failed = sum(run["non2xx"] + run["socket_errors"] for run in (alone, loaded))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
