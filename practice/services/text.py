"""Preparing a post's text: normalise, refuse what cannot be stored, count like Twitter."""

from __future__ import annotations

import re

from practice import tweettext
from practice.errors import EmptyPost, InvalidCharacters, PostTooLong

MAX_WEIGHTED_LENGTH = 280
# Far past any valid post: stop before the counter spends time on a pasted novel.
MAX_INPUT_CHARS = 20_000
# C0 and C1 control characters other than tab and newline. NUL cannot be stored by PostgreSQL
# and the rest are invisible tricks; RTL overrides and zero-width characters are allowed (people
# use them in real languages) and rendered isolated, so they cannot reorder the page around them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """Browsers send CRLF; Twitter counts and stores LF."""
    return tweettext.normalize_newlines(text).strip()


def prepare(text: str, *, allow_empty: bool = False) -> str:
    """The text to store, or a named error saying why it cannot be posted."""
    if len(text) > MAX_INPUT_CHARS:
        raise PostTooLong(over=len(text) - MAX_WEIGHTED_LENGTH)
    text = normalise(text)
    if _CONTROL.search(text):
        raise InvalidCharacters()
    if not text:
        if allow_empty:
            return text
        raise EmptyPost()
    result = tweettext.parse_post(text)
    if result.weighted_length > MAX_WEIGHTED_LENGTH:
        raise PostTooLong(over=result.weighted_length - MAX_WEIGHTED_LENGTH)
    if not result.valid:
        raise InvalidCharacters()
    return text


def count(text: str) -> tuple[int, bool]:
    """(characters left, valid) for the live counter, as the server will judge the post."""
    if len(text) > MAX_INPUT_CHARS:
        return MAX_WEIGHTED_LENGTH - len(text), False
    text = normalise(text)
    if not text:
        return MAX_WEIGHTED_LENGTH, False
    result = tweettext.parse_post(text)
    valid = bool(result.valid) and not _CONTROL.search(text)
    return MAX_WEIGHTED_LENGTH - result.weighted_length, valid
