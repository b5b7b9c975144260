"""Report runs: one run per key however often it is requested, the monthly
schedule, claiming, retries and failures, the in-process (no broker) mode,
and the pages with their access rules."""

import datetime
import threading
import time

import pytest
import time_machine
from celery.signals import task_retry
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Role
from accounts.tests.factories import AreaFactory, UnitFactory, UserFactory
from essote_sos.celery import BEAT_SCHEDULE
from essote_sos.celery import app as project_app
from outreach.tests.factories import OutreachVisitFactory
from reports import services, tasks
from reports.models import ReportKind, ReportRun, RunStatus, Trigger

MARCH = (datetime.date(2019, 3, 1), datetime.date(2019, 3, 31))
HELSINKI = datetime.timezone(datetime.timedelta(hours=3))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def in_process():
    """`make run` without a broker: tasks run in-process (settings.py sets
    CELERY_TASK_ALWAYS_EAGER when CELERY_BROKER_URL is empty).  Such tests are
    transactional: the test worker's hook (conftest.py) closes the database
    connection after every task, which a test's own transaction would not
    survive."""
    was = project_app.conf.task_always_eager
    project_app.conf.task_always_eager = True
    yield
    project_app.conf.task_always_eager = was


@pytest.fixture
def broken_storage(monkeypatch):
    """The file storage fails as a full or unmounted disk does; `fail.times`
    says how many saves fail before it works again (None: all of them)."""
    calls = {"failed": 0, "times": None}
    real_save = FileSystemStorage._save

    def save(self, name, content):
        if calls["times"] is None or calls["failed"] < calls["times"]:
            calls["failed"] += 1
            raise OSError(28, "No space left on device")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return calls


def request_march(unit=None, *, area, by=None):
    return services.report_run_request(
        kind=ReportKind.MONTHLY,
        period_start=MARCH[0],
        period_end=MARCH[1],
        area=area,
        unit=unit,
        trigger=Trigger.USER if by else Trigger.SCHEDULE,
        by=by,
    )


def files_in(path):
    return sorted(p.name for p in path.rglob("*") if p.is_file())


# --- The schedule and the unique key -------------------------------------------


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2019, 4, 1, 2, 30, tzinfo=HELSINKI), tick=False)
def test_the_monthly_task_run_twice_gives_one_report_run_per_scope(
    area, unit_a, unit_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as first:
        tasks.monthly_reports()
    with django_capture_on_commit_callbacks() as second:
        tasks.monthly_reports()
    assert ReportRun.objects.count() == 3  # the area and its two units
    assert len(first) == 3
    assert second == []  # the runs were still queued: nothing started twice


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2019, 4, 1, 2, 30, tzinfo=HELSINKI), tick=False)
def test_the_schedule_builds_last_months_report_for_each_active_unit_and_area(
    area, unit_a, unit_b, django_capture_on_commit_callbacks
):
    UnitFactory(area=area, name="Lakkautettu", code="lakkautettu", is_active=False)
    other_area = AreaFactory(name="Toinen alue", code="toinen")
    other_unit = UnitFactory(area=other_area, code="toinen-yksikko")
    with django_capture_on_commit_callbacks() as enqueued:
        tasks.monthly_reports()
    runs = ReportRun.objects.all()
    assert sorted(r.scope_key for r in runs) == [
        "area:testialue",
        "area:toinen",
        f"unit:{other_unit.code}",
        f"unit:{unit_a.code}",
        f"unit:{unit_b.code}",
    ]
    assert {(r.kind, r.period_start, r.period_end) for r in runs} == {("monthly", *MARCH)}
    assert {(r.trigger, r.triggered_by_id, r.status) for r in runs} == {
        (Trigger.SCHEDULE, None, RunStatus.QUEUED)
    }
    # One build task per run, sent only once the runs are committed.
    assert sorted(callback.args for callback in enqueued) == sorted((r.pk,) for r in runs)
    assert BEAT_SCHEDULE["monthly-reports"]["task"] == "reports.tasks.monthly_reports"
    assert BEAT_SCHEDULE["monthly-reports"]["schedule"].day_of_month == {1}


