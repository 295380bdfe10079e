"""A session's roster: who is in and who waits, attendance, and removing someone (with waitlist promotion)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.permissions import RUN_SESSIONS
from courses.forms.authoring import AttendanceForm, RemoveForm
from courses.models import Session
from courses.selectors import trainer as trainer_selectors
from courses.services import enrolment as enrolment_services
from courses.views.trainer.access import add_error, enrolment_or_404, session_or_404


def _roster_context(session: Session) -> dict[str, Any]:
    return {
        "session": session,
        "attendance_open": enrolment_services.attendance_open(session),
        "attendance_opens_at": session.starts_at - enrolment_services.ATTENDANCE_OPENS_BEFORE,
    }


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_GET
def session_roster(request: SignedInRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    context = {
        **_roster_context(session),
        "roster": trainer_selectors.roster(session),
        # The session's own times are shown too when it is held in another zone than the viewer's.
        "held_elsewhere": session.time_zone != timezone.get_current_timezone_name(),
    }
    return render(request, "courses/trainer/roster.html", context)


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def enrolment_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk)
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = enrolment_services.remove(
                enrolment=enrolment, actor=request.user, note=form.cleaned_data["note"]
            )
        except enrolment_services.EnrolmentError as error:
            add_error(form, error)
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
def enrolment_attendance(request: SignedInRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk)
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
