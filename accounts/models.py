from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import CAPABILITIES, Role

# Twitter's rule for new accounts: 1-15 letters, digits or underscores.
handle_validator = RegexValidator(
    r"^[A-Za-z0-9_]{1,15}\Z",
    _("A handle is 1 to 15 letters, digits or underscores, like a Twitter handle."),
)


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/")))
    return [("UTC", "UTC"), *((n, n.replace("_", " ")) for n in names)]


def validate_timezone(value: str) -> None:
    if value not in dict(timezone_choices()):
        raise ValidationError(_("Choose a time zone from the list."))


class Department(models.Model):
    """A node in the organisation's department tree."""

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Stable id, as sent by single sign-on."))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("parent", Lower("name"), name="department_unique_name_per_parent")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A department cannot sit inside itself.")})
            node = node.parent

    def descendant_ids(self) -> set[int]:
        """This department and every one below it (one query per tree level)."""
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(Department.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class UserQuerySet(models.QuerySet["User"]):
    def with_role(self, role: str) -> UserQuerySet:
        return self.filter(groups__name=role)

    def active(self) -> UserQuerySet:
        return self.filter(is_active=True)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def with_role(self, role: str) -> UserQuerySet:
        return self.get_queryset().with_role(role)

    def active(self) -> UserQuerySet:
        return self.get_queryset().active()

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        user = self._create(email, password, **fields)
        user.groups.add(Group.objects.get_or_create(name=Role.ADMIN)[0])
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. E-mail is the login; the handle is their practice-feed name."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    handle = models.CharField(
        _("handle"),
        max_length=15,
        validators=[handle_validator],
        help_text=_("Your name in the practice feed: 1 to 15 letters, digits or underscores."),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("department"),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    bio = models.CharField(_("bio"), max_length=160, blank=True)
    location = models.CharField(_("location"), max_length=30, blank=True)
    website = models.URLField(_("website"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False, help_text=_("May log in to Django admin."))
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()
    # Where Django's ModelBackend (and accounts.backends) keep the person's permissions for the request.
    _perm_cache: set[str]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name", "handle"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_unique_email_ci"),
            models.UniqueConstraint(Lower("handle"), name="user_unique_handle_ci"),
        ]
        permissions = [*CAPABILITIES]

    def __str__(self) -> str:
        return f"{self.display_name} (@{self.handle})"

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.handle and User.objects.exclude(pk=self.pk).filter(handle__iexact=self.handle).exists():
            raise ValidationError({"handle": _("That handle is taken.")})

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def role_names(self) -> set[str]:
        # Cached per instance: navigation asks several times per request.
        if not hasattr(self, "_role_names"):
            self._role_names = {g.name for g in self.groups.all()}
        return self._role_names

    def has_role(self, role: str) -> bool:
        return self.is_superuser or role in self.role_names
