"""The business rules about people and roles that can say no."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class AccountsError(DomainError):
    """The base of every accounts rule broken."""

    code = "accounts"


class CannotRemoveLastAdmin(AccountsError):
    """Taking the Admin role away from the last admin would lock everyone out."""

    code = "accounts.last_admin"
    message = _("This is the last admin; make someone else an admin first.")