@pytest.mark.django_db(transaction=True)
def test_a_rerun_replaces_the_run_and_its_files(media, unit_a, coordinator, in_process):
    first = request_march(unit_a, area=unit_a.area, by=coordinator)
    first.refresh_from_db()
    assert first.status == RunStatus.SUCCEEDED
    old_files = files_in(media)
    assert len(old_files) == 3

    again = request_march(unit_a, area=unit_a.area)
    again.refresh_from_db()
    assert again.pk == first.pk and ReportRun.objects.count() == 1
    assert again.status == RunStatus.SUCCEEDED and again.trigger == Trigger.SCHEDULE
    assert again.triggered_by is None and again.attempts == 1
    # The old files are gone; only the new build's three remain.
    assert len(files_in(media)) == 3
    assert {again.pdf.name, again.xlsx.name, again.csv.name} == {
        f"reports/monthly/2019-03/{name}" for name in files_in(media)
    }


@pytest.mark.django_db
def test_a_request_is_refused_for_a_unit_of_another_area_or_a_reversed_period(area, unit_a):
    other = UnitFactory(area=AreaFactory(code="muu"), code="muu-yksikko")
    with pytest.raises(services.ReportRunError):
        request_march(other, area=area)
    with pytest.raises(services.ReportRunError):
        services.report_run_request(
            kind=ReportKind.MONTHLY,
            period_start=MARCH[1],
            period_end=MARCH[0],
            area=area,
            trigger=Trigger.COMMAND,
        )
    assert not ReportRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_report_create_one_run(
    celery_worker, reference_data, media, area, unit_a
):
    barrier = threading.Barrier(4)
    ids, errors = [], []

    def ask():
        try:
            barrier.wait()
            ids.append(request_march(unit_a, area=area).pk)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(ids)) == 1 and ReportRun.objects.count() == 1
    run = wait_until_finished(ids[0])
    assert run.status == RunStatus.SUCCEEDED and run.attempts == 1


# --- Claiming, retries and failures ---------------------------------------------


def wait_until_finished(run_id, timeout=60) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run
        time.sleep(0.2)
    raise AssertionError(f"the run is still {run.status} after {timeout} s")


@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_twice_builds_the_run_once(media, unit_a, in_process):
    run = request_march(unit_a, area=unit_a.area)
    run.refresh_from_db()
    finished_at = run.finished_at
    assert run.status == RunStatus.SUCCEEDED
    # The same message again (a worker died before acknowledging it).
    tasks.build_report_run.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.finished_at == finished_at and run.attempts == 1
    assert len(files_in(media)) == 3


@pytest.mark.django_db
def test_a_running_build_is_claimed_once_unless_its_worker_died(unit_a, settings):
    run = ReportRun.objects.create(
        kind=ReportKind.MONTHLY,
        period_start=MARCH[0],
        period_end=MARCH[1],
        area=unit_a.area,
        unit=unit_a,
        trigger=Trigger.SCHEDULE,
    )
    assert services.report_run_claim(run_id=run.pk) is not None
    assert services.report_run_claim(run_id=run.pk) is None  # taken
    run.refresh_from_db()
    assert not services.report_run_is_stale(run)
    # Past the hard time limit the build was certainly killed.
    later = timezone.now() + datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    with time_machine.travel(later):
        run.refresh_from_db()
        assert services.report_run_is_stale(run)
        assert services.report_run_claim(run_id=run.pk).attempts == 2


def queued_march_run(unit) -> ReportRun:
    return ReportRun.objects.create(
        kind=ReportKind.MONTHLY,
        period_start=MARCH[0],
        period_end=MARCH[1],
        area=unit.area,
        unit=unit,
        trigger=Trigger.SCHEDULE,
    )


@pytest.mark.django_db
def test_the_message_whose_worker_died_takes_its_run_over_and_no_other_task_does(unit_a):
    run = queued_march_run(unit_a)
    first = services.report_run_claim(
        run_id=run.pk, message="task-1:0", worker_host="celery@a", worker_pid=101
    )
    assert (first.task_message, first.worker_host, first.worker_pid) == (
        "task-1:0",
        "celery@a",
        101,
    )
    # Another task for the same run -- a duplicate, a direct call, the
    # task's own retry message -- never starts a second build.
    assert services.report_run_claim(run_id=run.pk, message="task-2:0") is None
    assert services.report_run_claim(run_id=run.pk, message="task-1:1") is None
    assert services.report_run_claim(run_id=run.pk) is None
    # The same message again: its pool process was killed, Celery gave the
    # message back to the queue.
    again = services.report_run_claim(
        run_id=run.pk, message="task-1:0", worker_host="celery@b", worker_pid=202
    )
    assert again.status == RunStatus.RUNNING and again.attempts == 2 and again.lost_attempts == 1
    assert (again.worker_host, again.worker_pid) == ("celery@b", 202)
    assert services.report_run_claim(run_id=run.pk, message="task-2:0") is None


