from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Feed(models.Model):
    """A space people post into: one per session's cohort, and one open to the whole organisation."""

    class Kind(models.TextChoices):
        COHORT = "cohort", _("Cohort")
        OPEN = "open", _("Open")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COHORT)
    # Scripted posts of a live session are timed from here.
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            # There is exactly one open feed.
            models.UniqueConstraint(fields=["kind"], condition=models.Q(kind="open"), name="feed_single_open_feed")
        ]

    def __str__(self) -> str:
        return self.name


class FeedMembership(models.Model):
    """Who may read and post in a cohort feed. The open feed needs no rows: every active person belongs."""

    class Role(models.TextChoices):
        LEARNER = "learner", _("Learner")
        TRAINER = "trainer", _("Trainer")

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.LEARNER)
    joined_at = models.DateTimeField(default=timezone.now)
    # Self-paced scripts are timed from a learner's first visit.
    first_visit_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "user"], name="feed_membership_unique")]
        indexes = [models.Index(fields=["user", "feed"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.feed}"
