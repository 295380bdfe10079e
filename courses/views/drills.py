"""Drill pages: learners attempt a drill and watch the grade arrive; trainers review and override."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from accounts.permissions import AUTHOR_CONTENT, RUN_SESSIONS, VIEW_ALL_REPORTS
from courses.content import TokenValues, render_markdown
from courses.forms.drills import AttemptForm, OverrideForm
from courses.models import Drill, Session, Submission
from courses.selectors.feedback import attempts_with_rewrites
from courses.services import drills as drill_services
from courses.services.drills.rubrics import patient_names
from courses.views.learner import for_learners

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

NEEDS_TEXT = {Drill.Action.POST, Drill.Action.REPLY, Drill.Action.QUOTE}
# What the attempt button says, by the drill's action.
SUBMIT_LABELS: dict[str, _StrPromise] = {
    Drill.Action.POST: gettext_lazy("Post"),
    Drill.Action.REPLY: gettext_lazy("Reply"),
    Drill.Action.RETWEET: gettext_lazy("Retweet it"),
    Drill.Action.QUOTE: gettext_lazy("Quote it"),
    Drill.Action.PROFILE: gettext_lazy("Check my profile"),
    Drill.Action.ACTIVITY: gettext_lazy("Check my activity"),
}


def _visible_drill(user: User, pk: int) -> Drill:
    qs = Drill.objects.select_related("lesson__course")
    if not user.has_perm(AUTHOR_CONTENT):
        qs = qs.filter(status="published", lesson__status="published", lesson__course__status="published")
    return get_object_or_404(qs, pk=pk)


def _drill_context(request: SignedInRequest, drill: Drill, form: AttemptForm | None = None) -> dict[str, Any]:
    enrolment = drill_services.seat_for(person=request.user, course=drill.lesson.course)
    session = enrolment.session if enrolment else None
    submissions = list(
        Submission.objects.filter(drill=drill, user=request.user)
        .select_related("post")
        .prefetch_related("grades")
        .order_by("-attempt")
    )
    tokens = TokenValues(hashtag=session.hashtag, starts_at=session.starts_at) if session else TokenValues()
    return {
        "drill": drill,
        "course": drill.lesson.course,
        "instructions": render_markdown(drill.instructions, tokens),
        "session": session,
        "target": drill_services.target_post(drill=drill, session=session) if session else None,
        "deadline": drill.deadline_for(session) if session else None,
        "submissions": submissions,
        # Each attempt with its post rewritten so that every policy rule it failed passes.
        "attempts": attempts_with_rewrites(submissions, patient_names=patient_names()),
        "attempts_left": max(drill.max_attempts - len(submissions), 0),
        "form": form or AttemptForm(needs_text=drill.action in NEEDS_TEXT),
        "any_pending": any(s.is_pending for s in submissions),
        "submit_label": SUBMIT_LABELS.get(drill.action, SUBMIT_LABELS[Drill.Action.POST]),
        "needs_profile": drill.action == Drill.Action.PROFILE,
    }


@for_learners
@require_GET
def drill_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    drill = _visible_drill(request.user, pk)
    return render(request, "courses/drill_detail.html", _drill_context(request, drill))


@for_learners
@require_POST
def drill_attempt(request: SignedInRequest, pk: int) -> HttpResponse:
    drill = _visible_drill(request.user, pk)
    form = AttemptForm(request.POST, needs_text=drill.action in NEEDS_TEXT)
    if form.is_valid():
        try:
            drill_services.attempt(person=request.user, drill=drill, text=form.cleaned_data["text"])
        except drill_services.DrillError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attempt sent. Your grade appears here in a moment."))
            return redirect("courses:drill-detail", pk=drill.pk)
    return render(request, "courses/drill_detail.html", _drill_context(request, drill, form), status=200)


@for_learners
@require_GET
def drill_results(request: SignedInRequest, pk: int) -> HttpResponse:
    """The attempts fragment, polled by htmx while a grade is pending."""
    drill = _visible_drill(request.user, pk)
    return render(request, "courses/partials/drill_results.html", _drill_context(request, drill))


def _trainer_drill(user: User, pk: int) -> Drill:
    drill = get_object_or_404(Drill.objects.select_related("lesson__course"), pk=pk)
    if not Session.objects.manageable_by(user).filter(course=drill.lesson.course).exists() and not user.has_perm(
        VIEW_ALL_REPORTS
    ):
        raise Http404
    return drill


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_GET
def drill_submissions(request: SignedInRequest, pk: int) -> HttpResponse:
    drill = _trainer_drill(request.user, pk)
    sessions = Session.objects.manageable_by(request.user).filter(course=drill.lesson.course)
    qs = (
        Submission.objects.filter(drill=drill, session__in=sessions)
        .select_related("user", "session", "post")
        .prefetch_related("grades__graded_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "courses/drill_submissions.html", {"drill": drill, "page": page, "form": OverrideForm()})


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["POST"])
def submission_override(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(Submission.objects.select_related("drill", "session"), pk=pk)
    if not Session.objects.manageable_by(request.user).filter(pk=submission.session_id).exists():
        raise Http404
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            drill_services.override(
                submission=submission,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except drill_services.DrillError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Grade overridden."))
    else:
        messages.error(request, _("Give a score from 0 to 100 and a comment."))
    return redirect("courses:drill-submissions", pk=submission.drill_id)


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_POST
def drill_regrade(request: SignedInRequest, pk: int) -> HttpResponse:
    drill = _trainer_drill(request.user, pk)
    count = drill_services.regrade_all(drill=drill)
    messages.success(request, _("%(n)s submissions are being graded again against the current rubric.") % {"n": count})
    return redirect("courses:drill-submissions", pk=drill.pk)