@pytest.mark.django_db
def test_a_report_that_kills_its_worker_every_time_fails_instead_of_looping(unit_a, media):
    run = queued_march_run(unit_a)
    claimed = services.report_run_claim(run_id=run.pk, message="task-1:0")
    # The build got as far as its PDF, then its worker was killed; and so
    # were the next ones.
    claimed.pdf.save(services.report_run_file_name(claimed, "pdf"), ContentFile(b"%PDF-1."))
    for _attempt in range(services.MAX_LOST_ATTEMPTS):
        assert services.report_run_claim(run_id=run.pk, message="task-1:0") is not None
    assert files_in(media) == [services.report_run_file_name(run, "pdf")]
    assert services.report_run_claim(run_id=run.pk, message="task-1:0") is None
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.attempts == 1 + services.MAX_LOST_ATTEMPTS
    assert run.lost_attempts == services.MAX_LOST_ATTEMPTS and run.finished_at is not None
    assert "muisti" in run.error or "memory" in run.error
    assert files_in(media) == []  # the half-written PDF is gone
    # Failed is final: the message delivered once more changes nothing.
    assert services.report_run_claim(run_id=run.pk, message="task-1:0") is None
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.attempts == 1 + services.MAX_LOST_ATTEMPTS


@pytest.mark.django_db
def test_a_build_after_a_killed_one_overwrites_its_half_written_files(
    unit_a, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        run = request_march(unit_a, area=unit_a.area)
    killed = services.report_run_claim(run_id=run.pk, message="task-1:0")
    half_written = b"%PDF-1.7 cut short by SIGKILL"
    killed.pdf.save(services.report_run_file_name(killed, "pdf"), ContentFile(half_written))
    rebuild = services.report_run_claim(run_id=run.pk, message="task-1:0")
    services.report_run_build(run=rebuild)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.attempts == 2 and run.lost_attempts == 1
    # One file of each kind, under the names of the key, none with a suffix.
    assert files_in(media) == sorted(
        services.report_run_file_name(run, name) for name in ("pdf", "xlsx", "csv")
    )
    assert run.pdf.name == f"reports/monthly/2019-03/{services.report_run_file_name(run, 'pdf')}"
    assert run.pdf.read() != half_written and run.pdf.size > len(half_written)


@pytest.mark.django_db
def test_a_retry_never_waits_so_long_that_redis_would_deliver_it_twice(settings):
    settings.CELERY_TASK_TIME_LIMIT = 720
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    assert tasks._retry_backoff_max() == tasks.RETRY_BACKOFF_MAX_SECONDS
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 800}
    assert tasks._retry_backoff_max() == 40


@pytest.mark.django_db(transaction=True)
def test_a_failing_build_is_retried_then_shown_as_failed(
    celery_worker, reference_data, media, area, unit_a, broken_storage, monkeypatch
):
    # No waiting between the attempts, so that the test is quick; the retries
    # themselves are the real worker's.
    monkeypatch.setattr(tasks, "RETRY_BACKOFF_SECONDS", 0)
    seen = []

    def remember(request=None, **kwargs):
        seen.append(ReportRun.objects.get().status)

    task_retry.connect(remember, weak=False)
    try:
        run = wait_until_finished(request_march(unit_a, area=area).pk)
    finally:
        task_retry.disconnect(remember)
    assert seen == [RunStatus.RETRYING] * 3
    assert run.status == RunStatus.FAILED and run.attempts == 4
    assert broken_storage["failed"] == 4
    assert "tallent" in run.error.lower() or "storage" in run.error.lower()
    assert "No space left" not in run.error  # the fault's own text stays in the log
    assert run.finished_at is not None
    assert files_in(media) == []  # nothing half-saved


@pytest.mark.django_db(transaction=True)
def test_a_transient_fault_on_a_real_worker_is_retried_with_backoff(
    celery_worker, reference_data, media, area, unit_a, broken_storage
):
    broken_storage["times"] = 1
    run = wait_until_finished(request_march(unit_a, area=area).pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 2 and broken_storage["failed"] == 1
    assert len(files_in(media)) == 3


# --- In-process mode (make run without a broker) -----------------------------------


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_report_is_built_during_the_request(
    client, coordinator, media, in_process
):
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:run_monthly"), {"year": 2019, "month": 3, "scope": "area"}
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:run", args=[run.pk])
    assert run.status == RunStatus.SUCCEEDED and run.triggered_by == coordinator
    page = client.get(response.url)
    assert b'data-indicator="outreach_visits"' in page.content


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_failed_build_shows_on_the_page_not_as_an_error(
    client, coordinator, media, in_process, broken_storage
):
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:run_monthly"), {"year": 2019, "month": 3, "scope": "area"}
    )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    # In-process there is no worker to retry later: it fails at once.
    assert run.status == RunStatus.FAILED and run.attempts == 1
    page = client.get(response.url).content.decode()
    assert escape(run.error) in page
    # "Build again" posts the same month back: the year is not "2 019".
    assert 'name="year" value="2019"' in page and 'name="month" value="3"' in page


