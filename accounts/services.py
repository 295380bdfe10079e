"""Writes and rules about people, departments and roles."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.errors import CannotRemoveLastAdmin
from accounts.models import Department, User
from accounts.roles import Role, role_permissions

log = logging.getLogger(__name__)


def sync_role_permissions() -> None:
    """Make each role group hold exactly the permissions of ``role_permissions()``."""
    for role, perm_names in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for name in perm_names:
            app_label, codename = name.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                log.debug("Permission %s does not exist yet; role %s skips it for now", name, role)
                continue
            perms.append(perm)
        group.permissions.set(perms)


def sync_role_permissions_after_migrate(**kwargs: object) -> None:
    sync_role_permissions()


@transaction.atomic
def set_roles(*, actor: User, person: User, roles: Iterable[str], department: Department | object | None = ...) -> None:
    """Give a person exactly these roles (and, if given, a department). Everyone keeps Employee."""
    wanted = set(roles) | {Role.EMPLOYEE}
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    if Role.ADMIN not in wanted and person.has_role(Role.ADMIN):
        other_admins = User.objects.active().with_role(Role.ADMIN).exclude(pk=person.pk)
        if not other_admins.exists():
            raise CannotRemoveLastAdmin
    person.groups.set(Group.objects.filter(name__in=wanted))
    # Admins may use Django admin for support work; nobody else may.
    person.is_staff = Role.ADMIN in wanted
    if department is not ...:
        person.department = department  # type: ignore[assignment]
    person.save(update_fields=["is_staff", "department"])
    person.__dict__.pop("_role_names", None)
    person.__dict__.pop("_perm_cache", None)
    person.__dict__.pop("_group_perm_cache", None)
    log.info("%s set roles of %s to %s", actor.pk, person.pk, sorted(wanted))


def add_role(person: User, role: str) -> None:
    person.groups.add(Group.objects.get(name=role))
    person.__dict__.pop("_role_names", None)


def complete_signup(*, user: User, display_name: str, handle: str, time_zone: str, language: str = "") -> User:
    """Fill in what sign-up asks beyond e-mail and password; every new person is an Employee.

    ``language`` is the one the sign-up page was shown in, kept so the camp stays in it after sign-in."""
    user.display_name = display_name
    user.handle = handle
    user.time_zone = time_zone
    if language in User.Language.values:
        user.language = language
    user.save()
    add_role(user, Role.EMPLOYEE)
    return user


def set_language(*, user: User, language: str) -> None:
    """Save the language a person chose; the pages follow it from their next request."""
    if language not in User.Language.values:
        raise ValueError(f"unknown language {language!r}")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def department_from_claim(value: object) -> Department | None:
    """Find the department an SSO claim names, by code first, then by name."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    return (
        Department.objects.filter(code__iexact=value).first() or Department.objects.filter(name__iexact=value).first()
    )


def apply_sso_claims(*, user: User, claims: Mapping[str, object], department_claim: str) -> bool:
    """Update the person's department from their identity provider's claim.

    Unknown departments are logged and ignored rather than created, so a typo
    in the directory cannot grow the department tree. Returns True on change.
    """
    if department_claim not in claims:
        return False
    department = department_from_claim(claims[department_claim])
    if department is None:
        log.warning("SSO department claim %r for user %s matches no department", claims[department_claim], user.pk)
        return False
    if user.department_id == department.pk:
        return False
    user.department = department
    if user.pk:
        user.save(update_fields=["department"])
    return True
