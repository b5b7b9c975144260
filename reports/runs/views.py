"""Report runs in the browser: the list with the forms that request reports,
a run's page (progress, the monthly report's figures, downloads), its status
as JSON for the page's script, and the files.

A coordinator requests and sees every run of the area; a supervisor sees the
runs of their units, read-only.  A run outside the user's scope answers 404,
as one that does not exist.  The runs hold figures only, already suppressed
for print, so no access-log row is written.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.access import figure_units
from accounts.mixins import PortalView
from accounts.models import Role
from reports import services
from reports.models import ReportKind, RunStatus, Trigger
from reports.runs.forms import FinalReportForm, MonthlyReportForm
from reports.runs.monthly import (
    format_figure,
    period_name,
    report_sections,
    scope_name,
    suppression_note,
)
from reports.runs.selectors import report_run_list

RUN_VIEWERS = frozenset({Role.COORDINATOR, Role.SUPERVISOR})
RUN_REQUESTERS = frozenset({Role.COORDINATOR})
RUNS_PER_PAGE = 50

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class RunListView(PortalView, TemplateView):
    """The runs the user sees, and (for a coordinator) the forms that build
    the monthly report of any month and the final report."""

    allowed_roles = RUN_VIEWERS
    template_name = "reports/runs/list.html"

    def monthly_form(self, data=None):
        units = figure_units(self.request.user).filter(is_active=True).order_by("name")
        return MonthlyReportForm(data, area=self.request.user.area, units=list(units))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_request = self.request.user.role in RUN_REQUESTERS
        if may_request:
            context.setdefault("monthly_form", self.monthly_form())
            context.setdefault("final_form", FinalReportForm())
        page = Paginator(report_run_list(user=self.request.user), RUNS_PER_PAGE).get_page(
            self.request.GET.get("sivu")
        )
        context.update(page_obj=page, runs=page.object_list, may_request=may_request)
        return context


class MonthlyRunCreateView(RunListView):
    """Build the monthly report of a month for the area or one unit."""

    allowed_roles = RUN_REQUESTERS
    http_method_names = ["post"]

    def post(self, request):
        form = self.monthly_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(monthly_form=form), status=400)
        start, end = form.period()
        asked_at = timezone.now()
        run = services.report_run_request(
            kind=ReportKind.MONTHLY,
            period_start=start,
            period_end=end,
            area=request.user.area,
            unit=form.unit(),
            trigger=Trigger.USER,
            by=request.user,
        )
        return _requested(request, run, asked_at)


class FinalRunCreateView(RunListView):
    """Build the area's final report for a period."""

    allowed_roles = RUN_REQUESTERS
    http_method_names = ["post"]

    def post(self, request):
        form = FinalReportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(final_form=form), status=400)
        asked_at = timezone.now()
        run = services.report_run_request(
            kind=ReportKind.FINAL,
            period_start=form.cleaned_data["start"],
            period_end=form.cleaned_data["end"],
            area=request.user.area,
            trigger=Trigger.USER,
            by=request.user,
        )
        return _requested(request, run, asked_at)


def _requested(request, run, asked_at):
    # A run requested before this request was already on its way: nothing new
    # was started (reports/services.py).
    if run.requested_at < asked_at:
        messages.info(request, _("This report is already being built; its progress is below."))
    return HttpResponseRedirect(reverse("reports:run", args=[run.pk]))


class RunMixin(PortalView):
    """One run of the user's scope, or 404."""

    allowed_roles = RUN_VIEWERS

    def get_run(self):
        return get_object_or_404(report_run_list(user=self.request.user), pk=self.kwargs["pk"])


def _status(run) -> dict:
    return {
        "status": run.status,
        "label": capfirst(run.get_status_display()),
        "progress": run.progress,
        "attempts": run.attempts,
        "finished": run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED),
        "error": run.error,
    }


class RunDetailView(RunMixin, TemplateView):
    """A run: its progress while it builds, then the report itself."""

    template_name = "reports/runs/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.get_run()
        sections = []
        if run.kind == ReportKind.MONTHLY and run.status == RunStatus.SUCCEEDED:
            sections = report_sections(run.figures)
            for section in sections:
                for row in section["rows"]:
                    row["shown"] = format_figure(row["value"])
        context.update(
            run=run,
            status=_status(run),
            in_progress=run.status in services.IN_PROGRESS,
            stale=services.report_run_is_stale(run),
            scope=scope_name(run),
            period=period_name(run),
            sections=sections,
            suppression_note=suppression_note() if sections else "",
            downloads=[(name, name.upper()) for name in services.FILE_FIELDS if getattr(run, name)]
            if run.status == RunStatus.SUCCEEDED
            else [],
            may_request=self.request.user.role in RUN_REQUESTERS,
        )
        return context


class RunStatusJsonView(RunMixin, View):
    """The run's status for static/js/progress.js."""

    def get(self, request, pk):
        response = JsonResponse(_status(self.get_run()))
        response["Cache-Control"] = "no-store"
        return response


class RunDownloadView(RunMixin, View):
    """A file of a finished run, under a Finnish name that names the report,
    its period and its scope (never a person)."""

    def get(self, request, pk, file_format):
        run = self.get_run()
        if file_format not in services.FILE_FIELDS or run.status != RunStatus.SUCCEEDED:
            raise Http404
        field = getattr(run, file_format)
        if not field:
            raise Http404
        return FileResponse(
            field.open("rb"),
            as_attachment=True,
            filename=services.report_run_file_name(run, file_format),
            content_type=CONTENT_TYPES[file_format],
        )
