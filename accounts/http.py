"""The request type of a view behind ``login_required``: its user is a ``User``, never ``AnonymousUser``."""

from __future__ import annotations

from accounts.models import User
from core.http import HtmxHttpRequest


class SignedInRequest(HtmxHttpRequest):
    user: User
