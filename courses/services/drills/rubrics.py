"""Rubrics: a drill's rules (versioned, so old grades keep the version they used) and what the grader looks at.

Rule params may say "target" for the drill's target post in the learner's cohort feed; it is resolved per
session before grading. ``BatchContext`` reads everything a batch of submissions is graded against in a
few queries.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from courses.models import Drill, Session, Submission
from courses.services.drills.attempts import target_post
from practice import rubric
from practice.models import Mention, Post

# Rule params may say "target" for the drill's target post in the learner's cohort feed.
TARGET = "target"
# Activity rules look at the learner's posts from this long before the session starts.
ACTIVITY_WINDOW = timedelta(days=14)
# What a post's view needs: its author, and the author (person or persona) of the post it acts on.
POST_VIEW_RELATED = (
    "author",
    "reply_to__author",
    "reply_to__persona",
    "retweet_of__author",
    "retweet_of__persona",
    "quote_of__author",
    "quote_of__persona",
)


# One rule of a rubric as stored: {"kind": ..., "weight": ..., "params": {...}, "message": ...}, and
# "message_es" when the trainer gave the message in Spanish too.
Rule = dict[str, Any]


def patient_names() -> tuple[str, ...]:
    """Names the policy rules treat as patients'. The setting is read here, the one place that reads it."""
    return tuple(settings.SCENARIO_PATIENT_NAMES)


def validate_rubric(rules: list[Rule]) -> list[Rule]:
    """Normalise a rubric, accepting 'target' where a post id goes. Raises rubric.RubricError."""
    probe = [
        {**rule, "params": {k: (1 if v == TARGET else v) for k, v in (rule.get("params") or {}).items()}}
        for rule in rules
    ]
    rubric.validate(probe)
    return [
        {
            "kind": rule["kind"],
            "weight": int(rule.get("weight", 1)),
            "params": dict(rule.get("params") or {}),
            "message": str(rule.get("message", "")),
            # The Spanish text is kept only when the trainer wrote one (older rubrics stay as they were).
            **({"message_es": str(rule["message_es"])} if rule.get("message_es") else {}),
        }
        for rule in rules
    ]


@transaction.atomic
def update_rubric(*, drill: Drill, rules: list[Rule], actor: User) -> Drill:
    """Save a new rubric; it becomes a new version so old grades keep the version they used."""
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    drill.rubric = validate_rubric(rules)
    drill.rubric_version += 1
    drill.save(update_fields=["rubric", "rubric_version", "updated_at"])
    return drill


def handle_of(post: Post) -> str:
    """Who wrote the post: its persona's handle, else its author's ("" when the author is gone)."""
    if post.persona is not None:
        return post.persona.handle
    return post.author.handle if post.author is not None else ""


def post_view(post: Post) -> rubric.PostView:
    target = post.reply_to or post.retweet_of or post.quote_of
    target_author = ""
    if target is not None:
        target_author = handle_of(target)
    return rubric.PostView(
        id=post.pk,
        text=post.text,
        author_handle=post.author.handle if post.author is not None else "",
        reply_to_id=post.reply_to_id,
        retweet_of_id=post.retweet_of_id,
        quote_of_id=post.quote_of_id,
        target_author_handle=target_author,
        target_is_persona=bool(target is not None and target.persona_id),
    )


def resolve_rules(drill: Drill, target: Post | None) -> list[Rule]:
    """The drill's rubric with 'target' replaced by the target post's id."""
    return [
        {
            **rule,
            "params": {k: (target.pk if target and v == TARGET else v) for k, v in (rule.get("params") or {}).items()},
        }
        for rule in drill.rubric
    ]


