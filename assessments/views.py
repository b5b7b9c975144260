"""Views of service-need assessments.  Each goes through the access choke point."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from accounts.access_log import AccessAction
from accounts.exports import ExportMixin
from accounts.mixins import ClientListMixin, ClientRecordMixin
from accounts.services import access_log_record
from assessments import selectors, services
from assessments.forms import (
    SECTIONS,
    AmendmentForm,
    AssessmentForm,
    CompleteForm,
    MeasurementForm,
    StartForm,
)
from assessments.models import OutcomeMeasure, ServiceNeedAssessment
from clients.deadlines import Deadline, DeadlineState, days_elapsed, deadline_state
from clients.exports import CLIENT_COLUMNS, client_export_queryset
from clients.models import Client
from clients.selectors import my_clients
from clients.services import ConcurrentEditError


class AssessmentStartView(ClientRecordMixin, DetailView):
    """Open a draft assessment for a client."""

    model = Client
    template_name = "assessments/start.html"
    context_object_name = "client"
    slug_field = "client_number"
    slug_url_kwarg = "client_number"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", StartForm(initial={"started_on": timezone.localdate()}))
        return context

    def post(self, request, *args, **kwargs):
        self.object = client = self.get_object()
        form = StartForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        assessment = services.assessment_start(
            client=client, by=request.user, started_on=form.cleaned_data["started_on"]
        )
        return redirect("assessments:edit", assessment.pk)


class AssessmentMixin(ClientRecordMixin):
    model = ServiceNeedAssessment
    context_object_name = "assessment"

    def get_queryset(self):
        return super().get_queryset().select_related("client", "client__unit")


class AssessmentDetailView(AssessmentMixin, DetailView):
    template_name = "assessments/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            (title, [(self.object._meta.get_field(n), n) for n in names])
            for title, names in SECTIONS
        ]
        context["amendments"] = self.object.amendments.select_related("by")
        return context


class AssessmentEditView(AssessmentMixin, DetailView):
    """Fill in a draft.  "Save draft" keeps it open; "Complete" saves, then
    completes and locks it.  If completion is refused, the draft is still
    saved: nothing typed is lost."""

    template_name = "assessments/edit.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_locked:
            return redirect("assessments:detail", self.object.pk)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AssessmentForm(instance=self.object))
        context.setdefault("complete_form", CompleteForm())
        context["autosave_interval_ms"] = settings.AUTOSAVE_INTERVAL_SECONDS * 1000
        return context

    def post(self, request, *args, **kwargs):
        self.object = assessment = self.get_object()
        if assessment.is_locked:
            messages.error(request, _("The assessment is completed; correct it with an amendment."))
            return redirect("assessments:detail", assessment.pk)
        form = AssessmentForm(request.POST, instance=assessment)
        if "autosave" in request.POST:
            return self.autosave(form)
        complete_form = CompleteForm(request.POST)
        completing = "complete" in request.POST
        if not form.is_valid() or (completing and not complete_form.is_valid()):
            return self.render_to_response(
                self.get_context_data(form=form, complete_form=complete_form)
            )
        plain, many = form.split()
        try:
            assessment = services.assessment_save(
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                fields=plain,
                many=many,
            )
        except ConcurrentEditError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        if not completing:
            messages.success(request, _("The draft was saved."))
            return redirect("assessments:edit", assessment.pk)
        try:
            services.assessment_complete(
                assessment=assessment,
                by=request.user,
                completed_on=complete_form.cleaned_data["completed_on"],
                expected_version=assessment.version,
            )
        except ValidationError as error:
            messages.warning(request, _("The draft was saved but not completed."))
            # Show what was typed, with the new version so the next save works.
            data = request.POST.copy()
            data["version"] = assessment.version
            fresh = AssessmentForm(data, instance=assessment)
            fresh.is_valid()
            fresh.add_error(None, error)
            self.object = assessment
            return self.render_to_response(
                self.get_context_data(form=fresh, complete_form=complete_form)
            )
        messages.success(request, _("The assessment was completed."))
        return redirect("assessments:detail", assessment.pk)

    def autosave(self, form):
        """The background save of static/js/autosave.js: JSON, never a redirect."""
        if not form.is_valid():
            return JsonResponse(
                {"message": _("The draft has errors; save it with the button to see them.")},
                status=400,
            )
        plain, many = form.split()
        try:
            saved = services.assessment_save(
                assessment=self.object,
                expected_version=form.cleaned_data["version"],
                fields=plain,
                many=many,
            )
        except ConcurrentEditError as error:
            return JsonResponse({"message": str(error.message)}, status=409)
        now = timezone.localtime()
        return JsonResponse(
            {
                "version": saved.version,
                "message": _("Draft saved at %(time)s.") % {"time": formats.time_format(now)},
            }
        )


class AssessmentAmendView(AssessmentMixin, DetailView):
    """Correct a completed assessment, giving the reason."""

    template_name = "assessments/amend.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AmendmentForm(instance=self.object))
        return context

    def post(self, request, *args, **kwargs):
        self.object = assessment = self.get_object()
        form = AmendmentForm(request.POST, instance=assessment)
        if form.is_valid():
            plain, many = form.split()
            try:
                with transaction.atomic():
                    services.assessment_amend(
                        assessment=assessment,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        fields=plain,
                        many=many,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The amendment was saved."))
                return redirect("assessments:detail", assessment.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MyWorkView(ExportMixin, ClientListMixin, ListView):
    """A worker's home: "my clients and deadlines".

    Statutory deadlines that are overdue or running, plan reviews that are
    due, and the caseload.  Every client shown is written to the access log.
    """

    model = Client
    template_name = "assessments/my_work.html"
    context_object_name = "clients"
    paginate_by = 25
    # The download is the caseload of the page's list.
    export_columns = CLIENT_COLUMNS
    export_name = "omat-asiakkaat"
    export_queryset = staticmethod(client_export_queryset)

    def get_queryset(self):
        return my_clients(user=self.request.user)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        deadlines = list(selectors.my_deadlines(user=user, today=today))
        reviews = list(selectors.plan_reviews_due(user=user, today=today))
        context = super().get_context_data(**kwargs)
        listed = {client.pk for client in context["clients"]}
        others = {row.client.pk: row.client for row in [*deadlines, *reviews]}
        access_log_record(
            request=self.request,
            records=[c for pk, c in others.items() if pk not in listed],
            action=AccessAction.LIST,
        )
        context.update(
            today=today,
            deadlines=[
                (row, row_state(row, today), days_elapsed(row.initiated_on, today))
                for row in deadlines
            ],
            counts=selectors.deadline_counts(user=user, today=today),
            reviews=reviews,
        )
        return context


def row_state(initiation, today) -> DeadlineState | None:
    """The state of the open statutory limit of an initiation, for its badge:
    the start limit until an assessment starts, then the completion limit."""
    due = initiation.assessment_start_due_on
    if initiation.first_start is not None:
        due = initiation.assessment_completion_due_on
    if due is None:
        return None
    return deadline_state(Deadline(rule=None, due=due), done_on=None, today=today)


class MeasurementCreateView(ClientRecordMixin, DetailView):
    """Record a measurement (e.g. Kykyviisari) on a client."""

    model = Client
    template_name = "assessments/measurement_form.html"
    context_object_name = "client"
    slug_field = "client_number"
    slug_url_kwarg = "client_number"

    def dispatch(self, request, *args, **kwargs):
        self.measure = get_object_or_404(OutcomeMeasure, code=kwargs["measure"], is_active=True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MeasurementForm(measure=self.measure))
        context["measure"] = self.measure
        return context

    def post(self, request, *args, **kwargs):
        self.object = client = self.get_object()
        form = MeasurementForm(request.POST, measure=self.measure)
        if form.is_valid():
            services.measurement_record(
                client=client,
                measure=self.measure,
                by=request.user,
                measured_on=form.cleaned_data["measured_on"],
                scores=form.scores(),
                notes=form.cleaned_data["notes"],
            )
            messages.success(request, _("The measurement was saved."))
            return redirect("clients:detail", client.client_number)
        return self.render_to_response(self.get_context_data(form=form))
