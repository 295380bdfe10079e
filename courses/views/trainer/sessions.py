"""Scheduling pages: create, edit and cancel a course's sessions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import SignedInRequest
from accounts.permissions import RUN_SESSIONS
from courses.forms.authoring import CancelSessionForm, SessionForm
from courses.models import Course, Session
from courses.selectors import trainer as trainer_selectors
from courses.services import sessions as session_services
from courses.views.trainer.access import add_error, session_or_404


def _after_save(request: SignedInRequest, session: Session) -> HttpResponse:
    """To the roster when the author also runs the session; otherwise back home."""
    if Session.objects.manageable_by(request.user).filter(pk=session.pk).exists():
        return redirect("courses:session-roster", pk=session.pk)
    return redirect("courses:trainer-home")


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_create(request: SignedInRequest, slug: str) -> HttpResponse:
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
            add_error(form, error)
        else:
            messages.success(request, _("Session “%(title)s” scheduled.") % {"title": session.title})
            return _after_save(request, session)
    return render(request, "courses/trainer/session_form.html", {"form": form, "course": course, "session": None})


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
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
            add_error(form, error)
        else:
            messages.success(request, _("Session “%(title)s” saved.") % {"title": session.title})
            return _after_save(request, session)
    context = {"form": form, "course": session.course, "session": session}
    return render(request, "courses/trainer/session_form.html", context)


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    form = CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session_services.cancel_session(session=session, reason=form.cleaned_data["reason"], actor=request.user)
        except session_services.SessionError as error:
            add_error(form, error)
        else:
            messages.success(
                request, _("The session is cancelled. Everyone enrolled or waiting is told, with your reason.")
            )
            return redirect("courses:session-roster", pk=session.pk)
    return render(request, "courses/trainer/session_cancel.html", {"form": form, "session": session})
