from django.urls import path

from reports import views
from reports.final_report import views as final_report
from reports.runs import views as runs
from reports.transfer import views as transfer

app_name = "reports"

urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("tilannekuva/", views.DashboardView.as_view(), name="dashboard"),
    path("esf/", views.EsfIndicatorsView.as_view(), name="esf"),
    path("indikaattorit.json", views.IndicatorsJsonView.as_view(), name="indicators_json"),
    path("ajot/", runs.RunListView.as_view(), name="runs"),
    path("ajot/kuukausiraportti/", runs.MonthlyRunCreateView.as_view(), name="run_monthly"),
    path("ajot/loppuraportti/", runs.FinalRunCreateView.as_view(), name="run_final"),
    path("ajot/<int:pk>/", runs.RunDetailView.as_view(), name="run"),
    path("ajot/<int:pk>/tila.json", runs.RunStatusJsonView.as_view(), name="run_status"),
    path(
        "ajot/<int:pk>/lataa/<str:file_format>/",
        runs.RunDownloadView.as_view(),
        name="run_download",
    ),
    path("loppuraportti/tekstit/", final_report.NarrativeListView.as_view(), name="narratives"),
    path(
        "loppuraportti/tekstit/<slug:section>/",
        final_report.NarrativeEditView.as_view(),
        name="narrative_edit",
    ),
    path("tuonti/", transfer.ImportView.as_view(), name="import"),
    path("tuonti/<int:pk>/", transfer.ImportStatusView.as_view(), name="import_status"),
    path(
        "tuonti/<int:pk>/tila.json", transfer.ImportStatusJsonView.as_view(), name="import_progress"
    ),
]
