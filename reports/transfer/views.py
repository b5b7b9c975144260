"""The import pages: choose the kind and the file, then watch the run.

Coordinators only.  The run is processed by a Celery task (in-process when
the portal runs without a broker); the status page polls a small JSON view
(static/js/progress.js) and then shows the rows saved or every error.
A user sees only the runs they started.
"""

import os
import uuid

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import capfirst
from django.views.generic import DetailView, FormView

from accounts.mixins import PortalView
from accounts.models import Role
from reports.models import ImportRun, RunStatus
from reports.transfer.forms import ImportForm
from reports.transfer.tasks import import_file

IMPORT_ROLES = frozenset({Role.COORDINATOR})
RUNS_SHOWN = 10
FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED)


class ImportView(PortalView, FormView):
    allowed_roles = IMPORT_ROLES
    template_name = "reports/transfer/import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs"] = ImportRun.objects.filter(requested_by=self.request.user)[:RUNS_SHOWN]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        original = os.path.basename(upload.name)[:255]
        # Stored under a random name: a file name may name a person.
        upload.name = f"{uuid.uuid4().hex}{os.path.splitext(original)[1].lower()}"
        run = ImportRun.objects.create(
            kind=form.cleaned_data["kind"],
            file=upload,
            original_name=original,
            requested_by=self.request.user,
        )
        import_file.delay_on_commit(run.pk)
        return redirect("reports:import_status", run.pk)


class ImportRunMixin(PortalView):
    allowed_roles = IMPORT_ROLES

    def get_run(self) -> ImportRun:
        runs = ImportRun.objects.filter(requested_by=self.request.user)
        return get_object_or_404(runs, pk=self.kwargs["pk"])


class ImportStatusView(ImportRunMixin, DetailView):
    template_name = "reports/transfer/status.html"
    context_object_name = "run"

    def get_object(self, queryset=None):
        return self.get_run()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["finished"] = self.object.status in FINISHED
        return context


class ImportStatusJsonView(ImportRunMixin, DetailView):
    def get(self, request, *args, **kwargs):
        run = self.get_run()
        return JsonResponse(
            {
                "status": run.status,
                "label": capfirst(run.get_status_display()),
                "processed_rows": run.processed_rows,
                "total_rows": run.total_rows,
                "progress": run.progress,
                "finished": run.status in FINISHED,
            }
        )
