from django.urls import path

from clients import views

app_name = "clients"

urlpatterns = [
    path("", views.ClientListView.as_view(), name="list"),
    path("omat/", views.MyClientsView.as_view(), name="mine"),
    path("<str:client_number>/", views.ClientDetailView.as_view(), name="detail"),
]
