"""Writes of the reports app: report runs from request to stored files.

A report run moves queued → running → succeeded, or → retrying → running
again after a transient fault, or → failed with a message a coordinator can
read.  Every change of state is a conditional UPDATE on the run's row, so that
two workers, or a task delivered twice, can never both build the same run:

* `report_run_request` creates the run of a (kind, period, scope) key or
  resets the existing one (the same row: a re-run replaces, never
  duplicates) and enqueues the build once the transaction has committed;
* `report_run_claim` lets exactly one task take a queued run, and lets the
  same task message take it again when the worker process building it died;
* `report_run_build` assembles the figures, renders the files and stores
  them through Django's storage;
* `report_run_retrying` / `report_run_fail` record what went wrong.

A run that is queued or running is not started a second time, unless it is
stale: its worker must have died (a running build older than Celery's hard
time limit is certainly dead, since the limit kills it) or its message was
lost (queued for longer than the broker's visibility timeout).

Exactly once, when a worker dies mid-build: one run row (the unique key),
one set of files (a build writes fixed names, overwriting what a killed
attempt left half-written, and a failed build deletes them), and the final
status set once (the last UPDATE changes only the run that this build's
message holds, from running).
"""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Area, Unit, User
from reports.models import ReportKind, ReportRun, RunStatus, Trigger

logger = logging.getLogger(__name__)

IN_PROGRESS = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.RETRYING)
FILE_FIELDS = ("pdf", "xlsx", "csv")

# Names of the files, in Finnish, as a coordinator files them.  Scope codes
# name an area or a unit, never a person.
FILE_STEMS = {ReportKind.MONTHLY: "kuukausiraportti", ReportKind.FINAL: "loppuraportti"}

# A task message whose builds have had their worker die this many times is
# not built again: the run fails instead.  Otherwise a report that kills its
# worker every time (one that needs more memory than a worker may use, say)
# would go round the workers for ever, since every death gives the message
# back to the queue (task_reject_on_worker_lost).
MAX_LOST_ATTEMPTS = 2


class ReportRunError(ValueError):
    """A report run that cannot be requested (bad period or scope)."""


class ReportRunWorkerLost(RuntimeError):
    """The worker processes building a run died before finishing it, every
    time it was tried (MAX_LOST_ATTEMPTS)."""


def _running_time_limit() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def _queued_time_limit() -> datetime.timedelta:
    return datetime.timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    )


def report_run_is_stale(run: ReportRun, *, now: datetime.datetime | None = None) -> bool:
    """Whether a run that is still in progress can no longer finish."""
    now = now or timezone.now()
    if run.status == RunStatus.RUNNING:
        return run.started_at is None or run.started_at < now - _running_time_limit()
    if run.status in (RunStatus.QUEUED, RunStatus.RETRYING):
        last = max(filter(None, (run.requested_at, run.started_at)))
        return last < now - _queued_time_limit()
    return False


