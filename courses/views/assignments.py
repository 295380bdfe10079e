"""Admin pages: assign a course to departments (with their sub-departments), roles and people."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from accounts.permissions import VIEW_ALL_REPORTS
from courses.forms.assignments import AssignmentForm
from courses.models import Assignment
from courses.selectors import assignments as assignment_selectors
from courses.services import assignments as services


@login_required
@permission_required(VIEW_ALL_REPORTS, raise_exception=True)
@require_GET
def assignment_list(request: SignedInRequest) -> HttpResponse:
    """Every assignment with how many people it holds, how many are done and how many overdue (one aggregate)."""
    now = timezone.now()
    assignments = list(assignment_selectors.with_targets(Assignment.objects.all()).prefetch_related("people"))
    columns = {}
    for t in assignment_selectors.targets_of(assignments):
        c = assignment_selectors.course_conditions([t], now)
        pk = t.assignment.pk
        columns[f"a{pk}"] = Count("pk", filter=c.assigned)
        columns[f"d{pk}"] = Count("pk", filter=c.done)
        columns[f"o{pk}"] = Count("pk", filter=c.overdue)
    counts = User.objects.aggregate(**columns) if columns else {}
    rows = [(a, counts.get(f"a{a.pk}", 0), counts.get(f"d{a.pk}", 0), counts.get(f"o{a.pk}", 0)) for a in assignments]
    return render(request, "courses/assignments/list.html", {"rows": rows})


@login_required
@permission_required(VIEW_ALL_REPORTS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def assignment_create(request: SignedInRequest) -> HttpResponse:
    form = AssignmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.create_assignment(details=form.details(), actor=request.user)
        except services.AssignmentError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("%(course)s assigned.") % {"course": assignment.course.title})
            return redirect("courses:assignment-list")
    return render(request, "courses/assignments/form.html", {"form": form, "assignment": None})


@login_required
@permission_required(VIEW_ALL_REPORTS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def assignment_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("course"), pk=pk)
    form = AssignmentForm(request.POST if request.method == "POST" else None, instance=copy.copy(assignment))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_assignment(assignment=assignment, details=form.details(), actor=request.user)
        except services.AssignmentError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("courses:assignment-list")
    history = assignment.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request, "courses/assignments/form.html", {"form": form, "assignment": assignment, "history": history}
    )


@login_required
@permission_required(VIEW_ALL_REPORTS, raise_exception=True)
@require_POST
def assignment_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment, pk=pk)
    services.delete_assignment(assignment=assignment, actor=request.user)
    messages.success(request, _("Assignment removed. Completions and certificates are kept."))
    return redirect("courses:assignment-list")
