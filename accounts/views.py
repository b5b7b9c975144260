"""Home, administration and the public pages of the portal."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from accounts import selectors
from accounts.mixins import PortalView
from accounts.models import Role

# Where each role starts (issue "Foundation": a home page for each role).
HOME_BY_ROLE = {
    Role.WORKER: "assessments:my_work",
    Role.SUPERVISOR: "reports:dashboard",
    Role.COORDINATOR: "reports:index",
    Role.ADMINISTRATOR: "administration",
}


class HomeView(PortalView, TemplateView):
    """Sends each user to the home page of their role."""

    def get(self, request, *args, **kwargs):
        return redirect(HOME_BY_ROLE[request.user.role])


class AdministrationView(PortalView, TemplateView):
    """The administrator's home: users and reference data, no client data."""

    allowed_roles = frozenset({Role.ADMINISTRATOR})
    template_name = "accounts/administration.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_by_role"] = selectors.staff_count_by_role()
        return context


class PasswordChangeView(PortalView, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"


class PasswordChangeDoneView(PortalView, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_not_required
@never_cache
def health(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
