"""Reading a rule's params: whole numbers, phrase lists, the post id a rule targets, the post it needs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import SupportsInt

from practice.rubric.model import Context, Params, PostView, RubricError


def _int(params: Params, name: str, default: int | None = None, minimum: int = 0) -> int:
    value = params.get(name, default)
    try:
        if not isinstance(value, str | bytes | SupportsInt):
            raise TypeError(name)
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        raise RubricError(f"'{name}' must be a whole number.") from None
    if number < minimum:
        raise RubricError(f"'{name}' must be at least {minimum}.")
    return number


def _phrases(params: Params) -> list[str]:
    raw = params.get("phrases", [])
    if isinstance(raw, str):
        raw = raw.split(",")
    if not isinstance(raw, Iterable):
        raise RubricError("Give at least one word or phrase.")
    phrases = [str(p).strip() for p in raw if str(p).strip()]
    if not phrases:
        raise RubricError("Give at least one word or phrase.")
    return phrases


def _needs_post(ctx: Context) -> PostView:
    if ctx.post is None:
        raise RubricError("This rule grades a post, and there is none.")
    return ctx.post


def _target_id(params: Params) -> int:
    return _int(params, "post_id", minimum=1)
