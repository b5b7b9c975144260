"""Dashboards and reports: figures only, never client-level rows."""

import datetime

from django import forms
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.access import figure_scope, figure_unit_list, figure_units
from accounts.disclosure import for_viewer
from accounts.mixins import PortalView
from accounts.models import Role
from clients.selectors import client_count_by_unit
from groups.esf import ESF_BREAKDOWN, ESF_INDICATORS
from reports import indicators, selectors
from reports.indicators import ESF

# How many years back the dashboard lets a supervisor look.
YEARS_SHOWN = 10


class DashboardView(PortalView, TemplateView):
    """A supervisor's home: the figures of their units."""

    allowed_roles = frozenset({Role.SUPERVISOR, Role.COORDINATOR})
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        years = list(range(today.year, today.year - YEARS_SHOWN, -1))
        try:
            year = int(self.request.GET.get("vuosi", today.year))
        except ValueError:
            year = today.year
        if year not in years:
            year = today.year
        start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
        # The user's units read once for the whole page (figure_scope).
        scope = figure_scope(self.request.user)
        units = figure_unit_list(scope)
        unit = next((u for u in units if u.code == self.request.GET.get("yksikko")), None)
        viewer = indicators.figure_viewer(scope, [unit.pk] if unit else None)
        shown_units = {unit.pk} if unit else {u.pk for u in units}
        ctx = for_viewer(self.request.user, shown_units, "screen")
        context.update(years=years, year=year, compliance_period=(start, end))
        context.update(unit_choices=units, unit=unit, disclosure=ctx)
        context["units"] = disclose(ctx, client_count_by_unit(user=viewer), ["client_count"])
        figures = selectors.dashboard_figures(user=viewer, start=start, end=end, today=today)
        context["compliance"] = disclose_compliance(ctx, figures["compliance"])
        # Set when some months of the table were read from the stored summary.
        context["compliance_refreshed_at"] = figures["compliance_refreshed_at"]
        context["compliance_counted"] = ", ".join(
            f"{month.month}/{month.year}" for month in figures["compliance_counted"]
        )
        context["trends"] = disclose(
            ctx,
            figures["trends"],
            ["assessments_completed", "group_sessions", "outreach_visits", "people_met"],
        )
        context["comparison"] = disclose(
            ctx,
            figures["comparison"],
            ["assessments_completed", "group_sessions", "outreach_visits"],
        )
        # Set when the monthly figures were read from the stored summary.
        context["figures_refreshed_at"] = figures["refreshed_at"]
        context["figures_counted_from"] = figures["counted_from"]
        return context


def disclose(ctx, rows: list[dict], keys: list[str]) -> list[dict]:
    """Rows of counts as the viewer may see them (no totals are shown beside
    them, so hiding the small cells is enough)."""
    return [{**row, **{key: ctx.count(row[key]) for key in keys}} for row in rows]


def disclose_compliance(ctx, rows: list[dict]) -> list[dict]:
    """The compliance table: on time + late + overdue + running make up the
    statutory count shown beside them, so small cells are hidden together
    with enough others that none can be worked out from that total."""
    parts = ["on_time", "late", "overdue", "running"]
    table = ctx.table([[row[key] for key in parts] for row in rows], column_totals=False)
    return [
        {
            **row,
            **dict(zip(parts, table.cells[i], strict=True)),
            "statutory": table.row_totals[i],
            "initiations": ctx.count(row["initiations"]),
        }
        for i, row in enumerate(rows)
    ]


class ReportsIndexView(PortalView, TemplateView):
    """A coordinator's home: the area's figures and its reports."""

    allowed_roles = frozenset({Role.COORDINATOR})
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = client_count_by_unit(user=self.request.user)
        ctx = for_viewer(
            self.request.user, {u.pk for u in figure_units(self.request.user)}, "screen"
        )
        context["units"] = disclose(ctx, units, ["client_count"])
        context["area"] = self.request.user.area
        return context


class IndicatorsJsonView(PortalView, View):
    """The registry's figures as JSON, for dashboards and other systems.

    ?alku=YYYY-MM-DD&loppu=YYYY-MM-DD[&yksikko=CODE...]; figures of the units
    the user sees (a coordinator: the whole area).
    """

    allowed_roles = frozenset({Role.SUPERVISOR, Role.COORDINATOR})

    def get(self, request):
        try:
            start = datetime.date.fromisoformat(request.GET["alku"])
            end = datetime.date.fromisoformat(request.GET["loppu"])
        except (KeyError, ValueError):
            return JsonResponse({"error": "Give alku and loppu as YYYY-MM-DD."}, status=400)
        if end < start:
            return JsonResponse({"error": "loppu is before alku."}, status=400)
        codes = request.GET.getlist("yksikko")
        units = figure_units(request.user).filter(code__in=codes) if codes else None
        if codes and units.count() != len(set(codes)):
            return JsonResponse({"error": "Unknown unit, or not one of yours."}, status=404)
        unit_ids = list((units or figure_units(request.user)).values_list("pk", flat=True))
        figures = indicators.compute(
            user=request.user, start=start, end=end, unit_ids=unit_ids if units else None
        )
        shown = indicators.disclosed(
            figures, user=request.user, unit_ids=unit_ids, purpose="screen"
        )
        return JsonResponse(
            {
                "start": start,
                "end": end,
                # A hidden figure is its text, e.g. "<5" (accounts/disclosure.py).
                "figures": {
                    code: value if value is None or isinstance(value, int | float) else str(value)
                    for code, value in shown.items()
                },
            }
        )


class PeriodForm(forms.Form):
    """A reporting period, both days included; the project period by default."""

    alku = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    loppu = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("alku"), cleaned.get("loppu")
        if start and end and end < start:
            self.add_error("loppu", _("The end of the period is before its start."))
        return cleaned


# The ISO SOS project's own period: the default of the ESF report.
PROJECT_PERIOD = (datetime.date(2018, 2, 1), datetime.date(2019, 12, 31))


class EsfIndicatorsView(PortalView, TemplateView):
    """The ESF participant indicators of Annex I for the funder's report:
    each indicator in total, for women, for men and for the rest.  Women,
    men and the rest add up to the total, so small cells are hidden with
    complementary suppression like any table with totals."""

    allowed_roles = frozenset({Role.SUPERVISOR, Role.COORDINATOR})
    template_name = "reports/esf.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end = PROJECT_PERIOD
        form = PeriodForm(self.request.GET or {"alku": start, "loppu": end})
        context["form"] = form
        if not form.is_valid():
            return context
        start, end = form.cleaned_data["alku"], form.cleaned_data["loppu"]
        user = self.request.user
        figures = indicators.compute(user=user, start=start, end=end, indicator_set=ESF)
        ctx = for_viewer(user, {u.pk for u in figure_units(user)}, "screen")
        parts = [suffix for suffix, _label, _condition in ESF_BREAKDOWN[1:]]
        table = ctx.table(
            [[figures[f"{item.code}{suffix}"] for suffix in parts] for item in ESF_INDICATORS],
            column_totals=False,
        )
        context["breakdown"] = [label for _suffix, label, _condition in ESF_BREAKDOWN[1:]]
        context["rows"] = [
            {"label": item.label, "total": table.row_totals[i], "parts": table.cells[i]}
            for i, item in enumerate(ESF_INDICATORS)
        ]
        context.update(start=start, end=end, disclosure=ctx)
        return context
