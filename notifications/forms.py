from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.kinds import Kind
from notifications.selectors import STATUS_FILTERS


class PreferencesForm(forms.Form):
    """One channel choice per configurable kind, plus quiet hours."""

    quiet_starts = forms.TimeField(
        label=_("Quiet hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_ends = forms.TimeField(label=_("until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args: Any, channels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mandatory: list[Kind] = []
        for spec in kinds.all_kinds():
            name = spec.name
            if not spec.configurable:
                continue
            if spec.mandatory:
                self.mandatory.append(spec)
                continue
            self.fields[f"kind_{name}"] = forms.ChoiceField(
                label=spec.label, choices=spec.choices, initial=channels.get(name, spec.default), required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quiet_starts")) != bool(data.get("quiet_ends")):
            raise forms.ValidationError(_("Give both ends of your quiet hours, or neither."))
        if data.get("quiet_starts") and data.get("quiet_starts") == data.get("quiet_ends"):
            raise forms.ValidationError(_("Quiet hours must start and end at different times."))
        return data

    def kind_fields(self) -> list[BoundField]:
        return [self[name] for name in self.fields if name.startswith("kind_")]

    def channels(self) -> dict[str, str]:
        return {
            name.removeprefix("kind_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind_") and value
        }


class LogFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *((s, s.capitalize()) for s in STATUS_FILTERS)],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=lambda: [("", _("Any")), *kinds.choices()])
    late = forms.BooleanField(label=_("Late only"), required=False)
    q = forms.CharField(label=_("E-mail or key"), required=False, max_length=100)
