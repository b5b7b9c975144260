from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.ActivitiesIndexView.as_view(), name="index"),
    path("tyopajat/", views.WorkshopListView.as_view(), name="workshops"),
    path("tyopajat/uusi/", views.WorkshopCreateView.as_view(), name="workshop_create"),
    path("tyopajat/<int:pk>/", views.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("tyopajat/<int:pk>/muokkaa/", views.WorkshopUpdateView.as_view(), name="workshop_update"),
    path("valmennukset/", views.TrainingListView.as_view(), name="trainings"),
    path("valmennukset/uusi/", views.TrainingCreateView.as_view(), name="training_create"),
    path("valmennukset/<int:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path(
        "valmennukset/<int:pk>/muokkaa/", views.TrainingUpdateView.as_view(), name="training_update"
    ),
    path("osallisuus/", views.ParticipationListView.as_view(), name="participation"),
    path("osallisuus/uusi/", views.ParticipationCreateView.as_view(), name="participation_create"),
    path(
        "osallisuus/<int:pk>/", views.ParticipationDetailView.as_view(), name="participation_detail"
    ),
    path(
        "osallisuus/<int:pk>/muokkaa/",
        views.ParticipationUpdateView.as_view(),
        name="participation_update",
    ),
    path("viestinta/", views.MediaListView.as_view(), name="media"),
    path("viestinta/uusi/", views.MediaCreateView.as_view(), name="media_create"),
    path("viestinta/<int:pk>/", views.MediaDetailView.as_view(), name="media_detail"),
    path("viestinta/<int:pk>/muokkaa/", views.MediaUpdateView.as_view(), name="media_update"),
    path("viestinta/seuraajat/", views.FollowerListView.as_view(), name="followers"),
    path("viestinta/seuraajat/uusi/", views.FollowerCreateView.as_view(), name="followers_create"),
    path(
        "viestinta/seuraajat/<int:pk>/", views.FollowerDetailView.as_view(), name="followers_detail"
    ),
    path(
        "viestinta/seuraajat/<int:pk>/muokkaa/",
        views.FollowerUpdateView.as_view(),
        name="followers_update",
    ),
]
