from django.urls import path

from thrive.supervision import views

app_name = "supervision"

base = "o/<str:org_code>/supervision/"

urlpatterns = [
    path(base, views.home, name="home"),
    path(f"{base}book/", views.book, name="book"),
    path(f"{base}records/", views.sessions_list, name="sessions"),
    path(f"{base}sessions/<int:pk>/", views.session_detail, name="session"),
    path(f"{base}sessions/<int:pk>/move/", views.session_move_page, name="session_move"),
    path(f"{base}sessions/<int:pk>/record/", views.record, name="record"),
    path(f"{base}sessions/<int:pk>/group/", views.group_record, name="group_record"),
    path(f"{base}sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path(f"{base}calendar/", views.feed_manage, name="feed_manage"),
    path(f"{base}compliance/", views.compliance, name="compliance"),
    path(f"{base}policy/", views.policy, name="policy"),
    path(f"{base}skills/", views.skills, name="skills"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
