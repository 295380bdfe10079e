"""The request type of the courses views: Django's, with the htmx details and a signed-in user."""

from __future__ import annotations

from accounts.models import User
from core.http import HtmxHttpRequest


class SignedInRequest(HtmxHttpRequest):
    """A request that passed ``login_required``: its user is a ``User``, never ``AnonymousUser``."""

    user: User
