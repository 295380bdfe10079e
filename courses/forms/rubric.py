"""Forms of the drill authoring pages: the drill itself and its rubric, one form row per rule.

A rule row offers every parameter field; only the ones its kind uses
(practice.rubric.KINDS[kind].params) are read and saved. The whole rubric is
then checked by the same function the grader trusts, so a rubric that saves
is a rubric that grades.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from courses.authoring import DrillDetails
from courses.models import Drill
from courses.services.drills import TARGET, validate_rubric
from practice import feedback
from practice.rubric import KINDS, RubricError

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

MAX_RULES = 25
MAX_INSTRUCTIONS = 20_000
MAX_DEADLINE_HOURS = 24 * 90
PREFIX = "rules"

# Rule parameter (as the grader names it) -> the form field that holds it.
PARAM_FIELDS = {
    "handle": "handle",
    "count": "count",
    "hashtag": "hashtag",
    "post_id": "post",
    "domain": "domain",
    "min": "min",
    "max": "max",
    "phrases": "phrases",
    "mode": "mode",
    "max_percent": "max_percent",
    "min_words": "min_words",
}
NUMBER_PARAMS = {"count", "min", "max", "max_percent", "min_words"}
# tests/courses/test_drill_authoring.py checks that every parameter of every kind has its field here.


def kind_guide() -> list[dict[str, Any]]:
    """Each kind with the fields it reads, for the help next to the rubric."""
    return [
        {
            "kind": name,
            "label": feedback.kind_label(name),
            "fields": [str(RuleForm.base_fields[PARAM_FIELDS[p]].label) for p in kind.params],
        }
        for name, kind in KINDS.items()
    ]


class DrillForm(forms.ModelForm[Drill]):
    instructions = forms.CharField(
        label=_("Instructions"),
        max_length=MAX_INSTRUCTIONS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown. {session.hashtag} and {session.starts} are filled in for each learner."),
    )
    max_attempts = forms.IntegerField(label=_("Attempts allowed"), min_value=1, max_value=50, initial=3)
    deadline_hours = forms.DecimalField(
        label=_("Deadline (hours after the session starts)"),
        required=False,
        min_value=0,
        max_value=MAX_DEADLINE_HOURS,
        max_digits=6,
        decimal_places=2,
        help_text=_("Empty: no deadline."),
    )

    class Meta:
        model = Drill
        fields = [
            "title",
            "instructions",
            "action",
            "target_persona_handle",
            "target_text_contains",
            "max_attempts",
            "pass_mark",
            "status",
        ]
        help_texts = {
            "target_persona_handle": _("Reply, retweet and quote drills: the persona whose post the learner acts on."),
            "target_text_contains": _("Reply, retweet and quote drills: a phrase of that post, to pick it out."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offset = self.instance.deadline_offset
        if offset is not None and "deadline_hours" not in self.initial:
            hours = offset.total_seconds() / 3600
            self.initial["deadline_hours"] = int(hours) if hours.is_integer() else round(hours, 2)

    def clean_target_persona_handle(self) -> str:
        return str(self.cleaned_data["target_persona_handle"]).strip().lstrip("@")

    def details(self) -> DrillDetails:
        data = self.cleaned_data
        hours = data.get("deadline_hours")
        return DrillDetails(
            title=data["title"],
            instructions=data["instructions"],
            action=data["action"],
            target_persona_handle=data["target_persona_handle"],
            target_text_contains=data["target_text_contains"],
            max_attempts=data["max_attempts"],
            pass_mark=data["pass_mark"],
            deadline_offset=None if hours is None else timedelta(seconds=round(float(hours) * 3600)),
            status=data["status"],
        )


class InstructionsPreviewForm(forms.Form):
    """Only the instructions matter for a preview; nothing is saved."""

    instructions = forms.CharField(required=False, strip=False, max_length=MAX_INSTRUCTIONS)


def _param(
    label: _StrPromise, max_length: int = 100, help_text: _StrPromise | str = "", **attrs: str
) -> forms.CharField:
    # Parameters are read as text and parsed only for the kinds that use them, so a
    # stray value in a field the chosen kind ignores never blocks saving.
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"maxlength": max_length, **attrs}),
    )


def _number(label: _StrPromise) -> forms.CharField:
    return _param(label, max_length=6, inputmode="numeric")


class RuleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What it checks"),
        required=False,
        choices=[("", _("— choose —"))]
        + [(name, feedback.KIND_LABELS.get(name, kind.label)) for name, kind in KINDS.items()],
    )
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    message = forms.CharField(
        label=_("Feedback message"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"maxlength": 500}),
        help_text=_("What the learner reads next to this rule."),
    )
    message_es = forms.CharField(
        label=_("Feedback message in Spanish"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"maxlength": 500, "lang": "es"}),
        help_text=_("Optional: what learners who use Tweet Camp in Spanish read instead."),
    )
    handle = _param(_("Handle"), max_length=30, help_text=_("A handle, or “trainer” for the session's trainer."))
    count = _number(_("Count"))
    hashtag = _param(_("Hashtag"), max_length=60, help_text=_("A hashtag, or “session” for the session's own."))
    post = _param(_("Post"), max_length=12, help_text=_("“target” for the drill's target post, or a post number."))
    domain = _param(_("Domain"), max_length=253, help_text=_("Optional, like cdc.gov."))
    min = _number(_("Minimum length"))
    max = _number(_("Maximum length"))
    phrases = _param(_("Words or phrases"), max_length=2000, help_text=_("Separated by commas."))
    mode = forms.ChoiceField(
        label=_("Match"),
        required=False,
        choices=[("", "—"), ("all", _("all of them")), ("any", _("any of them"))],
    )
    max_percent = _number(_("At most % capitals"))
    min_words = _number(_("At least N own words"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if not kind:
            typed = [name for name in ("message", "message_es", *PARAM_FIELDS.values()) if data.get(name)]
            if typed:
                self.add_error("kind", _("Choose what this rule checks, or tick Delete."))
            return data
        params: dict[str, Any] = {}
        for param in KINDS[kind].params:
            field = PARAM_FIELDS[param]
            value = (data.get(field) or "").strip()
            if param == "post_id":
                parsed = self._post(value)
                if parsed is not None:
                    params[param] = parsed
            elif not value:
                continue  # the grader's default applies
            elif param in NUMBER_PARAMS:
                if value.isascii() and value.isdigit():
                    params[param] = int(value)
                else:
                    self.add_error(field, _("Enter a whole number."))
            elif param == "phrases":
                params[param] = [p.strip() for p in value.split(",") if p.strip()]
            else:
                params[param] = value
        data["params"] = params
        return data

    def _post(self, value: str) -> str | int | None:
        if value.lower() == TARGET:
            return TARGET
        if value.isascii() and value.isdigit() and int(value) > 0:
            return int(value)
        self.add_error("post", _("Say which post: “target” for the drill's target post, or a post number."))
        return None

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        rule = {"kind": data["kind"], "weight": data["weight"], "params": data["params"], "message": data["message"]}
        if data.get("message_es"):
            rule["message_es"] = data["message_es"]
        return rule


class BaseRuleFormSet(forms.BaseFormSet[RuleForm]):
    def kept_forms(self) -> list[RuleForm]:
        """The rows that make rules: not deleted, and with a kind chosen (blank rows are ignored)."""
        return [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data.get("kind") and not form.cleaned_data.get("DELETE")
        ]

    def rules(self) -> list[dict[str, Any]]:
        return [form.rule() for form in self.kept_forms()]

    def clean(self) -> None:
        if any(self.errors):
            return
        try:
            validate_rubric(self.rules())
        except RubricError as error:
            raise forms.ValidationError(str(error)) from None

    def add_rubric_error(self, message: str) -> None:
        """A rubric error found after validation (by the service) joins the formset's own errors."""
        self.non_form_errors().append(message)


