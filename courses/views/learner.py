"""What employees do: browse courses, read lessons, enrol, and see their camp."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.permissions import PRACTICE, VIEW_DEPARTMENT_REPORTS
from courses import calendar, selectors
from courses import selectors as course_selectors
from courses.certificates import qr_svg
from courses.content import TokenValues, render_markdown
from courses.forms.learner import MoveForm
from courses.models import CalendarFeed, Completion, Enrolment
from courses.services import calendar_feed as calendar_feed_services
from courses.services import enrolment as enrolment_services
from courses.services import progress

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


def for_learners(view: _View) -> _View:
    """Signed in, with the practice permission (every employee has it)."""
    return login_required(permission_required(PRACTICE, raise_exception=True)(view))


def _tokens(enrolment: Enrolment | None) -> TokenValues:
    if enrolment is None:
        return TokenValues()
    return TokenValues(hashtag=enrolment.session.hashtag, starts_at=enrolment.session.starts_at)


@for_learners
@require_GET
def course_list(request: SignedInRequest) -> HttpResponse:
    return render(request, "courses/course_list.html", {"courses": selectors.course_list(request.user)})


@for_learners
@require_GET
def course_detail(request: SignedInRequest, slug: str) -> HttpResponse:
    course = selectors.visible_course(request.user, slug)
    lessons = list(selectors.visible_lessons(request.user, course))
    enrolment = selectors.active_enrolment(request.user, course)
    context = {
        "course": course,
        "cover": render_markdown(course.cover_text, _tokens(enrolment)),
        "lessons": lessons,
        "read_ids": selectors.read_lesson_ids(request.user, lessons),
        "sessions": selectors.upcoming_sessions(course),
        "enrolment": enrolment,
        "state": course_selectors.completion_state(person=request.user, course=course),
        "completion": Completion.objects.filter(user=request.user, course=course).first(),
    }
    return render(request, "courses/course_detail.html", context)


@for_learners
@require_GET
def lesson_detail(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    course = selectors.visible_course(request.user, slug)
    lessons = list(selectors.visible_lessons(request.user, course))
    lesson = next((lesson for lesson in lessons if lesson.pk == pk), None)
    if lesson is None:
        raise Http404
    index = lessons.index(lesson)
    enrolment = selectors.active_enrolment(request.user, course)
    context = {
        "course": course,
        "lesson": lesson,
        "body": render_markdown(lesson.body, _tokens(enrolment)),
        "is_read": lesson.pk in selectors.read_lesson_ids(request.user, [lesson]),
        "drills": selectors.lesson_drills(request.user, lesson),
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
    }
    return render(request, "courses/lesson_detail.html", context)


@for_learners
@require_POST
def lesson_read(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    course = selectors.visible_course(request.user, slug)
    lesson = get_object_or_404(course.lessons.published(), pk=pk)
    progress.mark_lesson_read(person=request.user, lesson=lesson)
    messages.success(request, _("Marked “%(title)s” as read.") % {"title": lesson.title})
    following = course.lessons.published().filter(position__gt=lesson.position).first()
    if following is not None:
        return redirect("courses:lesson-detail", slug=course.slug, pk=following.pk)
    return redirect("courses:course-detail", slug=course.slug)


@for_learners
@require_GET
def session_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_viewer(request.user, pk)
    enrolment = selectors.active_enrolment(request.user, session.course)
    other_sessions = selectors.upcoming_sessions(session.course).exclude(pk=session.pk)
    context = {
        "session": session,
        "enrolment": enrolment,
        "in_this_session": enrolment is not None and enrolment.session_id == session.pk,
        "move_form": MoveForm(sessions=other_sessions) if enrolment else None,
    }
    return render(request, "courses/session_detail.html", context)


@for_learners
@require_POST
def session_enrol(request: SignedInRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_viewer(request.user, pk)
    try:
        enrolment = enrolment_services.enrol(person=request.user, session=session)
    except enrolment_services.EnrolmentError as error:
        messages.error(request, str(error))
        return redirect("courses:session-detail", pk=session.pk)
    return redirect("courses:enrolment-detail", pk=enrolment.pk)


@for_learners
@require_GET
def enrolment_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The confirmation page: status, waitlist place, calendar file, history."""
    enrolment = selectors.own_enrolment(request.user, pk)
    # Offered only while the place is active and there is somewhere to move to.
    others = selectors.upcoming_sessions(enrolment.session.course).exclude(pk=enrolment.session_id)
    context = {
        "enrolment": enrolment,
        "session": enrolment.session,
        "position": selectors.waitlist_position(enrolment),
        "events": enrolment.events.select_related("actor"),
        "can_cancel": enrolment.is_enrolled or enrolment.is_waitlisted,
        "move_form": MoveForm(sessions=others) if enrolment.is_active and others.exists() else None,
    }
    return render(request, "courses/enrolment_detail.html", context)


