"""Grade a practice post (or a learner's activity) against a list of rule specs.

Pure: no Django, no database. The caller loads the post, its context and the
learner's profile into the small dataclasses below, and gets back one result
per rule with a human explanation and a score. It knows rule KINDS, not
drills: a drill is just a list of RuleSpec dicts stored with a version.

Every rule explains itself: the trainer's feedback message plus what the
grader actually saw ("found @MayoClinic", "no link to cdc.gov"), so a learner
knows exactly why a rule passed or failed.
"""

from __future__ import annotations

from practice.rubric.activity_rules import check_quotes_persona, check_replies_to_mentioners, check_retweets_persona
from practice.rubric.grading import grade, validate
from practice.rubric.kinds import KINDS, Check, Kind
from practice.rubric.model import Context, GradeResult, PostView, Profile, RubricError, RuleResult
from practice.rubric.policy_rules import check_disclaimer, check_discloses_employer, check_no_phi
from practice.rubric.post_rules import (
    check_contains,
    check_includes_link,
    check_is_quote_of,
    check_is_reply_to,
    check_is_retweet_of,
    check_length_between,
    check_max_hashtags,
    check_mentions_at_least,
    check_mentions_handle,
    check_not_contains,
    check_not_shouting,
    check_uses_hashtag,
)
from practice.rubric.profile_rules import (
    MAINTAINER_RE,
    check_profile_disclaimer,
    check_profile_link,
    check_profile_maintainer,
)
from practice.rubric.text import contains_phrase, fold

__all__ = [
    "KINDS",
    "MAINTAINER_RE",
    "Check",
    "Context",
    "GradeResult",
    "Kind",
    "PostView",
    "Profile",
    "RubricError",
    "RuleResult",
    "check_contains",
    "check_disclaimer",
    "check_discloses_employer",
    "check_includes_link",
    "check_is_quote_of",
    "check_is_reply_to",
    "check_is_retweet_of",
    "check_length_between",
    "check_max_hashtags",
    "check_mentions_at_least",
    "check_mentions_handle",
    "check_no_phi",
    "check_not_contains",
    "check_not_shouting",
    "check_profile_disclaimer",
    "check_profile_link",
    "check_profile_maintainer",
    "check_quotes_persona",
    "check_replies_to_mentioners",
    "check_retweets_persona",
    "check_uses_hashtag",
    "contains_phrase",
    "fold",
    "grade",
    "validate",
]
