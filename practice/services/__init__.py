"""Writes and rules of the practice feed."""

from practice.services.feeds import (  # noqa: F401
    add_member,
    create_cohort_feed,
    is_member,
    open_feed,
    remove_member,
    update_cohort_feed,
)
