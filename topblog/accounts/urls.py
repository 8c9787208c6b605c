from django.contrib.auth import views as auth_views
from django.urls import path

from topblog.accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("confirm/resend/", views.confirm_resend, name="confirm_resend"),
    path("confirm/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("consent/<slug:kind>/", views.consent_document, name="consent_document"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("landing/", views.landing, name="landing"),
    path("home/", views.role_home, name="role_home"),
    path("language/", views.language, name="language"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("api-token/", views.api_token, name="api_token"),
]
