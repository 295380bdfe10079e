from django.urls import path

from courses.views import assignments, drill_authoring, drills, learner
from courses.views.trainer import course_authoring, home, roster, roster_export, sessions

app_name = "courses"

trainer_urlpatterns = [
    path("trainer/", home.trainer_home, name="trainer-home"),
    path("trainer/courses/new/", course_authoring.course_create, name="course-create"),
    path("trainer/courses/<slug:slug>/", course_authoring.course_edit, name="course-edit"),
    path("trainer/courses/<slug:slug>/lessons/new/", course_authoring.lesson_create, name="lesson-create"),
    path("trainer/courses/<slug:slug>/sessions/new/", sessions.session_create, name="session-create"),
    path("trainer/lessons/preview/", course_authoring.lesson_preview, name="lesson-preview"),
    path("trainer/lessons/<int:pk>/", course_authoring.lesson_edit, name="lesson-edit"),
    path("trainer/lessons/<int:pk>/move/", course_authoring.lesson_move, name="lesson-move"),
    path("trainer/sessions/<int:pk>/", roster.session_roster, name="session-roster"),
    path("trainer/sessions/<int:pk>/roster.csv", roster_export.roster_csv, name="roster-csv"),
    path("trainer/sessions/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("trainer/sessions/<int:pk>/cancel/", sessions.session_cancel, name="session-cancel"),
    path("trainer/enrolments/<int:pk>/remove/", roster.enrolment_remove, name="enrolment-remove"),
    path("trainer/enrolments/<int:pk>/attendance/", roster.enrolment_attendance, name="enrolment-attendance"),
    path("trainer/policy/new/", home.policy_create, name="policy-create"),
]

urlpatterns = (
    learner.urlpatterns
    + trainer_urlpatterns
    + drills.urlpatterns
    + assignments.urlpatterns
    + drill_authoring.urlpatterns
)
