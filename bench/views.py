"""The floor: the cheapest page behind the same middleware, so every page is read as a multiple of it.

Routed only by the bench's own URLconf (bench/urls.py), never by the product's.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines

# A template without context processors: the floor loads the session and the person, nothing else.
TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>Tweet Camp</title><p>Signed in as {{ person.display_name }} (@{{ person.handle }})</p>"
)


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TEMPLATE.render({"person": request.user}))
