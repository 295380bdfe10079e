"""The notification rules a request can break, under one base with a stable code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class NotificationsError(DomainError):
    """Base of every notifications domain error."""

    code = "notifications_error"


class BadToken(NotificationsError):
    """An unsubscribe token that was altered, truncated or made for a kind that cannot be turned off."""

    code = "bad_unsubscribe_token"
    message = _("That unsubscribe link is not valid.")
