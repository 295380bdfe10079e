"""The practice feed: how people post, interact and answer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from accounts.models import User
from practice.models import Hashtag, Mention, Post

LINK_Q = Q(text__icontains="http://") | Q(text__icontains="https://") | Q(text__icontains="www.")


@dataclass
class FeedStats:
    posts: int = 0
    interactions: int = 0  # posts with an @mention
    replies: int = 0
    retweets: int = 0
    quotes: int = 0
    hashtags: int = 0
    links: int = 0
    mentions_received: int = 0
    mentions_answered: int = 0  # posts that mentioned the learner and that they replied to

    def share(self, name: str) -> int | None:
        return round(100 * getattr(self, name) / self.posts) if self.posts else None

    @property
    def reciprocity(self) -> int | None:
        return round(100 * self.mentions_answered / self.mentions_received) if self.mentions_received else None

    def add(self, other: FeedStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def shares(self) -> list[tuple[str, int, int | None]]:
        return [
            (label, getattr(self, name), self.share(name))
            for name, label in (
                ("interactions", "@ interactions"),
                ("replies", "replies"),
                ("retweets", "retweets"),
                ("quotes", "quotes"),
                ("hashtags", "hashtags"),
                ("links", "links"),
            )
        ]


def feed_stats(*, people: QuerySet[User], feed_ids: list[int] | None = None) -> dict[int, FeedStats]:
    """Per person: posts and the share that are @ interactions, replies, retweets, quotes, with hashtags
    or links; and reciprocity, the mentions of them they replied to. Two queries."""
    posts = Post.objects.live().filter(author__in=people)
    mentions = Mention.objects.filter(user__in=people, post__deleted_at__isnull=True).exclude(
        post__author_id=F("user_id")
    )
    if feed_ids is not None:
        posts = posts.filter(feed_id__in=feed_ids)
        mentions = mentions.filter(post__feed_id__in=feed_ids)
    stats: dict[int, FeedStats] = {}
    rows = (
        posts.values("author_id")
        .annotate(
            n=Count("pk"),
            interactions=Count("pk", filter=Q(pk__in=Mention.objects.values("post_id"))),
            n_replies=Count("pk", filter=Q(reply_to__isnull=False)),
            n_retweets=Count("pk", filter=Q(retweet_of__isnull=False)),
            n_quotes=Count("pk", filter=Q(quote_of__isnull=False)),
            n_hashtags=Count("pk", filter=Q(pk__in=Hashtag.objects.values("post_id"))),
            links=Count("pk", filter=LINK_Q),
        )
        .order_by()
    )
    for r in rows:
        stats[r["author_id"]] = FeedStats(
            posts=r["n"],
            interactions=r["interactions"],
            replies=r["n_replies"],
            retweets=r["n_retweets"],
            quotes=r["n_quotes"],
            hashtags=r["n_hashtags"],
            links=r["links"],
        )
    answered = Post.objects.live().filter(reply_to=OuterRef("post_id"), author_id=OuterRef("user_id"))
    received = (
        mentions.annotate(was_answered=Exists(answered))
        .values("user_id")
        .annotate(
            received=Count("post_id", distinct=True),
            answered=Count("post_id", distinct=True, filter=Q(was_answered=True)),
        )
        .order_by()
    )
    for r in received:
        s = stats.setdefault(r["user_id"], FeedStats())
        s.mentions_received, s.mentions_answered = r["received"], r["answered"]
    return stats