# --- Pages and access --------------------------------------------------------------


@pytest.fixture
def other_area_coordinator():
    area = AreaFactory(name="Muu alue", code="muu-alue")
    unit = UnitFactory(area=area, code="muu-yksikko")
    return UserFactory(username="olga", role=Role.COORDINATOR, area=area, units=[unit])


def finished_run(*, area, unit=None, month=3):
    """A built run with real files, through the services the task calls."""
    run = services.report_run_request(
        kind=ReportKind.MONTHLY,
        period_start=datetime.date(2019, month, 1),
        period_end=(datetime.date(2019, month + 1, 1) - datetime.timedelta(days=1)),
        area=area,
        unit=unit,
        trigger=Trigger.SCHEDULE,
    )
    services.report_run_build(run=services.report_run_claim(run_id=run.pk))
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_the_runs_page_access(client, alice, supervisor, coordinator, administrator):
    url = reverse("reports:runs")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in (alice, administrator):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(supervisor)
    page = client.get(url)
    assert page.status_code == 200 and b"monthly-report-form" not in page.content
    client.force_login(coordinator)
    page = client.get(url)
    assert b"monthly-report-form" in page.content and b"final-report-form" in page.content


@pytest.mark.django_db
def test_runs_are_seen_within_the_users_scope_only(
    client,
    media,
    area,
    unit_a,
    unit_b,
    alice,
    supervisor,
    coordinator,
    other_area_coordinator,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks():
        area_run = finished_run(area=area)
        run_a = finished_run(area=area, unit=unit_a)
        run_b = finished_run(area=area, unit=unit_b)

    def status(user, run, name="reports:run", *extra):
        client.force_login(user)
        return client.get(reverse(name, args=[run.pk, *extra])).status_code

    for run in (area_run, run_a, run_b):
        assert status(coordinator, run) == 200
        assert status(other_area_coordinator, run) == 404
        assert status(alice, run) == 403
        assert status(coordinator, run, "reports:run_download", "pdf") == 200
        assert status(other_area_coordinator, run, "reports:run_download", "pdf") == 404
        assert status(other_area_coordinator, run, "reports:run_status") == 404
    # A supervisor sees their own unit's runs, not another unit's nor the area's.
    assert status(supervisor, run_a) == 200
    assert status(supervisor, run_a, "reports:run_download", "xlsx") == 200
    assert status(supervisor, run_b) == 404
    assert status(supervisor, area_run) == 404
    client.force_login(supervisor)
    listed = client.get(reverse("reports:runs")).context["runs"]
    assert list(listed) == [run_a]
    client.logout()
    assert client.get(reverse("reports:run", args=[run_a.pk])).status_code == 302


@pytest.mark.django_db
def test_downloads_have_their_types_and_finnish_names(
    client, media, area, unit_a, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        run = finished_run(area=area, unit=unit_a)
    client.force_login(coordinator)
    expected = {
        "pdf": ("application/pdf", b"%PDF"),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        "csv": ("text/csv; charset=utf-8", b"\xef\xbb\xbf"),
    }
    for name, (content_type, magic) in expected.items():
        response = client.get(reverse("reports:run_download", args=[run.pk, name]))
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (
            f'attachment; filename="kuukausiraportti_2019-03_{unit_a.code}.{name}"'
        )
        assert b"".join(response.streaming_content).startswith(magic)
    missing = reverse("reports:run_download", args=[run.pk, "docx"])
    assert client.get(missing).status_code == 404


@pytest.mark.django_db
def test_the_status_json_follows_the_run(
    client, area, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        run = request_march(area=area, by=coordinator)
    client.force_login(coordinator)
    url = reverse("reports:run_status", args=[run.pk])
    body = client.get(url).json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["finished"] is False
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    assert client.get(url).json()["progress"] == 40
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "js/progress.js" in page and f'href="{reverse("reports:run", args=[run.pk])}"' in page


@pytest.mark.django_db
def test_only_a_coordinator_builds_reports_and_only_of_their_area(
    client,
    area,
    unit_a,
    alice,
    supervisor,
    coordinator,
    other_area_coordinator,
    django_capture_on_commit_callbacks,
):
    url = reverse("reports:run_monthly")
    march_a = {"year": 2019, "month": 3, "scope": unit_a.code}
    assert client.post(url, march_a).status_code == 302
    assert "kirjaudu" in client.post(url, march_a).url
    for user in (alice, supervisor):
        client.force_login(user)
        assert client.post(url, march_a).status_code == 403
    client.force_login(other_area_coordinator)
    assert client.post(url, march_a).status_code == 400  # not a unit of their area
    assert not ReportRun.objects.exists()

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks() as enqueued:
        response = client.post(url, march_a)
        again = client.post(url, march_a)
    run = ReportRun.objects.get()
    assert response.url == again.url == reverse("reports:run", args=[run.pk])
    assert (run.unit, run.trigger, run.triggered_by) == (unit_a, Trigger.USER, coordinator)
    assert len(enqueued) == 1  # the second request found it queued

    future = timezone.localdate() + datetime.timedelta(days=40)
    response = client.post(url, {"year": future.year, "month": future.month, "scope": "area"})
    assert response.status_code == 400 and ReportRun.objects.count() == 1

    final = reverse("reports:run_final")
    with django_capture_on_commit_callbacks():
        response = client.post(final, {"start": "2018-02-01", "end": "2019-12-31"})
    run = ReportRun.objects.get(kind=ReportKind.FINAL)
    assert (run.period_start, run.period_end, run.scope_key) == (
        datetime.date(2018, 2, 1),
        datetime.date(2019, 12, 31),
        "area:testialue",
    )
    assert client.post(final, {"start": "2019-12-31", "end": "2018-02-01"}).status_code == 400


@pytest.mark.django_db
def test_the_runs_list_runs_a_constant_number_of_queries(
    client, area, coordinator, django_assert_num_queries, django_capture_on_commit_callbacks
):
    units = UnitFactory.create_batch(3, area=area)
    client.force_login(coordinator)
    url = reverse("reports:runs")

    def add_runs(month):
        with django_capture_on_commit_callbacks():
            for unit in [None, *units]:
                services.report_run_request(
                    kind=ReportKind.MONTHLY,
                    period_start=datetime.date(2019, month, 1),
                    period_end=datetime.date(2019, month, 28),
                    area=area,
                    unit=unit,
                    trigger=Trigger.USER,
                    by=coordinator,
                )

    add_runs(1)
    # The session and the user; the user's area and units for the form; the
    # count and the page of runs (with area, unit and requester joined).  The
    # session is not written again within a minute of login.
    with django_assert_num_queries(6):
        assert len(client.get(url).context["runs"]) == 4
    add_runs(2)
    add_runs(3)
    with django_assert_num_queries(6):
        assert len(client.get(url).context["runs"]) == 12


@pytest.mark.django_db
def test_the_report_page_shows_the_figures_with_their_definitions(
    client, media, area, unit_a, coordinator, django_capture_on_commit_callbacks
):
    OutreachVisitFactory.create_batch(6, unit=unit_a, date=datetime.date(2019, 3, 5), people_met=2)
    with django_capture_on_commit_callbacks():
        run = finished_run(area=area, unit=unit_a)
    client.force_login(coordinator)
    page = client.get(reverse("reports:run", args=[run.pk]))
    sections = page.context["sections"]
    rows = {row["code"]: row for section in sections for row in section["rows"]}
    assert rows["outreach_visits"]["shown"] == "6"
    assert rows["outreach_people_met"]["shown"] == "12"
    assert rows["outreach_visits"]["definition"]
    assert page.context["downloads"] == [("pdf", "PDF"), ("xlsx", "XLSX"), ("csv", "CSV")]


@pytest.mark.django_db(transaction=True)
def test_a_final_report_run_is_built_by_the_final_reports_module(
    media, area, unit_a, coordinator, in_process
):
    run = services.report_run_request(
        kind=ReportKind.FINAL,
        period_start=datetime.date(2018, 2, 1),
        period_end=datetime.date(2019, 12, 31),
        area=area,
        trigger=Trigger.USER,
        by=coordinator,
    )
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.pdf.name.endswith("loppuraportti_2018-02-01_2019-12-31_testialue.pdf")
    assert run.pdf.read().startswith(b"%PDF") and not run.xlsx and not run.csv
