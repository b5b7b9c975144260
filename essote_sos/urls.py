"""The portal's URLs.  Every view requires login (LoginRequiredMiddleware)
except those marked @login_not_required: login, language, health."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("accounts.urls")),
    path("asiakkaat/", include("clients.urls")),
    path("arvioinnit/", include("assessments.urls")),
    path("ryhmat/", include("groups.urls")),
    path("jalkautuminen/", include("outreach.urls")),
    path("toiminta/", include("activities.urls")),
    path("rakenteellinen/", include("structural.urls")),
    path("raportit/", include("reports.urls")),
    path("kieli/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
