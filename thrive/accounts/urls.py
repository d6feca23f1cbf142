from django.urls import path

from thrive.accounts import views, views_grants, views_security, views_sso, views_users

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views_sso.SsoSignInView.as_view(), name="login"),
    path("sign-out/", views_sso.SsoSignOutView.as_view(), name="logout"),
    # Single sign-on through each council's identity provider (views_sso.py).
    path("sign-out/done/", views_sso.signed_out, name="signed_out"),
    path("sign-in/council/welcome/", views_sso.sso_no_roles, name="sso_no_roles"),
    path("sign-in/council/<str:org_code>/", views_sso.sso_start, name="sso_start"),
    path("sign-in/council/<str:org_code>/callback/", views_sso.sso_callback, name="sso_callback"),
    path("o/<str:org_code>/single-sign-on/", views_sso.sso_settings, name="sso_settings"),
    path(
        "o/<str:org_code>/sign-in-security/",
        views_security.sign_in_security,
        name="sign_in_security",
    ),
    path(
        "o/<str:org_code>/sign-in-security/unlock/",
        views_security.sign_in_unlock_view,
        name="sign_in_unlock",
    ),
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

# Pages named in the shell's namespace (``core:users`` ...), as they were before they moved here.
core_urlpatterns = [
    path("o/<str:org_code>/users/", views_users.users, name="users"),
    path(
        "o/<str:org_code>/users/<int:assignment_id>/revoke/",
        views_users.user_role_revoke,
        name="user_role_revoke",
    ),
    path("o/<str:org_code>/users/approvals/", views_grants.grant_approvals, name="grant_approvals"),
    path(
        "o/<str:org_code>/users/approvals/<int:grant_id>/",
        views_grants.grant_decide,
        name="grant_decide",
    ),
    path("o/<str:org_code>/break-glass/", views_grants.break_glass, name="break_glass"),
    path(
        "o/<str:org_code>/break-glass/uses/",
        views_grants.break_glass_uses,
        name="break_glass_uses",
    ),
]
