"""Reminder rules: data, not code. Per course, when reminders go and who gets a copy."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models.core import Course


class ReminderRule(models.Model):
    """One reminder of a course: a session reminder, a due-soon or an overdue notice.

    A course with no rules of a kind uses ``DEFAULTS`` for it. Whole days in
    ``offset`` are calendar days in the local zone (the session's, or for due
    dates the person's), so a one-day reminder keeps its wall-clock time across a
    daylight-saving change; hours and minutes are exact.
    """

    class Kind(models.TextChoices):
        SESSION = "session_reminder", _("Before each session")
        DUE_SOON = "course_due_soon", _("Before the course is due")
        OVERDUE = "course_overdue", _("After the course is overdue")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reminder_rules")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.SESSION)
    offset = models.DurationField(
        _("offset"),
        help_text=_("How long before the session or due date (after it, for overdue). E.g. '1 00:00:00' is one day."),
    )
    copy_to_manager = models.BooleanField(
        _("copy to the person's manager"),
        default=False,
        help_text=_("For overdue notices: the manager gets a copy once the business days below have passed."),
    )
    manager_after_business_days = models.PositiveSmallIntegerField(_("manager copy after (business days)"), default=3)

    class Meta:
        ordering = ["course", "kind", "-offset"]
        constraints = [
            models.UniqueConstraint(fields=["course", "kind", "offset"], name="reminder_rule_unique_offset"),
            models.CheckConstraint(condition=Q(offset__gte=timedelta(0)), name="reminder_rule_offset_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.get_kind_display()} {self.offset}"


# Used for a course that has no rules of a kind: (offset, copy to manager).
DEFAULTS: dict[str, list[tuple[timedelta, bool]]] = {
    ReminderRule.Kind.SESSION: [(timedelta(days=1), False), (timedelta(hours=1), False)],
    ReminderRule.Kind.DUE_SOON: [(timedelta(days=3), False)],
    ReminderRule.Kind.OVERDUE: [(timedelta(0), True)],
}
