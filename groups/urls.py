from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.GroupListView.as_view(), name="list"),
    path("uusi/", views.GroupCreateView.as_view(), name="create"),
    path("<int:pk>/", views.GroupDetailView.as_view(), name="detail"),
    path("<int:pk>/muokkaa/", views.GroupUpdateView.as_view(), name="update"),
    path("<int:pk>/kerrat/uusi/", views.SessionCreateView.as_view(), name="session_create"),
    path("<int:pk>/ilmoittautuminen/uusi/", views.EnrollmentCreateView.as_view(), name="enroll"),
    path("<int:pk>/palaute/uusi/", views.FeedbackCreateView.as_view(), name="feedback"),
    path("<int:pk>/kerrat/lataa/", views.SessionExportView.as_view(), name="sessions_export"),
    path(
        "<int:pk>/ilmoittautumiset/lataa/",
        views.EnrollmentExportView.as_view(),
        name="enrollments_export",
    ),
    path(
        "<int:pk>/lasnaolot/lataa/",
        views.AttendanceExportView.as_view(),
        name="attendance_export",
    ),
    path("kerrat/<int:pk>/muokkaa/", views.SessionUpdateView.as_view(), name="session_update"),
    path("kerrat/<int:pk>/lasnaolo/", views.AttendanceView.as_view(), name="attendance"),
    path(
        "ilmoittautumiset/<int:pk>/muokkaa/",
        views.EnrollmentUpdateView.as_view(),
        name="enrollment_update",
    ),
    path("ilmoittautumiset/<int:pk>/keskeytys/", views.DropOutView.as_view(), name="drop_out"),
]
