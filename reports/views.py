"""Dashboards and reports: figures only, never client-level rows."""

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from accounts.mixins import PortalView
from accounts.models import Role
from assessments.selectors import statutory_compliance
from clients.selectors import client_count_by_unit

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
        context["units"] = client_count_by_unit(user=self.request.user)
        context.update(years=years, year=year, compliance_period=(start, end))
        context["compliance"] = statutory_compliance(
            user=self.request.user, start=start, end=end, today=today
        )
        return context


class ReportsIndexView(PortalView, TemplateView):
    """A coordinator's home: the area's figures and its reports."""

    allowed_roles = frozenset({Role.COORDINATOR})
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["units"] = client_count_by_unit(user=self.request.user)
        context["area"] = self.request.user.area
        return context
