from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, handle_validator


class FeedQuerySet(models.QuerySet["Feed"]):
    def for_user(self, user: User | AnonymousUser) -> FeedQuerySet:
        """Feeds a person belongs to: their cohorts and, while active, the open feed."""
        if not isinstance(user, User) or not user.is_active:  # a User is always authenticated
            return self.none()
        return self.filter(models.Q(kind=Feed.Kind.OPEN) | models.Q(pk__in=user.feed_memberships.values("feed_id")))


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
    # The scenario timeline: while paused nothing scripted is published; on resume the
    # paused time is added to the delay, so the script carries on where it stopped.
    timeline_paused_at = models.DateTimeField(_("timeline paused at"), null=True, blank=True)
    timeline_delay = models.DurationField(_("timeline delay"), default=timedelta(0))

    objects = FeedQuerySet.as_manager()

    class Meta:
        constraints = [
            # There is exactly one open feed.
            models.UniqueConstraint(fields=["kind"], condition=models.Q(kind="open"), name="feed_single_open_feed")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.kind == Feed.Kind.OPEN

    @property
    def is_cohort(self) -> bool:
        return self.kind == Feed.Kind.COHORT

    @property
    def timeline_paused(self) -> bool:
        return self.timeline_paused_at is not None


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


class Persona(models.Model):
    """An author a trainer voices (@MayoClinic, @NewsDesk): scoped to one feed, or global when feed is empty."""

    feed = models.ForeignKey(
        Feed, on_delete=models.CASCADE, null=True, blank=True, related_name="personas", verbose_name=_("feed")
    )
    name = models.CharField(_("name"), max_length=50)
    handle = models.CharField(_("handle"), max_length=15, validators=[handle_validator])
    bio = models.CharField(_("bio"), max_length=160, blank=True)
    avatar_initials = models.CharField(_("avatar initials"), max_length=3, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("handle"), name="persona_unique_handle_ci")]

    def __str__(self) -> str:
        return f"{self.name} (@{self.handle})"

    @property
    def initials(self) -> str:
        return self.avatar_initials or self.name[:1].upper()

    @property
    def is_organisation(self) -> bool:
        """The organisation's own account: the persona whose handle is ``settings.ORG_HANDLE``."""
        return self.handle.lower() == settings.ORG_HANDLE.lower()


class PostQuerySet(models.QuerySet["Post"]):
    def live(self) -> PostQuerySet:
        return self.filter(deleted_at__isnull=True)

    def in_feeds(self, feed_ids: Iterable[int]) -> PostQuerySet:
        return self.filter(feed_id__in=feed_ids)

    def seen_by(self, user: User) -> PostQuerySet:
        """Not deleted, and not hidden by a trainer (unless it is the viewer's own), and no one else's script."""
        return self.live().filter(
            models.Q(hidden_at__isnull=True) | models.Q(author=user),
            models.Q(only_for__isnull=True) | models.Q(only_for=user),
        )

    def newest_first(self) -> PostQuerySet:
        return self.order_by("-created_at", "-id")


