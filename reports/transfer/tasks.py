"""The import as background work: one Celery task per ImportRun.

Thin: the work is `run_import`.  The task takes the run's id; claiming the
run with a conditional UPDATE (queued → running) makes a second delivery of
the same message do nothing, so the file is never imported twice.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from reports.models import ImportRun, RunStatus
from reports.transfer.base import run_import
from reports.transfer.importers import importer_for

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def import_file(run_id: int) -> None:
    claimed = ImportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), processed_rows=0
    )
    if not claimed:
        return
    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(processed_rows=done, total_rows=total)

    try:
        with run.file.open("rb") as stored:
            data = stored.read()
        with translation.override(settings.LANGUAGE_CODE):
            result = run_import(
                importer_for(run.kind, user=run.requested_by),
                data=data,
                filename=run.original_name,
                progress=progress,
            )
    except Exception:
        # Not a bad row but a fault: the run is shown as failed, never left running.
        log.exception("import run id=%s failed", run_id)
        _discard_file(run)
        ImportRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now()
        )
        raise
    _discard_file(run)
    ImportRun.objects.filter(pk=run_id).update(
        status=RunStatus.SUCCEEDED if result.ok else RunStatus.FAILED,
        total_rows=result.total_rows,
        processed_rows=result.total_rows,
        saved_rows=result.saved_rows,
        errors=result.errors,
        finished_at=timezone.now(),
    )


def _discard_file(run: ImportRun) -> None:
    """The uploaded file may hold identity codes: it is kept only until the
    run has been processed (the run keeps its name, counts and errors)."""
    if run.file:
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(file="")
