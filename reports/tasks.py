"""Background work of the reports app (thin: the work is in reports/services.py).

Tasks take ids.  `build_report_run` claims its run with a conditional UPDATE,
so a task delivered twice (acks_late: a worker that dies gives its task back)
builds the run once.  Transient faults -- the file storage or the database
briefly unavailable -- are retried with exponential backoff (on a worker;
run in-process there is nobody to retry later); anything else,
and a transient fault that outlasts the retries, marks the run failed with a
message the coordinator sees on the run's page.
"""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from reports import services

logger = logging.getLogger(__name__)

# Faults that may pass by themselves.  Programming errors and bad data are
# not among them: retrying those would only fail again, later.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)
# Exponential backoff with full jitter: up to 5, 10 and 20 s before the
# three retries, never more than two minutes.
RETRY_BACKOFF_SECONDS = 5
RETRY_BACKOFF_MAX_SECONDS = 120


@shared_task(bind=True, ignore_result=True, max_retries=3)
def build_report_run(self, run_id: int) -> None:
    """Build the files of a report run (reports/services.py)."""
    run = services.report_run_claim(run_id=run_id)
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
            services.report_run_retrying(run_id=run_id)
            countdown = get_exponential_backoff_interval(
                factor=RETRY_BACKOFF_SECONDS,
                retries=self.request.retries,
                maximum=RETRY_BACKOFF_MAX_SECONDS,
                full_jitter=True,
            )
            raise self.retry(exc=error, countdown=countdown) from error
        _fail(self, run_id, error)
    except Exception as error:
        _fail(self, run_id, error)


def _fail(task, run_id: int, error: Exception) -> None:
    services.report_run_fail(run_id=run_id, error=error)
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