class Post(models.Model):
    """A post, reply, retweet (text empty, retweet_of set) or quote, by a person or a persona."""

    # Attached by practice.cards to a page of cards, in one query: lower-case handle -> profile URL.
    mention_urls: dict[str, str]
    # Attached by practice.selectors to a timeline's retweet card: how many more of the timeline's people
    # retweeted the same post ("Grace and 6 others retweeted").
    retweet_others: int

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="practice_posts"
    )
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, null=True, blank=True, related_name="posts")
    # Who pressed the button for a persona post (a trainer); for the record, never shown to learners.
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies")
    retweet_of = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="retweets")
    quote_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes")
    # A self-paced script posts into the feed for one learner only.
    only_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason"), max_length=280, blank=True)
    # Denormalised so a timeline row needs no COUNT per post; changed with F() by services.
    reply_count = models.PositiveIntegerField(default=0)
    retweet_count = models.PositiveIntegerField(default=0)
    quote_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(author__isnull=False, persona__isnull=True)
                    | models.Q(author__isnull=True, persona__isnull=False)
                ),
                name="post_author_xor_persona",
            ),
            models.UniqueConstraint(
                fields=["author", "retweet_of"],
                condition=models.Q(retweet_of__isnull=False, deleted_at__isnull=True, author__isnull=False),
                name="post_one_retweet_per_person",
            ),
            models.UniqueConstraint(
                fields=["persona", "retweet_of"],
                condition=models.Q(retweet_of__isnull=False, deleted_at__isnull=True, persona__isnull=False),
                name="post_one_retweet_per_persona",
            ),
        ]
        indexes = [
            # Home timeline: posts of the people I follow, newest first (one index range per author).
            models.Index(fields=["author", "-created_at", "-id"], name="post_author_recent"),
            models.Index(fields=["persona", "-created_at", "-id"], name="post_persona_recent"),
            # Feed timeline, search and the poll for new posts.
            models.Index(fields=["feed", "-created_at", "-id"], name="post_feed_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.text[:40]}"

    @property
    def by(self) -> User | Persona:
        """The person or persona shown as the author."""
        return self.author if self.author_id else self.persona  # type: ignore[return-value]

    @property
    def is_retweet(self) -> bool:
        return self.retweet_of_id is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Like(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_likes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="like_once")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"


class Follow(models.Model):
    """A person follows a person or a persona."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, null=True, blank=True, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, persona__isnull=True)
                    | models.Q(user__isnull=True, persona__isnull=False)
                ),
                name="follow_user_xor_persona",
            ),
            models.CheckConstraint(condition=~models.Q(follower=models.F("user")), name="follow_not_self"),
            models.UniqueConstraint(
                fields=["follower", "user"], condition=models.Q(user__isnull=False), name="follow_user_once"
            ),
            models.UniqueConstraint(
                fields=["follower", "persona"], condition=models.Q(persona__isnull=False), name="follow_persona_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.user_id or self.persona_id}"


class Mention(models.Model):
    """An @handle in a post, resolved at write time to the person or persona it names (if any)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    handle = models.CharField(max_length=20)  # lower case
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="practice_mentions"
    )
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "handle"], name="mention_once_per_post")]
        indexes = [models.Index(fields=["handle"])]

    def __str__(self) -> str:
        return f"@{self.handle} in {self.post_id}"


class Hashtag(models.Model):
    """A #tag in a post, lower case, for the hashtag page and search."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="hashtags")
    tag = models.CharField(max_length=140)
    # The post's own time, copied (a post's time never changes): the hashtag page walks the index
    # (tag, created_at, post) newest first and stops at a page, instead of sorting every post with the tag.
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "tag"], name="hashtag_once_per_post")]
        indexes = [models.Index(fields=["tag", "-created_at", "-post"], name="hashtag_tag_recent")]

    def __str__(self) -> str:
        return f"#{self.tag} in {self.post_id}"


class ScriptedPost(models.Model):
    """A persona post the scenario timeline publishes at an offset, once (live) or once per learner (self-paced)."""

    class Anchor(models.TextChoices):
        SESSION_START = "session_start", _("From the session start (live)")
        FIRST_VISIT = "first_visit", _("From each learner's first visit (self-paced)")

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="scripted_posts")
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="scripted_posts")
    text = models.TextField(_("text"))
    reply_to_scripted = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="scripted_replies"
    )
    reply_to_post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    offset = models.DurationField(_("offset"), default=timedelta(0))
    anchor = models.CharField(max_length=20, choices=Anchor.choices, default=Anchor.SESSION_START)
    order = models.PositiveIntegerField(default=0)
    # Live items only; self-paced ones are recorded per learner in ScriptedDelivery.
    published_at = models.DateTimeField(null=True, blank=True)
    published_post = models.OneToOneField(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["offset", "order", "id"]
        indexes = [models.Index(fields=["feed", "published_at"])]

    def __str__(self) -> str:
        return f"+{self.offset} {self.persona.handle}: {self.text[:30]}"


class ScriptedDelivery(models.Model):
    """One self-paced scripted post published for one learner: the row is the exactly-once claim."""

    scripted = models.ForeignKey(ScriptedPost, on_delete=models.CASCADE, related_name="deliveries")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.OneToOneField(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scripted", "learner"], name="scripted_delivery_once")]

    def __str__(self) -> str:
        return f"{self.scripted_id} for {self.learner_id}"


class FeedNotification(models.Model):
    """In-app notice: someone mentioned, replied to, retweeted, quoted or liked your post, or followed you."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("mentioned you")
        REPLY = "reply", _("replied to your post")
        RETWEET = "retweet", _("retweeted your post")
        QUOTE = "quote", _("quoted your post")
        LIKE = "like", _("liked your post")
        FOLLOW = "follow", _("followed you")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor_persona = models.ForeignKey(Persona, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recent"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"

    @property
    def by(self) -> User | Persona | None:
        return self.actor if self.actor_id else self.actor_persona
