from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("omat/", views.MyWorkView.as_view(), name="my_work"),
    path("uusi/<str:client_number>/", views.AssessmentStartView.as_view(), name="start"),
    path(
        "mittaus/<str:client_number>/<slug:measure>/",
        views.MeasurementCreateView.as_view(),
        name="measure",
    ),
    path("<int:pk>/", views.AssessmentDetailView.as_view(), name="detail"),
    path("<int:pk>/muokkaa/", views.AssessmentEditView.as_view(), name="edit"),
    path("<int:pk>/korjaa/", views.AssessmentAmendView.as_view(), name="amend"),
]
