"""The delivery ledger, the in-app inbox and people's preferences.

The ledger is what makes "exactly once" true: every notice to a person is one
row keyed by (recipient, kind, key, slot) under a unique constraint, claimed by
inserting it. A second claim of the same key fails at the database and does
nothing, however many workers, beat ticks or retries try.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import kinds
from notifications.kinds import Channel


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def pending(self) -> DeliveryQuerySet:
        return self.filter(status__in=[Delivery.Status.CLAIMED, Delivery.Status.DEFERRED])

    def failed(self) -> DeliveryQuerySet:
        return self.filter(status=Delivery.Status.FAILED)


class Delivery(models.Model):
    """One notice to one person: claimed → sent | failed (or deferred, or skipped by preference)."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Sending")
        DEFERRED = "deferred", _("Waiting (quiet hours or digest)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (preference off)")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=40, choices=kinds.choices)
    # What the notice is about ("enrolment-event:12", "session:5") and which occurrence ("86400s@20310310T1400Z").
    key = models.CharField(max_length=120)
    slot = models.CharField(max_length=60, blank=True, default="")
    channel = models.CharField(max_length=10, choices=Channel.CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the current attempt began; a claim older than the lease is presumed dead and retried.
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, help_text="When it should have gone (reminders).")
    late = models.BooleanField(default=False)
    not_before = models.DateTimeField(null=True, blank=True, help_text="Deferred until (quiet hours, digest).")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The rendered e-mail, kept only until it is sent, so a retry sends the very same message.
    subject = models.CharField(max_length=255, blank=True)
    # Where the notice leads in the app (a path), also listed in the daily digest.
    link = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digested", editable=False
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key", "slot"], name="delivery_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="delivery_recent"),
            models.Index(fields=["status", "claimed_at"], name="delivery_status_claimed"),
            models.Index(fields=["not_before"], condition=Q(status="deferred"), name="delivery_deferred_due"),
            models.Index(fields=["next_attempt_at"], condition=Q(status="failed"), name="delivery_retry_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}/{self.slot} to {self.recipient_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.CLAIMED, self.Status.DEFERRED)

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_person(self, person: User) -> NotificationQuerySet:
        return self.filter(recipient=person)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice in a person's inbox."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=kinds.choices)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.OneToOneField(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="inbox_recent"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="inbox_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """How one person wants one kind of notice; no row means the kind's default."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(max_length=40, choices=kinds.choices)
    channel = models.CharField(max_length=10, choices=Channel.CHOICES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="preference_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}: {self.channel}"


class QuietHours(models.Model):
    """A person's quiet hours, in their own time zone: e-mail waits until they end."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiet_hours")
    starts = models.TimeField(_("quiet from"))
    ends = models.TimeField(_("quiet until"))

    class Meta:
        verbose_name_plural = "quiet hours"
        constraints = [models.CheckConstraint(condition=~Q(starts=models.F("ends")), name="quiet_hours_not_empty")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.starts:%H:%M}–{self.ends:%H:%M}"
