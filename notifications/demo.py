"""The demo's notification settings: the learner gets feed mentions in a daily digest and replies at once.

Idempotent. The reminders themselves come from the demo session in ``courses.reminder_demo``.
"""

from __future__ import annotations

from accounts.models import User
from notifications import kinds, services
from notifications.kinds import Channel


def load(*, learner: User) -> None:
    services.set_channel(person=learner, kind=kinds.FEED_MENTION, channel=Channel.DIGEST)
    services.set_channel(person=learner, kind=kinds.FEED_REPLY, channel=Channel.BOTH)
