"""Trainers write drills and compose their rubrics in a form, no code.

One page holds the drill and its rubric (a formset, one row per rule). Without
JavaScript, "Add a rule" and "Preview" come back to the same page with what
was typed and nothing saved; htmx only swaps the preview in place.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.permissions import AUTHOR_CONTENT, VIEW_ALL_REPORTS
from courses import authoring
from courses.content import TokenValues, render_markdown
from courses.forms.rubric import (
    PREFIX,
    BaseRuleFormSet,
    DrillForm,
    InstructionsPreviewForm,
    kind_guide,
    retyped,
    rule_formset,
    rules_initial,
)
from courses.models import Drill, Grade, Lesson, Session, Submission

# Buttons of the drill form other than "save" re-show the page and save nothing. They are named
# "button", since "action" is a drill field.
PREVIEW, ADD_RULE = "preview", "add-rule"


def _drill_or_404(pk: int) -> Drill:
    return get_object_or_404(Drill.objects.select_related("lesson__course"), pk=pk)


def _preview(text: str) -> SafeString:
    # The same renderer and fragment as the learner's drill page, so the preview is what learners read.
    return render_markdown(text, TokenValues())


def _stale_submissions(drill: Drill) -> int:
    """Graded submissions with no automatic grade against the current rubric version."""
    current = Grade.objects.filter(
        submission=OuterRef("pk"), kind=Grade.Kind.AUTOMATIC, rubric_version=drill.rubric_version
    )
    return Submission.objects.filter(drill=drill, status=Submission.Status.GRADED).filter(~Exists(current)).count()


def _may_regrade(request: SignedInRequest, drill: Drill) -> bool:
    # The same rule as the re-grade view: a trainer of a session of this course, or an admin.
    user = request.user
    return (
        user.has_perm(VIEW_ALL_REPORTS)
        or Session.objects.manageable_by(user).filter(course=drill.lesson.course_id).exists()
    )


def _page(
    request: SignedInRequest,
    *,
    lesson: Lesson,
    drill: Drill | None,
    form: DrillForm,
    rules: BaseRuleFormSet,
    preview: SafeString | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "lesson": lesson,
        "course": lesson.course,
        "drill": drill,
        "form": form,
        "rules": rules,
        "kinds": kind_guide(),
        "preview": preview,
        "saved": _preview(drill.instructions) if drill is not None else None,
        "stale": 0,
    }
    if drill is not None:
        context["stale"] = _stale_submissions(drill)
        context["may_regrade"] = bool(context["stale"]) and _may_regrade(request, drill)
    return render(request, "courses/trainer/drill_form.html", context)


def _retyped_page(request: SignedInRequest, *, lesson: Lesson, drill: Drill | None) -> HttpResponse:
    """The page again with what was typed, as unbound forms: no errors yet, nothing saved."""
    action = request.POST.get("button")
    fields, rows, extra = retyped(request.POST, add_rule=action == ADD_RULE)
    form = DrillForm(initial=fields, instance=drill)
    rules = rule_formset(extra=extra)(initial=rows, prefix=PREFIX)
    preview = _preview(fields["instructions"]) if action == PREVIEW else None
    return _page(request, lesson=lesson, drill=drill, form=form, rules=rules, preview=preview)


def _show_error(rules: BaseRuleFormSet, error: authoring.AuthoringError, form: DrillForm) -> None:
    """A rubric error goes on the rubric; any other on the drill field it names (or the drill form)."""
    if isinstance(error, authoring.InvalidRubric):
        rules.add_rubric_error(str(error))
    else:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error))


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def drill_create(request: SignedInRequest, lesson_pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=lesson_pk)
    if request.method == "POST" and request.POST.get("button") in (PREVIEW, ADD_RULE):
        return _retyped_page(request, lesson=lesson, drill=None)
    data = request.POST if request.method == "POST" else None
    form = DrillForm(data)
    rules = rule_formset(extra=3)(data, prefix=PREFIX)
    if data is not None and all([form.is_valid(), rules.is_valid()]):
        try:
            drill = authoring.create_drill(
                lesson=lesson, details=form.details(), rules=rules.rules(), actor=request.user
            )
        except authoring.AuthoringError as error:
            _show_error(rules, error, form)
        else:
            messages.success(request, _("Drill “%(title)s” created.") % {"title": drill.title})
            return redirect("courses:drill-edit", pk=drill.pk)
    return _page(request, lesson=lesson, drill=None, form=form, rules=rules)


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def drill_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    drill = _drill_or_404(pk)
    if request.method == "POST" and request.POST.get("button") in (PREVIEW, ADD_RULE):
        return _retyped_page(request, lesson=drill.lesson, drill=drill)
    data = request.POST if request.method == "POST" else None
    # The form works on a copy, so a rejected title never reaches this page's heading.
    form = DrillForm(data, instance=copy.copy(drill))
    # Bound rows are read as sent; the stored rubric only fills the first page.
    if data is None:
        rules = rule_formset()(initial=rules_initial(drill.rubric), prefix=PREFIX)
    else:
        rules = rule_formset()(data, prefix=PREFIX)
    if data is not None and all([form.is_valid(), rules.is_valid()]):
        version = drill.rubric_version
        try:
            drill = authoring.update_drill(drill=drill, details=form.details(), rules=rules.rules(), actor=request.user)
        except authoring.AuthoringError as error:
            _show_error(rules, error, form)
        else:
            if drill.rubric_version != version:
                messages.success(
                    request,
                    _("Drill “%(title)s” saved. Its rubric is now version %(version)s.")
                    % {"title": drill.title, "version": drill.rubric_version},
                )
            else:
                messages.success(request, _("Drill “%(title)s” saved.") % {"title": drill.title})
            return redirect("courses:drill-edit", pk=drill.pk)
    return _page(request, lesson=drill.lesson, drill=drill, form=form, rules=rules)


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_POST
def drill_preview(request: SignedInRequest) -> HttpResponse:
    """The htmx preview of a drill's instructions: the fragment the form shows after a non-JS "Preview"."""
    form = InstructionsPreviewForm(request.POST)
    text = form.cleaned_data["instructions"] if form.is_valid() else ""
    return render(request, "courses/trainer/drill_preview.html", {"preview": _preview(text)})
