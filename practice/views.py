"""Pages and actions of the practice feed. Each view reads the request, calls one service or
selector, and renders; an htmx request gets the fragment, a plain form post a redirect."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from practice import access, policy, selectors, services
from practice.errors import NotAllowed, NotAMember, PracticeError
from practice.forms import ComposeForm, CountForm, HideForm, PersonaPostForm, SearchForm
from practice.models import Feed, Post
from practice.services import text as post_text


def practice_required(view: Callable) -> Callable:
    """Signed in with the practice capability; domain errors become 404/403 rather than 500."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not access.may_practise(request.user):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except selectors.BadCursor as exc:
            raise BadRequest("bad cursor") from exc
        except NotAMember as exc:
            raise Http404 from exc
        except NotAllowed as exc:
            raise PermissionDenied from exc

    return wrapper


def _cursor(request: HttpRequest) -> str | None:
    return request.GET.get("cursor") or None


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _post_or_404(request: HttpRequest, pk: int) -> Post:
    post = selectors.post_for(request.user, pk)
    if post is None:
        raise Http404
    return post


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A timeline page; the "more" link of an htmx request gets only the next rows."""
    if request.htmx and request.GET.get("cursor"):
        return render(request, "partials/practice/post_list.html", context)
    return render(request, template, context)


def _composer(request: HttpRequest, *, feed: Feed | None = None, data=None, initial=None) -> ComposeForm:
    feeds = selectors.feeds_for(request.user)
    initial = {"feed": (feed or feeds[0]).pk if feeds else None, **(initial or {})}
    return ComposeForm(data, feeds=feeds, initial=initial)


# --- Timelines ------------------------------------------------------------------------------


@practice_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    page = selectors.home_timeline(request.user, cursor=_cursor(request))
    context = {"page": page, "form": _composer(request), "poll_url": reverse("practice:home-poll")}
    context["poll_since"] = page.newest_cursor or selectors.encode_cursor(timezone.now(), 0)
    return _page(request, "practice/home.html", context)


@practice_required
@require_GET
def poll(request: HttpRequest, feed_id: int | None = None) -> HttpResponse:
    """New posts since the newest one shown: prepended in place by htmx, announced politely."""
    feed = _feed_or_404(request, feed_id) if feed_id else None
    page = selectors.new_posts_since(request.user, request.GET.get("since", ""), feed=feed)
    poll_url = reverse("practice:feed-poll", args=[feed.pk]) if feed else reverse("practice:home-poll")
    return render(
        request, "partials/practice/poll.html", {"page": page, "poll_url": poll_url, "poll_since": page.newest_cursor}
    )


def _feed_or_404(request: HttpRequest, feed_id: int) -> Feed:
    feed = get_object_or_404(Feed, pk=feed_id)
    if not access.can_read_feed(request.user, feed):
        raise Http404
    return feed


@practice_required
@require_GET
def feed(request: HttpRequest, feed_id: int) -> HttpResponse:
    the_feed = _feed_or_404(request, feed_id)
    services.record_visit(feed=the_feed, user=request.user)
    page = selectors.feed_timeline(request.user, the_feed, cursor=_cursor(request))
    context = {
        "feed": the_feed,
        "page": page,
        "form": _composer(request, feed=the_feed),
        "is_trainer": access.is_trainer_of(request.user, the_feed),
        "poll_url": reverse("practice:feed-poll", args=[the_feed.pk]),
        "poll_since": page.newest_cursor or selectors.encode_cursor(timezone.now(), 0),
    }
    return _page(request, "practice/feed.html", context)


@practice_required
@require_GET
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    if post.retweet_of_id and post.retweet_of:
        return redirect("practice:post", pk=post.retweet_of_id)
    conversation = selectors.conversation(request.user, post, cursor=_cursor(request))
    form = _composer(request, feed=post.feed, initial={"reply_to": post.pk})
    context = {"thread": conversation, "page": conversation.replies, "form": form, "reply_to": post}
    return _page(request, "practice/thread.html", context)


@practice_required
@require_GET
def hashtag(request: HttpRequest, tag: str) -> HttpResponse:
    page = selectors.hashtag_posts(request.user, tag, cursor=_cursor(request))
    return _page(request, "practice/hashtag.html", {"tag": tag[:140], "page": page})


@practice_required
@require_GET
def mentions(request: HttpRequest) -> HttpResponse:
    page = selectors.mentions_of(request.user, cursor=_cursor(request))
    return _page(request, "practice/mentions.html", {"page": page})


@practice_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = selectors.search_posts(request.user, query, cursor=_cursor(request)) if query else None
    return _page(request, "practice/search.html", {"form": form, "query": query, "page": page})


@practice_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    page = selectors.notifications(request.user, cursor=_cursor(request))
    return render(request, "practice/notifications.html", {"page": page})


@practice_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    return redirect("practice:notifications")


# --- Profiles and follows -----------------------------------------------------------------


def _who_or_404(request: HttpRequest, handle: str, *, persona: bool) -> object:
    who = selectors.persona_for(request.user, handle) if persona else selectors.user_by_handle(handle)
    if who is None:
        raise Http404
    return who


@practice_required
@require_GET
def profile(request: HttpRequest, handle: str, persona: bool = False) -> HttpResponse:
    who = _who_or_404(request, handle, persona=persona)
    context = {
        "profile": selectors.profile(request.user, who),
        "page": selectors.profile_posts(request.user, who, cursor=_cursor(request)),
    }
    return _page(request, "practice/profile.html", context)


@practice_required
@require_POST
def follow(request: HttpRequest, handle: str, persona: bool = False, undo: bool = False) -> HttpResponse:
    who = _who_or_404(request, handle, persona=persona)
    try:
        if undo:
            services.unfollow(user=request.user, target=who)
        else:
            services.follow(user=request.user, target=who)
    except PracticeError as error:
        if isinstance(error, NotAMember):
            raise
        messages.error(request, error.message)
    fallback = reverse("practice:persona" if persona else "practice:profile", args=[who.handle])
    if request.htmx:
        context = {"profile": selectors.profile(request.user, who)}
        return render(request, "partials/practice/follow_button.html", context)
    return redirect(_next_url(request, fallback))


# --- Composing ------------------------------------------------------------------------------


@practice_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    """Post, reply or quote. GET shows the composer (with the post replied to or quoted)."""
    source = request.POST if request.method == "POST" else request.GET
    form = _composer(request, data=request.POST or None, initial=_parent_ids(source))
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
            form.add_error("text", error.message)
        else:
            if request.htmx:
                fresh = _composer(request, feed=post.feed, initial=_parent_ids(source))
                created = selectors.post_for(request.user, post.pk)
                context = {"form": fresh, "created": created, "next": _next_url(request, "")}
                response = render(request, "partials/practice/composed.html", context)
                # The page's poller listens for this and fetches the new post at once.
                return trigger_client_event(response, "postCreated")
            messages.success(request, _posted_message(post))
            return redirect(_next_url(request, reverse("practice:post", args=[post.pk])))
    context = {"form": form, "next": _next_url(request, ""), **parents}
    if request.htmx:
        return render(request, "partials/practice/composer.html", context)
    return render(request, "practice/compose.html", context, status=400 if form.errors else 200)


def _parent_ids(source) -> dict:
    ids = {}
    for key in ("reply_to", "quote_of"):
        value = source.get(key, "")
        if value.isdigit():
            ids[key] = int(value)
    return ids


def _parents(request: HttpRequest, source) -> dict[str, Post]:
    return {key: _post_or_404(request, pk) for key, pk in _parent_ids(source).items()}


def _posted_message(post: Post) -> str:
    return _("Your reply is posted.") if post.reply_to_id else _("Your post is live in the sandbox.")


@practice_required
@require_POST
def count(request: HttpRequest) -> HttpResponse:
    """The live counter: the server's own weighted count, plus the policy checker's warnings."""
    form = CountForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    left, valid = post_text.count(text)
    findings = policy.check_policy(text[: post_text.MAX_INPUT_CHARS], **_policy_context()) if text.strip() else []
    context = {"left": left, "over": max(-left, 0), "valid": valid, "findings": findings}
    return render(request, "partials/practice/counter.html", context)


def _policy_context() -> dict:
    return {"employer_names": [settings.ORG_NAME], "employer_handles": [settings.ORG_HANDLE]}


# --- Actions on a post ------------------------------------------------------------------------


def _after_action(request: HttpRequest, pk: int, *, error: PracticeError | None = None) -> HttpResponse:
    """htmx: the card again (or nothing, when it is gone); otherwise back where the person was."""
    if request.htmx:
        post = selectors.post_for(request.user, pk)
        if post is None:
            return HttpResponse("")
        return render(
            request, "partials/practice/post.html", {"post": post, "action_error": error.message if error else ""}
        )
    if error is not None:
        messages.error(request, error.message)
    return redirect(_next_url(request, reverse("practice:home")))


def _act(request: HttpRequest, pk: int, action: Callable[..., object]) -> HttpResponse:
    post = _post_or_404(request, pk)
    try:
        action(user=request.user, post=post)
    except PracticeError as error:
        if isinstance(error, NotAMember | NotAllowed):
            raise
        return _after_action(request, pk, error=error)
    return _after_action(request, pk)


@practice_required
@require_POST
def like(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.like)


@practice_required
@require_POST
def unlike(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.unlike)


@practice_required
@require_POST
def retweet(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.retweet)


@practice_required
@require_POST
def undo_retweet(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.undo_retweet)


@practice_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.delete_post)


@practice_required
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    if not access.can_moderate(request.user, post.feed):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hide_post(user=request.user, post=post, reason=form.cleaned_data["reason"])
        messages.success(request, _("The post is hidden. Its author sees why."))
        return redirect(_next_url(request, reverse("practice:feed", args=[post.feed_id])))
    return render(request, "practice/hide.html", {"form": form, "post": post})


# --- The trainer's console --------------------------------------------------------------------


@practice_required
@require_http_methods(["GET", "POST"])
def console(request: HttpRequest, feed_id: int) -> HttpResponse:
    the_feed = _feed_or_404(request, feed_id)
    if not access.is_trainer_of(request.user, the_feed):
        raise PermissionDenied
    personas = selectors.personas_voiced_by(request.user, the_feed)
    form = PersonaPostForm(request.POST or None, personas=personas)
    if request.method == "POST":
        done = _console_action(request, the_feed, form)
        if done:
            return redirect("practice:console", feed_id=the_feed.pk)
    context = {
        "feed": the_feed,
        "upcoming": services.upcoming(feed=the_feed),
        "form": form,
        "recent": selectors.feed_timeline(request.user, the_feed, size=5).items,
    }
    return render(request, "practice/console.html", context, status=400 if form.errors else 200)


def _console_action(request: HttpRequest, feed: Feed, form: PersonaPostForm) -> bool:
    action = request.POST.get("action")
    try:
        if action == "pause":
            services.pause_timeline(user=request.user, feed=feed)
            messages.success(request, _("The scenario timeline is paused."))
        elif action == "resume":
            services.resume_timeline(user=request.user, feed=feed)
            messages.success(request, _("The scenario timeline is running again."))
        elif action == "publish-next":
            services.publish_next_now(user=request.user, feed=feed)
            messages.success(request, _("The next scripted post is published."))
        elif action == "fire":
            if not form.is_valid():
                return False
            services.post_as_persona(
                user=request.user, persona=form.cleaned_data["persona"], feed=feed, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Posted as @%(handle)s.") % {"handle": form.cleaned_data["persona"].handle})
        else:
            raise BadRequest("unknown console action")
    except PracticeError as error:
        if isinstance(error, NotAMember | NotAllowed):
            raise
        if action == "fire":
            form.add_error("text", error.message)
            return False
        messages.error(request, error.message)
    return True
