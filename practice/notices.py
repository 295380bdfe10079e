"""The notices the practice feed sends by e-mail: mentions and replies (the feed's own tab is their inbox).

Registered with ``notifications.kinds`` from ``PracticeConfig.ready()``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Channel, Kind

FEED_MENTION = "feed_mention"
FEED_REPLY = "feed_reply"

KINDS = [
    Kind(
        FEED_MENTION,
        _("Someone mentioned you in the practice feed"),
        default=Channel.IN_APP,
        digestible=True,
        inbox=False,
    ),
    Kind(
        FEED_REPLY,
        _("Someone replied to you in the practice feed"),
        default=Channel.IN_APP,
        digestible=True,
        inbox=False,
    ),
]
