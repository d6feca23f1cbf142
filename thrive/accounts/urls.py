from django.urls import path

from thrive.accounts import views, views_sso

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views_sso.SsoSignInView.as_view(), name="login"),
    path("sign-out/", views_sso.SsoSignOutView.as_view(), name="logout"),
    # Single sign-on through each council's identity provider (views_sso.py).
    path("sign-out/done/", views_sso.signed_out, name="signed_out"),
    path("sign-in/council/welcome/", views_sso.sso_no_roles, name="sso_no_roles"),
    path("sign-in/council/<str:org_code>/", views_sso.sso_start, name="sso_start"),
    path(
        "sign-in/council/<str:org_code>/callback/", views_sso.sso_callback, name="sso_callback"
    ),
    path("o/<str:org_code>/single-sign-on/", views_sso.sso_settings, name="sso_settings"),
    path("password-reset/", views_sso.SsoResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        views.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.mfa_verify_view, name="mfa_verify"),
    path("account/two-factor/set-up/", views.mfa_setup_view, name="mfa_setup"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
