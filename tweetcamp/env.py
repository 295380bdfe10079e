"""Small typed readers for environment variables.

Each one rejects junk with a message naming the variable, so a typo in a
deployment fails at start-up instead of quietly running with a default.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None) -> str:
    value = _raw(name)
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return default


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks between commas are dropped."""
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: dict[str, T], default: str) -> T:
    value = (_raw(name) or default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(sorted(choices))}; got {value!r}.")
    return choices[value]


def env_timezone(name: str, default: str) -> str:
    value = _raw(name) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} must be an IANA time zone such as Europe/London; got {value!r}.") from None
    return value


@overload
def env_url(name: str, default: str, *, schemes: tuple[str, ...] = ()) -> str: ...
@overload
def env_url(name: str, default: None = None, *, schemes: tuple[str, ...] = ()) -> str | None: ...
def env_url(name: str, default: str | None = None, *, schemes: tuple[str, ...] = ()) -> str | None:
    value = _raw(name) or default
    if value and schemes and not value.split(":", 1)[0].lower().startswith(schemes):
        raise ImproperlyConfigured(f"{name} must start with one of {', '.join(schemes)}; got {value!r}.")
    return value


def parsed(name: str, parser: Callable[[str], T], default: T) -> T:
    value = _raw(name)
    if not value:
        return default
    try:
        return parser(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid: {exc}") from None