def report_run_request(
    *,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    area: Area,
    unit: Unit | None = None,
    trigger: str,
    by: User | None = None,
) -> ReportRun:
    """The run of this report, created or reset to queued, its build enqueued.

    Requesting a report that is already queued or running returns that run
    and starts nothing.  Requesting one that has finished (or failed) resets
    the same row and deletes its old files once the reset has committed.
    """
    if period_end < period_start:
        raise ReportRunError("The period ends before it starts.")
    if unit is not None and unit.area_id != area.pk:
        raise ReportRunError("The unit belongs to another area.")
    if kind == ReportKind.FINAL and unit is not None:
        raise ReportRunError("The final report covers a whole area.")
    if kind not in ReportKind.values or trigger not in Trigger.values:
        raise ReportRunError("Unknown kind of report or trigger.")
    key = {
        "kind": kind,
        "period_start": period_start,
        "period_end": period_end,
        "scope_key": ReportRun.scope_key_for(area=area, unit=unit),
    }
    requested = {
        "trigger": trigger,
        "triggered_by": by if trigger == Trigger.USER else None,
        "requested_at": timezone.now(),
    }
    with transaction.atomic():
        # The row lock serialises requests for an existing run; the unique
        # constraint serialises two requests that both find none.
        run = ReportRun.objects.select_for_update().filter(**key).first()
        if run is None:
            try:
                with transaction.atomic():
                    run = ReportRun.objects.create(
                        kind=kind,
                        period_start=period_start,
                        period_end=period_end,
                        area=area,
                        unit=unit,
                        **requested,
                    )
            except IntegrityError:
                # Another request inserted the key first: its run stands.
                return ReportRun.objects.select_for_update().get(**key)
            _enqueue(run)
            return run
        if run.status in IN_PROGRESS and not report_run_is_stale(run):
            return run
        old_files = [getattr(run, name).name for name in FILE_FIELDS if getattr(run, name)]
        for name, value in requested.items():
            setattr(run, name, value)
        run.status = RunStatus.QUEUED
        run.progress = 0
        run.attempts = 0
        run.error = ""
        run.started_at = None
        run.finished_at = None
        run.task_message = ""
        run.worker_host = ""
        run.worker_pid = None
        run.lost_attempts = 0
        run.figures = {}
        for name in FILE_FIELDS:
            setattr(run, name, "")
        run.save()
        # Old files go only if the reset commits; the build, enqueued after
        # this, then writes the new ones.
        transaction.on_commit(lambda: _delete_files(old_files))
        _enqueue(run)
    return run


def _enqueue(run: ReportRun) -> None:
    from reports.tasks import build_report_run  # the task module imports this one

    build_report_run.delay_on_commit(run.pk)


def _delete_files(names: list[str]) -> None:
    storage = ReportRun._meta.get_field("pdf").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # A file left behind wastes space but hides nothing: the run no
            # longer points at it.
            logger.warning("could not delete an old report file of a report run")


def monthly_reports_request(*, today: datetime.date) -> list[ReportRun]:
    """The previous month's monthly report for every active unit and every
    area (the schedule's work on the first day of a month)."""
    period_end = today.replace(day=1) - datetime.timedelta(days=1)
    period_start = period_end.replace(day=1)
    runs = []
    units_by_area: dict[int, list[Unit]] = {}
    for unit in Unit.objects.filter(is_active=True).order_by("name"):
        units_by_area.setdefault(unit.area_id, []).append(unit)
    for area in Area.objects.order_by("name"):
        for unit in [None, *units_by_area.get(area.pk, [])]:
            runs.append(
                report_run_request(
                    kind=ReportKind.MONTHLY,
                    period_start=period_start,
                    period_end=period_end,
                    area=area,
                    unit=unit,
                    trigger=Trigger.SCHEDULE,
                )
            )
    return runs


# --- The build ---------------------------------------------------------------


