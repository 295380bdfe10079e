"""What every practice view shares: the access decorator, cursors, safe redirects and loaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import update_wrapper
from typing import Any, Concatenate, ParamSpec, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.http import SignedInRequest
from accounts.models import User
from core.paging import BadCursor
from practice import access, cards, selectors
from practice.errors import NotAllowed, NotAMember
from practice.forms import ComposeForm
from practice.models import Feed, Post

P = ParamSpec("P")


def practice_required(
    view: Callable[Concatenate[SignedInRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Signed in with the practice capability; domain errors become 404/403 rather than 500."""

    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not isinstance(request.user, User) or not access.may_practise(request.user):
            raise PermissionDenied
        try:
            return view(cast(SignedInRequest, request), *args, **kwargs)  # signed in: the check above
        except BadCursor as exc:
            raise BadRequest("bad cursor") from exc
        except NotAMember as exc:
            raise Http404 from exc
        except NotAllowed as exc:
            raise PermissionDenied from exc

    update_wrapper(wrapper, view)  # in place: the wrapper takes any request, the view a SignedInRequest
    return login_required(wrapper)


def cursor_param(request: SignedInRequest) -> str | None:
    return request.GET.get("cursor") or None


def next_url(request: SignedInRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def post_or_404(request: SignedInRequest, pk: int) -> Post:
    post = selectors.post_for(request.user, pk)
    if post is None:
        raise Http404
    return post


# The side navigation's pages, by URL name: the template gets one "current" flag per page.
_NAV_PAGES = ("home", "mentions", "notifications", "search")


def side_navigation(request: SignedInRequest, feed: Feed | None) -> dict[str, object]:
    """The viewer's feeds and unread count for the side navigation (two queries), and which link is the
    current page: ``current.home`` and so on for the pages, ``is_current`` on each of ``feed_links``."""
    match = request.resolver_match
    page = match.url_name if match is not None else None
    return {
        "feed_links": [
            {"feed": f, "is_current": feed is not None and f.pk == feed.pk} for f in selectors.feeds_for(request.user)
        ],
        "current": {name: name == page for name in _NAV_PAGES},
        "unread": selectors.unread_count(request.user),
    }


def render_page(request: SignedInRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """A page of the practice feed, its side navigation read here: templates run no queries."""
    feed = context.get("feed")
    side = side_navigation(request, feed if isinstance(feed, Feed) else None)
    return render(request, template, {**context, "side": side}, status=status)


def timeline_response(request: SignedInRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A timeline page, its post cards rendered here; the "more" link of an htmx request gets only the next rows."""
    page = context.get("page")
    context = {**context, "cards": cards.render_cards(request, page.items) if page is not None else []}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "partials/practice/post_list.html", context)
    return render_page(request, template, context)


def composer_form(
    request: SignedInRequest,
    *,
    feed: Feed | None = None,
    data: QueryDict | None = None,
    initial: Mapping[str, object] | None = None,
) -> ComposeForm:
    feeds = selectors.feeds_for(request.user)
    initial = {"feed": (feed or feeds[0]).pk if feeds else None, **(initial or {})}
    return ComposeForm(data, feeds=feeds, initial=initial)


def feed_or_404(request: SignedInRequest, feed_id: int) -> Feed:
    feed = get_object_or_404(Feed, pk=feed_id)
    if not access.can_read_feed(request.user, feed):
        raise Http404
    return feed
