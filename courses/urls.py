"""Every URL of the courses app, in one table: learners, trainers and admins, drills, assignments."""

from django.urls import path

from courses.views import assignments, drill_authoring, drills, learner
from courses.views.trainer import course_authoring, home, roster, roster_export, sessions

app_name = "courses"


urlpatterns = [
    # Learners
    path("courses/", learner.course_list, name="course-list"),
    path("courses/<slug:slug>/", learner.course_detail, name="course-detail"),
    path("courses/<slug:slug>/lessons/<int:pk>/", learner.lesson_detail, name="lesson-detail"),
    path("courses/<slug:slug>/lessons/<int:pk>/read/", learner.lesson_read, name="lesson-read"),
    path("sessions/<int:pk>/", learner.session_detail, name="session-detail"),
    path("sessions/<int:pk>/enrol/", learner.session_enrol, name="session-enrol"),
    path("enrolments/<int:pk>/", learner.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:pk>/cancel/", learner.enrolment_cancel, name="enrolment-cancel"),
    path("enrolments/<int:pk>/move/", learner.enrolment_move, name="enrolment-move"),
    path("enrolments/<int:pk>/invite.ics", learner.enrolment_ics, name="enrolment-ics"),
    path("camp/", learner.my_camp, name="my-camp"),
    path("calendar/", learner.calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", learner.calendar_feed, name="calendar-feed"),
    path("policy/", learner.policy, name="policy"),
    path("certificates/<str:code>/", learner.certificate, name="certificate"),
    path("verify/<str:code>/", learner.certificate_verify, name="certificate-verify"),
    # Trainers and admins
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
    # Drills
    path("drills/<int:pk>/", drills.drill_detail, name="drill-detail"),
    path("drills/<int:pk>/attempt/", drills.drill_attempt, name="drill-attempt"),
    path("drills/<int:pk>/results/", drills.drill_results, name="drill-results"),
    path("trainer/drills/<int:pk>/submissions/", drills.drill_submissions, name="drill-submissions"),
    path("trainer/drills/<int:pk>/regrade/", drills.drill_regrade, name="drill-regrade"),
    path("trainer/submissions/<int:pk>/override/", drills.submission_override, name="submission-override"),
    # Assignments (admins)
    path("assignments/", assignments.assignment_list, name="assignment-list"),
    path("assignments/new/", assignments.assignment_create, name="assignment-create"),
    path("assignments/<int:pk>/", assignments.assignment_edit, name="assignment-edit"),
    path("assignments/<int:pk>/delete/", assignments.assignment_delete, name="assignment-delete"),
    # Drill authoring
    path("trainer/lessons/<int:lesson_pk>/drills/new/", drill_authoring.drill_create, name="drill-create"),
    path("trainer/drills/preview/", drill_authoring.drill_preview, name="drill-preview"),
    path("trainer/drills/<int:pk>/edit/", drill_authoring.drill_edit, name="drill-edit"),
]
