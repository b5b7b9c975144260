from django.urls import path

from clients import views

app_name = "clients"

urlpatterns = [
    path("", views.ClientListView.as_view(), name="list"),
    path("uusi/", views.ClientCreateView.as_view(), name="create"),
    path("omat/", views.MyClientsView.as_view(), name="mine"),
    path("<str:client_number>/", views.ClientDetailView.as_view(), name="detail"),
    path("<str:client_number>/muokkaa/", views.ClientUpdateView.as_view(), name="update"),
    path(
        "<str:client_number>/<slug:step>/uusi/",
        views.CaseStepCreateView.as_view(),
        name="step",
    ),
]
