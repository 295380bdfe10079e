"""Every rule kind a rubric may use: its label, its check, its params and what it looks at."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from practice.rubric.activity_rules import check_quotes_persona, check_replies_to_mentioners, check_retweets_persona
from practice.rubric.model import Context, Params
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
from practice.rubric.profile_rules import check_profile_disclaimer, check_profile_link, check_profile_maintainer

# Each check returns (passed, detail). It may assume ctx.post is set unless the
# kind is listed in ACTIVITY_KINDS or PROFILE_KINDS.

Check = Callable[[Params, Context], tuple[bool, str]]


@dataclass(frozen=True)
class Kind:
    label: str
    check: Check
    params: tuple[str, ...] = ()
    scope: str = "post"  # "post", "profile" or "activity"


KINDS: dict[str, Kind] = {
    "mentions_handle": Kind("Mentions a given handle (or 'trainer')", check_mentions_handle, ("handle",)),
    "mentions_at_least": Kind("Mentions at least N people", check_mentions_at_least, ("count",)),
    "uses_hashtag": Kind("Uses a given hashtag (or 'session')", check_uses_hashtag, ("hashtag",)),
    "is_reply_to": Kind("Is a reply to a given post", check_is_reply_to, ("post_id",)),
    "is_retweet_of": Kind("Is a retweet of a given post", check_is_retweet_of, ("post_id",)),
    "is_quote_of": Kind("Quotes a given post with own words", check_is_quote_of, ("post_id", "min_words")),
    "includes_link": Kind("Includes a link (optionally to a domain)", check_includes_link, ("domain",)),
    "length_between": Kind("Length within bounds (Twitter's count)", check_length_between, ("min", "max")),
    "contains": Kind("Contains words or phrases", check_contains, ("phrases", "mode")),
    "not_contains": Kind("Does not contain words or phrases", check_not_contains, ("phrases",)),
    "not_shouting": Kind("Not shouting (mostly capitals)", check_not_shouting, ("max_percent",)),
    "max_hashtags": Kind("At most N hashtags", check_max_hashtags, ("count",)),
    "policy_no_phi": Kind("Policy: no protected health information", check_no_phi),
    "policy_discloses_employer": Kind("Policy: discloses the employer", check_discloses_employer),
    "policy_disclaimer": Kind("Policy: 'views are my own' disclaimer", check_disclaimer),
    "profile_maintainer": Kind("Profile: says who maintains the account", check_profile_maintainer, scope="profile"),
    "profile_disclaimer": Kind("Profile: carries a disclaimer", check_profile_disclaimer, scope="profile"),
    "profile_link": Kind("Profile: links to a web page", check_profile_link, scope="profile"),
    "replies_to_mentioners": Kind(
        "Replies to N people who mention you", check_replies_to_mentioners, ("count",), scope="activity"
    ),
    "retweets_persona": Kind("Retweets N scenario posts", check_retweets_persona, ("count",), scope="activity"),
    "quotes_persona": Kind(
        "Quotes N scenario posts with own words", check_quotes_persona, ("count", "min_words"), scope="activity"
    ),
}