def report_run_claim(
    *, run_id: int, message: str = "", worker_host: str = "", worker_pid: int | None = None
) -> ReportRun | None:
    """Take a run for building, or None if another build has it or it is done.

    `message` names the Celery task message that asks ("<task id>:<retry
    number>"; empty for a direct call), `worker_host` and `worker_pid` the
    process that will build; all three are kept on the run.

    Conditional UPDATEs, so that of two tasks only one builds:

    * a queued (or retrying) run is taken by whichever task comes first;
    * a running run is taken again by the message that holds it.  That
      message is delivered again only once the build it started is dead:
      after its pool process died (Celery rejects the message of a lost
      worker back to the queue, task_reject_on_worker_lost), or after Redis's
      visibility timeout -- which the settings make longer than the hard
      time limit, and which counts from when the worker reserved the message,
      no later than the build started (a retry message waits for its
      countdown in between, and reports/tasks.py keeps that wait within the
      spare time), so by then the build has finished or the time limit has
      killed it.  A pool process never outlives its worker
      (Celery's prefork children die with their parent, PR_SET_PDEATHSIG), so
      killing the whole worker leaves no build behind either.  The same
      message never runs twice at once, while a different task for the same
      run -- a duplicate request, a retry message -- never starts a second
      build of it;
    * a running run held by another message is taken only once stale (older
      than the hard time limit, which would have killed it);
    * a message whose builds have died MAX_LOST_ATTEMPTS times fails the run
      instead (ReportRunWorkerLost).
    """
    now = timezone.now()
    claim = {
        "status": RunStatus.RUNNING,
        "attempts": F("attempts") + 1,
        "progress": 0,
        "started_at": now,
        "finished_at": None,
        "error": "",
        "task_message": message,
        "worker_host": worker_host,
        "worker_pid": worker_pid,
    }
    runs = ReportRun.objects.filter(pk=run_id)
    claimed = runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RETRYING]).update(**claim)
    if not claimed:
        # The build that held the run is dead: this message's own earlier
        # delivery (see above), or any build past the hard time limit.
        own = Q(task_message=message) & ~Q(task_message="")
        claimed = (
            runs.filter(status=RunStatus.RUNNING)
            .filter(
                (own & Q(lost_attempts__lt=MAX_LOST_ATTEMPTS))
                | (~own & Q(started_at__lt=now - _running_time_limit()))
            )
            .update(**claim, lost_attempts=F("lost_attempts") + 1)
        )
    if not claimed:
        if message:
            _fail_after_lost_attempts(run_id=run_id, message=message)
        return None
    run = ReportRun.objects.select_related("area", "unit").get(pk=run_id)
    if run.lost_attempts:
        logger.warning(
            "report run id=%s: the worker of an earlier attempt died; building again "
            "(attempt %s, %s lost)",
            run_id,
            run.attempts,
            run.lost_attempts,
        )
    return run


def _fail_after_lost_attempts(*, run_id: int, message: str) -> None:
    """The message's builds keep dying: fail the run, once, and delete what
    the dead builds left half-written."""
    failed = ReportRun.objects.filter(
        pk=run_id,
        status=RunStatus.RUNNING,
        task_message=message,
        lost_attempts__gte=MAX_LOST_ATTEMPTS,
    )
    run = failed.select_related("area", "unit").first()
    if run is None:
        return
    error = ReportRunWorkerLost()
    logger.error("report run id=%s failed: its worker died %s times", run_id, run.lost_attempts + 1)
    with translation.override(settings.LANGUAGE_CODE):
        text = _failure_message(error, run_id=run_id)
    if failed.update(status=RunStatus.FAILED, finished_at=timezone.now(), error=text):
        _delete_files(_file_names(run))


def report_run_progress(*, run_id: int, percent: float) -> None:
    """Record how far a running build has got (shown in the browser)."""
    # 100 is kept for the finished run: a build at its last step is at 99.
    percent = max(0, min(99, int(percent)))
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(progress=percent)


