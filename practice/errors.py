"""Named domain errors of the practice feed. Views turn each into a form message, 403 or 404.

Each has a stable ``code`` (``practice.<rule>``) for logs and tests; ``message`` is for the person.
The rubric's ``RubricError`` stays a ``ValueError``: the rubric is pure Python and imports no Django.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.errors import DomainError


class PracticeError(DomainError):
    """Base of every practice rule broken; ``message`` is safe to show to the person."""

    code = "practice"


class NotAMember(PracticeError):
    code = "practice.not_a_member"
    message = _("You are not a member of that feed.")


class NotAllowed(PracticeError):
    code = "practice.not_allowed"
    message = _("You may not do that.")


class PostUnavailable(PracticeError):
    code = "practice.post_unavailable"
    message = _("That post is no longer available.")


class EmptyPost(PracticeError):
    code = "practice.empty_post"
    message = _("Write something first.")


class PostTooLong(PracticeError):
    code = "practice.post_too_long"

    def __init__(self, over: int) -> None:
        self.over = over
        super().__init__(
            ngettext(
                "Your post is %(over)s character too long. Posts are at most 280 characters.",
                "Your post is %(over)s characters too long. Posts are at most 280 characters.",
                over,
            )
            % {"over": over}
        )


class InvalidCharacters(PracticeError):
    code = "practice.invalid_characters"
    message = _("Your post contains characters that cannot be posted (such as control characters). Remove them.")


class RateLimited(PracticeError):
    code = "practice.rate_limited"

    def __init__(self, limit: int, window: int) -> None:
        minutes = max(1, window // 60)
        posts = ngettext("%(limit)s post", "%(limit)s posts", limit) % {"limit": limit}
        super().__init__(
            _("You can make %(posts)s every %(minutes)s minutes, and you have. Take a breath and try again shortly.")
            % {"posts": posts, "minutes": minutes}
        )


class AlreadyRetweeted(PracticeError):
    code = "practice.already_retweeted"
    message = _("You have already retweeted that post.")


class CannotFollowSelf(PracticeError):
    code = "practice.cannot_follow_self"
    message = _("You cannot follow yourself.")


class HandleTaken(PracticeError):
    code = "practice.handle_taken"
    message = _("That handle is taken.")


class NothingToPublish(PracticeError):
    code = "practice.nothing_to_publish"
    message = _("Every scripted post has been published.")
