"""The trainer's console for a cohort's scenario timeline: what is next, pause and resume, publish
the next post now, fire an unscheduled persona post, add personas and scripted posts."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.http import SignedInRequest
from practice import access, cards, selectors, services
from practice.errors import NotAllowed, NotAMember, PracticeError
from practice.forms import PersonaForm, PersonaPostForm, ScriptedPostForm
from practice.models import Feed, Post
from practice.views.common import feed_or_404, practice_required, render_page

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # django-stubs' type of a lazy string; not at run time


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


SIMPLE_ACTIONS = {
    "pause": (services.pause_timeline, gettext_lazy("The scenario timeline is paused.")),
    "resume": (services.resume_timeline, gettext_lazy("The scenario timeline is running again.")),
    "publish-next": (services.publish_next_now, gettext_lazy("The next scripted post is published.")),
}


@practice_required
@require_http_methods(["GET", "POST"])
def console(request: SignedInRequest, feed_id: int) -> HttpResponse:
    feed = feed_or_404(request, feed_id)
    if not access.is_trainer_of(request.user, feed):
        raise PermissionDenied
    personas = selectors.personas_voiced_by(request.user, feed)
    action = request.POST.get("action") if request.method == "POST" else None
    # Three forms on one page share field names: each gets its own ids, so every label finds its field.
    fire_form = PersonaPostForm(request.POST if action == "fire" else None, personas=personas, auto_id="fire_%s")
    persona_form = PersonaForm(request.POST if action == "add-persona" else None, auto_id="persona_%s")
    script_form = ScriptedPostForm(
        request.POST if action == "add-script" else None, personas=personas, auto_id="script_%s"
    )
    forms = {"fire_form": fire_form, "persona_form": persona_form, "script_form": script_form}
    acted = action is not None and _act(
        request, feed, action, fire_form=fire_form, persona_form=persona_form, script_form=script_form
    )
    if acted:
        return redirect("practice:console", feed_id=feed.pk)
    context = {
        "feed": feed,
        "upcoming": services.upcoming(feed=feed),
        "recent_cards": cards.render_cards(request, selectors.feed_timeline(request.user, feed, size=5).items),
        "hidden": selectors.hidden_posts(feed) if access.can_moderate(request.user, feed) else [],
        "may_add_personas": access.may_add_personas(request.user),
        **forms,
    }
    invalid = any(form.errors for form in forms.values())
    return render_page(request, "practice/console.html", context, status=400 if invalid else 200)


def _act(
    request: SignedInRequest,
    feed: Feed,
    action: str,
    *,
    fire_form: PersonaPostForm,
    persona_form: PersonaForm,
    script_form: ScriptedPostForm,
) -> bool:
    """Run one console action; True when done (redirect), False when a form shows its errors."""
    user = request.user
    by_action: dict[str, Form] = {"fire": fire_form, "add-persona": persona_form, "add-script": script_form}
    form = by_action.get(action)
    if action == "unhide":
        post = get_object_or_404(Post, pk=_int(request.POST.get("post")), feed=feed)
        services.unhide_post(user=user, post=post)
        messages.success(request, _("The post is visible again."))
        return True
    if action not in SIMPLE_ACTIONS and form is None:
        raise BadRequest("unknown console action")
    if form is not None and not form.is_valid():
        return False
    done: str | _StrPromise
    try:
        if action in SIMPLE_ACTIONS:
            service, done = SIMPLE_ACTIONS[action]
            service(user=user, feed=feed)
        elif action == "fire":
            data = fire_form.cleaned_data
            services.post_as_persona(user=user, persona=data["persona"], feed=feed, text=data["text"])
            done = _("Posted as @%(handle)s.") % {"handle": data["persona"].handle}
        elif action == "add-persona":
            persona = services.create_persona(user=user, feed=feed, **persona_form.cleaned_data)
            done = _("@%(handle)s can now post in this cohort.") % {"handle": persona.handle}
        else:
            data = script_form.cleaned_data
            services.add_scripted_post(
                user=user,
                feed=feed,
                persona=data["persona"],
                text=data["text"],
                offset=timedelta(minutes=data["minutes"]),
                anchor=data["anchor"],
            )
            done = _("The scripted post is on the timeline.")
    except (NotAMember, NotAllowed):
        raise
    except PracticeError as error:
        if form is None:
            messages.error(request, str(error.message))
            return True
        form.add_error("handle" if action == "add-persona" else "text", str(error.message))
        return False
    messages.success(request, done)
    return True
