"""The notification services, by sub-domain; this package re-exports the public API.

- ``ledger``: ``notify`` (one notice or many, claimed once each under a unique key) and ``Notice``.
- ``rendering``: a notice's e-mail and in-app line, shared across a batch where the event is the same.
- ``mime``: a stored delivery as an e-mail message.
- ``sending``: sending what is claimed, retries, and the sweep's list of what is due.
- ``preferences``: channels and quiet hours; ``unsubscribing``: one-click unsubscribe tokens.
- ``digest``: the daily feed digest; ``inbox``: marking in-app notices read.
"""

from notifications.errors import BadToken
from notifications.services.digest import digest_hour, digest_recipient_ids, send_digest
from notifications.services.inbox import mark_read
from notifications.services.ledger import Notice, claim, notify, shape
from notifications.services.mime import QUICK_FOLDING, Attachment, Message, build_message
from notifications.services.preferences import (
    channel_for,
    channels_for,
    preferences_of,
    quiet_end,
    quiet_ends,
    set_channel,
    set_quiet_hours,
)
from notifications.services.rendering import Rendered, render
from notifications.services.sending import (
    MAX_ATTEMPTS,
    RETRY_DELAY,
    Status,
    claim_lease,
    deliver,
    due_delivery_ids,
    late_after,
    retry,
    send_claimed,
)
from notifications.services.unsubscribing import (
    read_unsubscribe_token,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_url,
)

__all__ = [
    "MAX_ATTEMPTS",
    "QUICK_FOLDING",
    "RETRY_DELAY",
    "Attachment",
    "BadToken",
    "Message",
    "Notice",
    "Rendered",
    "Status",
    "build_message",
    "channel_for",
    "channels_for",
    "claim",
    "claim_lease",
    "deliver",
    "digest_hour",
    "digest_recipient_ids",
    "due_delivery_ids",
    "late_after",
    "mark_read",
    "notify",
    "preferences_of",
    "quiet_end",
    "quiet_ends",
    "read_unsubscribe_token",
    "render",
    "retry",
    "send_claimed",
    "send_digest",
    "set_channel",
    "set_quiet_hours",
    "shape",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_url",
]
