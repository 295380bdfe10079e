"""The practice feed's part of the demo camp: two personas, a scripted timeline for the demo
session's cohort feed, a lively feed (posts, replies, a retweet, a quote, likes, follows), and the
organisation's own account posting on the open feed.

Idempotent: a second run finds what the first made and adds nothing twice.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from practice import services
from practice.errors import AlreadyRetweeted, NotAMember
from practice.models import Feed, Persona, Post, ScriptedPost

PERSONAS = [
    # handle, name, bio, initials, cohort-only?
    ("NewsDeskDaily", "News Desk Daily", "Local news, fast. DMs open for tips.", "ND", False),
    ("WorriedParent", "Worried Parent", "Mum of two. Asking the questions other parents are thinking.", "WP", True),
]

# offset in minutes from the session start, persona handle, text, index of the scripted post it answers
SCRIPT = [
    (
        0,
        "NewsDeskDaily",
        "Reports of long waits at the emergency department tonight. Are you there? Tell us #ERwait",
        None,
    ),
    (
        5,
        "WorriedParent",
        "Been in the ER waiting room 3 hours with my son. Does anyone from the hospital read this?",
        None,
    ),
    (10, "NewsDeskDaily", "Can any staff confirm what's causing the delays? #ERwait", 0),
    (
        15,
        "WorriedParent",
        "A nurse just told me the name of the kid in the next bay and why he's here. Is that normal??",
        1,
    ),
    (25, "NewsDeskDaily", "Hospital spokespeople: will you comment on the waits? We'd like to hear from you.", None),
]

# author key, text, minutes ago, feed ("cohort"/"open"), reply-to index in this list
LIVELY = [
    (
        "trainer",
        "Welcome to the practice feed! Nothing here leaves the sandbox. Say hello and use #TweetCamp3",
        90,
        "cohort",
        None,
    ),
    (
        "learner0",
        "Hello everyone! Excited to practise without worrying about hitting the real internet. #TweetCamp3",
        80,
        "cohort",
        None,
    ),
    (
        "trainer",
        "Tip: before you post about work, ask: would I say this in the lift with a patient's family?",
        70,
        "cohort",
        None,
    ),
    ("learner0", "Good rule. I'd add: no photos on the ward, ever.", 65, "cohort", 2),
    (
        "trainer",
        "Flu vaccine clinics open Monday in the main atrium. Details: example.org/flu #FluSeason",
        240,
        "open",
        None,
    ),
    ("learner0", "Proud of our night shift this week. Thank you all! #NursesWeek", 200, "open", None),
]


# What the organisation's own account has posted on the open feed: text, minutes ago.
ORGANISATION_POSTS = [
    (
        "Staff flu vaccine clinics open Monday, 8am to 6pm, in the main atrium. No appointment needed. #FluSeason",
        300,
    ),
    ("A warm welcome to the 42 graduate nurses joining our wards this week. We're glad you're here! #NursesWeek", 180),
    ("From 1 December, visiting hours on adult wards are 11am to 8pm. Details: example.org/visiting", 45),
]


def _ensure_organisation_posts(*, trainer: User, feed: Feed) -> list[Post]:
    """The organisation's account and its posts (voiced by the demo trainer, as a communications team would)."""
    organisation = services.ensure_organisation()
    if organisation is None:
        return []
    posts = []
    for text, minutes_ago in ORGANISATION_POSTS:
        post = Post.objects.filter(persona=organisation, feed=feed, text=text, deleted_at__isnull=True).first()
        if post is None:
            post = services.post_as_persona(user=trainer, persona=organisation, feed=feed, text=text, check_limit=False)
            Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
        posts.append(post)
    return posts


def _ensure_persona(*, handle: str, name: str, bio: str, initials: str, feed: Feed | None, trainer: User) -> Persona:
    persona = Persona.objects.filter(handle__iexact=handle).first()
    if persona is None:
        persona = services.create_persona(
            user=trainer, name=name, handle=handle, bio=bio, avatar_initials=initials, feed=feed
        )
    return persona


