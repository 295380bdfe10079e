"""The demo's notification settings: the learner gets feed mentions in a daily digest and replies at once.

Idempotent. The reminders themselves come from the demo session in ``courses.reminder_demo``.
"""

from __future__ import annotations

from accounts.models import User
from notifications import services
from notifications.kinds import Channel

# The practice feed's kinds, by name: practice registers them and sits above this app.
DEMO_CHANNELS = {"feed_mention": Channel.DIGEST, "feed_reply": Channel.BOTH}


def load(*, learner: User) -> None:
    for kind, channel in DEMO_CHANNELS.items():
        services.set_channel(person=learner, kind=kind, channel=channel)