def rule_formset(*, extra: int = 1) -> type[BaseRuleFormSet]:
    # formset_factory subclasses the formset it is given; the stubs type the result as the plain base.
    factory = forms.formset_factory(
        RuleForm,
        formset=BaseRuleFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_RULES,
        validate_max=True,
        absolute_max=MAX_RULES,
    )
    return cast(type[BaseRuleFormSet], factory)


def rules_initial(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A stored rubric as form rows."""
    rows = []
    for rule in rules:
        row: dict[str, Any] = {
            "kind": rule.get("kind", ""),
            "weight": rule.get("weight", 1),
            "message": rule.get("message", ""),
            "message_es": rule.get("message_es", ""),
        }
        for param, value in (rule.get("params") or {}).items():
            if param in PARAM_FIELDS:
                row[PARAM_FIELDS[param]] = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        rows.append(row)
    return rows


def retyped(data: QueryDict, *, add_rule: bool) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """What was typed, as initial values: the page comes back (for a preview or one more rule) without errors.

    Returns the drill fields, the rule rows that have something in them, and how many blank rows to show.
    """
    drill = {name: data.get(name, "") for name in DrillForm.base_fields}
    try:
        total = min(max(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), 0), MAX_RULES)
    except ValueError:
        total = 0
    names = [*RuleForm.base_fields, "DELETE"]
    rows: list[dict[str, Any]] = []
    blanks = 0
    for index in range(total):
        row: dict[str, Any] = {name: data.get(f"{PREFIX}-{index}-{name}", "") for name in names}
        row["DELETE"] = bool(row["DELETE"])
        if any(value for name, value in row.items() if name != "weight"):
            rows.append(row)
        else:
            blanks += 1
    extra = min(blanks + int(add_rule), MAX_RULES - len(rows))
    return drill, rows, max(extra, 0 if rows else 1)
