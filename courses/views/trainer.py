"""What trainers and admins do: author courses and lessons, schedule sessions, run rosters and attendance."""

from __future__ import annotations

import copy
import csv
from collections.abc import Iterable, Iterator
from datetime import tzinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import authoring
from courses.content import TokenValues, render_markdown
from courses.forms.authoring import (
    AttendanceForm,
    CancelSessionForm,
    CourseForm,
    LessonForm,
    LessonMoveForm,
    LessonPreviewForm,
    PolicyForm,
    RemoveForm,
    SessionForm,
)
from courses.models import Course, Drill, Enrolment, Lesson, Session
from courses.selectors import trainer as trainer_selectors
from courses.services import enrolment as enrolment_services
from courses.services import progress
from courses.services import sessions as session_services

AUTHOR = "accounts.author_content"
RUN_SESSIONS = "accounts.run_sessions"
ADMIN = "accounts.view_all_reports"


# Access helpers: return the object or raise 404. A trainer who does not run a
# session gets 404, not 403, so session ids do not leak.


def _session_or_404(request: HttpRequest, pk: int) -> Session:
    return get_object_or_404(Session.objects.manageable_by(request.user).select_related("course", "feed"), pk=pk)


def _enrolment_or_404(request: HttpRequest, pk: int) -> Enrolment:
    manageable = Session.objects.manageable_by(request.user)
    return get_object_or_404(
        Enrolment.objects.select_related("session", "session__course", "user"), pk=pk, session__in=manageable
    )


def _add_error(form, error: Exception) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _preview(body: str) -> str:
    # The same function and the same fragment as the saved lesson page, so what you preview is what people read.
    return render_markdown(body, TokenValues())


# Home


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_GET
def trainer_home(request: HttpRequest) -> HttpResponse:
    can_author = request.user.has_perm(AUTHOR)
    context = {
        "can_author": can_author,
        "courses": list(trainer_selectors.authoring_courses()) if can_author else [],
        "upcoming": list(trainer_selectors.upcoming_sessions_for(request.user)),
        "past": list(trainer_selectors.past_sessions_for(request.user)),
        "is_admin": request.user.has_perm(ADMIN),
    }
    if context["is_admin"]:
        context["policy"] = progress.current_policy()
    return render(request, "courses/trainer/home.html", context)


# Courses


@login_required
@permission_required(AUTHOR, raise_exception=True)
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course = authoring.create_course(details=form.details(), actor=request.user)
        except authoring.AuthoringError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Course “%(title)s” created. Add its lessons next.") % {"title": course.title})
            return redirect("courses:course-edit", slug=course.slug)
    return render(request, "courses/trainer/course_form.html", {"form": form, "course": None})


@login_required
@permission_required(AUTHOR, raise_exception=True)
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    # The form works on a copy, so an invalid slug never reaches this page's links.
    form = CourseForm(request.POST if request.method == "POST" else None, instance=copy.copy(course))
    if request.method == "POST" and form.is_valid():
        try:
            course = authoring.update_course(course=course, details=form.details(), actor=request.user)
        except authoring.AuthoringError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Course “%(title)s” saved.") % {"title": course.title})
            return redirect("courses:course-edit", slug=course.slug)
    context = {
        "form": form,
        "course": course,
        "lessons": list(trainer_selectors.course_lessons(course)),
        "can_run_sessions": request.user.has_perm(RUN_SESSIONS),
    }
    return render(request, "courses/trainer/course_form.html", context)


# Lessons


def _lesson_page(request: HttpRequest, form: LessonForm, course: Course, lesson: Lesson | None, preview=None):
    context = {
        "form": form,
        "course": course,
        "lesson": lesson,
        "preview": preview,
        "saved": _preview(lesson.body) if lesson is not None else None,
        "drills": list(Drill.objects.filter(lesson=lesson).order_by("position", "pk")) if lesson is not None else [],
    }
    return render(request, "courses/trainer/lesson_form.html", context)


