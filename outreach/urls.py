from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.VisitListView.as_view(), name="list"),
    path("uusi/", views.VisitCreateView.as_view(), name="create"),
    path("<int:pk>/", views.VisitDetailView.as_view(), name="detail"),
    path("<int:pk>/muokkaa/", views.VisitUpdateView.as_view(), name="update"),
    path("kumppanit/", views.PartnerListView.as_view(), name="partners"),
    path("kumppanit/uusi/", views.PartnerCreateView.as_view(), name="partner_create"),
    path(
        "kumppanit/<int:pk>/muokkaa/",
        views.PartnerUpdateView.as_view(),
        name="partner_update",
    ),
]
