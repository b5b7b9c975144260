"""A worker killed while it builds a report: the report is still built,
exactly once (issue 9, "Concurrency and faults").

Real Celery workers run in processes of their own (`celery -A essote_sos
worker --pool=prefork`), on the test database and on the tests' Redis under
a key prefix and a queue of this module's own.  The build is the real one;
the only thing added is a pause right after the report's PDF has been saved
(this module, imported into the worker with `-I`, wraps the file storage's
save when WORKER_KILL_PAUSE_FILE is set), so that the test knows the build is
half-way, with a file on disk that no run points at, and kills it there:

* the pool process building the report, with SIGKILL: billiard reports the
  worker lost, Celery rejects the message back to the queue
  (task_reject_on_worker_lost), the worker's new pool process gets it and
  takes the run over with the same message (reports/services.py,
  report_run_claim);
* the whole worker, with SIGKILL (its pool process dies with it): the message
  stays unacknowledged in Redis until the visibility timeout, short here, and
  a new worker builds the report.

Either way: one run row; two attempts, one of them lost; one PDF, XLSX and
CSV under the names of the key (the half-built PDF replaced, not doubled);
the task succeeded once and its message was acknowledged.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery.signals import before_task_publish
from django.db import connection

# The task module at collection time: a shared task joins each test app
# only if it was declared before the app was set up.
from reports import services, tasks
from reports.models import ReportKind, ReportRun, RunStatus, Trigger

PAUSE_FILE_ENV = "WORKER_KILL_PAUSE_FILE"
KEY_PREFIX_ENV = "WORKER_KILL_KEY_PREFIX"
# Long enough that only the kill ends the pause.
PAUSE_SECONDS = 60
MARCH = (datetime.date(2019, 3, 1), datetime.date(2019, 3, 31))
BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")
# This test process's own queue and Redis keys: a development worker, or the
# other tests' workers, never see its messages, and its short visibility
# timeout never hands their unacknowledged messages round again.
RUN_ID = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
QUEUE = f"essote-worker-kill-{RUN_ID}"
KEY_PREFIX = f"essote-worker-kill-{RUN_ID}:"


def _install_in_worker() -> None:
    """In a worker started by these tests (which import this module into it
    before its pool starts): the test's Redis keys, and the pause."""
    from django.core.files.storage import FileSystemStorage

    from essote_sos.celery import app

    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "global_keyprefix": os.environ[KEY_PREFIX_ENV],
        # Look for messages past their visibility timeout every second (by
        # default every 100 s), so that the test need not wait for a sweep.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    pause_file = os.environ[PAUSE_FILE_ENV]
    real_save = FileSystemStorage._save

    def save_then_pause_once(self, name, content):
        saved = real_save(self, name, content)
        if name.endswith(".pdf"):
            try:
                marker = os.open(pause_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return saved  # the build after the kill runs straight through
            os.write(marker, str(os.getpid()).encode())
            os.close(marker)
            time.sleep(PAUSE_SECONDS)
        return saved

    FileSystemStorage._save = save_then_pause_once


if os.environ.get(PAUSE_FILE_ENV):
    _install_in_worker()


# --- Workers in processes of their own ---------------------------------------------


@pytest.fixture(scope="session")
def celery_config(celery_config):
    """The tests' Celery settings, with this module's queue and key prefix
    (the app that `report_run_request` sends the build task through)."""
    return {
        **celery_config,
        "task_default_queue": QUEUE,
        "broker_transport_options": {
            **celery_config["broker_transport_options"],
            "global_keyprefix": KEY_PREFIX,
        },
    }


def _database_url() -> str:
    """The test database (test_<name>, with _gw<n> under xdist): the worker
    must read and write the rows this test commits."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def _parent_pid(pid: int) -> int | None:
    """The parent of a process, or None if it is gone (or a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    state, ppid = stat.rsplit(")", 1)[1].split()[:2]
    return None if state in ("Z", "X") else int(ppid)


class Workers:
    """Starts Celery workers for one test and kills them all afterwards."""

    def __init__(self, tmp_path: Path, broker_url: str):
        self.tmp_path = tmp_path
        self.broker_url = broker_url
        self.media_root = tmp_path / "media"
        self.pause_file = tmp_path / "paused-build.pid"
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, name: str, **environment: str) -> subprocess.Popen:
        log = self.tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(self.media_root),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_RESULT_BACKEND": self.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
            PAUSE_FILE_ENV: str(self.pause_file),
            KEY_PREFIX_ENV: KEY_PREFIX,
            "PYTHONUNBUFFERED": "1",
            **environment,
        }
        # The test database mirrors the default one for the figures too.
        env.pop("REPORTS_DATABASE_URL", None)
        command = [
            str(CELERY),
            "-A",
            "essote_sos",
            "worker",
            "-I",
            "tests.test_worker_kill",
            "--pool=prefork",
            "--concurrency=1",
            "-Q",
            QUEUE,
            f"--hostname={name}-{RUN_ID}@%h",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        with open(log, "wb") as output:
            process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # Its own process group, so that nothing it forked outlives
                # the test (see close()).
                start_new_session=True,
            )
        self.processes.append(process)
        self.logs.append(log)
        return process

    def log_text(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')}" for log in self.logs)

    def wait_for(self, condition, *, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if result := condition():
                return result
            time.sleep(0.1)
        raise AssertionError(f"{what}: not within {timeout} s\n{self.log_text()[-6000:]}")

    def close(self) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def workers(transactional_db, celery_app, tmp_path, settings):
    """Workers on this test's queue; the test reads their files from the same
    media folder.  Afterwards every worker is killed (before the database is
    flushed) and the test's Redis keys are deleted; celery_app puts the
    current app back."""
    # The build task is sent through the tests' app (celery_app sets it
    # up, but only an in-process worker would make it the current one), on
    # the broker that app really uses (CELERY_BROKER_URL in the environment
    # overrides a configured one).
    celery_app.set_current()
    celery_app.set_default()
    pool = Workers(tmp_path, celery_app.conf.broker_url)
    settings.MEDIA_ROOT = pool.media_root
    client = redis.Redis.from_url(pool.broker_url)
    try:
        yield pool
    finally:
        pool.close()
        for key in client.scan_iter(match=f"{KEY_PREFIX}*"):
            client.delete(key)
        client.close()


@pytest.fixture
def published():
    """The ids of the task messages this test sends."""
    ids = []

    def remember(headers=None, **kwargs):
        ids.append(headers["id"])

    before_task_publish.connect(remember, weak=False)
    yield ids
    before_task_publish.disconnect(remember)


# --- What every kill must leave -----------------------------------------------------


def request_march_report(unit, by) -> ReportRun:
    return services.report_run_request(
        kind=ReportKind.MONTHLY,
        period_start=MARCH[0],
        period_end=MARCH[1],
        area=unit.area,
        unit=unit,
        trigger=Trigger.USER,
        by=by,
    )


def wait_until_half_built(workers: Workers, run: ReportRun) -> int:
    """The pid of the pool process that has saved the run's PDF and now
    pauses; the run is running, held by that process."""
    workers.wait_for(
        lambda: workers.pause_file.exists() and workers.pause_file.read_text(),
        timeout=40,
        what="the build reaching its PDF",
    )
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.attempts == 1
    assert run.worker_pid == int(workers.pause_file.read_text())
    # The PDF is on disk, but no run points at it yet.
    pdf = services.report_run_file_name(run, "pdf")
    assert sorted(p.name for p in workers.media_root.rglob("*") if p.is_file()) == [pdf]
    assert not run.pdf
    return run.worker_pid


def assert_built_exactly_once(workers: Workers, run: ReportRun, *, task_id: str) -> ReportRun:
    run = workers.wait_for(
        lambda: (
            (r := ReportRun.objects.get(pk=run.pk)).status
            in (RunStatus.SUCCEEDED, RunStatus.FAILED)
            and r
        ),
        timeout=40,
        what="the run finishing",
    )
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert ReportRun.objects.count() == 1
    assert run.attempts == 2 and run.lost_attempts == 1
    # Taken over by the very message that was sent, redelivered.
    assert run.task_message == f"{task_id}:0"
    assert run.progress == 100 and run.finished_at is not None and run.error == ""
    # One file of each kind, under the names of the key: the half-built PDF
    # was replaced, not kept beside the new one.
    on_disk = sorted(
        str(p.relative_to(workers.media_root)) for p in workers.media_root.rglob("*") if p.is_file()
    )
    assert on_disk == sorted([run.pdf.name, run.xlsx.name, run.csv.name])
    assert [Path(name).name for name in on_disk] == sorted(
        services.report_run_file_name(run, name) for name in ("csv", "pdf", "xlsx")
    )
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", run.pdf.path, "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "Kuukausittainen indikaattoriraportti" in text, text[:500]
    assert run.unit.name in text and "2019" in text
    # The worker finished the task once, and acknowledged its message:
    # nothing is left in Redis to deliver again.
    done = f"Task {tasks.build_report_run.name}[{task_id}] succeeded"
    workers.wait_for(lambda: done in workers.log_text(), timeout=10, what="the success logged")
    assert workers.log_text().count(done) == 1
    broker = redis.Redis.from_url(workers.broker_url)
    try:
        workers.wait_for(
            lambda: (
                not broker.exists(f"{KEY_PREFIX}unacked") and not broker.llen(KEY_PREFIX + QUEUE)
            ),
            timeout=10,
            what="the message acknowledged",
        )
    finally:
        broker.close()
    return run


# --- The tests ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_pool_process_killed_mid_build_the_same_worker_builds_the_report_once(
    workers, published, reference_data, unit_a, coordinator
):
    worker = workers.start("worker")
    run = request_march_report(unit_a, coordinator)
    assert len(published) == 1
    building = wait_until_half_built(workers, run)
    assert _parent_pid(building) == worker.pid  # a pool process of the worker

    os.kill(building, signal.SIGKILL)

    run = assert_built_exactly_once(workers, run, task_id=published[0])
    # Built by the worker's new pool process, which Celery started in its place.
    assert run.worker_pid != building and _parent_pid(run.worker_pid) == worker.pid
    assert run.worker_host.startswith("worker-")
    log = workers.log_text()
    assert "signal 9 (SIGKILL)" in log and "WorkerLostError" in log
    assert worker.poll() is None  # the worker itself lived on
    assert len(published) == 1  # nothing was sent again: the message came back


@pytest.mark.django_db(transaction=True)
def test_a_whole_worker_killed_mid_build_a_new_worker_builds_the_report_once(
    workers, published, reference_data, unit_a, coordinator
):
    # A short visibility timeout, so that Redis hands the message on within
    # the test; the settings insist it outlasts the hard time limit, which
    # must leave the first build time to reach its pause on a busy machine
    # (about 5 s on an idle one, from a fresh pool process).
    limits = {
        "CELERY_TASK_SOFT_TIME_LIMIT": "20",
        "CELERY_TASK_TIME_LIMIT": "22",
        "CELERY_VISIBILITY_TIMEOUT": "24",
    }
    first = workers.start("first", **limits)
    run = request_march_report(unit_a, coordinator)
    building = wait_until_half_built(workers, run)
    assert _parent_pid(building) == first.pid

    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    # Its pool process dies with it (Celery sets PR_SET_PDEATHSIG), so no
    # build is left running while the message waits in Redis.
    workers.wait_for(
        lambda: _parent_pid(building) is None, timeout=10, what="the pool process dying"
    )
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.worker_pid == building

    second = workers.start("second", **limits)
    run = assert_built_exactly_once(workers, run, task_id=published[0])
    assert _parent_pid(run.worker_pid) == second.pid
    assert run.worker_host.startswith("second-")
    assert len(published) == 1