@login_required
@permission_required(AUTHOR, raise_exception=True)
@require_http_methods(["GET", "POST"])
def lesson_create(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    form = LessonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("action") == "preview":
        return _lesson_page(request, form, course, None, preview=_preview(request.POST.get("body", "")))
    if request.method == "POST" and form.is_valid():
        lesson = authoring.create_lesson(course=course, details=form.details(), actor=request.user)
        messages.success(request, _("Lesson “%(title)s” saved.") % {"title": lesson.title})
        return redirect("courses:lesson-edit", pk=lesson.pk)
    return _lesson_page(request, form, course, None)


@login_required
@permission_required(AUTHOR, raise_exception=True)
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
    form = LessonForm(request.POST if request.method == "POST" else None, instance=copy.copy(lesson))
    if request.method == "POST" and request.POST.get("action") == "preview":
        return _lesson_page(request, form, lesson.course, lesson, preview=_preview(request.POST.get("body", "")))
    if request.method == "POST" and form.is_valid():
        lesson = authoring.update_lesson(lesson=lesson, details=form.details(), actor=request.user)
        messages.success(request, _("Lesson “%(title)s” saved.") % {"title": lesson.title})
        return redirect("courses:lesson-edit", pk=lesson.pk)
    return _lesson_page(request, form, lesson.course, lesson)


@login_required
@permission_required(AUTHOR, raise_exception=True)
@require_POST
def lesson_preview(request: HttpRequest) -> HttpResponse:
    """The htmx preview: the same fragment the lesson form shows after a non-JS "Preview"."""
    form = LessonPreviewForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return render(request, "courses/trainer/_lesson_preview.html", {"preview": _preview(body)})


@login_required
@permission_required(AUTHOR, raise_exception=True)
@require_POST
def lesson_move(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
    form = LessonMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to move the lesson up or down."))
    else:
        try:
            authoring.move_lesson(lesson=lesson, direction=form.cleaned_data["direction"], actor=request.user)
        except authoring.CannotMoveLesson as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Lesson “%(title)s” moved.") % {"title": lesson.title})
    return redirect(reverse("courses:course-edit", kwargs={"slug": lesson.course.slug}) + "#lessons")


# Sessions


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    candidates = trainer_selectors.trainer_candidates()
    initial = {"time_zone": request.user.time_zone, "trainers": [request.user], "capacity": 12}
    form = SessionForm(request.POST if request.method == "POST" else None, initial=initial, trainer_choices=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.create_session(
                course=course, details=form.details(), trainers=form.cleaned_data["trainers"], actor=request.user
            )
        except session_services.SessionError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Session “%(title)s” scheduled.") % {"title": session.title})
            if Session.objects.manageable_by(request.user).filter(pk=session.pk).exists():
                return redirect("courses:session-roster", pk=session.pk)
            return redirect("courses:trainer-home")
    return render(request, "courses/trainer/session_form.html", {"form": form, "course": course, "session": None})


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        initial=SessionForm.initial_for(session),
        trainer_choices=trainer_selectors.trainer_candidates(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.update_session(
                session=session, details=form.details(), trainers=form.cleaned_data["trainers"], actor=request.user
            )
        except session_services.SessionError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Session “%(title)s” saved.") % {"title": session.title})
            if Session.objects.manageable_by(request.user).filter(pk=session.pk).exists():
                return redirect("courses:session-roster", pk=session.pk)
            return redirect("courses:trainer-home")
    context = {"form": form, "course": session.course, "session": session}
    return render(request, "courses/trainer/session_form.html", context)


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    form = CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session_services.cancel_session(session=session, reason=form.cleaned_data["reason"], actor=request.user)
        except session_services.SessionError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("The session is cancelled. Everyone enrolled or waiting is told, with your reason.")
            )
            return redirect("courses:session-roster", pk=session.pk)
    return render(request, "courses/trainer/session_cancel.html", {"form": form, "session": session})


# Roster and attendance


def _roster_context(session: Session) -> dict:
    return {
        "session": session,
        "attendance_open": enrolment_services.attendance_open(session),
        "attendance_opens_at": session.starts_at - enrolment_services.ATTENDANCE_OPENS_BEFORE,
    }


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_GET
def session_roster(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    context = {**_roster_context(session), "roster": trainer_selectors.roster(session)}
    return render(request, "courses/trainer/roster.html", context)


# A spreadsheet runs a cell that starts like a formula; an apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _roster_lines(rows: Iterable[Enrolment], zone: tzinfo) -> Iterator[str]:
    writer = csv.writer(_Echo())
    zone_name = str(zone)
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read the names as UTF-8
    yield writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Handle"),
            _("Department"),
            _("Status"),
            _("Waitlist position"),
            _("Joined (%(zone)s)") % {"zone": zone_name},
            _("Attendance marked by"),
        ]
    )
    position = 0
    for enrolment in rows:
        waiting = enrolment.status == Enrolment.Status.WAITLISTED
        position += int(waiting)
        joined = timezone.localtime(enrolment.queued_at or enrolment.created_at, zone)
        marker = enrolment.attendance_marked_by
        yield writer.writerow(
            csv_cell(value)
            for value in (
                enrolment.user.display_name,
                enrolment.user.email,
                "@" + enrolment.user.handle,
                enrolment.user.department.name if enrolment.user.department else "",
                enrolment.get_status_display(),
                position if waiting else "",
                joined.strftime("%Y-%m-%d %H:%M"),
                marker.display_name if marker else "",
            )
        )


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_GET
def roster_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    session = _session_or_404(request, pk)
    # The stream is consumed after this view returns; fix the viewer's zone now.
    zone = timezone.get_current_timezone()
    response = StreamingHttpResponse(
        _roster_lines(trainer_selectors.roster_export(session), zone), content_type="text/csv; charset=utf-8"
    )
    filename = f"roster-{session.pk}-{slugify(session.hashtag) or 'session'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def enrolment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_or_404(request, pk)
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = enrolment_services.remove(
                enrolment=enrolment, actor=request.user, note=form.cleaned_data["note"]
            )
        except enrolment_services.EnrolmentError as error:
            _add_error(form, error)
        else:
            name = enrolment.user.display_name
            message = _("%(name)s is removed.") % {"name": name}
            if promoted:
                names = ", ".join(e.user.display_name for e in promoted)
                message += " " + _("Promoted from the waitlist: %(names)s.") % {"names": names}
            messages.success(request, message)
            return redirect("courses:session-roster", pk=enrolment.session_id)
    return render(request, "courses/trainer/enrolment_remove.html", {"form": form, "enrolment": enrolment})


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_POST
def enrolment_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_or_404(request, pk)
    form = AttendanceForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Choose attended or no-show.")
    else:
        try:
            enrolment_services.mark_attendance(
                enrolment=enrolment, attended=form.cleaned_data["attended"], actor=request.user
            )
        except enrolment_services.EnrolmentError as exc:
            error = str(exc)
    name = enrolment.user.display_name
    if request.htmx:
        context = {**_roster_context(enrolment.session), "row": trainer_selectors.roster_row(pk), "row_error": error}
        return render(request, "courses/trainer/_roster_row.html", context)
    if error:
        messages.error(request, error)
    else:
        enrolment.refresh_from_db(fields=["status"])
        messages.success(
            request, _("%(name)s is marked %(status)s.") % {"name": name, "status": enrolment.get_status_display()}
        )
    return redirect(reverse("courses:session-roster", kwargs={"pk": enrolment.session_id}) + f"#enrolment-{pk}")


# Policy


@login_required
@permission_required(ADMIN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    """Publish a new version of the social-media policy; everyone is asked to acknowledge it again."""
    current = progress.current_policy()
    initial = {"title": current.title, "body": current.body} if current else {}
    form = PolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        policy = progress.publish_policy(title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        messages.success(
            request,
            _("Version %(version)s of the policy is published; everyone will be asked to acknowledge it.")
            % {"version": policy.version},
        )
        return redirect("courses:trainer-home")
    return render(request, "courses/trainer/policy_form.html", {"form": form, "current": current})


urlpatterns = [
    path("trainer/", trainer_home, name="trainer-home"),
    path("trainer/courses/new/", course_create, name="course-create"),
    path("trainer/courses/<slug:slug>/", course_edit, name="course-edit"),
    path("trainer/courses/<slug:slug>/lessons/new/", lesson_create, name="lesson-create"),
    path("trainer/courses/<slug:slug>/sessions/new/", session_create, name="session-create"),
    path("trainer/lessons/preview/", lesson_preview, name="lesson-preview"),
    path("trainer/lessons/<int:pk>/", lesson_edit, name="lesson-edit"),
    path("trainer/lessons/<int:pk>/move/", lesson_move, name="lesson-move"),
    path("trainer/sessions/<int:pk>/", session_roster, name="session-roster"),
    path("trainer/sessions/<int:pk>/roster.csv", roster_csv, name="roster-csv"),
    path("trainer/sessions/<int:pk>/edit/", session_edit, name="session-edit"),
    path("trainer/sessions/<int:pk>/cancel/", session_cancel, name="session-cancel"),
    path("trainer/enrolments/<int:pk>/remove/", enrolment_remove, name="enrolment-remove"),
    path("trainer/enrolments/<int:pk>/attendance/", enrolment_attendance, name="enrolment-attendance"),
    path("trainer/policy/new/", policy_create, name="policy-create"),
]
