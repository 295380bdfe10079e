from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import permissions
from courses import selectors as course_selectors
from courses.selectors import trainer as trainer_selectors
from tweetcamp import health as health_checks
from tweetcamp import security


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting point: a learner's next step, a trainer's next sessions, an admin's tools."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/welcome.html")
    context: dict[str, object] = {}
    if user.has_perm(permissions.PRACTICE):
        camp = course_selectors.my_camp(user)
        context["next_enrolment"] = camp.upcoming[0] if camp.upcoming else None
        context["in_progress"] = [c for c in camp.courses if not c.completion][:3]
        context["policy_needed"] = not course_selectors.has_acknowledged_current_policy(user)
    if user.has_perm(permissions.RUN_SESSIONS):
        context["training"] = list(trainer_selectors.upcoming_sessions_for(user)[:3])
    return render(request, "home/home.html", context)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    report = health_checks.report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the fault may be the database.
    if security.is_outage(sys.exc_info()[1]):
        # The database or Redis is away for the moment (a restart, a fail-over): say so, and when to retry.
        response = HttpResponse(loader.get_template("errors/503.html").render({}), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
