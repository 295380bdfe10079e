"""Grader feedback and policy findings in the reader's language.

The policy checker and the rubric are pure Python and speak English; this layer translates what
they report at render time, keyed by their stable codes: a finding's rule ("phi.age") and a
result's kind ("uses_hashtag"). A grade's stored details are English sentences built from the
templates below, so a detail is read back against its kind's templates and rewritten in the
active language; one that matches none (an older wording) is shown as stored.
The trainer's own rubric messages are not translated here: they stay as written, or, for a
reader in Spanish, become the Spanish text the trainer gave for the rule (when there is one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from practice.policy import RULES, Finding

# --- Policy findings ----------------------------------------------------------------------------

POLICY_TEXT: dict[str, tuple[Promise, Promise]] = {
    "phi.patient_name": (
        _("Patient name"),
        _("A patient's name is a HIPAA identifier, so posting it discloses who was in our care."),
    ),
    "phi.dob": (
        _("Date of birth"),
        _("A birth date is a HIPAA identifier and, with almost any other detail, pinpoints one patient."),
    ),
    "phi.age": (
        _("Age over 89"),
        _("Every age over 89 is a HIPAA identifier: so few patients are that old that the age points at one of them."),
    ),
    "phi.date": (
        _("Date tied to a patient"),
        _("Admission, discharge, surgery or death dates are HIPAA identifiers when linked to a person."),
    ),
    "phi.mrn": (
        _("Record, account or ID number"),
        _(
            "Record, account, health plan, licence, device and vehicle numbers (and IP addresses) are HIPAA"
            " identifiers that point straight at a patient."
        ),
    ),
    "phi.ssn": (
        _("Social Security or national ID number"),
        _("A Social Security or national ID number is a HIPAA identifier and enables identity theft."),
    ),
    "phi.phone": (
        _("Phone number"),
        _("Phone numbers are HIPAA identifiers; only the hospital's official channels may share contact details."),
    ),
    "phi.email": (
        _("E-mail address"),
        _("E-mail addresses are HIPAA identifiers; only the hospital's official channels may share contact details."),
    ),
    "phi.address": (
        _("Address or hometown"),
        _("Street addresses and places smaller than a state are HIPAA identifiers when tied to a patient."),
    ),
    "phi.room": (
        _("Room or bed number"),
        _("A room or bed number lets anyone who knows the unit identify the patient in it."),
    ),
    "phi.indirect": (
        _("Indirect identifier"),
        _("A rare case or event tied to a unit or a day identifies the patient even without a name."),
    ),
    "policy.undisclosed_employer": (
        _("Employer not disclosed"),
        _("When you post about your employer the policy requires you to say that you work there."),
    ),
    "policy.no_disclaimer": (
        _("Missing disclaimer"),
        _("Posts on work topics must state that the views are your own and not your employer's."),
    ),
}


@dataclass(frozen=True)
class ShownFinding:
    """A finding as a person reads it: title and explanation in the active language."""

    rule: str
    title: str
    explanation: str
    span: str
    suggestion: str


def finding_text(rule: str, title: str, explanation: str) -> tuple[str, str]:
    """A rule's title and explanation in the active language; the given English when the rule is unknown."""
    text = POLICY_TEXT.get(rule)
    return (str(text[0]), str(text[1])) if text else (title, explanation)


def shown_finding(finding: Finding) -> ShownFinding:
    title, explanation = finding_text(finding.rule, finding.title, finding.explanation)
    return ShownFinding(finding.rule, title, explanation, finding.span, finding.suggestion)


# --- Rubric rule kinds ----------------------------------------------------------------------------

KIND_LABELS: dict[str, Promise] = {
    "mentions_handle": _("Mentions a given handle (or 'trainer')"),
    "mentions_at_least": _("Mentions at least N people"),
    "uses_hashtag": _("Uses a given hashtag (or 'session')"),
    "is_reply_to": _("Is a reply to a given post"),
    "is_retweet_of": _("Is a retweet of a given post"),
    "is_quote_of": _("Quotes a given post with own words"),
    "includes_link": _("Includes a link (optionally to a domain)"),
    "length_between": _("Length within bounds (Twitter's count)"),
    "contains": _("Contains words or phrases"),
    "not_contains": _("Does not contain words or phrases"),
    "not_shouting": _("Not shouting (mostly capitals)"),
    "max_hashtags": _("At most N hashtags"),
    "policy_no_phi": _("Policy: no protected health information"),
    "policy_discloses_employer": _("Policy: discloses the employer"),
    "policy_disclaimer": _("Policy: 'views are my own' disclaimer"),
    "profile_maintainer": _("Profile: says who maintains the account"),
    "profile_disclaimer": _("Profile: carries a disclaimer"),
    "profile_link": _("Profile: links to a web page"),
    "replies_to_mentioners": _("Replies to N people who mention you"),
    "retweets_persona": _("Retweets N scenario posts"),
    "quotes_persona": _("Quotes N scenario posts with own words"),
}

