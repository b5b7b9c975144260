"""Which report runs a user sees.

A coordinator reports on the whole area: every run of the area.  A supervisor
sees the runs of their own units (not the area-wide ones, whose figures they
do not see on screen either).  Everyone else sees none.
"""

from django.db.models import QuerySet

from accounts.models import Role
from reports.models import ReportRun


def report_run_list(*, user) -> QuerySet[ReportRun]:
    """The user's report runs, newest first, ready for a list page."""
    runs = ReportRun.objects.select_related("area", "unit", "triggered_by")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return runs.none()
    if user.role == Role.COORDINATOR:
        runs = runs.filter(area_id=user.area_id)
    elif user.role == Role.SUPERVISOR:
        runs = runs.filter(unit__in=user.units.values("pk"))
    else:
        return runs.none()
    return runs.order_by("-requested_at", "-pk")
