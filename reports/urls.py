from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("tilannekuva/", views.DashboardView.as_view(), name="dashboard"),
    path("esf/", views.EsfIndicatorsView.as_view(), name="esf"),
    path("indikaattorit.json", views.IndicatorsJsonView.as_view(), name="indicators_json"),
]
