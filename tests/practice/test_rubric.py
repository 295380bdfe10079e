"""The grader, rule kind by rule kind: what passes, what fails, and what it says."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice.rubric import KINDS, Context, PostView, Profile, RubricError, grade, validate


def post(text="", **kw):
    return PostView(id=kw.pop("id", 100), text=text, author_handle="erin", **kw)


def one(kind, text="", params=None, ctx=None, **post_kw):
    ctx = ctx or Context()
    ctx = Context(**{**ctx.__dict__, "post": post(text, **post_kw)}) if ctx.post is None else ctx
    result = grade([{"kind": kind, "params": params or {}, "message": "feedback"}], ctx)
    return result.results[0]


CASES = [
    # kind, text, params, expected
    ("mentions_handle", "Thanks @MayoClinic for the tips", {"handle": "@mayoclinic"}, True),
    ("mentions_handle", "Write to press@mayoclinic.org", {"handle": "mayoclinic"}, False),  # e-mail, not a mention
    ("mentions_handle", "Thanks @MayoClinicNews", {"handle": "MayoClinic"}, False),
    ("mentions_at_least", "@a @b @a", {"count": 2}, True),
    ("mentions_at_least", "@a @a @a", {"count": 2}, False),
    ("uses_hashtag", "Learning a lot #TweetCamp", {"hashtag": "#tweetcamp"}, True),
    ("uses_hashtag", "See https://example.org/#TweetCamp", {"hashtag": "TweetCamp"}, False),  # inside a URL
    ("uses_hashtag", "Back at #TweetCamp3 today", {"hashtag": "session"}, True),
    ("uses_hashtag", "abc#TweetCamp3", {"hashtag": "session"}, False),
    ("includes_link", "Read https://www.cdc.gov/flu", {}, True),
    ("includes_link", "Read www.cdc.gov/flu today", {"domain": "cdc.gov"}, True),
    ("includes_link", "Read https://cdc.gov.evil.com/flu", {"domain": "cdc.gov"}, False),
    ("includes_link", "No links here.", {}, False),
    ("length_between", "x" * 50, {"min": 10, "max": 100}, True),
    ("length_between", "日本語" * 20, {"min": 1, "max": 130}, True),  # 60 CJK characters weigh 120
    ("length_between", "日本語" * 20, {"min": 1, "max": 110}, False),
    ("contains", "Get your FLU SHOT today", {"phrases": ["flu shot"]}, True),
    ("contains", "Vaccination at the café", {"phrases": ["cafe", "vaccination"]}, True),  # accents folded
    ("contains", "Vaccinations save lives", {"phrases": ["vaccination"]}, False),  # whole words only
    ("contains", "flu only", {"phrases": ["flu", "shot"], "mode": "any"}, True),
    ("not_contains", "We cured cancer!", {"phrases": ["cure", "miracle"]}, True),  # 'cured' is another word
    ("not_contains", "A miracle CURE", {"phrases": ["cure"]}, False),
    ("not_shouting", "GET YOUR FLU SHOT NOW PEOPLE", {}, False),
    ("not_shouting", "Get your flu shot at the @CDC #FLU clinic", {}, True),
    ("not_shouting", "OK!", {}, True),
    ("max_hashtags", "#a #b #c", {"count": 2}, False),
    ("max_hashtags", "#a #b", {"count": 2}, True),
    ("policy_no_phi", "Congrats to the triplets' mom in L&D today!", {}, False),
    ("policy_no_phi", "Flu clinics open this week at all sites.", {}, True),
    ("policy_no_phi", "Call me at (507) 555-0199 about the patient", {}, False),
    ("policy_disclaimer", "My take on flu season. Views are my own.", {}, True),
    ("policy_disclaimer", "My take on flu season.", {}, False),
]


@pytest.mark.parametrize(("kind", "text", "params", "expected"), CASES)
def test_each_rule_kind(kind, text, params, expected):
    result = one(kind, text, params, ctx=Context(session_hashtag="#TweetCamp3"))
    assert result.passed is expected, result.detail
    assert result.detail and result.feedback == "feedback"


def test_the_trainer_handle_rule_accepts_any_trainer_of_the_session():
    ctx = Context(trainer_handles=("theo", "tess"))
    assert one("mentions_handle", "Hi @Tess!", {"handle": "trainer"}, ctx=ctx).passed
    assert not one("mentions_handle", "Hi @someone", {"handle": "trainer"}, ctx=ctx).passed


def test_a_reply_addresses_its_target():
    result = one(
        "mentions_handle", "Great point!", {"handle": "MayoClinic"}, reply_to_id=7, target_author_handle="MayoClinic"
    )
    assert result.passed


def test_reply_retweet_and_quote_rules_check_the_target_post():
    assert one("is_reply_to", "Agreed", {"post_id": 7}, reply_to_id=7).passed
    wrong = one("is_reply_to", "Agreed", {"post_id": 7}, reply_to_id=8)
    assert not wrong.passed and wrong.detail == "Replies to a different post."
    assert one("is_retweet_of", "", {"post_id": 7}, retweet_of_id=7).passed
    wrong_rt = one("is_retweet_of", "", {"post_id": 7}, retweet_of_id=9)
    assert not wrong_rt.passed and "different post" in wrong_rt.detail


def test_a_quote_needs_the_learners_own_words():
    ok = one("is_quote_of", "This matters for every parent", {"post_id": 7}, quote_of_id=7)
    assert ok.passed
    bare = one("is_quote_of", "@MayoClinic #TweetCamp https://cdc.gov", {"post_id": 7}, quote_of_id=7)
    assert not bare.passed and "0 word(s) of your own" in bare.detail


def test_employer_disclosure():
    ctx = Context(employer_names=("Example Health",), employer_handles=("ExampleHealth",))
    assert not one("policy_discloses_employer", "Proud of @ExampleHealth's new wing!", ctx=ctx).passed
    assert one("policy_discloses_employer", "I work at @ExampleHealth and I'm proud of the new wing!", ctx=ctx).passed


def test_a_disclaimer_in_the_profile_counts_for_posts():
    ctx = Context(profile=Profile(bio="ICU nurse. Views are my own."))
    assert one("policy_disclaimer", "Flu season tips", ctx=ctx).passed


@pytest.mark.parametrize(
    ("profile", "kind", "expected"),
    [
        (Profile(bio="Tweets by Erin, L&D nurse at Example Health"), "profile_maintainer", True),
        (Profile(bio="Coffee. Cats. Sunsets."), "profile_maintainer", False),
        (Profile(bio="Following doesn't mean endorsement."), "profile_disclaimer", True),
        (Profile(bio="Nurse."), "profile_disclaimer", False),
        (Profile(website="https://example.org/erin"), "profile_link", True),
        (Profile(website="not a link"), "profile_link", False),
        (Profile(website=""), "profile_link", False),
    ],
)
def test_profile_drills(profile, kind, expected):
    result = grade([{"kind": kind}], Context(profile=profile)).results[0]
    assert result.passed is expected, result.detail


def test_interaction_rules_count_across_the_window():
    mine = [
        post("Thanks!", id=1, reply_to_id=50),
        post("Good question", id=2, reply_to_id=51),
        post("Again", id=3, reply_to_id=50),
        post("", id=4, retweet_of_id=60, target_is_persona=True),
        post("Worth reading for all staff", id=5, quote_of_id=61, target_is_persona=True),
        post("ok", id=6, quote_of_id=62, target_is_persona=True),
    ]
    ctx = Context(activity=mine, mentions_of_learner={50: "ann", 51: "bob", 52: "cat"})
    results = grade(
        [
            {"kind": "replies_to_mentioners", "params": {"count": 2}},
            {"kind": "retweets_persona", "params": {"count": 1}},
            {"kind": "quotes_persona", "params": {"count": 2}},
        ],
        ctx,
    ).results
    assert [r.passed for r in results] == [True, True, False]  # the second quote has too few own words


def test_score_is_the_weighted_share_of_rules_passed():
    rules = [
        {"kind": "uses_hashtag", "params": {"hashtag": "a"}, "weight": 3},
        {"kind": "uses_hashtag", "params": {"hashtag": "b"}, "weight": 1},
    ]
    result = grade(rules, Context(post=post("#a")))
    assert result.score == 75
    assert result.passed(70) and not result.passed(80)


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [{"kind": "nope"}],
        [{"kind": "is_reply_to", "params": {}}],
        [{"kind": "mentions_at_least", "params": {"count": "many"}}],
        [{"kind": "contains", "params": {"phrases": []}}],
        [{"kind": "length_between", "params": {"min": 10, "max": 5}}],
        [{"kind": "uses_hashtag", "weight": 0}],
    ],
)
def test_bad_rubrics_are_refused_with_a_message(rules):
    with pytest.raises(RubricError):
        validate(rules)


def test_every_kind_has_a_label_and_a_check():
    assert len(KINDS) >= 20
    assert all(kind.label and callable(kind.check) for kind in KINDS.values())


# One rule of each post kind, three to a line: a table reads better than one entry per line.
ALL_POST_RULES = [
    {"kind": kind, "params": params}
    for kind, params in [
        ("mentions_handle", {"handle": "a"}), ("mentions_at_least", {"count": 1}), ("uses_hashtag", {"hashtag": "a"}),
        ("is_quote_of", {"post_id": 1}), ("includes_link", {"domain": "cdc.gov"}), ("length_between", {"max": 280}),
        ("contains", {"phrases": ["a b"]}), ("not_contains", {"phrases": ["x"]}), ("not_shouting", {}),
        ("max_hashtags", {"count": 1}), ("policy_no_phi", {}), ("policy_discloses_employer", {}),
        ("policy_disclaimer", {}),
    ]
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_grading_never_raises_for_any_text(text):
    result = grade(ALL_POST_RULES, Context(post=post(text, quote_of_id=1), profile=Profile(bio=text, website=text)))
    assert 0 <= result.score <= 100
