"""The kinds of notice people get, and the rules each kind follows.

A kind names one template set: ``templates/email/<kind>.subject.txt|.txt|.html``
for the e-mail and ``templates/notifications/inapp/<kind>.txt`` for the in-app
line. Each app declares the kinds it sends in its own ``notices`` module and registers
them from its ``AppConfig.ready()``; it passes their names to ``notifications.services.notify``.
This module knows only the kinds the notifications app sends itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Channel:
    EMAIL = "email"
    IN_APP = "in_app"
    BOTH = "both"
    DIGEST = "digest"  # in-app at once, e-mail in the daily digest
    OFF = "off"

    CHOICES: list[tuple[str, StrOrPromise]] = [
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
    label: StrOrPromise
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
    def choices(self) -> list[tuple[str, StrOrPromise]]:
        allowed = {Channel.EMAIL, Channel.IN_APP, Channel.BOTH, Channel.OFF}
        if self.digestible:
            allowed.add(Channel.DIGEST)
        return [(value, label) for value, label in Channel.CHOICES if value in allowed]


# The kinds this app sends itself.
FEED_DIGEST = "feed_digest"
SECURITY_NOTICE = "security_notice"

OWN_KINDS = [
    Kind(FEED_DIGEST, _("Daily digest of the practice feed"), default=Channel.EMAIL, configurable=False),
    Kind(SECURITY_NOTICE, _("Security notices about your account"), mandatory=True),
]

_registry: dict[str, Kind] = {}


def register(*specs: Kind) -> None:
    """Make kinds known (from the sending app's ``ready()``). Registering the same kind again is harmless."""
    for spec in specs:
        known = _registry.get(spec.name)
        if known is not None and known != spec:
            raise ValueError(f"Notification kind {spec.name!r} is registered twice, differently.")
        _registry[spec.name] = spec


def get(name: str) -> Kind:
    """The registered kind of that name; ValueError for a name no app registered."""
    try:
        return _registry[name]
    except KeyError:
        raise ValueError(f"Unknown notification kind {name!r}; register it from its app's ready().") from None


def is_registered(name: str) -> bool:
    return name in _registry


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order the apps registered them (the preferences page's order)."""
    return list(_registry.values())


def choices() -> list[tuple[str, str]]:
    """(name, label) of every registered kind: the ledger's and the filters' choices, read when asked."""
    return [(spec.name, str(spec.label)) for spec in _registry.values()]
