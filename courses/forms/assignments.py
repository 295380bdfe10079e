"""The admin's form to assign a course to departments, roles and people."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from accounts.roles import Role
from courses.models import Assignment, Course
from courses.services.assignments import AssignmentDetails

MAX_PEOPLE = 500


class AssignmentForm(forms.ModelForm[Assignment]):
    people_text = forms.CharField(
        label=_("People"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-mail addresses or @handles, separated by commas or new lines."),
    )

    class Meta:
        model = Assignment
        fields = ["course", "departments", "roles", "due_rule", "due_on", "due_days", "recertify_months", "note"]
        widgets = {
            "departments": forms.CheckboxSelectMultiple,
            "roles": forms.CheckboxSelectMultiple,
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Course], self.fields["course"]).queryset = Course.objects.order_by("title")
        cast(forms.ModelChoiceField[Department], self.fields["departments"]).queryset = Department.objects.order_by(
            "name"
        )
        roles = Group.objects.filter(name__in=Role.values).order_by("name")
        cast(forms.ModelChoiceField[Group], self.fields["roles"]).queryset = roles
        if self.instance.pk and not self.is_bound:
            self.initial["people_text"] = "\n".join(
                self.instance.people.order_by("email").values_list("email", flat=True)
            )

    def clean_people_text(self) -> list[User]:
        names = [n.strip().lstrip("@") for n in re.split(r"[,\s]+", self.cleaned_data["people_text"]) if n.strip()]
        if len(names) > MAX_PEOPLE:
            raise forms.ValidationError(
                _("At most %(n)s people here; assign a department or role instead."), params={"n": MAX_PEOPLE}
            )
        if not names:
            return []
        query = Q()
        # No address is longer than 254 characters; a longer "name" matches nobody, and SQLite
        # refuses LIKE patterns past 50 kB, so it is never sent to the database.
        for name in names:
            if len(name) <= 254:
                query |= Q(email__iexact=name) | Q(handle__iexact=name)
        found = list(User.objects.filter(query)) if query else []
        known = {u.email.lower() for u in found} | {u.handle.lower() for u in found}
        unknown = [n for n in names if n.lower() not in known]
        if unknown:
            shown = ", ".join(n if len(n) <= 60 else n[:60] + "…" for n in unknown[:10])
            raise forms.ValidationError(_("Nobody is called %(names)s."), params={"names": shown}, code="unknown")
        return found

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        rule = cleaned.get("due_rule")
        if rule == Assignment.DueRule.FIXED and not cleaned.get("due_on"):
            self.add_error("due_on", _("A fixed due date needs the date."))
        if rule in (Assignment.DueRule.AFTER_ASSIGNED, Assignment.DueRule.AFTER_JOINED) and not cleaned.get("due_days"):
            self.add_error("due_days", _("Say how many days people have."))
        nobody = not (cleaned.get("departments") or cleaned.get("roles") or cleaned.get("people_text"))
        if nobody and "people_text" not in self.errors:
            raise forms.ValidationError(_("Choose at least one department, role or person."))
        return cleaned

    def details(self) -> AssignmentDetails:
        data = self.cleaned_data
        return AssignmentDetails(
            course=data["course"],
            departments=list(data["departments"]),
            roles=list(data["roles"]),
            people=data["people_text"],
            due_rule=data["due_rule"],
            due_on=data.get("due_on"),
            due_days=data.get("due_days"),
            recertify_months=data.get("recertify_months"),
            note=data.get("note", ""),
        )
