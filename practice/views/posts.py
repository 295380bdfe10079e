"""Composing (post, reply, quote, the live counter) and actions on a post."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from accounts.http import SignedInRequest
from practice import access, policy, selectors, services
from practice.errors import NotAllowed, NotAMember, PracticeError
from practice.forms import CountForm, HideForm
from practice.models import Post
from practice.services import text as post_text
from practice.views.common import (
    composer_form,
    next_url,
    post_or_404,
    practice_required,
    render_page,
)

# --- Composing ------------------------------------------------------------------------------


@practice_required
@require_http_methods(["GET", "POST"])
def compose(request: SignedInRequest) -> HttpResponse:
    """Post, reply or quote. GET shows the composer (with the post replied to or quoted)."""
    source = request.POST if request.method == "POST" else request.GET
    form = composer_form(request, data=request.POST or None, initial=_parent_ids(source))
    parents = _parents(request, source)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.create_post(
                user=request.user,
                feed=form.cleaned_data["feed"],
                text=form.cleaned_data["text"],
                reply_to=parents.get("reply_to"),
                quote_of=parents.get("quote_of"),
            )
        except PracticeError as error:
            if isinstance(error, NotAMember):
                raise
            form.add_error("text", str(error.message))
        else:
            if "quote_of" in parents:
                # A quote is a post of one's own: show it, as X does, rather than offer to quote again.
                messages.success(request, _posted_message(post))
                post_url = reverse("practice:post", args=[post.pk])
                return HttpResponseClientRedirect(post_url) if request.htmx else redirect(post_url)
            if request.htmx:
                fresh = composer_form(request, feed=post.feed, initial=_parent_ids(source))
                created = selectors.post_for(request.user, post.pk)
                context = {"form": fresh, "created": created, "next": next_url(request, "")}
                response = render(request, "partials/practice/composed.html", context)
                # The page's poller listens for this and fetches the new post at once.
                return trigger_client_event(response, "postCreated")
            messages.success(request, _posted_message(post))
            return redirect(next_url(request, reverse("practice:post", args=[post.pk])))
    context = {"form": form, "next": next_url(request, ""), **parents}
    if request.htmx:
        return render(request, "partials/practice/composer.html", context)
    return render_page(request, "practice/compose.html", context, status=400 if form.errors else 200)


def _parent_ids(source: QueryDict) -> dict[str, int]:
    ids = {}
    for key in ("reply_to", "quote_of"):
        value = source.get(key, "")
        if value.isdigit():
            ids[key] = int(value)
    return ids


def _parents(request: SignedInRequest, source: QueryDict) -> dict[str, Post]:
    return {key: post_or_404(request, pk) for key, pk in _parent_ids(source).items()}


def _posted_message(post: Post) -> str:
    return _("Your reply is posted.") if post.reply_to_id else _("Your post is live in the sandbox.")


@practice_required
@require_POST
def count(request: SignedInRequest) -> HttpResponse:
    """The policy checker's warnings as the person types, with the server's own count: the count is shown only
    where the composer's script (static/js/composer.js, which counts in the browser) cannot run."""
    form = CountForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    left, valid = post_text.count(text)
    checked = text[: post_text.MAX_INPUT_CHARS]
    findings = (
        policy.check_policy(checked, employer_names=[settings.ORG_NAME], employer_handles=[settings.ORG_HANDLE])
        if text.strip()
        else []
    )
    # The whole post with every finding fixed at once, beside the per-finding notes.
    rewrite = policy.suggest_rewrite(checked, findings) if findings else ""
    context = {"left": left, "valid": valid, "findings": findings, "rewrite": rewrite}
    return render(request, "partials/practice/counter.html", context)


# --- Actions on a post ------------------------------------------------------------------------


def _after_action(request: SignedInRequest, pk: int, *, error: PracticeError | None = None) -> HttpResponse:
    """htmx: the card again (or nothing, when it is gone); otherwise back where the person was."""
    if request.htmx:
        post = selectors.post_for(request.user, pk)
        if post is None:
            return HttpResponse("")
        return render(
            request, "partials/practice/post.html", {"post": post, "action_error": str(error.message) if error else ""}
        )
    if error is not None:
        messages.error(request, str(error.message))
    return redirect(next_url(request, reverse("practice:home")))


def _act(request: SignedInRequest, pk: int, action: Callable[..., object]) -> HttpResponse:
    post = post_or_404(request, pk)
    try:
        action(user=request.user, post=post)
    except PracticeError as error:
        if isinstance(error, NotAMember | NotAllowed):
            raise
        return _after_action(request, pk, error=error)
    return _after_action(request, pk)


@practice_required
@require_POST
def like(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.like)


@practice_required
@require_POST
def unlike(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.unlike)


@practice_required
@require_POST
def retweet(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.retweet)


@practice_required
@require_POST
def undo_retweet(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.undo_retweet)


@practice_required
@require_POST
def delete(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.delete_post)


@practice_required
@require_http_methods(["GET", "POST"])
def hide(request: SignedInRequest, pk: int) -> HttpResponse:
    post = post_or_404(request, pk)
    if not access.can_moderate(request.user, post.feed):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hide_post(user=request.user, post=post, reason=form.cleaned_data["reason"])
        messages.success(request, _("The post is hidden. Its author sees why."))
        return redirect(next_url(request, reverse("practice:feed", args=[post.feed_id])))
    return render_page(request, "practice/hide.html", {"form": form, "post": post})
