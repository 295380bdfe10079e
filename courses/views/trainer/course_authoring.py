"""Authoring pages: create and edit courses, write, preview and reorder their lessons."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.permissions import AUTHOR_CONTENT, RUN_SESSIONS
from courses import authoring
from courses.forms.authoring import CourseForm, LessonForm, LessonMoveForm, LessonPreviewForm
from courses.models import Course, Drill, Lesson
from courses.selectors import trainer as trainer_selectors
from courses.views.trainer.access import add_error, preview

# Courses


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def course_create(request: SignedInRequest) -> HttpResponse:
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course = authoring.create_course(details=form.details(), actor=request.user)
        except authoring.AuthoringError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Course “%(title)s” created. Add its lessons next.") % {"title": course.title})
            return redirect("courses:course-edit", slug=course.slug)
    return render(request, "courses/trainer/course_form.html", {"form": form, "course": None})


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def course_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    # The form works on a copy, so an invalid slug never reaches this page's links.
    form = CourseForm(request.POST if request.method == "POST" else None, instance=copy.copy(course))
    if request.method == "POST" and form.is_valid():
        try:
            course = authoring.update_course(course=course, details=form.details(), actor=request.user)
        except authoring.AuthoringError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Course “%(title)s” saved.") % {"title": course.title})
            return redirect("courses:course-edit", slug=course.slug)
    context = {
        "form": form,
        "course": course,
        "lessons": list(trainer_selectors.course_lessons(course)),
        "can_run_sessions": request.user.has_perm(RUN_SESSIONS),
    }
    return render(request, "courses/trainer/course_form.html", context)


# Lessons


def _lesson_page(
    request: SignedInRequest,
    form: LessonForm,
    course: Course,
    lesson: Lesson | None,
    shown: SafeString | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "course": course,
        "lesson": lesson,
        "preview": shown,
        "saved": preview(lesson.body) if lesson is not None else None,
        "drills": list(Drill.objects.filter(lesson=lesson).order_by("position", "pk")) if lesson is not None else [],
    }
    return render(request, "courses/trainer/lesson_form.html", context)


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def lesson_create(request: SignedInRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    form = LessonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("action") == "preview":
        return _lesson_page(request, form, course, None, shown=preview(request.POST.get("body", "")))
    if request.method == "POST" and form.is_valid():
        lesson = authoring.create_lesson(course=course, details=form.details(), actor=request.user)
        messages.success(request, _("Lesson “%(title)s” saved.") % {"title": lesson.title})
        return redirect("courses:lesson-edit", pk=lesson.pk)
    return _lesson_page(request, form, course, None)


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def lesson_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
    form = LessonForm(request.POST if request.method == "POST" else None, instance=copy.copy(lesson))
    if request.method == "POST" and request.POST.get("action") == "preview":
        return _lesson_page(request, form, lesson.course, lesson, shown=preview(request.POST.get("body", "")))
    if request.method == "POST" and form.is_valid():
        lesson = authoring.update_lesson(lesson=lesson, details=form.details(), actor=request.user)
        messages.success(request, _("Lesson “%(title)s” saved.") % {"title": lesson.title})
        return redirect("courses:lesson-edit", pk=lesson.pk)
    return _lesson_page(request, form, lesson.course, lesson)


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_POST
def lesson_preview(request: SignedInRequest) -> HttpResponse:
    """The htmx preview: the same fragment the lesson form shows after a non-JS "Preview"."""
    form = LessonPreviewForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return render(request, "courses/trainer/_lesson_preview.html", {"preview": preview(body)})


@login_required
@permission_required(AUTHOR_CONTENT, raise_exception=True)
@require_POST
def lesson_move(request: SignedInRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
    form = LessonMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to move the lesson up or down."))
    else:
        try:
            authoring.move_lesson(lesson=lesson, direction=form.cleaned_data["direction"], actor=request.user)
        except authoring.CannotMoveLesson as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Lesson “%(title)s” moved.") % {"title": lesson.title})
    return redirect(reverse("courses:course-edit", kwargs={"slug": lesson.course.slug}) + "#lessons")
