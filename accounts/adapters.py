"""django-allauth hooks: who may sign up, and what single sign-on fills in."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts import handles, services
from accounts.models import User
from accounts.roles import Role


def email_domain_allowed(email: str) -> bool:
    domains = settings.SIGNUP_EMAIL_DOMAINS
    if not domains:
        return True
    domain = email.rsplit("@", 1)[-1].lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)


def unique_handle_from(seed: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "", seed)[:12] or "staff"
    candidate, n = base, 1
    while handles.is_taken(candidate):
        n += 1
        candidate = f"{base[: 15 - len(str(n))]}{n}"
    return candidate


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no types
    def clean_email(self, email: str) -> str:
        email = str(super().clean_email(email))
        if not email_domain_allowed(email):
            allowed = ", ".join("@" + d for d in settings.SIGNUP_EMAIL_DOMAINS)
            raise forms.ValidationError(
                _("Sign up with your work e-mail address (%(allowed)s).") % {"allowed": allowed},
                code="domain_not_allowed",
            )
        return email


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]  # allauth ships no types
    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> User:
        user: User = super().populate_user(request, sociallogin, data)
        name = " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p) or data.get("name") or ""
        user.display_name = (name or (user.email or "").split("@")[0])[:80]
        user.handle = unique_handle_from((user.email or "staff").split("@")[0])
        return user

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> User:
        user: User = super().save_user(request, sociallogin, form)
        services.add_role(user, Role.EMPLOYEE)
        self._apply_claims(user, sociallogin)
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        # Runs on every SSO login; for returning people keep the department current.
        if sociallogin.is_existing:
            self._apply_claims(sociallogin.user, sociallogin)

    @staticmethod
    def _apply_claims(user: User, sociallogin: Any) -> None:
        claims = dict(sociallogin.account.extra_data or {})
        # OIDC puts claims in userinfo/id_token; SAML in attributes.
        for nested in ("userinfo", "id_token", "attributes"):
            if isinstance(claims.get(nested), dict):
                claims = {**claims[nested], **claims}
        services.apply_sso_claims(user=user, claims=claims, department_claim=settings.SSO_DEPARTMENT_CLAIM)
