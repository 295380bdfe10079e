"""Dashboards, records, session reports and exports. Every count comes from reports.selectors."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qsl

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core import signing
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from core.paging import numbered
from courses.models import Session
from reports import access, charts, exports, selectors, tasks
from reports.forms import PeopleFilterForm

# Above this many rows an XLSX is built by a worker (a CSV always streams).
XLSX_INLINE_MAX = 20_000


def _dashboard_context(request: SignedInRequest) -> dict[str, Any]:
    form = access.filter_form(request.user, request.GET)
    scope = form.scope()
    summary = selectors.completion_summary(scope)
    submissions = selectors.submissions_in(scope)
    months = selectors.completions_by_month(scope)
    return {
        "form": form,
        "query": form.query(),
        "scope": scope,
        "summary": summary,
        "course_chart": charts.percent_bars([(r.course.title, r.counts.rate) for r in summary.courses]),
        "department_chart": charts.percent_bars(
            [(r.department.name if r.department else _("No department"), r.counts.rate) for r in summary.departments]
        ),
        "months": months,
        "month_chart": charts.monthly_columns(months),
        "sessions": selectors.session_rows(scope),
        "drills": selectors.drill_rows(submissions),
        "failed_rules": selectors.failed_rules(submissions),
        "scope_all": scope.department_ids is None,
    }


@login_required
@permission_required(access.REPORTS, raise_exception=True)
@require_GET
def dashboard(request: SignedInRequest) -> HttpResponse:
    """Completion per course and department, overdue, sessions, drills and completions over time."""
    return render(request, "reports/dashboard.html", _dashboard_context(request))


@login_required
@permission_required(access.REPORTS, raise_exception=True)
@require_GET
def people(request: SignedInRequest) -> HttpResponse:
    """The people behind the numbers: each assigned course's status, filtered (e.g. the overdue list)."""
    form = access.filter_form(request.user, request.GET, PeopleFilterForm)
    data = form.valid_data()
    table = selectors.people_table(form.scope(), status=data.get("status") or "", search=data.get("q") or "")
    page = numbered(table.people, request.GET.get("page"))
    rows = [(person, table.row(person)) for person in page]
    courses = table.courses
    return render(
        request,
        "reports/people.html",
        {"form": form, "page": page, "rows": rows, "courses": courses, "query": form.query(without=("page",))},
    )


def _record(request: SignedInRequest, person: User) -> HttpResponse:
    return render(
        request,
        "reports/person.html",
        {"record": selectors.person_record(person), "own": person.pk == request.user.pk},
    )


@login_required
@require_GET
def person(request: SignedInRequest, pk: int) -> HttpResponse:
    return _record(request, access.person_or_404(request.user, pk))


@login_required
@require_GET
def my_record(request: SignedInRequest) -> HttpResponse:
    return _record(request, request.user)


@login_required
@permission_required(access.RUN_SESSIONS, raise_exception=True)
@require_GET
def sessions(request: SignedInRequest) -> HttpResponse:
    """The sessions the viewer runs (admins: all) with fill, attendance and drill results."""
    rows = selectors.session_rows(selectors.Scope(), sessions=Session.objects.manageable_by(request.user), limit=100)
    return render(request, "reports/sessions.html", {"rows": rows})


@login_required
@permission_required(access.RUN_SESSIONS, raise_exception=True)
@require_GET
def session_report(request: SignedInRequest, pk: int) -> HttpResponse:
    """The cohort report: fill, attendance, drills, most-failed rules, feed analytics per learner."""
    session = access.session_or_404(request.user, pk)
    scope = selectors.Scope(session=session)
    submissions = selectors.submissions_in(scope)
    learners, total = selectors.cohort_stats(session)
    rows = selectors.session_rows(scope, limit=1)
    row = rows[0] if rows else None
    return render(
        request,
        "reports/session.html",
        {
            "session": session,
            "row": row,
            "drills": selectors.drill_rows(submissions),
            "failed_rules": selectors.failed_rules(submissions),
            "learners": learners,
            "total": total,
        },
    )


@login_required
@permission_required(access.RUN_SESSIONS, raise_exception=True)
@require_GET
def after_action(request: SignedInRequest, pk: int) -> HttpResponse:
    session = access.session_or_404(request.user, pk)
    return render(
        request, "reports/after_action.html", {"session": session, "reports": selectors.after_action(session)}
    )


# --- exports ----------------------------------------------------------------------------------


def _filename(kind: str, fmt: str) -> str:
    return f"tweetcamp-{kind}-{timezone.localdate():%Y-%m-%d}.{fmt}"


@login_required
@permission_required(access.REPORTS, raise_exception=True)
@require_GET
def export(request: SignedInRequest, kind: str, fmt: str) -> HttpResponseBase:
    """Stream the CSV (any size); build a small XLSX here, a big one in the background."""
    if kind not in exports.KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    form = access.filter_form(request.user, request.GET)
    scope = form.scope()
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(exports.rows_for(kind, scope)), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{_filename(kind, fmt)}"'
        return response
    if selectors.completion_summary(scope).total.assigned > XLSX_INLINE_MAX:
        return _start_background(request, kind, fmt, form.query())
    path = exports.write_xlsx(exports.rows_for(kind, scope), exports.temp_xlsx())
    handle = path.open("rb")
    path.unlink()  # the open handle keeps the data until the response is sent
    return FileResponse(handle, as_attachment=True, filename=_filename(kind, fmt))


def _start_background(request: SignedInRequest, kind: str, fmt: str, query: str) -> HttpResponse:
    export_id = uuid.uuid4().hex
    params = dict(parse_qsl(query))
    user_id = request.user.pk
    transaction.on_commit(lambda: tasks.build_export.delay(export_id, user_id, kind, fmt, params))
    messages.info(request, _("Your export is being prepared. We will notify you with a download link."))
    return redirect(f"{reverse('reports:dashboard')}?{query}" if query else reverse("reports:dashboard"))


@login_required
@permission_required(access.REPORTS, raise_exception=True)
@require_POST
def export_background(request: SignedInRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in exports.KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    form = access.filter_form(request.user, request.POST)
    return _start_background(request, kind, fmt, form.query())


@login_required
@require_GET
def download(request: SignedInRequest, token: str) -> HttpResponseBase:
    """A finished export, for the person who asked for it only."""
    try:
        data = tasks.read_download_token(token)
    except signing.BadSignature as error:
        raise Http404 from error
    if data["u"] != request.user.pk:
        raise Http404
    path = tasks.export_path(data["e"], data["f"])
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"tweetcamp-export.{data['f']}")
