"""Background work of the reports app (thin: the work is in reports/services.py).

Tasks take ids.  `build_report_run` claims its run with a conditional UPDATE
naming its own message (task id and retry number), so a task delivered twice
builds the run once: a different message finds the run taken, while the
same message, delivered again because the worker process building it died
(acks_late with task_reject_on_worker_lost gives the task back), takes the
run over and builds it (reports/services.py, report_run_claim, says why
that is safe).  Transient faults -- the file storage or the database
briefly unavailable -- are retried with exponential backoff (on a worker;
run in-process there is nobody to retry later); anything else,
and a transient fault that outlasts the retries, marks the run failed with a
message the coordinator sees on the run's page.
"""

import datetime
import logging
import os
import socket

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from reports import services, summary
from structural import analysis_summary

logger = logging.getLogger(__name__)

# Faults that may pass by themselves.  Programming errors and bad data are
# not among them: retrying those would only fail again, later.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)
# Exponential backoff with full jitter: up to 5, 10 and 20 s before the
# three retries, never more than two minutes.
RETRY_BACKOFF_SECONDS = 5
RETRY_BACKOFF_MAX_SECONDS = 120


def _retry_backoff_max() -> int:
    """The longest wait before a retry.  A retry message waits in the worker
    that reserved it, and Redis's visibility timeout runs meanwhile: the wait
    plus the hard time limit must stay within it, or a retry still building
    could be delivered a second time (report_run_claim relies on that)."""
    spare = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600) - (
        settings.CELERY_TASK_TIME_LIMIT
    )
    return max(0, min(RETRY_BACKOFF_MAX_SECONDS, spare // 2))


@shared_task(bind=True, ignore_result=True, max_retries=3)
def build_report_run(self, run_id: int) -> None:
    """Build the files of a report run (reports/services.py)."""
    # A message redelivered after its worker died carries the same id and
    # retry number; a retry is a new message with the next number.
    message = f"{self.request.id}:{self.request.retries}"
    run = services.report_run_claim(
        run_id=run_id,
        message=message,
        worker_host=self.request.hostname or socket.gethostname(),
        worker_pid=os.getpid(),
    )
    if run is None:
        logger.info("report run id=%s is taken or done; nothing to build", run_id)
        return
    try:
        services.report_run_build(run=run)
    except TRANSIENT_ERRORS as error:
        # In-process (no broker) there is no worker to come back later, and
        # the web request that asked is waiting: the run fails at once and
        # the coordinator builds it again.
        if self.request.retries < self.max_retries and not self.request.is_eager:
            services.report_run_retrying(run_id=run_id, message=message)
            countdown = get_exponential_backoff_interval(
                factor=RETRY_BACKOFF_SECONDS,
                retries=self.request.retries,
                maximum=_retry_backoff_max(),
                full_jitter=True,
            )
            raise self.retry(exc=error, countdown=countdown) from error
        _fail(self, run_id, error, message)
    except Exception as error:
        _fail(self, run_id, error, message)


def _fail(task, run_id: int, error: Exception, message: str) -> None:
    services.report_run_fail(run_id=run_id, error=error, message=message)
    # On a worker the failure is Celery's too, for monitoring.  In-process,
    # the caller is the web request that asked for the report: the failure
    # shows on the run's page instead of failing the request.
    if not task.request.is_eager:
        raise error


@shared_task(ignore_result=True)
def monthly_reports() -> None:
    """The previous month's monthly reports of every unit and area; scheduled
    for the first day of each month in essote_sos/celery.py."""
    runs = services.monthly_reports_request(today=timezone.localdate())
    logger.info("monthly reports requested: %s runs", len(runs))


@shared_task(ignore_result=True)
def figures_summary_refresh(month: str | None = None, sweep: bool = False) -> None:
    """Refresh the stored summaries of figures (reports.summary) and of the
    assessment analysis (structural.analysis_summary): the month
    given as YYYY-MM-DD (any day of it), or without one the previous and the
    current month (nightly), or with `sweep` the months of this year and
    the previous one (weekly); both scheduled in essote_sos/celery.py."""
    today = timezone.localdate()
    if month:
        months = [datetime.date.fromisoformat(month)]
    elif sweep:
        months = summary.months_to_sweep(today=today)
    else:
        months = summary.months_to_refresh(today=today)
    for first in months:
        written = summary.summary_refresh(month=first)
        logger.info("figures summary refreshed: %s, %s units", first.strftime("%Y-%m"), written)
        rows = analysis_summary.analysis_refresh(month=first)
        logger.info("analysis summary refreshed: %s, %s rows", first.strftime("%Y-%m"), rows)
    analysis_summary.analysis_tidy()
