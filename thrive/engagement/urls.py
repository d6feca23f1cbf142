from django.urls import path

from thrive.engagement import (
    views,
    views_confidential,
    views_conversations,
    views_dropins,
    views_flexible,
    views_recognition,
    views_themes,
)

app_name = "engagement"

base = "o/<str:org_code>/engagement/"

urlpatterns = [
    path(f"{base}surveys/", views.survey_list, name="surveys"),
    path(f"{base}surveys/add/", views.survey_add, name="survey_add"),
    path(f"{base}surveys/<int:pk>/", views.survey_detail, name="survey"),
    path(f"{base}surveys/<int:pk>/answer/", views.survey_answer, name="answer"),
    path(f"{base}results/", views.results, name="results"),
    path(f"{base}results/export/", views.results_export, name="results_export"),
    path(f"{base}minimum-group/", views.minimum_group_page, name="minimum_group"),
]

urlpatterns += [
    path(f"{base}you-said-we-did/", views_themes.you_said, name="you_said"),
    path(f"{base}surveys/<int:pk>/themes/", views_themes.themes, name="themes"),
    path(f"{base}themes/<int:pk>/actions/add/", views_themes.action_add, name="action_add"),
    path(f"{base}actions/<int:pk>/", views_themes.action_update, name="action"),
]

urlpatterns += [
    path(f"{base}flexible/", views_flexible.flexible_list, name="flexible_list"),
    path(f"{base}flexible/add/", views_flexible.flexible_add, name="flexible_add"),
    path(f"{base}flexible/rules/", views_flexible.flexible_rules_page, name="flexible_rules"),
    path(f"{base}flexible/<int:pk>/", views_flexible.flexible_detail, name="flexible"),
]

urlpatterns += [
    path(f"{base}conversations/", views_conversations.conversations, name="conversations"),
    path(
        f"{base}conversations/stay/<int:person_pk>/",
        views_conversations.stay_add,
        name="stay_add",
    ),
    path(
        f"{base}conversations/exit/<int:spell_pk>/", views_conversations.exit_add, name="exit_add"
    ),
]

urlpatterns += [
    path(f"{base}recognition/", views_recognition.recognition_page, name="recognition"),
    path(f"{base}newsletters/", views_recognition.newsletter_list, name="newsletters"),
    path(f"{base}newsletters/<int:pk>/", views_recognition.newsletter_page, name="newsletter"),
    path(
        f"{base}newsletters/<int:pk>/edit/",
        views_recognition.newsletter_edit,
        name="newsletter_edit",
    ),
    path(f"{base}long-service/", views_recognition.long_service, name="long_service"),
    path(
        f"{base}long-service/<int:person_pk>/<int:years>/certificate/",
        views_recognition.certificate,
        name="certificate",
    ),
]

urlpatterns += [
    path(f"{base}drop-ins/", views_dropins.dropins_page, name="dropins"),
    path(f"{base}drop-ins/<int:pk>/move/", views_dropins.dropin_move, name="dropin_move"),
]

urlpatterns += [
    path(
        f"{base}surveys/<int:pk>/readers/",
        views_confidential.survey_readers,
        name="survey_readers",
    ),
    path(
        f"{base}surveys/<int:pk>/linked/", views_confidential.linked_answers, name="linked_answers"
    ),
]
