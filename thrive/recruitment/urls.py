from django.urls import path

from thrive.recruitment import feeds, views
from thrive.recruitment.views.safer import application_safer

app_name = "recruitment"

base = "o/<str:org_code>/recruitment/"

urlpatterns = [
    path(f"{base}vacancies/", views.vacancies, name="vacancies"),
    path(f"{base}vacancies/raise/", views.vacancy_raise, name="vacancy_raise"),
    path(f"{base}vacancies/<int:pk>/", views.vacancy, name="vacancy"),
    path(f"{base}vacancies/<int:pk>/approve/", views.vacancy_approve, name="vacancy_approve"),
]

urlpatterns += [
    path(
        f"{base}vacancies/<int:pk>/applications/", views.vacancy_applications, name="applications"
    ),
    path(
        f"{base}vacancies/<int:pk>/applications/add/", views.application_add, name="application_add"
    ),
    path(
        f"{base}vacancies/<int:pk>/applications/import/",
        views.imports.applications_import,
        name="applications_import",
    ),
    path(f"{base}applications/<int:pk>/", views.application, name="application"),
    path(f"{base}channels/", views.channels, name="channels"),
    path(f"{base}channels/region/", views.channels_region, name="channels_region"),
]

urlpatterns += [
    path(f"{base}applications/<int:pk>/checks/", views.application_check, name="application_check"),
    path(f"{base}applications/<int:pk>/start/", views.application_start, name="application_start"),
    path(
        f"{base}applications/<int:pk>/safer/<str:what>/",
        application_safer,
        name="application_safer",
    ),
    path(f"{base}applications/<int:pk>/hire/", views.application_hire, name="application_hire"),
]

# The public jobs portal and the candidate's own pages (no staff sign-in). The candidate's
# addresses come first so "candidate" is never read as a council's code.
urlpatterns += [
    path("jobs/", views.portal.jobs, name="jobs"),
    path("jobs/candidate/", views.portal.candidate_home, name="candidate_home"),
    path("jobs/candidate/sign-in/", views.portal.candidate_sign_in, name="candidate_sign_in"),
    path("jobs/candidate/link/", views.portal.candidate_link, name="candidate_link"),
    path("jobs/candidate/sent/", views.portal.candidate_sent, name="candidate_sent"),
    path("jobs/candidate/sign-out/", views.portal.candidate_sign_out, name="candidate_sign_out"),
    path(
        "jobs/candidate/applications/<int:pk>/withdraw/",
        views.portal.candidate_withdraw,
        name="candidate_withdraw",
    ),
    path("jobs/feed.rss", feeds.OpenJobsRss(), name="feed_rss"),
    path("jobs/feed.atom", feeds.OpenJobsAtom(), name="feed_atom"),
    path("jobs/jobs.csv", feeds.jobs_csv, name="feed_csv"),
    path("jobs/sitemap.xml", feeds.sitemap, name="sitemap"),
    path("jobs/<str:org_code>/feed.rss", feeds.OpenJobsRss(), name="council_feed_rss"),
    path("jobs/<str:org_code>/feed.atom", feeds.OpenJobsAtom(), name="council_feed_atom"),
    path("jobs/<str:org_code>/jobs.csv", feeds.jobs_csv, name="council_feed_csv"),
    path("jobs/interest/confirm/", views.interest.interest_confirm, name="interest_confirm"),
    path("jobs/interest/withdraw/", views.interest.interest_withdraw, name="interest_withdraw"),
    path(
        "jobs/<str:org_code>/interest/",
        views.interest.interest_register,
        name="interest_register",
    ),
    path("jobs/<str:org_code>/", views.portal.council_jobs, name="council_jobs"),
    path("jobs/<str:org_code>/<int:pk>/", views.portal.job, name="job"),
    path("jobs/<str:org_code>/<int:pk>/apply/", views.portal.job_apply, name="job_apply"),
]

# The question bank and selection panels.
urlpatterns += [
    path(f"{base}questions/", views.panels.questions, name="questions"),
    path(f"{base}vacancies/<int:pk>/panels/", views.panels.vacancy_panels, name="vacancy_panels"),
    path(f"{base}panels/<int:pk>/", views.panels.panel, name="panel"),
    path(f"{base}my-panels/", views.panels.my_panels, name="my_panels"),
    path(f"{base}my-panels/<int:pk>/", views.panels.my_panel, name="my_panel"),
    path(
        f"{base}my-panels/<int:pk>/candidates/<int:application_pk>/",
        views.panels.score_sheet,
        name="score_sheet",
    ),
    path(
        f"{base}my-panels/<int:pk>/candidates/<int:application_pk>/moderate/",
        views.panels.moderate,
        name="moderate",
    ),
]

urlpatterns += [
    path(f"{base}equality/", views.equality.equality, name="equality"),
    path(f"{base}campaigns/", views.campaigns.campaigns, name="campaigns"),
    path(f"{base}recruiter/", views.campaigns.recruiter, name="recruiter"),
]

urlpatterns += [
    path(f"{base}interest/", views.interest.interest_list, name="interest_list"),
]

# What the council keeps for its recruitment, edited by its whole-council recruiters.
urlpatterns += [
    path(f"{base}portal-page/", views.council.portal_page, name="portal_page"),
    path(f"{base}channels/edit/", views.council.channels_edit, name="channels_edit"),
    path(f"{base}channels/<int:pk>/edit/", views.council.channel_edit, name="channel_edit"),
    path(f"{base}referrals/", views.council.referrals, name="referrals"),
    path(f"{base}stage-emails/", views.council.stage_emails, name="stage_emails"),
    path(f"{base}selection-steps/", views.council.selection_templates, name="selection_templates"),
]
