"""What the grader reads (a post, a profile, the context) and what it returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

# A rule's params as stored with a drill (JSON): names to any JSON value.
Params = Mapping[str, object]

# --- Inputs -----------------------------------------------------------------


@dataclass(frozen=True)
class PostView:
    """A post as the grader sees it. Ids are opaque; handles have no @."""

    id: int
    text: str
    author_handle: str
    reply_to_id: int | None = None
    retweet_of_id: int | None = None
    quote_of_id: int | None = None
    # The author of the post this one replies to / retweets / quotes.
    target_author_handle: str = ""
    target_is_persona: bool = False

    @property
    def kind(self) -> str:
        if self.retweet_of_id:
            return "retweet"
        if self.quote_of_id:
            return "quote"
        if self.reply_to_id:
            return "reply"
        return "post"


@dataclass(frozen=True)
class Profile:
    bio: str = ""
    location: str = ""
    website: str = ""


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at besides the post itself."""

    post: PostView | None = None
    profile: Profile = field(default_factory=Profile)
    session_hashtag: str = ""
    trainer_handles: Sequence[str] = ()
    # The learner's posts inside the drill window, oldest first (for interaction rules).
    activity: Sequence[PostView] = ()
    # Ids of posts by others that mention the learner, with their authors' handles.
    mentions_of_learner: Mapping[int, str] = field(default_factory=dict)
    patient_names: Sequence[str] = ()
    employer_names: Sequence[str] = ()
    employer_handles: Sequence[str] = ()


@dataclass(frozen=True)
class RuleResult:
    kind: str
    label: str
    passed: bool
    weight: int
    feedback: str  # the trainer's message for this rule
    detail: str  # what the grader saw
    feedback_es: str = ""  # the trainer's optional Spanish text of the message


@dataclass(frozen=True)
class GradeResult:
    results: tuple[RuleResult, ...]
    score: int  # 0-100, weighted share of rules passed

    def passed(self, pass_mark: int) -> bool:
        return self.score >= pass_mark


class Rule(TypedDict):
    """A rule spec once validated: what grade() runs."""

    kind: str
    weight: int
    params: dict[str, object]
    message: str
    message_es: NotRequired[str]  # the trainer's optional Spanish text of the message


class RubricError(ValueError):
    """A rule spec is malformed; the message says which and why."""
