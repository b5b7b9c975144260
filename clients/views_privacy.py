"""Views of privacy: break the glass, the client's access-log report and the
supervisor's review of access."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView

from accounts.access import BREAK_GLASS_ROLES
from accounts.access_log import AccessAction
from accounts.mixins import ClientRecordMixin, PortalView
from accounts.models import Role
from accounts.services import access_log_record
from clients import access_review, break_glass
from clients.models import BreakGlassGrant, Client, MotherTongue
from essote_sos.pdf import render_pdf

REASON_MIN_LENGTH = 10
REASON_MAX_LENGTH = 1000


class BreakGlassForm(forms.Form):
    client = forms.ModelChoiceField(
        label=gettext_lazy("Client"),
        queryset=Client.objects.none(),
        to_field_name="client_number",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Why you must open this client's records now. The reason is written to the "
            "access log, the client can see it, and the supervisor of the client's unit "
            "reviews it."
        ),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = candidates
        self.fields["client"].label_from_instance = lambda client: (
            _("%(number)s, unit %(unit)s")
            % {"number": client.client_number, "unit": client.unit.name}
        )
        if len(candidates) == 1:
            self.fields["client"].initial = candidates[0]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if "\x00" in reason:
            raise forms.ValidationError(_("The reason contains characters that are not allowed."))
        if len(reason) < REASON_MIN_LENGTH:
            raise forms.ValidationError(_("Write the reason in a sentence or two."))
        return reason


class BreakGlassView(PortalView, FormView):
    """Open a client of another unit, found by an exact search, for a reason.

    The client is taken from the user's own search kept in the session
    (?haku=<key>), never from a number the browser sends, so only a client
    the user has found by identity code or client number can be opened.
    """

    allowed_roles = BREAK_GLASS_ROLES
    form_class = BreakGlassForm
    template_name = "clients/break_glass_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or request.user.role not in self.allowed_roles:
            return super().dispatch(request, *args, **kwargs)
        key = request.GET.get("haku", "")
        criteria = request.session.get("client_searches", {}).get(key)
        self.candidates = list(break_glass.candidates(user=request.user, criteria=criteria))
        if not self.candidates:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        ids = [client.pk for client in self.candidates]
        kwargs["candidates"] = Client.objects.filter(pk__in=ids).select_related("unit")
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["minutes"] = int(break_glass.grant_duration().total_seconds() // 60)
        return context

    def form_valid(self, form):
        client = form.cleaned_data["client"]
        break_glass.grant_create(
            user=self.request.user, client=client, reason=form.cleaned_data["reason"]
        )
        messages.warning(
            self.request,
            _("You opened a client of another unit for %(minutes)s minutes. Every read is logged.")
            % {"minutes": int(break_glass.grant_duration().total_seconds() // 60)},
        )
        return redirect("clients:detail", client.client_number)


class ClientAccessReportView(ClientRecordMixin, DetailView):
    """The client's access-log report (703/2023 §11) on screen.

    Only staff of the client's own unit produce it: a break-the-glass grant
    does not cover it (the queryset is restricted for printing)."""

    allowed_roles = frozenset({Role.WORKER, Role.SUPERVISOR})
    model = Client
    template_name = "clients/access_report.html"
    context_object_name = "client"
    slug_field = "client_number"
    slug_url_kwarg = "client_number"

    def get_queryset(self):
        return Client.objects.restrict(self.request.user, AccessAction.PRINT).select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = access_review.client_access_report(
            client=self.object, today=timezone.localdate()
        )
        context["produced_at"] = timezone.now()
        context["produced_by"] = self.request.user
        return context


class ClientAccessReportPdfView(ClientAccessReportView):
    """The same report as a PDF to hand to the client; logged as a print."""

    access_action = AccessAction.PRINT
    template_name = "clients/access_report_pdf.html"

    def render_to_response(self, context, **response_kwargs):
        # In the client's language: Swedish for Swedish speakers, else Finnish.
        language = "sv" if self.object.mother_tongue == MotherTongue.SWEDISH else "fi"
        with translation.override(language):
            pdf = render_pdf(self.template_name, {**context, "LANGUAGE_CODE": language})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="kayttolokiote.pdf"'
        response["Cache-Control"] = "no-store"
        return response


class ReviewPeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    MAX_DAYS = 366

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days >= self.MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most a year."))
        return cleaned


class AccessReviewView(PortalView, TemplateView):
    """The supervisor's review of access to their units' clients.

    The page names clients only by client number; the break-the-glass grants
    shown are logged as listed."""

    allowed_roles = frozenset({Role.SUPERVISOR})
    template_name = "clients/access_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end = access_review.default_review_period()
        form = ReviewPeriodForm(
            self.request.GET if "start" in self.request.GET else None,
            initial={"start": start, "end": end},
        )
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        review = access_review.access_review(user=self.request.user, start=start, end=end)
        if review["grants"]:
            access_log_record(
                request=self.request, records=review["grants"], action=AccessAction.LIST
            )
        context.update(review, form=form, start=start, end=end)
        return context


class GrantReviewView(ClientRecordMixin, DetailView):
    """Mark a break-the-glass grant on one's unit's client reviewed (POST)."""

    allowed_roles = frozenset({Role.SUPERVISOR})
    model = BreakGlassGrant
    access_action = AccessAction.VIEW

    def get(self, request, *args, **kwargs):
        self.get_object()
        return redirect("clients:access_review")

    def post(self, request, *args, **kwargs):
        grant = self.get_object()
        break_glass.grant_review(grant=grant, by=request.user)
        messages.success(request, _("The access was marked reviewed."))
        return redirect("clients:access_review")
