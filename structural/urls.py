from django.urls import path

from structural import views

app_name = "structural"

urlpatterns = [
    path("analyysi/", views.AnalysisView.as_view(), name="analysis"),
    path("analyysi.csv", views.AnalysisExportView.as_view(), name="analysis_export"),
    path("havainnot/", views.ObservationListView.as_view(), name="observations"),
    path("havainnot/yhteenveto/", views.ObservationOverviewView.as_view(), name="overview"),
    path("havainnot/uusi/", views.ObservationCreateView.as_view(), name="observation_create"),
    path("havainnot/<int:pk>/", views.ObservationDetailView.as_view(), name="observation_detail"),
    path(
        "havainnot/<int:pk>/muokkaa/",
        views.ObservationUpdateView.as_view(),
        name="observation_update",
    ),
    path(
        "havainnot/<int:pk>/vaihe/<slug:step>/",
        views.ObservationStepView.as_view(),
        name="observation_step",
    ),
    path(
        "havainnot/<int:pk>/seuranta/",
        views.FollowUpCreateView.as_view(),
        name="followup_create",
    ),
    path("kyselyt/", views.SurveyListView.as_view(), name="surveys"),
    path(
        "kyselyt/kierros/<int:pk>/syota/",
        views.ResponseEntryView.as_view(),
        name="survey_entry",
    ),
    path(
        "kyselyt/kierros/<int:pk>/vastaukset/lataa/",
        views.ResponseExportView.as_view(),
        name="survey_responses_export",
    ),
    path(
        "kyselyt/kierros/<int:pk>/tulokset/",
        views.SurveyResultsView.as_view(),
        name="survey_results",
    ),
    path("kysely/<str:token>/", views.survey_public, name="survey_public"),
]
