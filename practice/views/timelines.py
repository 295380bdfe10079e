"""Timeline pages: home, a feed, a conversation, hashtag, mentions, search, notifications, and the poll."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.http import SignedInRequest
from core.paging import encode_cursor
from practice import access, cards, inbox, selectors, services
from practice.forms import SearchForm
from practice.views.common import (
    composer_form,
    cursor_param,
    feed_or_404,
    post_or_404,
    practice_required,
    render_page,
    timeline_response,
)

# Below this many posts on the first page, the home timeline also suggests whom to follow.
FEW_POSTS = 5

# --- Timelines ------------------------------------------------------------------------------


@practice_required
@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    services.record_visit(user=request.user)
    page = selectors.home_timeline(request.user, cursor=cursor_param(request))
    context = {"page": page, "form": composer_form(request), "poll_url": reverse("practice:home-poll")}
    context["poll_since"] = page.newest_cursor or encode_cursor(timezone.now(), 0)
    if not cursor_param(request) and len(page.items) < FEW_POSTS:
        # A new learner's home is nearly empty: offer people to follow instead of a blank page.
        context["suggestions"] = selectors.who_to_follow(request.user)
    return timeline_response(request, "practice/home.html", context)


@practice_required
@require_GET
def poll(request: SignedInRequest, feed_id: int | None = None) -> HttpResponse:
    """New posts since the newest one shown: prepended in place by htmx, announced politely."""
    feed = feed_or_404(request, feed_id) if feed_id else None
    page = selectors.new_posts_since(request.user, request.GET.get("since", ""), feed=feed)
    poll_url = reverse("practice:feed-poll", args=[feed.pk]) if feed else reverse("practice:home-poll")
    context = {
        "page": page,
        "cards": cards.render_cards(request, page.items),
        "poll_url": poll_url,
        "poll_since": page.newest_cursor,
    }
    return render(request, "partials/practice/poll.html", context)


@practice_required
@require_GET
def feed(request: SignedInRequest, feed_id: int) -> HttpResponse:
    the_feed = feed_or_404(request, feed_id)
    services.record_visit(feed=the_feed, user=request.user)
    page = selectors.feed_timeline(request.user, the_feed, cursor=cursor_param(request))
    context = {
        "feed": the_feed,
        "page": page,
        "form": composer_form(request, feed=the_feed),
        "is_trainer": access.is_trainer_of(request.user, the_feed),
        "poll_url": reverse("practice:feed-poll", args=[the_feed.pk]),
        "poll_since": page.newest_cursor or encode_cursor(timezone.now(), 0),
    }
    return timeline_response(request, "practice/feed.html", context)


@practice_required
@require_GET
def thread(request: SignedInRequest, pk: int) -> HttpResponse:
    post = post_or_404(request, pk)
    if post.retweet_of_id and post.retweet_of:
        return redirect("practice:post", pk=post.retweet_of_id)
    conversation = selectors.conversation(request.user, post, cursor=cursor_param(request))
    form = composer_form(request, feed=post.feed, initial={"reply_to": post.pk})
    context = {"thread": conversation, "page": conversation.replies, "form": form, "reply_to": post}
    return timeline_response(request, "practice/thread.html", context)


@practice_required
@require_GET
def hashtag(request: SignedInRequest, tag: str) -> HttpResponse:
    page = selectors.hashtag_posts(request.user, tag, cursor=cursor_param(request))
    return timeline_response(request, "practice/hashtag.html", {"tag": tag[:140], "page": page})


@practice_required
@require_GET
def mentions(request: SignedInRequest) -> HttpResponse:
    page = selectors.mentions_of(request.user, cursor=cursor_param(request))
    return timeline_response(request, "practice/mentions.html", {"page": page})


@practice_required
@require_GET
def search(request: SignedInRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = selectors.search_posts(request.user, query, cursor=cursor_param(request)) if query else None
    return timeline_response(request, "practice/search.html", {"form": form, "query": query, "page": page})


@practice_required
@require_GET
def notifications(request: SignedInRequest) -> HttpResponse:
    page = selectors.notifications(request.user, cursor=cursor_param(request))
    groups = inbox.grouped_notices(page.items, request.user.time_zone)
    return render_page(request, "practice/notifications.html", {"page": page, "groups": groups})


@practice_required
@require_POST
def notifications_read(request: SignedInRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    return redirect("practice:notifications")