# Each kind's detail sentences as the grader writes them, {placeholders} for what it saw.
# The English text is the message id (marked here, translated when shown); the rubric's checks
# must keep writing exactly these, which tests/practice/test_feedback_es.py holds them to.
DETAILS: dict[str, tuple[str, ...]] = {
    "mentions_handle": (gettext_noop("Mentions @{handle}."), gettext_noop("Does not mention {handle}.")),
    "mentions_at_least": (gettext_noop("Mentions {count} different account(s); {needed} needed."),),
    "uses_hashtag": (gettext_noop("Uses {hashtag}."), gettext_noop("Does not use {hashtag}.")),
    "is_reply_to": (
        gettext_noop("Replies to the right post."),
        gettext_noop("Replies to a different post."),
        gettext_noop("Is not a reply."),
    ),
    "is_retweet_of": (
        gettext_noop("Retweets the right post."),
        gettext_noop("Retweets a different post."),
        gettext_noop("Is not a retweet."),
    ),
    "is_quote_of": (
        gettext_noop("Quotes a different post."),
        gettext_noop("Is not a quote."),
        gettext_noop("Quotes the right post but adds {count} word(s) of your own; {needed} needed."),
        gettext_noop("Quotes the right post with {count} words of your own."),
    ),
    "includes_link": (
        gettext_noop("Includes a link."),
        gettext_noop("Has no link."),
        gettext_noop("Links to {domain}."),
        gettext_noop("Has a link, but not to {domain}."),
        gettext_noop("Has no link to {domain}."),
    ),
    "length_between": (gettext_noop("{length} characters (Twitter's count); {low}–{high} wanted."),),
    "contains": (gettext_noop("Contains {phrases}."), gettext_noop("Missing {phrases}.")),
    "not_contains": (gettext_noop("Contains {phrases}."), gettext_noop("Avoids the listed words.")),
    "not_shouting": (
        gettext_noop("Too short to be shouting."),
        # xgettext:no-python-format
        gettext_noop("{share}% capital letters; at most {limit}% allowed."),
    ),
    "max_hashtags": (gettext_noop("{count} hashtag(s); at most {needed}."),),
    "policy_no_phi": (gettext_noop("No patient details found."),),
    "policy_discloses_employer": (
        gettext_noop("Discloses the employer where it speaks about them (or does not speak about them)."),
    ),
    "policy_disclaimer": (
        gettext_noop("Has a “views are my own” disclaimer (in the post or the profile)."),
        gettext_noop("No “views are my own” disclaimer in the post or the profile bio."),
    ),
    "profile_maintainer": (
        gettext_noop("The bio says who is behind the account."),
        gettext_noop("The bio does not say who maintains the account (for example “Tweets by Erin, ICU nurse”)."),
    ),
    "profile_disclaimer": (
        gettext_noop("The bio carries a disclaimer."),
        gettext_noop("The bio has no disclaimer such as “following doesn't mean endorsement”."),
    ),
    "profile_link": (
        gettext_noop("The profile's web page link is not a valid address."),
        gettext_noop("Links to {domain}."),
        gettext_noop("The profile has no web page link."),
    ),
    "replies_to_mentioners": (gettext_noop("Replied to {count} of the people who mentioned you; {needed} needed."),),
    "retweets_persona": (gettext_noop("Retweeted {count} scenario post(s); {needed} needed."),),
    "quotes_persona": (gettext_noop("Quoted {count} scenario post(s) with your own words; {needed} needed."),),
}

_PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")
# A finding in a policy detail: "Title: “span” — explanation Try: “rewrite”", up to three, then "(+N more)".
_TRY = " Try: “"
_MORE = re.compile(r" \(\+(\d+) more\)\Z")
_YOUR_TRAINER = "your trainer"


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(_PLACEHOLDER.sub(r"(?P<\1>.*?)", re.escape(template)), re.DOTALL)


# Compiled from the English message ids (the source strings), never from a translation.
_PATTERNS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    kind: tuple((_pattern(message), message) for message in messages) for kind, messages in DETAILS.items()
}


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def kind_label(kind: object, stored: object = "") -> str:
    """A rule kind's label in the active language; the stored label when the kind is unknown."""
    label = KIND_LABELS.get(kind) if isinstance(kind, str) else None
    return str(label) if label is not None else str(stored)


def _policy_detail(detail: str) -> str:
    """A failed policy rule's findings, titles and explanations translated; quoted post text untouched."""
    more = _MORE.search(detail)
    body = detail[: more.start()] if more else detail
    for rule, (title, explanation) in RULES.items():
        shown_title, shown_explanation = finding_text(rule, title, explanation)
        body = body.replace(f"{title}: “", f"{shown_title}: “").replace(f" — {explanation}", f" — {shown_explanation}")
    body = body.replace(_TRY, " " + gettext("Try:") + " “")
    if more:
        body += " " + gettext("(+{count} more)").format(count=more.group(1))
    return body


def result_detail(kind: object, detail: object) -> str:
    """What the grader saw, in the active language; the stored English when its wording is not known."""
    text = str(detail)
    if _english() or not isinstance(kind, str):
        return text
    for pattern, message in _PATTERNS.get(kind, ()):
        match = pattern.fullmatch(text)
        if match:
            values = dict(match.groupdict())
            if values.get("handle") == _YOUR_TRAINER:
                values["handle"] = gettext("your trainer")
            return gettext(message).format(**values)
    if kind.startswith("policy_") and ": “" in text:
        return _policy_detail(text)
    return text


def shown_result(result: Mapping[str, object]) -> dict[str, object]:
    """A stored result with its label and detail in the active language (the trainer's message as written)."""
    kind = result.get("kind")
    shown = {
        **result,
        "label": kind_label(kind, result.get("label", "")),
        "detail": result_detail(kind, result.get("detail", "")),
    }
    if result.get("feedback_es") and (get_language() or "").split("-")[0] == "es":
        shown["feedback"] = result["feedback_es"]
    return shown
