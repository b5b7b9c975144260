"""Dashboards and reports: figures only, never client-level rows."""

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from accounts.mixins import PortalView
from accounts.models import Role
from assessments.selectors import statutory_compliance
from clients.selectors import client_count_by_unit


class DashboardView(PortalView, TemplateView):
    """A supervisor's home: the figures of their units."""

    allowed_roles = frozenset({Role.SUPERVISOR, Role.COORDINATOR})
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year_start = datetime.date(today.year, 1, 1)
        context["units"] = client_count_by_unit(user=self.request.user)
        context["compliance_period"] = (year_start, today)
        context["compliance"] = statutory_compliance(
            user=self.request.user, start=year_start, end=today, today=today
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
