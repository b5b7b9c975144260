from django.urls import path

from reports import views
from reports.final_report import views as final_report

app_name = "reports"

urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("tilannekuva/", views.DashboardView.as_view(), name="dashboard"),
    path("esf/", views.EsfIndicatorsView.as_view(), name="esf"),
    path("indikaattorit.json", views.IndicatorsJsonView.as_view(), name="indicators_json"),
    path("loppuraportti/tekstit/", final_report.NarrativeListView.as_view(), name="narratives"),
    path(
        "loppuraportti/tekstit/<slug:section>/",
        final_report.NarrativeEditView.as_view(),
        name="narrative_edit",
    ),
]
