from django.urls import path

from thrive.learning import views

app_name = "learning"

base = "o/<str:org_code>/learning/"

urlpatterns = [
    path(base, views.catalogue, name="catalogue"),
    path(f"{base}mine/", views.mine, name="mine"),
    path(f"{base}team/", views.gaps, name="team"),
    path(f"{base}new/", views.item_edit, name="item_new"),
    path(f"{base}items/<int:pk>/", views.item_detail, name="item"),
    path(f"{base}items/<int:pk>/change/", views.item_edit, name="item_edit"),
    path(f"{base}items/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path(f"{base}items/<int:pk>/withdraw/", views.item_withdraw_start, name="item_withdraw"),
    path(
        f"{base}items/<int:pk>/withdraw/check/",
        views.item_withdraw_check,
        name="item_withdraw_check",
    ),
    path(f"{base}sessions/<int:pk>/", views.session_manage, name="session"),
    path(f"{base}sessions/<int:pk>/move/", views.session_move_page, name="session_move"),
    path(f"{base}sessions/<int:pk>/cancel/", views.session_cancel_start, name="session_cancel"),
    path(
        f"{base}sessions/<int:pk>/cancel/check/",
        views.session_cancel_check,
        name="session_cancel_check",
    ),
    path(f"{base}bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path(f"{base}bookings/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path(f"{base}feedback/", views.feedback_report, name="feedback_report"),
    path(f"{base}champions/", views.champions, name="champions"),
    path(f"{base}champion/", views.champion_page, name="champion"),
    path(f"{base}needs/", views.needs, name="needs"),
    path(f"{base}exchange/", views.exchange, name="exchange"),
    path(f"{base}exchange/places/", views.exchange_places, name="exchange_places"),
    path(f"{base}programmes/", views.programmes, name="programmes"),
    path(f"{base}programmes/<int:pk>/", views.programme, name="programme"),
    path(
        f"{base}programmes/<int:pk>/report/",
        views.programme_report_page,
        name="programme_report",
    ),
    path(f"{base}questionnaires/<int:pk>/", views.questionnaire, name="questionnaire"),
    path("o/<str:org_code>/cpd/", views.cpd, name="cpd"),
    path("o/<str:org_code>/cpd/new/", views.cpd_edit, name="cpd_new"),
    path("o/<str:org_code>/cpd/<int:pk>/", views.cpd_edit, name="cpd_edit"),
    path("o/<str:org_code>/cpd/<int:pk>/evidence/", views.cpd_evidence, name="cpd_evidence"),
    path("o/<str:org_code>/cpd/team/", views.cpd_team, name="cpd_team"),
    path("o/<str:org_code>/cpd/rules/", views.cpd_rules, name="cpd_rules"),
]
