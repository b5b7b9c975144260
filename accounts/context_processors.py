"""What every page needs to draw its navigation."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.two_factor import session_is_verified

# Navigation by role: (URL name, label).  A role sees only what it may open.
NAVIGATION = {
    Role.WORKER: [
        ("assessments:my_work", _("My deadlines")),
        ("clients:list", _("Clients")),
        ("groups:list", _("Groups")),
        ("outreach:list", _("Outreach")),
        ("activities:index", _("Staff and participation")),
        ("structural:observations", _("Structural social work")),
    ],
    Role.SUPERVISOR: [
        ("reports:dashboard", _("Dashboard")),
        # The monthly reports of their units (reports/runs: read-only for them).
        ("reports:runs", _("Reports")),
        ("clients:list", _("Clients")),
        ("clients:access_review", _("Access review")),
        ("groups:list", _("Groups")),
        ("outreach:list", _("Outreach")),
        ("activities:index", _("Staff and participation")),
        ("structural:observations", _("Structural social work")),
    ],
    Role.COORDINATOR: [
        ("reports:index", _("Reports")),
        ("reports:dashboard", _("Dashboard")),
        ("clients:list", _("Clients")),
        ("groups:list", _("Groups")),
        ("outreach:list", _("Outreach")),
        ("activities:index", _("Staff and participation")),
        ("structural:observations", _("Structural social work")),
    ],
    Role.ADMINISTRATOR: [
        ("administration", _("Administration")),
    ],
}


def navigation(request):
    user = getattr(request, "user", None)
    # Until the second factor is given, the header offers nothing to go to.
    login_complete = bool(
        user
        and user.is_authenticated
        and (not settings.TWO_FACTOR_REQUIRED or session_is_verified(request))
    )
    items = NAVIGATION.get(getattr(user, "role", None), []) if login_complete else []
    return {
        "navigation": items,
        "login_complete": login_complete,
        "demo_mode": settings.DEMO_DATA_ALLOWED,
        # Every page says so when two-factor login is off (the demo only).
        "two_factor_off": not settings.TWO_FACTOR_REQUIRED,
    }