class BatchContext:
    """What the grader looks at, for a whole batch in a few queries: posts, trainers, targets (one per drill
    and session), and, only for drills with activity rules, the learners' recent activity and mentions."""

    def __init__(self, batch: list[Submission]):
        post_ids = [s.post_id for s in batch if s.post_id]
        self.posts = Post.objects.select_related(*POST_VIEW_RELATED).in_bulk(post_ids) if post_ids else {}
        session_ids = {s.session_id for s in batch}
        self.trainers: dict[int, list[str]] = {pk: [] for pk in session_ids}
        through = Session.trainers.through.objects.filter(session_id__in=session_ids)
        for session_id, handle in through.order_by("user__display_name", "user_id").values_list(
            "session_id", "user__handle"
        ):
            self.trainers[session_id].append(handle)
        self.rules: dict[tuple[int, int], list[Rule]] = {}
        self.activity: dict[tuple[int, int], list[Post]] = {}
        self.mentions: dict[int, list[Mention]] = {}
        active = [s for s in batch if has_activity_rules(s.drill)]
        if active:
            self._load_activity(active)

    def _load_activity(self, active: list[Submission]) -> None:
        people = {s.user_id for s in active}
        feeds = {s.session.feed_id for s in active}
        since = min(s.session.starts_at for s in active) - ACTIVITY_WINDOW
        until = max(s.created_at for s in active)
        posts = (
            Post.objects.filter(author_id__in=people, feed_id__in=feeds, deleted_at__isnull=True)
            .filter(created_at__gte=since, created_at__lte=until)
            .select_related(*POST_VIEW_RELATED)
            .order_by("created_at", "pk")
        )
        for post in posts:
            if post.author_id is not None:  # always, given the filter: persona posts have no author
                self.activity.setdefault((post.author_id, post.feed_id), []).append(post)
        handles = {s.user.handle.lower() for s in active}
        mentions = (
            Mention.objects.filter(post__feed_id__in=feeds, post__deleted_at__isnull=True)
            .filter(Q(user_id__in=people) | Q(handle__in=handles))
            .select_related("post__persona", "post__author")
        )
        for mention in mentions:
            self.mentions.setdefault(mention.post.feed_id, []).append(mention)

    def _rules(self, submission: Submission) -> list[Rule]:
        """The drill's rubric with 'target' resolved in this session's feed (once per drill and session)."""
        key = (submission.drill_id, submission.session_id)
        if key not in self.rules:
            self.rules[key] = resolve_rules(
                submission.drill, target_post(drill=submission.drill, session=submission.session)
            )
        return self.rules[key]

    def for_submission(self, submission: Submission) -> tuple[list[Rule], rubric.Context]:
        session, person = submission.session, submission.user
        post = self.posts.get(submission.post_id) if submission.post_id else None
        activity: tuple[rubric.PostView, ...] = ()
        mentions_of_learner: dict[int, str] = {}
        if has_activity_rules(submission.drill):
            since = session.starts_at - ACTIVITY_WINDOW
            mine = self.activity.get((person.pk, session.feed_id), [])
            activity = tuple(
                post_view(p) for p in [p for p in mine if since <= p.created_at <= submission.created_at][:500]
            )
            handle = person.handle.lower()
            about_me = [
                m
                for m in self.mentions.get(session.feed_id, [])
                if m.user_id == person.pk or m.handle.lower() == handle
            ]
            mentions_of_learner = {m.post_id: handle_of(m.post) for m in about_me[:500]}
        context = rubric.Context(
            post=post_view(post) if post else None,
            profile=rubric.Profile(bio=person.bio, location=person.location, website=person.website),
            session_hashtag=session.hashtag,
            trainer_handles=tuple(self.trainers.get(session.pk, ())),
            activity=activity,
            mentions_of_learner=mentions_of_learner,
            patient_names=patient_names(),
            employer_names=(settings.ORG_NAME,),
            employer_handles=(settings.ORG_HANDLE,),
        )
        return self._rules(submission), context


def has_activity_rules(drill: Drill) -> bool:
    """Only rules of the rubric's 'activity' scope look at the learner's activity and mentions."""
    rules = drill.rubric if isinstance(drill.rubric, list) else []
    return any(
        isinstance(rule, dict)
        and isinstance(rule.get("kind"), str)
        and (kind := rubric.KINDS.get(rule["kind"])) is not None
        and kind.scope == "activity"
        for rule in rules
    )
