"""Feedback in the learner's language: every policy rule, rubric kind and grader sentence has Spanish."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from practice import feedback, policy
from practice.rubric import KINDS, Context, PostView, Profile, grade

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_policy_rule_has_a_spanish_title_and_explanation():
    assert set(feedback.POLICY_TEXT) == set(policy.RULES)
    with translation.override("en"):
        english = {rule: feedback.finding_text(rule, "", "") for rule in policy.RULES}
    # The layer's English is the checker's own, word for word (a drifted copy would never be translated).
    assert english == dict(policy.RULES)
    with translation.override("es"):
        for rule, (title, explanation) in policy.RULES.items():
            es_title, es_explanation = feedback.finding_text(rule, title, explanation)
            assert es_title != title and es_explanation != explanation, rule


def test_every_rubric_kind_has_a_spanish_label():
    assert set(feedback.KIND_LABELS) == set(KINDS)
    with translation.override("en"):
        assert {k: feedback.kind_label(k) for k in KINDS} == {k: kind.label for k, kind in KINDS.items()}
    with translation.override("es"):
        for name, kind in KINDS.items():
            assert feedback.kind_label(name) != kind.label, name


def test_every_grader_sentence_has_spanish_with_the_same_placeholders():
    assert set(feedback.DETAILS) == set(KINDS)
    with translation.override("es"):
        for kind, templates in feedback.DETAILS.items():
            for template in templates:
                spanish = translation.gettext(template)
                assert spanish != template, (kind, template)
                assert sorted(PLACEHOLDER.findall(spanish)) == sorted(PLACEHOLDER.findall(template)), template


def post(text: str, **kw: object) -> PostView:
    return PostView(id=10, text=text, author_handle="erin_rn", **kw)  # type: ignore[arg-type]


CLEAN = "Proud of our 4 West night team for the flu shot clinic today #FluFighters @CDCgov https://cdc.gov/flu"
SHOUT = "EVERYONE GET YOUR FLU SHOT TODAY AT THE CLINIC"
# (rule, context): each grader sentence of each kind at least once, as a learner would trigger it.
CASES = [
    ({"kind": "mentions_handle", "params": {"handle": "CDCgov"}}, Context(post=post(CLEAN))),
    (
        {"kind": "mentions_handle", "params": {"handle": "trainer"}},
        Context(post=post(CLEAN), trainer_handles=("dana",)),
    ),
    ({"kind": "mentions_at_least", "params": {"count": 2}}, Context(post=post(CLEAN))),
    ({"kind": "uses_hashtag", "params": {"hashtag": "FluFighters"}}, Context(post=post(CLEAN))),
    ({"kind": "uses_hashtag", "params": {"hashtag": "session"}}, Context(post=post(CLEAN), session_hashtag="#Camp7")),
    ({"kind": "is_reply_to", "params": {"post_id": 5}}, Context(post=post(CLEAN, reply_to_id=5))),
    ({"kind": "is_reply_to", "params": {"post_id": 5}}, Context(post=post(CLEAN, reply_to_id=6))),
    ({"kind": "is_reply_to", "params": {"post_id": 5}}, Context(post=post(CLEAN))),
    ({"kind": "is_retweet_of", "params": {"post_id": 5}}, Context(post=post("", retweet_of_id=5))),
    ({"kind": "is_retweet_of", "params": {"post_id": 5}}, Context(post=post("", retweet_of_id=6))),
    ({"kind": "is_retweet_of", "params": {"post_id": 5}}, Context(post=post(CLEAN))),
    ({"kind": "is_quote_of", "params": {"post_id": 5}}, Context(post=post("So true", quote_of_id=5))),
    ({"kind": "is_quote_of", "params": {"post_id": 5}}, Context(post=post(CLEAN, quote_of_id=5))),
    ({"kind": "is_quote_of", "params": {"post_id": 5}}, Context(post=post(CLEAN, quote_of_id=6))),
    ({"kind": "is_quote_of", "params": {"post_id": 5}}, Context(post=post(CLEAN))),
    ({"kind": "includes_link"}, Context(post=post(CLEAN))),
    ({"kind": "includes_link"}, Context(post=post(SHOUT))),
    ({"kind": "includes_link", "params": {"domain": "cdc.gov"}}, Context(post=post(CLEAN))),
    ({"kind": "includes_link", "params": {"domain": "who.int"}}, Context(post=post(CLEAN))),
    ({"kind": "includes_link", "params": {"domain": "who.int"}}, Context(post=post(SHOUT))),
    ({"kind": "length_between", "params": {"min": 10, "max": 50}}, Context(post=post(CLEAN))),
    ({"kind": "contains", "params": {"phrases": "flu shot, night team"}}, Context(post=post(CLEAN))),
    ({"kind": "contains", "params": {"phrases": "vaccine"}}, Context(post=post(CLEAN))),
    ({"kind": "not_contains", "params": {"phrases": "clinic"}}, Context(post=post(CLEAN))),
    ({"kind": "not_contains", "params": {"phrases": "vaccine"}}, Context(post=post(CLEAN))),
    ({"kind": "not_shouting"}, Context(post=post(SHOUT))),
    ({"kind": "not_shouting"}, Context(post=post("OK!"))),
    ({"kind": "max_hashtags", "params": {"count": 0}}, Context(post=post(CLEAN))),
    ({"kind": "policy_no_phi"}, Context(post=post(CLEAN))),
    ({"kind": "policy_discloses_employer"}, Context(post=post(CLEAN))),
    ({"kind": "policy_disclaimer"}, Context(post=post(CLEAN + " Views are my own."))),
    ({"kind": "policy_disclaimer"}, Context(post=post(CLEAN))),
    ({"kind": "profile_maintainer"}, Context(profile=Profile(bio="ICU nurse in Tucson. Views are my own."))),
    ({"kind": "profile_maintainer"}, Context(profile=Profile(bio="Coffee, cats, night shifts"))),
    ({"kind": "profile_disclaimer"}, Context(profile=Profile(bio="RN. Views are my own."))),
    ({"kind": "profile_disclaimer"}, Context(profile=Profile(bio="RN"))),
    ({"kind": "profile_link"}, Context(profile=Profile(website="example.org/erin"))),
    ({"kind": "profile_link"}, Context(profile=Profile(website="https://[x"))),
    ({"kind": "profile_link"}, Context(profile=Profile())),
    (
        {"kind": "replies_to_mentioners"},
        Context(activity=(post("Thanks!", reply_to_id=7),), mentions_of_learner={7: "sam"}),
    ),
    ({"kind": "retweets_persona"}, Context()),
    ({"kind": "quotes_persona"}, Context()),
]


def shown(rule: dict[str, object], ctx: Context) -> tuple[str, str, str]:
    result = grade([rule], ctx).results[0]
    with translation.override("es"):
        spanish = feedback.result_detail(result.kind, result.detail)
    with translation.override("en"):
        english = feedback.result_detail(result.kind, result.detail)
    return result.detail, spanish, english


@pytest.mark.parametrize(("rule", "ctx"), CASES, ids=[f"{i}-{r['kind']}" for i, (r, _) in enumerate(CASES)])
def test_what_the_grader_saw_reads_in_spanish(rule, ctx):
    detail, spanish, english = shown(rule, ctx)
    assert english == detail
    assert spanish != detail, detail


def test_every_grader_sentence_is_exercised():
    seen = {shown(rule, ctx)[0] for rule, ctx in CASES}
    for kind, templates in feedback.DETAILS.items():
        for template in templates:
            pattern = re.compile(PLACEHOLDER.sub(".*?", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")))
            assert any(pattern.fullmatch(d) for d in seen), (kind, template)


def test_values_the_grader_saw_are_kept_and_the_trainer_is_named_in_spanish():
    _, spanish, _ = shown({"kind": "length_between", "params": {"min": 10, "max": 50}}, Context(post=post(CLEAN)))
    assert spanish.startswith("105 caracteres") and "entre 10 y 50" in spanish
    _, spanish, _ = shown({"kind": "mentions_handle", "params": {"handle": "trainer"}}, Context(post=post(CLEAN)))
    assert spanish == "No menciona a tu formador."
    _, spanish, _ = shown({"kind": "contains", "params": {"phrases": "vacuna"}}, Context(post=post(CLEAN)))
    assert spanish == "No contiene “vacuna”."


def test_policy_findings_in_a_grade_read_in_spanish_and_keep_the_post_text():
    text = "Mrs Alvarez, 94, in bed 12 on 4 West finally went home today. Call her daughter on 555-201-3344"
    detail, spanish, _ = shown({"kind": "policy_no_phi"}, Context(post=post(text)))
    assert "Age over 89" in detail
    assert "Edad de más de 89 años" in spanish and "Número de habitación o de cama" in spanish
    assert "HIPAA identifier" not in spanish and " Try: " not in spanish and "Prueba:" in spanish
    assert "“94”" in spanish or "94" in spanish
    if "more)" in detail:
        assert "más)" in spanish


def test_an_older_wording_is_shown_as_stored():
    with translation.override("es"):
        assert feedback.result_detail("uses_hashtag", "Hashtag #Camp7 missing") == "Hashtag #Camp7 missing"
        assert feedback.kind_label("retired_kind", "Old label") == "Old label"
        assert feedback.shown_result(
            {
                "kind": "max_hashtags",
                "label": "x",
                "feedback": "Keep it to one tag, Erin!",
                "detail": "3 hashtag(s); at most 1.",
                "passed": False,
            }
        ) == {
            "kind": "max_hashtags",
            "label": "Como máximo N hashtags",
            "feedback": "Keep it to one tag, Erin!",
            "detail": "3 hashtag(s); como máximo 1.",
            "passed": False,
        }
