"""Django admin for support staff: search, filters, and audit fields that nobody edits by hand.

State changes (enrolment status, grades, completions) belong to the services, so their admin
pages are for looking, with history for enrolments, grades and assignments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from accounts.models import User
from courses.models import (
    Assignment,
    CalendarFeed,
    Completion,
    Course,
    Drill,
    Enrolment,
    EnrolmentEvent,
    Grade,
    Lesson,
    LessonProgress,
    PolicyAcknowledgement,
    PolicyVersion,
    ReminderRule,
    Session,
    Submission,
)

if TYPE_CHECKING:
    # simple_history ships no types; to the checker its admin is what it is: a ModelAdmin with a history page.
    HistoryAdmin = admin.ModelAdmin
else:
    from simple_history.admin import SimpleHistoryAdmin as HistoryAdmin


class LessonInline(admin.TabularInline[Lesson, Course]):
    model = Lesson
    extra = 0
    fields = ["position", "title", "status"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["title", "slug", "status", "estimated_minutes", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "summary"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin[Lesson]):
    list_display = ["title", "course", "position", "status", "updated_at"]
    list_filter = ["status", "course"]
    search_fields = ["title", "body"]
    list_select_related = ["course"]
    readonly_fields = ["updated_at"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ["title", "course", "starts_at", "capacity", "seats_taken", "status"]
    list_filter = ["status", "course"]
    search_fields = ["title", "hashtag", "location"]
    date_hierarchy = "starts_at"
    list_select_related = ["course"]
    raw_id_fields = ["feed", "cancelled_by"]
    filter_horizontal = ["trainers"]
    readonly_fields = ["seats_taken", "sequence", "created_at", "cancelled_at", "cancelled_by"]


# Shown and never edited: history rows are written by the services.
EVENT_FIELDS: tuple[str, ...] = ("at", "action", "from_status", "to_status", "actor", "note", "emailed_at")
GRADE_FIELDS: tuple[str, ...] = ("created_at", "kind", "rubric_version", "score", "passed", "graded_by", "comment")


class EnrolmentEventInline(admin.TabularInline[EnrolmentEvent, Enrolment]):
    model = EnrolmentEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = EVENT_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Enrolment | None = None) -> bool:
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(HistoryAdmin[Enrolment]):
    list_display = ["user", "session", "status", "created_at", "status_changed_at"]
    list_filter = ["status", "course"]
    search_fields = ["user__email", "user__display_name", "user__handle", "session__title"]
    list_select_related = ["user", "session"]
    raw_id_fields = ["user", "session", "course", "moved_to", "attendance_marked_by"]
    # Status changes go through the enrolment services (seats, waitlist, e-mails); here they are read-only.
    readonly_fields = [
        "status",
        "uid",
        "sequence",
        "created_at",
        "queued_at",
        "status_changed_at",
        "moved_to",
        "attendance_marked_by",
    ]
    inlines = [EnrolmentEventInline]


@admin.register(EnrolmentEvent)
class EnrolmentEventAdmin(admin.ModelAdmin[EnrolmentEvent]):
    list_display = ["enrolment", "action", "from_status", "to_status", "actor", "at", "emailed_at"]
    list_filter = ["action"]
    search_fields = ["enrolment__user__email", "enrolment__user__handle", "note"]
    list_select_related = ["enrolment__user", "enrolment__session", "actor"]
    raw_id_fields = ["enrolment", "actor"]
    readonly_fields = ["enrolment", "action", "from_status", "to_status", "actor", "note", "at", "emailed_at"]


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin[LessonProgress]):
    list_display = ["user", "lesson", "read_at"]
    search_fields = ["user__email", "user__handle", "lesson__title"]
    list_filter = ["lesson__course"]
    list_select_related = ["user", "lesson"]
    raw_id_fields = ["user", "lesson"]
    readonly_fields = ["read_at"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin[PolicyVersion]):
    list_display = ["version", "title", "published_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["version"]


@admin.register(PolicyAcknowledgement)
class PolicyAcknowledgementAdmin(admin.ModelAdmin[PolicyAcknowledgement]):
    list_display = ["user", "policy", "acknowledged_at"]
    list_filter = ["policy"]
    search_fields = ["user__email", "user__handle"]
    list_select_related = ["user", "policy"]
    raw_id_fields = ["user"]
    readonly_fields = ["acknowledged_at"]


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin[Completion]):
    list_display = ["user", "course", "cycle", "completed_at", "certificate_code"]
    list_filter = ["course", "cycle"]
    search_fields = ["user__email", "user__display_name", "user__handle", "certificate_code"]
    date_hierarchy = "completed_at"
    list_select_related = ["user", "course"]
    raw_id_fields = ["user"]
    readonly_fields = ["certificate_code"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin[CalendarFeed]):
    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__handle"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "created_at"]


@admin.register(Drill)
class DrillAdmin(admin.ModelAdmin[Drill]):
    list_display = ["title", "lesson", "action", "pass_mark", "max_attempts", "rubric_version", "status"]
    list_filter = ["action", "status", "lesson__course"]
    search_fields = ["title", "instructions"]
    list_select_related = ["lesson"]
    readonly_fields = ["rubric_version", "updated_at"]


class GradeInline(admin.TabularInline[Grade, Submission]):
    model = Grade
    extra = 0
    can_delete = False
    fields = readonly_fields = GRADE_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Submission | None = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ["user", "drill", "attempt", "status", "score", "passed", "created_at"]
    list_filter = ["status", "passed", "drill__lesson__course"]
    search_fields = ["user__email", "user__handle", "drill__title"]
    list_select_related = ["user", "drill"]
    raw_id_fields = ["user", "drill", "session", "post"]
    readonly_fields = ["attempt", "status", "created_at", "graded_at", "score", "passed"]
    inlines = [GradeInline]


@admin.register(Grade)
class GradeAdmin(HistoryAdmin[Grade]):
    list_display = ["submission", "kind", "score", "passed", "rubric_version", "graded_by", "created_at"]
    list_filter = ["kind", "passed"]
    search_fields = ["submission__user__email", "submission__user__handle", "comment"]
    list_select_related = ["submission__user", "submission__drill", "graded_by"]
    raw_id_fields = ["submission", "graded_by"]
    # Grades are never edited: re-grades and overrides add rows (courses.services.drills).
    readonly_fields = ["submission", "kind", "rubric_version", "score", "passed", "results", "graded_by", "created_at"]


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin[Assignment]):
    list_display = ["course", "due_rule", "due_on", "due_days", "recertify_months", "created_by", "created_at"]
    list_filter = ["due_rule", "course"]
    search_fields = ["course__title", "note"]
    list_select_related = ["course", "created_by"]
    filter_horizontal = ["departments", "roles"]
    raw_id_fields = ["people"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Assignment, form: forms.ModelForm[Any], change: bool) -> None:
        if not change and isinstance(request.user, User):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin[ReminderRule]):
    list_display = ["course", "kind", "offset", "copy_to_manager", "manager_after_business_days"]
    list_filter = ["kind", "course"]
    search_fields = ["course__title"]
