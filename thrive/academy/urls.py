from django.urls import path

from thrive.academy import views, views_mentoring, views_pipeline, views_progression

app_name = "academy"

base = "o/<str:org_code>/academy/"

urlpatterns = [
    path(base, views.mine, name="mine"),
    path(f"{base}cohorts/", views.cohorts, name="cohorts"),
    path(f"{base}cohorts/add/", views.cohort_add, name="cohort_add"),
    path(f"{base}cohorts/<int:pk>/", views.cohort, name="cohort"),
    path(f"{base}enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path(f"{base}enrolments/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path(f"{base}evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path(f"{base}reviews/<int:pk>/", views.review, name="review"),
    path(f"{base}rules/", views.rules, name="rules"),
    path(f"{base}rules/add/", views.rule_add, name="rule_add"),
    path(f"{base}programmes/add/", views.programme_add, name="programme_add"),
    path(f"{base}progression/", views_progression.mine, name="progression"),
    path(f"{base}progression/levels/", views_progression.levels, name="progression_levels"),
    path(f"{base}progression/plans/", views_progression.plans, name="progression_plans"),
    path(f"{base}progression/plans/<int:pk>/", views_progression.plan, name="progression_plan"),
    path(
        f"{base}progression/evidence/<int:pk>/file/",
        views_progression.evidence_file,
        name="progression_evidence_file",
    ),
    path(f"{base}talent/", views_pipeline.talent, name="talent"),
    path(f"{base}talent/vacancies/<int:pk>/", views_pipeline.shortlist, name="shortlist"),
    path(
        f"{base}talent/conversations/add/", views_pipeline.conversation_add, name="conversation_add"
    ),
    path(f"{base}talent/pool/<int:pk>/", views_pipeline.pool_member, name="pool_member"),
    path(f"{base}talent/programmes/<int:pk>/", views_pipeline.course, name="course"),
    path(f"{base}mentoring/", views_mentoring.mine, name="mentoring"),
    path(f"{base}mentoring/pairs/<int:pk>/", views_mentoring.pair, name="mentoring_pair"),
    path(f"{base}mentoring/coverage/", views_mentoring.coverage, name="mentoring_coverage"),
    path(f"{base}champions/", views_mentoring.champions, name="champions"),
]
