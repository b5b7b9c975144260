from django.urls import path

from clients import views, views_privacy

app_name = "clients"

urlpatterns = [
    path("", views.ClientListView.as_view(), name="list"),
    path("uusi/", views.ClientCreateView.as_view(), name="create"),
    path("omat/", views.MyClientsView.as_view(), name="mine"),
    path("perusteltu-avaus/", views_privacy.BreakGlassView.as_view(), name="break_glass"),
    path("kayttolokit/", views_privacy.AccessReviewView.as_view(), name="access_review"),
    path(
        "kayttolokit/avaus/<int:pk>/tarkastettu/",
        views_privacy.GrantReviewView.as_view(),
        name="grant_review",
    ),
    path("<str:client_number>/", views.ClientDetailView.as_view(), name="detail"),
    path("<str:client_number>/muokkaa/", views.ClientUpdateView.as_view(), name="update"),
    path(
        "<str:client_number>/<slug:step>/uusi/",
        views.CaseStepCreateView.as_view(),
        name="step",
    ),
    path(
        "<str:client_number>/kayttolokiote/",
        views_privacy.ClientAccessReportView.as_view(),
        name="access_report",
    ),
    path(
        "<str:client_number>/kayttolokiote.pdf",
        views_privacy.ClientAccessReportPdfView.as_view(),
        name="access_report_pdf",
    ),
]
