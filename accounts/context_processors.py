"""What every page needs to draw its navigation."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

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
        ("clients:list", _("Clients")),
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
    items = (
        NAVIGATION.get(getattr(user, "role", None), []) if user and user.is_authenticated else []
    )
    return {
        "navigation": items,
        "demo_mode": settings.DEMO_DATA_ALLOWED,
    }
