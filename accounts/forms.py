from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import handles, services
from accounts.models import Department, User, handle_validator, timezone_choices
from accounts.roles import Role


class HandleField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 15)
        kwargs.setdefault("validators", [handle_validator])
        kwargs.setdefault("label", _("Practice handle"))
        kwargs.setdefault(
            "help_text", _("1 to 15 letters, digits or underscores; shown as @handle in the practice feed.")
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value) or "").lstrip("@")


def _check_handle_free(handle: str, exclude_pk: int | None = None) -> None:
    if handles.is_taken(handle, exclude_user_pk=exclude_pk):
        raise forms.ValidationError(_("That handle is taken."), code="handle_taken")


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth supplies e-mail and passwords."""

    display_name = forms.CharField(label=_("Your name"), max_length=80)
    handle = HandleField()
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices, initial="UTC")

    def clean_handle(self) -> str:
        handle: str = self.cleaned_data["handle"]
        _check_handle_free(handle)
        return handle

    def signup(self, request: HttpRequest, user: User) -> None:
        services.complete_signup(
            user=user,
            display_name=self.cleaned_data["display_name"],
            handle=self.cleaned_data["handle"],
            time_zone=self.cleaned_data["time_zone"],
            language=translation.get_language() or "",
        )


class ProfileForm(forms.ModelForm[User]):
    handle = HandleField()
    website = forms.URLField(label=_("Website"), max_length=100, required=False, assume_scheme="https")
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = ["display_name", "handle", "time_zone", "language", "bio", "location", "website"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}

    def clean_handle(self) -> str:
        handle: str = self.cleaned_data["handle"]
        _check_handle_free(handle, exclude_pk=self.instance.pk)
        return handle


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(r.value, r.label) for r in Role if r != Role.EMPLOYEE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Everyone is an Employee; tick any further roles."),
    )
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False)


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search people"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any role")), *Role.choices], required=False)
