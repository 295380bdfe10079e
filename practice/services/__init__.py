"""Writes and rules of the practice feed. Import from here: ``from practice import services``."""

from practice.services.feeds import (
    add_member,
    create_cohort_feed,
    create_persona,
    is_member,
    open_feed,
    record_visit,
    remove_member,
    update_cohort_feed,
)
from practice.services.notify import mark_all_read, notify
from practice.services.organisation import ensure_organisation
from practice.services.posting import (
    check_rate,
    create_post,
    delete_post,
    hide_post,
    post_as_persona,
    quote,
    reply,
    retweet,
    undo_retweet,
    unhide_post,
)
from practice.services.scripts import (
    add_scripted_post,
    pause_timeline,
    publish_due_scripted_posts,
    publish_next_now,
    resume_timeline,
    upcoming,
)
from practice.services.social import follow, like, unfollow, unlike

__all__ = [
    "add_member",
    "add_scripted_post",
    "check_rate",
    "create_cohort_feed",
    "create_persona",
    "create_post",
    "delete_post",
    "ensure_organisation",
    "follow",
    "hide_post",
    "is_member",
    "like",
    "mark_all_read",
    "notify",
    "open_feed",
    "pause_timeline",
    "post_as_persona",
    "publish_due_scripted_posts",
    "publish_next_now",
    "quote",
    "record_visit",
    "remove_member",
    "reply",
    "resume_timeline",
    "retweet",
    "undo_retweet",
    "unfollow",
    "unhide_post",
    "unlike",
    "upcoming",
    "update_cohort_feed",
]
