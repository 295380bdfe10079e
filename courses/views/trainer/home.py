"""The trainer's home page, and the admin's page that publishes a new version of the social-media policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import SignedInRequest
from accounts.permissions import AUTHOR_CONTENT, RUN_SESSIONS, VIEW_ALL_REPORTS
from courses import selectors as course_selectors
from courses.forms.authoring import PolicyForm
from courses.selectors import trainer as trainer_selectors
from courses.services import progress


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_GET
def trainer_home(request: SignedInRequest) -> HttpResponse:
    can_author = request.user.has_perm(AUTHOR_CONTENT)
    context: dict[str, Any] = {
        "can_author": can_author,
        "courses": list(trainer_selectors.authoring_courses()) if can_author else [],
        "upcoming": list(trainer_selectors.upcoming_sessions_for(request.user)),
        "past": list(trainer_selectors.past_sessions_for(request.user)),
        "is_admin": request.user.has_perm(VIEW_ALL_REPORTS),
    }
    if context["is_admin"]:
        context["policy"] = course_selectors.current_policy()
    return render(request, "courses/trainer/home.html", context)


@login_required
@permission_required(VIEW_ALL_REPORTS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def policy_create(request: SignedInRequest) -> HttpResponse:
    """Publish a new version of the social-media policy; everyone is asked to acknowledge it again."""
    current = course_selectors.current_policy()
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
