"""Views of structural social work.

Observations and surveys are area-wide records (ScopedRecordMixin: every
member of staff of the area; 404 outside it; an administrator gets 403).  The
one public page is the client's survey form at a round's random token.
"""

import csv
import datetime
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from accounts.access import CLIENT_DATA_ROLES, figure_units
from accounts.exports import ExportMixin
from accounts.mixins import PortalView, ScopedRecordMixin
from accounts.models import Role
from structural import analysis, exports, services
from structural import selectors_observations as observation_selectors
from structural import selectors_surveys as survey_selectors
from structural.forms import (
    NEXT_STEP,
    STEP_FORMS,
    FollowUpForm,
    ObservationFilterForm,
    ObservationForm,
    ResponseForm,
    step_form,
)
from structural.models import Observation, Response, Survey, SurveyRound


def _form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Observations ------------------------------------------------------------


class ObservationListView(ExportMixin, ScopedRecordMixin, ListView):
    """The area's observations, filtered by theme, status, place and period."""

    model = Observation
    template_name = "structural/observation_list.html"
    context_object_name = "observations"
    paginate_by = 25
    export_columns = exports.OBSERVATION_COLUMNS
    export_name = "havainnot"

    def get_queryset(self):
        user = self.request.user
        self.filter_form = ObservationFilterForm(self.request.GET or None, user=user)
        return observation_selectors.filter_observations(
            observation_selectors.observation_list(user=user), **self.filter_form.criteria()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class ObservationOverviewView(PortalView, TemplateView):
    """The supervisor's overview: counts by theme × status, filtered."""

    allowed_roles = CLIENT_DATA_ROLES
    template_name = "structural/observation_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = ObservationFilterForm(self.request.GET or None, user=user)
        criteria = form.criteria()
        criteria.pop("status", None)  # the statuses are the columns
        return super().get_context_data(
            filter_form=form,
            overview=observation_selectors.observation_overview(user=user, **criteria),
            **kwargs,
        )


class ObservationDetailView(ScopedRecordMixin, DetailView):
    model = Observation
    template_name = "structural/observation_detail.html"
    context_object_name = "observation"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "theme",
                "municipality",
                "unit",
                "recorded_by",
                "raised_by",
                "supervisor_informed",
                "responsible",
                "closed_by",
            )
            .prefetch_related("partners", "follow_ups__by")
        )

    def get_context_data(self, **kwargs):
        observation = self.object
        next_step = None if observation.closed_on else NEXT_STEP.get(observation.status)
        steps = [(step, title) for step, (_form, title) in STEP_FORMS.items()]
        return super().get_context_data(
            next_step=next_step,
            next_step_title=STEP_FORMS[next_step][1] if next_step else "",
            steps=steps,
            follow_up_form=FollowUpForm() if not observation.closed_on else None,
            **kwargs,
        )


class ObservationCreateView(PortalView, CreateView):
    allowed_roles = CLIENT_DATA_ROLES
    model = Observation
    form_class = ObservationForm
    template_name = "structural/observation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            observation = services.observation_create(
                recorded_by=self.request.user, **form.observation_fields()
            )
        except ValidationError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The observation was saved."))
        return redirect("structural:observation_detail", observation.pk)


class ObservationUpdateView(ScopedRecordMixin, UpdateView):
    model = Observation
    form_class = ObservationForm
    template_name = "structural/observation_form.html"
    context_object_name = "observation"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            services.observation_update(observation=self.object, **form.observation_fields())
        except ValidationError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("structural:observation_detail", self.object.pk)