def _ensure_post(*, author: User, feed: Feed, text: str, minutes_ago: int, reply_to: Post | None = None) -> Post:
    existing = Post.objects.filter(author=author, feed=feed, text=text, deleted_at__isnull=True).first()
    if existing:
        return existing
    post = services.create_post(user=author, feed=feed, text=text, reply_to=reply_to)
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return post


@transaction.atomic
def load(*, cohort_feed: Feed, trainer: User, learners: Sequence[User]) -> dict[str, object]:
    """Personas, the scripted timeline of ``cohort_feed`` and a lively cohort and open feed.

    ``trainer`` must be a trainer member of ``cohort_feed`` (add_member with role trainer) and have the
    Trainer role; ``learners`` (at least one) should be members. Returns what it made, by name.
    """
    open_feed = services.open_feed()
    services.add_member(feed=cohort_feed, user=trainer, role="trainer")
    personas = {
        handle: _ensure_persona(
            handle=handle, name=name, bio=bio, initials=initials, feed=cohort_feed if scoped else None, trainer=trainer
        )
        for handle, name, bio, initials, scoped in PERSONAS
    }

    if not ScriptedPost.objects.filter(feed=cohort_feed).exists():
        made: list[ScriptedPost] = []
        for order, (minutes, handle, text, parent) in enumerate(SCRIPT):
            made.append(
                ScriptedPost.objects.create(
                    feed=cohort_feed,
                    persona=personas[handle],
                    text=text,
                    offset=timedelta(minutes=minutes),
                    order=order,
                    reply_to_scripted=made[parent] if parent is not None else None,
                )
            )

    people = {"trainer": trainer, **{f"learner{i}": person for i, person in enumerate(learners)}}
    feeds = {"cohort": cohort_feed, "open": open_feed}
    posts: list[Post] = []
    for key, text, minutes_ago, feed_key, reply_index in LIVELY:
        author = people.get(key, trainer)
        reply_to = posts[reply_index] if reply_index is not None else None
        posts.append(
            _ensure_post(author=author, feed=feeds[feed_key], text=text, minutes_ago=minutes_ago, reply_to=reply_to)
        )

    # An unscheduled persona post (as a trainer fires from the console), likes, a retweet, a quote, follows.
    newsdesk = personas["NewsDeskDaily"]
    if not Post.objects.filter(persona=newsdesk, feed=open_feed).exists():
        services.post_as_persona(
            user=trainer, persona=newsdesk, feed=open_feed, text="Is it true the hospital is hiring 200 nurses? #jobs"
        )
    organisation_posts = _ensure_organisation_posts(trainer=trainer, feed=open_feed)
    accounts: list[User | Persona] = [personas["WorriedParent"], newsdesk]
    if organisation_posts:
        accounts.append(organisation_posts[0].by)
    for person in [trainer, *learners]:
        targets: list[User | Persona] = [*(p for p in people.values() if p != person)]
        for target in [*targets, *accounts]:
            services.follow(user=person, target=target)
    for person in learners:
        # A learner who is not (yet) in the cohort just skips the cohort post.
        with contextlib.suppress(NotAMember):
            services.like(user=person, post=posts[0])
        services.like(user=person, post=posts[4])
        with contextlib.suppress(AlreadyRetweeted):
            services.retweet(user=person, post=posts[4])
        for post in organisation_posts[1:2]:  # the welcome: liked and retweeted by the cohort
            services.like(user=person, post=post)
            with contextlib.suppress(AlreadyRetweeted):
                services.retweet(user=person, post=post)
    services.like(user=trainer, post=posts[1])
    if learners and not Post.objects.filter(author=learners[0], quote_of=posts[2]).exists():
        services.quote(user=learners[0], post=posts[2], text=f"Saving this one, @{trainer.handle}. #TweetCamp3")
    return {"personas": list(personas.values()), "posts": posts, "organisation_posts": organisation_posts}