def report_run_retrying(*, run_id: int, message: str = "") -> None:
    """A transient fault: the run waits for its next attempt.

    Only while the run is still this message's build: a run requested again
    meanwhile belongs to its new task."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, task_message=message).update(
        status=RunStatus.RETRYING, progress=0
    )


def report_run_fail(*, run_id: int, error: BaseException, message: str = "") -> None:
    """The run has failed for good; the coordinator is told why, in Finnish.

    The message names the kind of fault, never the data: an exception's own
    text could carry anything, so it goes to the log (by run id) only.  Files
    that an earlier, killed attempt left half-written are deleted.
    """
    logger.error("report run id=%s failed: %s", run_id, type(error).__name__, exc_info=error)
    with translation.override(settings.LANGUAGE_CODE):
        text = _failure_message(error, run_id=run_id)
    failed = ReportRun.objects.filter(pk=run_id, status__in=IN_PROGRESS, task_message=message)
    run = failed.select_related("area", "unit").first()
    if run is not None and failed.update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error=text
    ):
        _delete_files(_file_names(run))


def _failure_message(error: BaseException, *, run_id: int) -> str:
    from celery.exceptions import SoftTimeLimitExceeded
    from django.db import DatabaseError

    if isinstance(error, SoftTimeLimitExceeded):
        reason = gettext("building the report took longer than allowed")
    elif isinstance(error, ReportRunWorkerLost):
        reason = gettext(
            "the process building the report stopped unexpectedly, several times "
            "(it may have run out of memory)"
        )
    elif isinstance(error, DatabaseError):
        reason = gettext("the database could not be reached")
    elif isinstance(error, OSError):
        reason = gettext("the report files could not be saved to the file storage")
    else:
        reason = gettext("an unexpected error occurred")
    return gettext(
        "The report could not be built: %(reason)s. Build it again later; if it fails again, "
        "tell the portal's administrator (report run %(id)s)."
    ) % {"reason": reason, "id": run_id}


def report_run_build(*, run: ReportRun) -> None:
    """Assemble, render and store the files of a claimed run."""

    def progress(percent: float) -> None:
        report_run_progress(run_id=run.pk, percent=percent)

    with translation.override(settings.LANGUAGE_CODE):
        if run.kind == ReportKind.MONTHLY:
            from reports.runs import monthly

            figures = monthly.monthly_figures(
                area=run.area, unit=run.unit, start=run.period_start, end=run.period_end
            )
            progress(30)
            files = monthly.monthly_files(run=run, figures=figures, progress=progress)
        else:
            # Written by the final report's own module; imported only here,
            # where it is needed, as it pulls in every section's selectors.
            from reports.final_report.document import final_report_pdf

            figures = {}
            files = {
                "pdf": final_report_pdf(
                    area=run.area, start=run.period_start, end=run.period_end, progress=progress
                )
            }
    progress(95)
    _store(run=run, figures=figures, files=files)


def report_run_file_name(run: ReportRun, extension: str) -> str:
    """The file name of a run's file: what it is, its period and its scope."""
    if run.kind == ReportKind.MONTHLY:
        period = f"{run.period_start:%Y-%m}"
    else:
        period = f"{run.period_start:%Y-%m-%d}_{run.period_end:%Y-%m-%d}"
    scope = run.unit.code if run.unit_id else run.area.code
    return f"{FILE_STEMS[run.kind]}_{period}_{scope}.{extension}"


def _file_names(run: ReportRun) -> list[str]:
    """The storage names that a build of the run writes: fixed by the run's
    key, so that a build after a killed one overwrites the same files."""
    return [
        ReportRun._meta.get_field(name).generate_filename(run, report_run_file_name(run, name))
        for name in FILE_FIELDS
    ]


def _store(*, run: ReportRun, figures: dict, files: dict[str, bytes]) -> None:
    """Save the files and mark the run succeeded, or leave nothing behind.

    A worker killed half-way through (SIGKILL, out of memory) cleans up
    nothing: the next attempt finds its files under the same names, and
    replaces them rather than saving beside them with the storage's random
    suffix.  No other build of the run can be writing them (report_run_claim).
    """
    saved = []
    try:
        for name, target in zip(FILE_FIELDS, _file_names(run), strict=True):
            if name in files:
                field = getattr(run, name)
                field.storage.delete(target)
                field.save(report_run_file_name(run, name), ContentFile(files[name]), save=False)
                saved.append(field.name)
        done = ReportRun.objects.filter(
            pk=run.pk, status=RunStatus.RUNNING, task_message=run.task_message
        ).update(
            status=RunStatus.SUCCEEDED,
            progress=100,
            finished_at=timezone.now(),
            error="",
            figures=figures,
            **{name: getattr(run, name).name for name in FILE_FIELDS},
        )
    except BaseException:
        _delete_files(saved)
        raise
    if not done:
        # The run is no longer this build's (reset as stale and requested
        # again): the files under its names now belong to the new build,
        # which overwrites them, so they are left alone.
        logger.warning("report run id=%s was taken over before its build finished", run.pk)
