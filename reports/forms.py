"""The report filters. A bad value becomes a form error and is ignored; it never reaches SQL."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from courses.models import Course, Session
from courses.selectors import assignments as assignment_rules
from reports.selectors import Scope


class FilterForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False, label=_("Department"))
    course = forms.ModelChoiceField(queryset=Course.objects.none(), required=False, label=_("Course"))
    session = forms.ModelChoiceField(queryset=Session.objects.none(), required=False, label=_("Session"))
    start = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data: Mapping[str, Any] | None = None, *, allowed: frozenset[int] | None, **kwargs: Any) -> None:
        """``allowed``: the department ids the viewer may see (None: all)."""
        super().__init__(data, **kwargs)
        self.allowed = allowed
        departments = Department.objects.order_by("name")
        sessions = Session.objects.select_related("course").order_by("-starts_at")
        if allowed is not None:
            departments = departments.filter(pk__in=sorted(allowed))
            sessions = sessions.filter(enrolments__user__department_id__in=sorted(allowed)).distinct()
        self._choices("department").queryset = departments
        self._choices("course").queryset = Course.objects.order_by("title")
        self._choices("session").queryset = sessions

    def _choices(self, name: str) -> forms.ModelChoiceField[Any]:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
            cleaned.pop("end", None)
        return cleaned

    def scope(self) -> Scope:
        """The filters that are valid, applied inside what the viewer may see."""
        data = self.valid_data()
        department_ids = self.allowed
        focus = data.get("department")
        if focus is not None:
            department_ids = frozenset(assignment_rules.with_descendants([focus.pk]))
            if self.allowed is not None:
                department_ids &= self.allowed
        course = data.get("course")
        zone = timezone.get_current_timezone()
        start, end = data.get("start"), data.get("end")
        return Scope(
            department_ids=department_ids,
            course_ids=frozenset([course.pk]) if course else None,
            session=data.get("session"),
            starts=timezone.make_aware(datetime.combine(start, time.min), zone) if start else None,
            ends=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone) if end else None,
            focus=focus,
        )

    def valid_data(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data with the fields that passed; the bad ones are left out
        return self.cleaned_data

    def query(self, *, without: tuple[str, ...] = ()) -> str:
        """The valid filters as a query string, for links that keep them."""
        pairs = []
        for name, value in self.valid_data().items():
            if value in (None, "") or name in without:
                continue
            if hasattr(value, "pk"):
                value = value.pk
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            pairs.append((name, value))
        return urlencode(pairs)


class PeopleFilterForm(FilterForm):
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Everyone assigned")), ("overdue", _("Overdue")), ("open", _("Not done yet"))],
    )
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