@for_learners
@require_POST
def enrolment_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    enrolment = selectors.own_enrolment(request.user, pk)
    try:
        enrolment_services.cancel(enrolment=enrolment, actor=request.user)
    except enrolment_services.EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your place is cancelled. A cancellation for your calendar is on its way."))
    return redirect("courses:enrolment-detail", pk=enrolment.pk)


@for_learners
@require_POST
def enrolment_move(request: SignedInRequest, pk: int) -> HttpResponse:
    enrolment = selectors.own_enrolment(request.user, pk)
    form = MoveForm(
        request.POST, sessions=selectors.upcoming_sessions(enrolment.session.course).exclude(pk=enrolment.session_id)
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed sessions to move to."))
        return redirect("courses:enrolment-detail", pk=enrolment.pk)
    try:
        new = enrolment_services.move(enrolment=enrolment, to_session=form.cleaned_data["session"], actor=request.user)
    except enrolment_services.EnrolmentError as error:
        messages.error(request, str(error))
        return redirect("courses:enrolment-detail", pk=enrolment.pk)
    messages.success(request, _("You moved to %(session)s.") % {"session": new.session.title})
    return redirect("courses:enrolment-detail", pk=new.pk)


@for_learners
@require_GET
def enrolment_ics(request: SignedInRequest, pk: int) -> HttpResponse:
    enrolment = selectors.own_enrolment(request.user, pk)
    response = HttpResponse(calendar.invite(enrolment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tweetcamp-session-{enrolment.session_id}.ics"'
    return response


@for_learners
@require_GET
def my_camp(request: SignedInRequest) -> HttpResponse:
    context = {
        "camp": selectors.my_camp(request.user),
        "policy_needed": not course_selectors.has_acknowledged_current_policy(request.user),
    }
    return render(request, "courses/my_camp.html", context)


@for_learners
@require_http_methods(["GET", "POST"])
def calendar_settings(request: SignedInRequest) -> HttpResponse:
    """The private subscription link. Looking is read-only; the link is made (or replaced) by a POST."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        calendar_feed_services.revoke(person=request.user)
        if feed is None:
            messages.success(request, _("Your private calendar link is ready. Subscribe with it."))
        else:
            messages.success(request, _("Your old calendar link no longer works. Subscribe with the new one."))
        return redirect("courses:calendar-settings")
    url = request.build_absolute_uri(reverse("courses:calendar-feed", args=[feed.token])) if feed else None
    return render(request, "courses/calendar_settings.html", {"feed_url": url})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private subscription URL: the unguessable token is the credential, so no login."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    body = calendar.feed(selectors.calendar_enrolments(feed.user), name="Tweet Camp")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@for_learners
@require_http_methods(["GET", "POST"])
def policy(request: SignedInRequest) -> HttpResponse:
    current = course_selectors.current_policy()
    if current is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("version") != str(current.version):
            messages.error(request, _("The policy changed while you were reading. Please read the new version."))
            return redirect("courses:policy")
        progress.acknowledge_policy(person=request.user, policy=current)
        messages.success(request, _("Thank you. You acknowledged the policy."))
        return redirect("courses:my-camp" if request.POST.get("next_page") == "camp" else "courses:policy")
    context = {
        "policy": current,
        "body": render_markdown(current.body),
        "acknowledged": course_selectors.has_acknowledged_current_policy(request.user),
    }
    return render(request, "courses/policy.html", context)


@login_required
@require_GET
def certificate(request: SignedInRequest, code: str) -> HttpResponse:
    completion = get_object_or_404(Completion.objects.select_related("user", "course"), certificate_code=code)
    if completion.user_id != request.user.pk and not request.user.has_perm(VIEW_DEPARTMENT_REPORTS):
        raise Http404
    return render(request, "courses/certificate.html", _certificate_context(request, completion))


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone with the code can check that the certificate is real."""
    completion = get_object_or_404(Completion.objects.select_related("user", "course"), certificate_code=code)
    return render(request, "courses/certificate_verify.html", {"completion": completion})


def _certificate_context(request: HttpRequest, completion: Completion) -> dict[str, Any]:
    verify_url = request.build_absolute_uri(reverse("courses:certificate-verify", args=[completion.certificate_code]))
    return {"completion": completion, "verify_url": verify_url, "qr": qr_svg(verify_url)}
