from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from accounts.models import User, validate_timezone

hashtag_validator = RegexValidator(
    r"^#?[A-Za-z][A-Za-z0-9_]{1,49}\Z",
    _("A hashtag starts with a letter and has only letters, digits or underscores, like #TweetCamp3."),
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class CourseQuerySet(models.QuerySet["Course"]):
    def published(self) -> CourseQuerySet:
        return self.filter(status=PublishStatus.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> CourseQuerySet:
        if user.has_perm(permissions.AUTHOR_CONTENT):
            return self
        return self.published()


class Course(models.Model):
    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=280)
    cover_text = models.TextField(_("cover text"), blank=True, help_text=_("Markdown, shown on the course page."))
    status = models.CharField(_("status"), max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT)
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=60)
    # The completion rule: which of these a person must do to complete the course.
    require_lessons = models.BooleanField(_("every lesson read"), default=True)
    require_drills = models.BooleanField(_("every drill passed"), default=True)
    require_attendance = models.BooleanField(_("a session attended"), default=True)
    require_policy = models.BooleanField(_("social-media policy acknowledged"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


class LessonQuerySet(models.QuerySet["Lesson"]):
    def published(self) -> LessonQuerySet:
        return self.filter(status=PublishStatus.PUBLISHED)


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(
        _("body"), help_text=_("Markdown. Tokens: {session.hashtag}, {session.starts}, {org.handle}.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


class SessionQuerySet(models.QuerySet["Session"]):
    def upcoming(self) -> SessionQuerySet:
        return self.filter(status=Session.Status.SCHEDULED, ends_at__gte=timezone.now())

    def trained_by(self, user: User) -> SessionQuerySet:
        return self.filter(trainers=user)

    def manageable_by(self, user: User | AnonymousUser) -> SessionQuerySet:
        """Admins manage every session; trainers only those they train."""
        if user.has_perm(permissions.VIEW_ALL_REPORTS):
            return self
        if isinstance(user, User) and user.has_perm(permissions.RUN_SESSIONS):
            return self.trained_by(user)
        return self.none()


class Session(models.Model):
    """A scheduled sitting of a course, with seats, a waitlist and its own cohort feed."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone], help_text=_("Where it happens.")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    # Kept equal to the number of enrolled rows, under the session's row lock.
    # The check constraint makes overbooking impossible even for a buggy writer.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="sessions_trained", blank=True)
    hashtag = models.CharField(_("hashtag"), max_length=50, validators=[hashtag_validator])
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    feed = models.OneToOneField("practice.Feed", on_delete=models.PROTECT, related_name="session")
    # Calendar SEQUENCE: bumped on every change people must see in their calendars.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats_taken__lte=models.F("capacity")), name="session_not_overbooked"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.UniqueConstraint(Lower("hashtag"), name="session_unique_hashtag_ci"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def enrolment_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.SCHEDULED and now < self.enrolment_closes_at and now < self.starts_at

    def has_started(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at


class Enrolment(models.Model):
    """One person's place (or place in line) in one session."""

    class Status(models.TextChoices):
        WAITLISTED = "waitlisted", _("Waitlisted")
        ENROLLED = "enrolled", _("Enrolled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")
        REMOVED = "removed", _("Removed")
        MOVED = "moved", _("Moved")

    # A person holds at most one of these per course at a time.
    ACTIVE = (Status.WAITLISTED, Status.ENROLLED, Status.ATTENDED)
    HOLDS_SEAT = (Status.ENROLLED, Status.ATTENDED, Status.NO_SHOW)

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=12, choices=Status.choices)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Calendar UID.")
    sequence = models.PositiveIntegerField(default=0, help_text="Calendar SEQUENCE of this person's invite.")
    created_at = models.DateTimeField(default=timezone.now)
    # Waitlist order: first come, first served; set under the session lock.
    queued_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    moved_to = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="moved_from")
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status__in=["waitlisted", "enrolled", "attended"]),
                name="enrolment_one_active_per_course",
            )
        ]
        indexes = [
            models.Index(fields=["session", "status", "queued_at"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.session} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    # Flags for templates, so pages never compare status strings.

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    @property
    def is_enrolled(self) -> bool:
        return self.status == self.Status.ENROLLED

    @property
    def is_attended(self) -> bool:
        return self.status == self.Status.ATTENDED

    @property
    def is_no_show(self) -> bool:
        return self.status == self.Status.NO_SHOW

    @property
    def holds_seat(self) -> bool:
        return self.status in self.HOLDS_SEAT


class EnrolmentEvent(models.Model):
    """The audit history of an enrolment: every move, who made it, and when."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("Joined the waitlist")
        PROMOTED = "promoted", _("Promoted from the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        LEFT_WAITLIST = "left_waitlist", _("Left the waitlist")
        REMOVED = "removed", _("Removed")
        MOVED = "moved", _("Moved to another session")
        MOVED_IN = "moved_in", _("Moved in from another session")
        ATTENDED = "attended", _("Marked attended")
        NO_SHOW = "no_show", _("Marked no-show")
        SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
        SESSION_CHANGED = "session_changed", _("Session changed")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    # Claimed by the worker that e-mails the person, so each event is mailed once.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["action", "at"]), models.Index(fields=["emailed_at", "at"])]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_move(self) -> bool:
        """A move out or in; its note names the other session, which the page already links."""
        return self.action in (self.Action.MOVED, self.Action.MOVED_IN)


class LessonProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="lesson_progress_unique")]

    def __str__(self) -> str:
        return f"{self.user} read {self.lesson}"


class PolicyVersion(models.Model):
    """The organisation's social-media policy; the newest published version is the one people acknowledge."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=120)
    body = models.TextField(help_text=_("Markdown."))
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class PolicyAcknowledgement(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acks")
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "policy"], name="policy_ack_unique")]

    def __str__(self) -> str:
        return f"{self.user} acknowledged v{self.policy.version}"


class Completion(models.Model):
    """A course completed, with its certificate."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)
    # Recertification reopens a course; each cycle gets its own completion and certificate.
    cycle = models.PositiveIntegerField(default=1)
    certificate_code = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    class Meta:
        ordering = ["-completed_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course", "cycle"], name="completion_unique_cycle")]

    def __str__(self) -> str:
        return f"{self.user} completed {self.course}"


class CalendarFeed(models.Model):
    """A person's private calendar subscription URL; revoking replaces the token."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"
