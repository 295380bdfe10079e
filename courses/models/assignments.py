"""Assignments: who must complete which course, by when, and how often again."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department
from courses.models.core import Course


class Assignment(models.Model):
    """A course assigned to departments (with every sub-department), roles and named people.

    The due date of each person follows ``due_rule``. With ``recertify_months`` the course
    reopens that many months after each completion: an older completion no longer counts
    for this assignment, and completing again issues the next cycle's certificate.
    """

    class DueRule(models.TextChoices):
        FIXED = "fixed", _("On a fixed date")
        AFTER_ASSIGNED = "after_assigned", _("A number of days after the assignment")
        AFTER_JOINED = "after_joined", _("A number of days after the person joins")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("course"))
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="course_assignments",
        verbose_name=_("departments"),
        help_text=_("Everyone in these departments and every department below them."),
    )
    roles = models.ManyToManyField(
        Group,
        blank=True,
        related_name="course_assignments",
        verbose_name=_("roles"),
        help_text=_("Everyone with a role."),
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="course_assignments", verbose_name=_("people")
    )
    due_rule = models.CharField(_("due"), max_length=20, choices=DueRule.choices, default=DueRule.AFTER_ASSIGNED)
    due_on = models.DateField(_("due date"), null=True, blank=True, help_text=_("For a fixed date."))
    due_days = models.PositiveIntegerField(
        _("days to complete"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    recertify_months = models.PositiveIntegerField(
        _("recertify every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: once is enough."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["course__title", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(due_rule="fixed", due_on__isnull=False)
                    | Q(due_rule__in=["after_assigned", "after_joined"], due_days__isnull=False)
                ),
                name="assignment_due_rule_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.due_description})"

    @property
    def due_description(self) -> str:
        if self.due_rule == self.DueRule.FIXED:
            return _("due %(date)s") % {"date": self.due_on}
        if self.due_rule == self.DueRule.AFTER_JOINED:
            return _("due %(days)s days after joining") % {"days": self.due_days}
        return _("due %(days)s days after assignment") % {"days": self.due_days}
