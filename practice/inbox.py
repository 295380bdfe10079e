"""The notifications tab's lines: likes, retweets and follows of one post on one day gathered on one line,
as X shows them ("Grace Okafor and 6 others liked your post"); mentions, replies and quotes one a line."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from core.zones import zone_named
from practice.models import FeedNotification, Persona

# Notices of these kinds about one post (or, for follows, about you) on one day are one line, as on X.
GROUPED_KINDS = frozenset({FeedNotification.Kind.LIKE, FeedNotification.Kind.RETWEET, FeedNotification.Kind.FOLLOW})


@dataclass
class NoticeGroup:
    """One line of the notifications tab: who (newest first), what, about which post, when, and unread."""

    first: FeedNotification
    others: list[FeedNotification] = field(default_factory=list)

    @property
    def actors(self) -> list[User | Persona]:
        seen: dict[tuple[str, int | None], User | Persona] = {}
        for note in [self.first, *self.others]:
            who = note.by
            if who is not None:
                seen.setdefault((type(who).__name__, who.pk), who)
        return list(seen.values())

    @property
    def others_count(self) -> int:
        return len(self.actors) - 1

    @property
    def unread(self) -> bool:
        return any(note.read_at is None for note in [self.first, *self.others])


def grouped_notices(items: list[FeedNotification], zone_name: str) -> list[NoticeGroup]:
    """The page's notices with likes, retweets and follows of one post (one day, in the viewer's zone)
    gathered on the line of the newest: "Grace and 6 others liked your post". One pass, no query."""
    zone = zone_named(zone_name)
    groups: list[NoticeGroup] = []
    index: dict[tuple[str, int | None, object], NoticeGroup] = {}
    for note in items:
        if note.kind not in GROUPED_KINDS:
            groups.append(NoticeGroup(note))
            continue
        key = (note.kind, note.post_id, note.created_at.astimezone(zone).date())
        if key in index:
            index[key].others.append(note)
        else:
            index[key] = NoticeGroup(note)
            groups.append(index[key])
    return groups
