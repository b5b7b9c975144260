"""Views of outreach visits and partner organisations.

A visit is a unit's record (ScopedRecordMixin: the user's own units, 404
outside them); the clients met on it are client data, restricted by their
own unit and written to the access log whenever they are shown.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from accounts.access import CLIENT_DATA_ROLES, figure_units
from accounts.access_log import AccessAction
from accounts.disclosure import for_viewer, is_suppressed
from accounts.exports import ExportMixin
from accounts.mixins import PortalView, ScopedRecordMixin
from accounts.services import access_log_record
from clients.selectors import client_list
from outreach import selectors, services
from outreach.exports import PARTNER_COLUMNS, VISIT_COLUMNS
from outreach.filters import OutreachVisitFilter
from outreach.forms import PartnerForm, QuickVisitForm, VisitForm
from outreach.models import OutreachVisit, PartnerOrganisation, VisitKind


class VisitListView(ExportMixin, ScopedRecordMixin, ListView):
    """The visits of the user's units, filtered, with the figures of the
    filtered period: totals and breakdowns by kind and by municipality."""

    model = OutreachVisit
    template_name = "outreach/visit_list.html"
    context_object_name = "visits"
    paginate_by = 25
    export_columns = VISIT_COLUMNS
    export_name = "jalkautumiset"

    def get_queryset(self):
        user = self.request.user
        self.filterset = OutreachVisitFilter(
            self.request.GET or None, queryset=selectors.visit_list(user=user), user=user
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        criteria = self.filterset.criteria()
        summary = selectors.outreach_summary(user=user, **criteria)
        by_kind = selectors.figures_by_kind(user=user, **criteria)
        by_municipality = selectors.figures_by_municipality(user=user, **criteria)
        ctx = for_viewer(user, set(figure_units(user).values_list("pk", flat=True)), "screen")
        if ctx.suppress:
            by_kind_summary, by_kind = _disclosed(ctx, summary, by_kind)
            by_place_summary, by_municipality = _disclosed(ctx, summary, by_municipality)
            # Two breakdowns of the same totals: a total hidden by either stays hidden.
            summary = {
                key: value if is_suppressed(by_place_summary.get(key)) else by_kind_summary[key]
                for key, value in by_place_summary.items()
            }
        context.update(
            filter=self.filterset,
            criteria=criteria,
            summary=summary,
            by_kind=by_kind,
            by_municipality=by_municipality,
        )
        return context


FIGURE_KEYS = ("visits", "people_met", "new_contacts")


def _disclosed(ctx, summary: dict, rows: list[dict]) -> tuple[dict, list[dict]]:
    """A breakdown and its totals as they may leave the unit: small counts
    hidden, with complementary cells so that none can be worked out from the
    totals (accounts/disclosure.py)."""
    if not rows:
        return {key: ctx.count(value) for key, value in summary.items()}, rows
    table = ctx.table([[row[key] for key in FIGURE_KEYS] for row in rows], row_totals=False)
    shown_rows = [
        {**row, **dict(zip(FIGURE_KEYS, table.cells[i], strict=True))} for i, row in enumerate(rows)
    ]
    shown_summary = {**summary, **dict(zip(FIGURE_KEYS, table.column_totals, strict=True))}
    popup = next((r for r in shown_rows if r.get("kind") == VisitKind.POPUP), None)
    if popup is not None:
        shown_summary["popup_events"] = popup["visits"]
    elif "popup_events" in summary:
        shown_summary["popup_events"] = ctx.count(summary["popup_events"])
    return shown_summary, shown_rows


class VisitDetailView(ScopedRecordMixin, DetailView):
    """One visit.  The clients met whom the user may see are listed, and each
    is written to the access log."""

    model = OutreachVisit
    template_name = "outreach/visit_detail.html"
    context_object_name = "visit"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("unit", "municipality", "recorded_by")
            .prefetch_related("workers", "partners")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clients_met = list(selectors.clients_met_of(user=self.request.user, visit=self.object))
        if clients_met:
            access_log_record(request=self.request, records=clients_met, action=AccessAction.VIEW)
        context["clients_met"] = clients_met
        return context


class VisitCreateView(PortalView, CreateView):
    """The quick form: log a visit in the field, on a phone."""

    allowed_roles = CLIENT_DATA_ROLES
    model = OutreachVisit
    form_class = QuickVisitForm
    template_name = "outreach/visit_quick_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        visit = services.visit_create(recorded_by=self.request.user, **form.visit_fields())
        messages.success(self.request, _("The visit was saved."))
        return redirect("outreach:detail", visit.pk)


class VisitUpdateView(ScopedRecordMixin, UpdateView):
    """Everything about a visit, and the clients met linked to their records.

    The clients offered for linking are the user's units' clients; showing
    them is a listing of client data, so each is written to the access log,
    as are the links shown, made and removed.
    """

    model = OutreachVisit
    form_class = VisitForm
    template_name = "outreach/visit_form.html"
    context_object_name = "visit"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "recorded_by")

    def get_form_kwargs(self):
        self.clients_met = list(selectors.clients_met_of(user=self.request.user, visit=self.object))
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "clients_met": self.clients_met,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offered = list(context["form"].fields["clients_met"].queryset)
        access_log_record(request=self.request, records=offered, action=AccessAction.LIST)
        if self.clients_met:
            access_log_record(
                request=self.request, records=self.clients_met, action=AccessAction.VIEW
            )
        return context

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            visit = services.visit_update(visit=self.object, **form.visit_fields())
            created, removed = services.clients_met_set(
                visit=visit,
                clients=form.cleaned_data["clients_met"],
                changeable=client_list(user=user),
                by=user,
            )
            if created:
                access_log_record(request=self.request, records=created, action=AccessAction.CREATE)
            if removed:
                access_log_record(request=self.request, records=removed, action=AccessAction.CHANGE)
        messages.success(self.request, _("The changes were saved."))
        return redirect("outreach:detail", visit.pk)


class PartnerListView(ExportMixin, ScopedRecordMixin, ListView):
    """The partner organisations of the user's area."""

    model = PartnerOrganisation
    template_name = "outreach/partner_list.html"
    context_object_name = "partners"
    paginate_by = 50
    export_columns = PARTNER_COLUMNS
    export_name = "yhteistyokumppanit"

    def get_queryset(self):
        return selectors.partner_list(user=self.request.user)


class PartnerCreateView(PortalView, CreateView):
    """Add a partner organisation to the user's area."""

    allowed_roles = CLIENT_DATA_ROLES
    model = PartnerOrganisation
    form_class = PartnerForm
    template_name = "outreach/partner_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        services.partner_create(area=self.request.user.area, **form.cleaned_data)
        messages.success(self.request, _("The partner organisation was saved."))
        return redirect("outreach:partners")


class PartnerUpdateView(ScopedRecordMixin, UpdateView):
    """Change a partner organisation of the user's area."""

    model = PartnerOrganisation
    form_class = PartnerForm
    template_name = "outreach/partner_form.html"
    context_object_name = "partner"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        services.partner_update(partner=self.object, **form.cleaned_data)
        messages.success(self.request, _("The changes were saved."))
        return redirect("outreach:partners")
