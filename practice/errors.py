"""Named domain errors of the practice feed. Views turn each into a form message, 403 or 404."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PracticeError(Exception):
    """Base of every practice rule broken; ``message`` is safe to show to the person."""

    message = _("That cannot be done.")

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAMember(PracticeError):
    message = _("You are not a member of that feed.")


class NotAllowed(PracticeError):
    message = _("You may not do that.")


class PostUnavailable(PracticeError):
    message = _("That post is no longer available.")


class EmptyPost(PracticeError):
    message = _("Write something first.")


class PostTooLong(PracticeError):
    def __init__(self, over: int) -> None:
        self.over = over
        super().__init__(
            _("Your post is %(over)s characters too long. Posts are at most 280 characters.") % {"over": over}
        )


class InvalidCharacters(PracticeError):
    message = _("Your post contains characters that cannot be posted (such as control characters). Remove them.")


class RateLimited(PracticeError):
    def __init__(self, limit: int, window: int) -> None:
        minutes = max(1, window // 60)
        posts = ngettext("%(limit)s post", "%(limit)s posts", limit) % {"limit": limit}
        super().__init__(
            _("You can make %(posts)s every %(minutes)s minutes, and you have. Take a breath and try again shortly.")
            % {"posts": posts, "minutes": minutes}
        )


class AlreadyRetweeted(PracticeError):
    message = _("You have already retweeted that post.")


class CannotFollowSelf(PracticeError):
    message = _("You cannot follow yourself.")


class HandleTaken(PracticeError):
    message = _("That handle is taken.")


class NothingToPublish(PracticeError):
    message = _("Every scripted post has been published.")
