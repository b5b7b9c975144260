from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import LoginForm

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("hallinta/", views.AdministrationView.as_view(), name="administration"),
    path(
        "kirjaudu/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "salasana/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "salasana/vaihdettu/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "kaksivaiheinen/kayttoonotto/",
        views.TwoFactorEnrolView.as_view(),
        name="two_factor_enrol",
    ),
    path(
        "kaksivaiheinen/tunnistus/",
        views.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
    path("kaksivaiheinen/varakoodit/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path(
        "kaksivaiheinen/vaihda-sovellus/",
        views.TwoFactorReplaceView.as_view(),
        name="two_factor_replace",
    ),
    path("istunnot/", views.SessionListView.as_view(), name="sessions"),
    path("istunnot/<int:pk>/lopeta/", views.SessionEndView.as_view(), name="session_end"),
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots, name="robots"),
]
