"""Profiles of people and personas, and following them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from practice import selectors, services
from practice.errors import NotAMember, PracticeError
from practice.models import Persona
from practice.views.common import (
    cursor_param,
    next_url,
    practice_required,
    timeline_response,
)

# --- Profiles and follows -----------------------------------------------------------------


def _who_or_404(request: SignedInRequest, handle: str, *, persona: bool) -> User | Persona:
    who: User | Persona | None = (
        selectors.persona_for(request.user, handle) if persona else selectors.user_by_handle(handle)
    )
    if who is None:
        raise Http404
    return who


@practice_required
@require_GET
def profile(request: SignedInRequest, handle: str, persona: bool = False) -> HttpResponse:
    found: User | Persona | None = (
        selectors.persona_for(request.user, handle) if persona else selectors.user_by_handle(handle)
    )
    if found is None and not persona:
        # One name space, as on X: "@ExampleHealth" typed into a people address is the organisation's page.
        other = selectors.persona_for(request.user, handle)
        if other is not None:
            return redirect("practice:persona", handle=other.handle)
    if found is None:
        raise Http404
    who = found
    context = {
        "profile": selectors.profile(request.user, who),
        "page": selectors.profile_posts(request.user, who, cursor=cursor_param(request)),
    }
    return timeline_response(request, "practice/profile.html", context)


@practice_required
@require_POST
def follow(request: SignedInRequest, handle: str, persona: bool = False, undo: bool = False) -> HttpResponse:
    who = _who_or_404(request, handle, persona=persona)
    try:
        if undo:
            services.unfollow(user=request.user, target=who)
        else:
            services.follow(user=request.user, target=who)
    except PracticeError as error:
        if isinstance(error, NotAMember):
            raise
        messages.error(request, str(error.message))
    fallback = reverse("practice:persona" if persona else "practice:profile", args=[who.handle])
    if request.htmx:
        context = {"profile": selectors.profile(request.user, who)}
        return render(request, "partials/practice/follow_button.html", context)
    return redirect(next_url(request, fallback))
