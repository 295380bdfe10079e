"""Request guards that apply to every page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tweetcamp.views import bad_request


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path or the query string.

    No page has a use for one, and PostgreSQL refuses NUL in text, so a search or a
    lookup with one would otherwise end as a 500. Forms already refuse NUL with a
    form error (Django's CharField does), so POST bodies are left to them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return bad_request(request)
        return self.get_response(request)
