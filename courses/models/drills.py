from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from courses.models.core import Lesson, PublishStatus, Session


class Drill(models.Model):
    """An exercise inside a lesson: the learner acts in the cohort feed, a worker grades it."""

    class Action(models.TextChoices):
        POST = "post", _("Write a post")
        REPLY = "reply", _("Reply to a post")
        RETWEET = "retweet", _("Retweet a post")
        QUOTE = "quote", _("Quote a post")
        PROFILE = "profile", _("Update your practice profile")
        ACTIVITY = "activity", _("Interact in the feed over time")

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="drills")
    title = models.CharField(_("title"), max_length=120)
    instructions = models.TextField(_("instructions"), help_text=_("Markdown."))
    action = models.CharField(_("what the learner does"), max_length=10, choices=Action.choices, default=Action.POST)
    # For reply / retweet / quote drills: the post to act on, by the text of a persona's post in the cohort feed
    # (each session's feed has its own copy, so drills name the persona handle and a phrase of the post).
    target_persona_handle = models.CharField(_("target persona handle"), max_length=15, blank=True)
    target_text_contains = models.CharField(_("target post contains"), max_length=120, blank=True)
    max_attempts = models.PositiveIntegerField(_("attempts allowed"), default=3, validators=[MinValueValidator(1)])
    pass_mark = models.PositiveIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    deadline_offset = models.DurationField(
        _("deadline after session start"), null=True, blank=True, help_text=_("Empty: no deadline.")
    )
    rubric = models.JSONField(_("rubric"), default=list)
    rubric_version = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PublishStatus.choices, default=PublishStatus.PUBLISHED)
    updated_at = models.DateTimeField(auto_now=True)
    # Not a column: the person's best attempt, set on each drill by courses.selectors.lesson_drills.
    best: Submission | None

    class Meta:
        ordering = ["lesson__position", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED

    def deadline_for(self, session: Session) -> datetime | None:
        return session.starts_at + self.deadline_offset if self.deadline_offset is not None else None


class Submission(models.Model):
    """One attempt at a drill, linked to what the learner did in the feed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for its grade")
        GRADED = "graded", _("Graded")
        OVERRIDDEN = "overridden", _("Grade set by a trainer")

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="submissions")
    post = models.ForeignKey("practice.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    attempt = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    graded_at = models.DateTimeField(null=True, blank=True)
    # The grade to show: the newest automatic grade, or a trainer's override.
    score = models.PositiveIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["drill", "user", "attempt"], name="submission_unique_attempt")]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["drill", "user"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.drill} (attempt {self.attempt})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Grade(models.Model):
    """A grade given to a submission. Never edited: re-grades and overrides add rows, so history is kept."""

    class Kind(models.TextChoices):
        AUTOMATIC = "auto", _("Automatic")
        OVERRIDE = "override", _("Trainer override")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="grades")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AUTOMATIC)
    rubric_version = models.PositiveIntegerField()
    score = models.PositiveIntegerField(validators=[MaxValueValidator(100)])
    passed = models.BooleanField()
    results = models.JSONField(default=list)
    comment = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Grading the same submission against the same rubric twice is a no-op.
            models.UniqueConstraint(
                fields=["submission", "rubric_version"], condition=Q(kind="auto"), name="grade_once_per_rubric_version"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="grade_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.score}% ({self.get_kind_display()})"

    @property
    def is_override(self) -> bool:
        return self.kind == self.Kind.OVERRIDE
