"""The base of the platform's own rules that can say no (privacy: export and anonymisation)."""

from __future__ import annotations

from core.errors import DomainError


class TweetcampError(DomainError):
    """The base of every platform rule broken."""

    code = "tweetcamp"
