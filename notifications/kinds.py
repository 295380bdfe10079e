"""The kinds of notice people get, and the rules each kind follows.

A kind names one template set: ``templates/email/<kind>.subject.txt|.txt|.html``
for the e-mail and ``templates/notifications/inapp/<kind>.txt`` for the in-app
line. Other apps pass these names to ``notifications.services.notify``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class Channel:
    EMAIL = "email"
    IN_APP = "in_app"
    BOTH = "both"
    DIGEST = "digest"  # in-app at once, e-mail in the daily digest
    OFF = "off"

    CHOICES = [
        (EMAIL, _("E-mail only")),
        (IN_APP, _("In the app only")),
        (BOTH, _("E-mail and in the app")),
        (DIGEST, _("In the app, and a daily e-mail digest")),
        (OFF, _("Off")),
    ]

    @staticmethod
    def wants_email(channel: str) -> bool:
        return channel in (Channel.EMAIL, Channel.BOTH)

    @staticmethod
    def wants_in_app(channel: str) -> bool:
        return channel in (Channel.IN_APP, Channel.BOTH, Channel.DIGEST)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    default: str = Channel.BOTH
    # Security and cancellation notices always go by e-mail and in the app.
    mandatory: bool = False
    # Feed notices may be collected into one daily e-mail instead.
    digestible: bool = False
    # Listed on the preferences page (the digest e-mail itself is not a choice).
    configurable: bool = True
    # False when the notice already has an inbox of its own (the practice feed's notifications tab),
    # so "in the app" means that tab and nothing is added to the general inbox.
    inbox: bool = True

    @property
    def choices(self) -> list[tuple[str, str]]:
        allowed = {Channel.EMAIL, Channel.IN_APP, Channel.BOTH, Channel.OFF}
        if self.digestible:
            allowed.add(Channel.DIGEST)
        return [(value, label) for value, label in Channel.CHOICES if value in allowed]


ENROLMENT_CONFIRMED = "enrolment_confirmed"
ENROLMENT_WAITLISTED = "enrolment_waitlisted"
ENROLMENT_PROMOTED = "enrolment_promoted"
ENROLMENT_CANCELLED = "enrolment_cancelled"
SESSION_CHANGED = "session_changed"
SESSION_CANCELLED = "session_cancelled"
SESSION_REMINDER = "session_reminder"
DRILL_GRADED = "drill_graded"
COURSE_DUE_SOON = "course_due_soon"
COURSE_OVERDUE = "course_overdue"
COURSE_OVERDUE_MANAGER = "course_overdue_manager"
FEED_MENTION = "feed_mention"
FEED_REPLY = "feed_reply"
FEED_DIGEST = "feed_digest"
SECURITY_NOTICE = "security_notice"

KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind(ENROLMENT_CONFIRMED, _("Your place in a session is confirmed")),
        Kind(ENROLMENT_WAITLISTED, _("You joined a waitlist")),
        Kind(ENROLMENT_PROMOTED, _("A seat opened up for you")),
        Kind(SESSION_CHANGED, _("A session you are in changed")),
        Kind(ENROLMENT_CANCELLED, _("Your place was cancelled or removed"), mandatory=True),
        Kind(SESSION_CANCELLED, _("A session you are in was cancelled"), mandatory=True),
        Kind(SESSION_REMINDER, _("Reminders before a session")),
        Kind(DRILL_GRADED, _("A drill was graded")),
        Kind(COURSE_DUE_SOON, _("A course is due soon")),
        Kind(COURSE_OVERDUE, _("A course is overdue")),
        Kind(COURSE_OVERDUE_MANAGER, _("Someone you manage is overdue with a course")),
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
        Kind(FEED_DIGEST, _("Daily digest of the practice feed"), default=Channel.EMAIL, configurable=False),
        Kind(SECURITY_NOTICE, _("Security notices about your account"), mandatory=True),
    ]
}


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"Unknown notification kind {name!r}; add it to notifications.kinds.KINDS.") from None


def all_kinds() -> list[Kind]:
    return list(KINDS.values())
