"""One-click unsubscribe: a signed token names one person and one kind of notice."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User
from notifications import kinds
from notifications.errors import BadToken
from notifications.kinds import Channel
from notifications.services.preferences import channel_for, set_channel

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(person: User, kind: str) -> str:
    return signing.dumps([person.pk, kind], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(person: User, kind: str) -> str:
    return str(settings.SITE_URL) + reverse("notifications:unsubscribe", args=[unsubscribe_token(person, kind)])


def unsubscribe_links(kind: str) -> Callable[[User], str]:
    """``unsubscribe_url`` for many people: the path is reversed once around a stand-in token and
    each person's token put in its place (a signed token's characters are never quoted in a path)."""
    mark = "tcmarktoken"
    whole = str(settings.SITE_URL) + reverse("notifications:unsubscribe", args=[mark])
    before, _, after = whole.partition(mark)
    return lambda person: before + unsubscribe_token(person, kind) + after


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    try:
        person_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        spec = kinds.get(kind)
        person = User.objects.get(pk=person_id)
    except (signing.BadSignature, ValueError, TypeError, User.DoesNotExist) as exc:
        raise BadToken from exc
    if spec.mandatory or not spec.configurable:
        raise BadToken
    return person, kind


def unsubscribe(*, token: str) -> tuple[User, str]:
    """Stop e-mails of one kind for the token's person; the notices stay in their inbox."""
    person, kind = read_unsubscribe_token(token)
    current = channel_for(person, kind)
    if current != Channel.OFF:
        set_channel(person=person, kind=kind, channel=Channel.OFF if current == Channel.EMAIL else Channel.IN_APP)
    return person, kind
