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

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import regex

from practice import policy, tweettext

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


@dataclass(frozen=True)
class GradeResult:
    results: tuple[RuleResult, ...]
    score: int  # 0-100, weighted share of rules passed

    def passed(self, pass_mark: int) -> bool:
        return self.score >= pass_mark


class RubricError(ValueError):
    """A rule spec is malformed; the message says which and why."""


# --- Helpers ------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Café' and 'cafe' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _handle(value: str) -> str:
    return fold(value.strip().lstrip("@"))


def _tag(value: str) -> str:
    return fold(value.strip().lstrip("#＃"))


def contains_phrase(text: str, phrase: str) -> bool:
    """Whole-word, case- and accent-insensitive match of a word or phrase."""
    words = fold(phrase).split()
    if not words:
        return False
    pattern = r"(?<![\p{L}\p{N}_])" + r"\s+".join(regex.escape(w) for w in words) + r"(?![\p{L}\p{N}_])"
    return regex.search(pattern, fold(text)) is not None


def _own_words(post: PostView) -> list[str]:
    """The words a person wrote themselves: without mentions, hashtags and links."""
    text = post.text
    for entity in sorted(tweettext.extract_entities(text), key=lambda e: e.start, reverse=True):
        text = text[: entity.start] + " " + text[entity.end :]
    return regex.findall(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*", text)


def _domain_matches(url: str, domain: str) -> bool:
    if "://" not in url:
        url = "https://" + url
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    domain = domain.lower().strip().lstrip(".")
    return host == domain or host.endswith("." + domain)


def _int(params: Mapping, name: str, default: int | None = None, minimum: int = 0) -> int:
    value = params.get(name, default)
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise RubricError(f"'{name}' must be a whole number.") from None
    if number < minimum:
        raise RubricError(f"'{name}' must be at least {minimum}.")
    return number


def _phrases(params: Mapping) -> list[str]:
    raw = params.get("phrases", [])
    if isinstance(raw, str):
        raw = raw.split(",")
    phrases = [str(p).strip() for p in raw if str(p).strip()]
    if not phrases:
        raise RubricError("Give at least one word or phrase.")
    return phrases


# --- Rule kinds ----------------------------------------------------------------
# Each check returns (passed, detail). It may assume ctx.post is set unless the
# kind is listed in ACTIVITY_KINDS or PROFILE_KINDS.

Check = Callable[[Mapping, Context], tuple[bool, str]]


def _needs_post(ctx: Context) -> PostView:
    if ctx.post is None:
        raise RubricError("This rule grades a post, and there is none.")
    return ctx.post


def check_mentions_handle(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    wanted = str(params.get("handle", "")).strip()
    if not wanted:
        raise RubricError("Say which handle must be mentioned (or 'trainer').")
    targets = [_handle(h) for h in ctx.trainer_handles] if _handle(wanted) == "trainer" else [_handle(wanted)]
    mentioned = {_handle(m) for m in tweettext.extract_mentions(post.text)}
    # Replying to someone addresses them too, as on Twitter.
    if post.kind == "reply" and post.target_author_handle:
        mentioned.add(_handle(post.target_author_handle))
    hit = next((t for t in targets if t in mentioned), None)
    label = "your trainer" if _handle(wanted) == "trainer" else "@" + wanted.lstrip("@")
    if hit:
        return True, f"Mentions @{hit}."
    return False, f"Does not mention {label}."


def check_mentions_at_least(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    n = _int(params, "count", 1, minimum=1)
    people = {_handle(m) for m in tweettext.extract_mentions(post.text)}
    return len(people) >= n, f"Mentions {len(people)} different account(s); {n} needed."


def check_uses_hashtag(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    wanted = str(params.get("hashtag", "")).strip()
    if _tag(wanted) in ("", "session"):
        wanted = ctx.session_hashtag
    if not _tag(wanted):
        raise RubricError("Say which hashtag must be used (or 'session').")
    tags = {_tag(t) for t in tweettext.extract_hashtags(post.text)}
    shown = "#" + wanted.lstrip("#")
    return (_tag(wanted) in tags), (f"Uses {shown}." if _tag(wanted) in tags else f"Does not use {shown}.")


def _target_id(params: Mapping) -> int:
    return _int(params, "post_id", minimum=1)


def check_is_reply_to(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    target = _target_id(params)
    if post.reply_to_id == target:
        return True, "Replies to the right post."
    if post.reply_to_id:
        return False, "Replies to a different post."
    return False, "Is not a reply."


def check_is_retweet_of(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    target = _target_id(params)
    if post.retweet_of_id == target:
        return True, "Retweets the right post."
    if post.retweet_of_id:
        return False, "Retweets a different post."
    return False, "Is not a retweet."


def check_is_quote_of(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    target = _target_id(params)
    min_words = _int(params, "min_words", 3, minimum=1)
    if post.quote_of_id != target:
        return False, ("Quotes a different post." if post.quote_of_id else "Is not a quote.")
    words = _own_words(post)
    if len(words) < min_words:
        return False, f"Quotes the right post but adds {len(words)} word(s) of your own; {min_words} needed."
    return True, f"Quotes the right post with {len(words)} words of your own."


def check_includes_link(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    urls = tweettext.extract_urls(post.text)
    domain = str(params.get("domain", "")).strip()
    if not domain:
        return bool(urls), ("Includes a link." if urls else "Has no link.")
    if any(_domain_matches(u, domain) for u in urls):
        return True, f"Links to {domain}."
    return False, (f"Has a link, but not to {domain}." if urls else f"Has no link to {domain}.")


def check_length_between(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    low = _int(params, "min", 1, minimum=0)
    high = _int(params, "max", 280, minimum=1)
    if low > high:
        raise RubricError("'min' must not be above 'max'.")
    length = tweettext.parse_post(post.text).weighted_length
    return low <= length <= high, f"{length} characters (Twitter's count); {low}–{high} wanted."


def check_contains(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    phrases = _phrases(params)
    found = [p for p in phrases if contains_phrase(post.text, p)]
    mode = params.get("mode", "all")
    ok = len(found) == len(phrases) if mode == "all" else bool(found)
    missing = [p for p in phrases if p not in found]
    if ok:
        return True, "Contains " + ", ".join(f"“{p}”" for p in found) + "."
    return False, "Missing " + ", ".join(f"“{p}”" for p in missing) + "."


def check_not_contains(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    found = [p for p in _phrases(params) if contains_phrase(post.text, p)]
    if found:
        return False, "Contains " + ", ".join(f"“{p}”" for p in found) + "."
    return True, "Avoids the listed words."


def check_not_shouting(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    limit = _int(params, "max_percent", 60, minimum=1)
    text = post.text
    for entity in sorted(tweettext.extract_entities(text), key=lambda e: e.start, reverse=True):
        text = text[: entity.start] + text[entity.end :]
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    if len(letters) < 8:
        return True, "Too short to be shouting."
    share = round(100 * sum(c.isupper() for c in letters) / len(letters))
    return share <= limit, f"{share}% capital letters; at most {limit}% allowed."


def check_max_hashtags(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    n = _int(params, "count", 2, minimum=0)
    count = len(tweettext.extract_hashtags(post.text))
    return count <= n, f"{count} hashtag(s); at most {n}."


def _finding_detail(findings: Sequence[policy.Finding]) -> str:
    parts = [f"{f.title}: “{f.span}” — {f.explanation} Try: “{f.suggestion}”" for f in findings[:3]]
    more = f" (+{len(findings) - 3} more)" if len(findings) > 3 else ""
    return " ".join(parts) + more


def check_no_phi(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    findings = policy.find_phi(post.text, patient_names=ctx.patient_names)
    if findings:
        return False, _finding_detail(findings)
    return True, "No patient details found."


def check_discloses_employer(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    finding = policy.discloses_employer(
        post.text, employer_names=ctx.employer_names, employer_handles=ctx.employer_handles
    )
    if finding:
        return False, _finding_detail([finding])
    return True, "Discloses the employer where it speaks about them (or does not speak about them)."


def check_disclaimer(params: Mapping, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    if policy.has_disclaimer(post.text) or policy.has_disclaimer(ctx.profile.bio):
        return True, "Has a “views are my own” disclaimer (in the post or the profile)."
    return False, "No “views are my own” disclaimer in the post or the profile bio."


MAINTAINER_RE = regex.compile(
    r"\b(maintained|managed|run|curated|tweets?|posts?|written)\s+(by|from)\b|\bofficial account\b"
    r"|\b(i\s*'?\s*a?m|i am)\s+(a|an|the)\b|\b(nurse|doctor|physician|pharmacist|therapist|manager|educator|"
    r"specialist|technician|midwife|surgeon|resident|student)\b",
    regex.IGNORECASE,
)


def check_profile_maintainer(params: Mapping, ctx: Context) -> tuple[bool, str]:
    bio = ctx.profile.bio
    if MAINTAINER_RE.search(fold(bio)):
        return True, "The bio says who is behind the account."
    return False, "The bio does not say who maintains the account (for example “Tweets by Erin, ICU nurse”)."


def check_profile_disclaimer(params: Mapping, ctx: Context) -> tuple[bool, str]:
    if policy.has_disclaimer(ctx.profile.bio):
        return True, "The bio carries a disclaimer."
    return False, "The bio has no disclaimer such as “following doesn't mean endorsement”."


def check_profile_link(params: Mapping, ctx: Context) -> tuple[bool, str]:
    website = ctx.profile.website.strip()
    try:
        parts = urlsplit(website if "://" in website else "https://" + website)
        parts.hostname  # noqa: B018 - raises ValueError for a malformed host such as "[x"
    except ValueError:
        return False, "The profile's web page link is not a valid address."
    if website and parts.scheme in ("http", "https") and parts.hostname and "." in parts.hostname:
        return True, f"Links to {parts.hostname}."
    return False, "The profile has no web page link."


def check_replies_to_mentioners(params: Mapping, ctx: Context) -> tuple[bool, str]:
    n = _int(params, "count", 2, minimum=1)
    people = {
        _handle(ctx.mentions_of_learner[p.reply_to_id])
        for p in ctx.activity
        if p.reply_to_id is not None and p.reply_to_id in ctx.mentions_of_learner
    }
    return len(people) >= n, f"Replied to {len(people)} of the people who mentioned you; {n} needed."


def check_retweets_persona(params: Mapping, ctx: Context) -> tuple[bool, str]:
    n = _int(params, "count", 1, minimum=1)
    done = {p.retweet_of_id for p in ctx.activity if p.retweet_of_id and p.target_is_persona}
    return len(done) >= n, f"Retweeted {len(done)} scenario post(s); {n} needed."


def check_quotes_persona(params: Mapping, ctx: Context) -> tuple[bool, str]:
    n = _int(params, "count", 1, minimum=1)
    min_words = _int(params, "min_words", 3, minimum=1)
    done = {
        p.quote_of_id for p in ctx.activity if p.quote_of_id and p.target_is_persona and len(_own_words(p)) >= min_words
    }
    return len(done) >= n, f"Quoted {len(done)} scenario post(s) with your own words; {n} needed."


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


def validate(rules: Sequence[Mapping]) -> list[dict]:
    """Check rule specs without grading; returns them normalised or raises RubricError."""
    if not rules:
        raise RubricError("A rubric needs at least one rule.")
    normalised = []
    probe = Context(
        post=PostView(id=1, text="probe", author_handle="probe"),
        session_hashtag="#probe",
        trainer_handles=("probe",),
    )
    for number, rule in enumerate(rules, start=1):
        if not isinstance(rule, Mapping):
            raise RubricError(f"Rule {number}: a rule is a mapping with a kind and params.")
        kind = rule.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise RubricError(f"Rule {number}: unknown kind {kind!r}.")
        weight = _int(rule, "weight", 1, minimum=1)
        params = rule.get("params") or {}
        if not isinstance(params, Mapping):
            raise RubricError(f"Rule {number}: params must be a mapping of names to values.")
        params = dict(params)
        try:
            KINDS[kind].check(params, probe)
        except RubricError as exc:
            raise RubricError(f"Rule {number} ({KINDS[kind].label}): {exc}") from None
        normalised.append({"kind": kind, "weight": weight, "params": params, "message": str(rule.get("message", ""))})
    return normalised


def grade(rules: Sequence[Mapping], ctx: Context) -> GradeResult:
    """Per-rule results and a 0-100 score. Never raises for odd post text; raises RubricError for a bad rubric."""
    results = []
    for rule in validate(rules):
        kind = KINDS[rule["kind"]]
        passed, detail = kind.check(rule["params"], ctx)
        results.append(
            RuleResult(
                kind=rule["kind"],
                label=kind.label,
                passed=passed,
                weight=rule["weight"],
                feedback=rule["message"],
                detail=detail,
            )
        )
    total = sum(r.weight for r in results)
    earned = sum(r.weight for r in results if r.passed)
    return GradeResult(results=tuple(results), score=round(100 * earned / total) if total else 0)