class ObservationStepView(ScopedRecordMixin, DetailView):
    """One step of the workflow: raised, supervisor informed, action agreed,
    closed.  Who took the step is the user (for raised and closed)."""

    model = Observation
    template_name = "structural/observation_step.html"
    context_object_name = "observation"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["step"] not in STEP_FORMS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        step = self.kwargs["step"]
        form = kwargs.pop("form", None) or step_form(step, observation=self.object)
        return super().get_context_data(
            form=form, step=step, step_title=STEP_FORMS[step][1], **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.object = observation = self.get_object()
        step = self.kwargs["step"]
        form = step_form(step, observation=observation, data=request.POST)
        if form.is_valid():
            fields = {
                name: value
                for name, value in form.cleaned_data.items()
                if name != "confirm_no_identification"
            }
            if step == "raised":
                fields["raised_by"] = request.user
            elif step == "close":
                fields["closed_by"] = request.user
            try:
                services.observation_step(observation=observation, step=step, **fields)
            except ValidationError as error:
                _form_errors_from(form, error)
            else:
                messages.success(request, _("The step was saved."))
                return redirect("structural:observation_detail", observation.pk)
        return self.render_to_response(self.get_context_data(form=form), status=200)


class FollowUpCreateView(ScopedRecordMixin, DetailView):
    """Add a follow-up note to an observation of the user's area."""

    model = Observation
    template_name = "structural/followup_form.html"
    context_object_name = "observation"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or FollowUpForm()
        return super().get_context_data(form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = observation = self.get_object()
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                services.follow_up_create(
                    observation=observation,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    on=form.cleaned_data["on"],
                )
            except ValidationError as error:
                _form_errors_from(form, error)
            else:
                messages.success(request, _("The follow-up was saved."))
                return redirect("structural:observation_detail", observation.pk)
        return self.render_to_response(self.get_context_data(form=form))


# --- Surveys -----------------------------------------------------------------


class SurveyListView(ExportMixin, ScopedRecordMixin, ListView):
    """The area's surveys and their rounds, with the links to enter paper
    forms, to the results and to the public form."""

    model = Survey
    template_name = "structural/survey_list.html"
    context_object_name = "surveys"
    # The download lists the rounds of the listed surveys, one row each.
    export_columns = exports.ROUND_COLUMNS
    export_name = "kyselykierrokset"

    def get_queryset(self):
        return survey_selectors.survey_list(user=self.request.user)

    def export_queryset(self, queryset):
        return survey_selectors.round_list(user=self.request.user).filter(
            survey__in=queryset.values("pk")
        )


class ResponseExportView(ExportMixin, ScopedRecordMixin, ListView):
    """A round's responses as a download, in the survey-answers import's
    format.  The round is fetched through the choke point (404 outside the
    user's area); the responses are anonymous."""

    model = Response
    export_only = True
    export_name = "kyselyvastaukset"

    def get_round(self) -> SurveyRound:
        if not hasattr(self, "round"):
            rounds = SurveyRound.objects.restrict(self.request.user).select_related("survey")
            self.round = get_object_or_404(rounds, pk=self.kwargs["pk"])
        return self.round

    def get_queryset(self):
        return super().get_queryset().filter(round=self.get_round()).order_by("id")

    def export_queryset(self, queryset):
        return exports.responses_with_answers(queryset)

    def get_export_columns(self):
        return exports.answer_columns(self.get_round())


class ResponseEntryView(ScopedRecordMixin, DetailView):
    """Staff entry of paper forms: one row of number inputs per form; "save
    and next" stays on the page for the next form."""

    model = SurveyRound
    template_name = "structural/response_entry.html"
    context_object_name = "round"

    def get_queryset(self):
        return super().get_queryset().select_related("survey")

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or ResponseForm(round=self.object)
        return super().get_context_data(
            form=form, responses=self.object.responses.count(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.object = round = self.get_object()
        form = ResponseForm(request.POST, round=round)
        if form.is_valid():
            services.response_create(round=round, entered_by=request.user, **form.response_fields())
            messages.success(request, _("The response was saved."))
            if "save_next" in request.POST:
                return redirect("structural:survey_entry", round.pk)
            return redirect("structural:survey_results", round.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SurveyResultsView(ScopedRecordMixin, DetailView):
    model = SurveyRound
    template_name = "structural/survey_results.html"
    context_object_name = "round"

    def get_queryset(self):
        return super().get_queryset().select_related("survey")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            results=survey_selectors.survey_results(round=self.object),
            public_url=self.request.build_absolute_uri(
                reverse("structural:survey_public", args=[self.object.token])
            ),
            **kwargs,
        )


@login_not_required
@require_http_methods(["GET", "POST"])
def survey_public(request, token: str):
    """The client's anonymous form.  No login; CSRF-protected by the
    middleware; a closed round refuses answers (410); an address may send
    services.FLOOD_LIMIT answers per round in services.FLOOD_WINDOW seconds
    (429 after that).  The address is only hashed into a cache key."""
    round = get_object_or_404(
        SurveyRound.objects.select_related("survey"), token=token, survey__is_active=True
    )
    context = {"round": round, "survey": round.survey}
    if not round.is_open():
        return render(request, "structural/survey_public_closed.html", context, status=410)
    if request.method == "GET":
        context.update(form=ResponseForm(round=round, public=True), thanks="kiitos" in request.GET)
        return render(request, "structural/survey_public.html", context)
    if not services.flood_check(token=round.token, address=request.META.get("REMOTE_ADDR", "")):
        return render(request, "structural/survey_public_flood.html", context, status=429)
    form = ResponseForm(request.POST, round=round, public=True)
    if not form.is_valid():
        context.update(form=form)
        return render(request, "structural/survey_public.html", context, status=400)
    services.response_create(round=round, **form.response_fields())
    return redirect(f"{reverse('structural:survey_public', args=[token])}?kiitos=1")


class AnalysisView(PortalView, TemplateView):
    """The analysis of service-need assessments (replaces the Webropol form):
    a period, a unit and a subgroup; every figure through disclosure control."""

    allowed_roles = frozenset({Role.SUPERVISOR, Role.COORDINATOR})
    template_name = "structural/analysis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        start = _date_or(self.request.GET.get("alku"), datetime.date(today.year, 1, 1))
        end = _date_or(self.request.GET.get("loppu"), today)
        if end < start:
            start, end = end, start
        units = list(figure_units(self.request.user).order_by("name"))
        unit = next((u for u in units if u.code == self.request.GET.get("yksikko")), None)
        subgroup = self.request.GET.get("alaryhma", "")
        if subgroup not in analysis.SUBGROUPS:
            subgroup = ""
        scope = analysis.Scope(start, end, (unit.pk,) if unit else (), subgroup)
        context.update(
            start=start,
            end=end,
            unit=unit,
            unit_choices=units,
            subgroup=subgroup,
            subgroups=SUBGROUP_LABELS,
            report=analysis.analysis_report(
                user=self.request.user, scope=scope, purpose=kwargs.get("purpose", "screen")
            ),
        )
        return context


security_log = logging.getLogger("essote_sos.security")

SUBGROUP_LABELS = {
    "without_vocational_education": gettext_lazy("without vocational education"),
    "unemployed": gettext_lazy("unemployed jobseekers"),
    "under_35": gettext_lazy("under 35"),
}


def _date_or(value, default):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


class AnalysisExportView(AnalysisView):
    """The same figures as CSV, always through disclosure control (an export
    leaves the unit), and the export is written to the security log."""

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(purpose="export")
        report = context["report"]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="arviointien-analyysi.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [_("Analysis of service-need assessments"), context["start"], context["end"]]
        )
        writer.writerow([_("Completed assessments"), report["total"]])
        writer.writerow([])
        writer.writerow([_("Unit"), *report["sexes"], _("Total")])
        for row in report["sex_by_unit"]:
            writer.writerow([row["unit"], *row["cells"], row["total"]])
        for title, rows in report["distributions"]:
            writer.writerow([])
            writer.writerow([str(title), _("Assessments")])
            for row in rows:
                writer.writerow([row["label"], row["count"]])
        for title, rows, mentions in report["mentions"]:
            writer.writerow([])
            writer.writerow([str(title), _("Assessments"), mentions])
            for row in rows:
                writer.writerow([row["label"], row["count"]])
        security_log.info("analysis exported by user id=%s", request.user.pk)
        return response
