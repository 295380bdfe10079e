from django.urls import path, re_path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("me/", views.my_record, name="my-record"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session_report, name="session"),
    path("sessions/<int:pk>/after-action/", views.after_action, name="after-action"),
    re_path(r"^export/(?P<kind>[a-z]+)\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    re_path(
        r"^export/(?P<kind>[a-z]+)\.(?P<fmt>csv|xlsx)/background/$", views.export_background, name="export-background"
    ),
    path("exports/<str:token>/", views.download, name="download"),
]
