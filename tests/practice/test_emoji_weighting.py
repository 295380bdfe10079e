"""Emoji weigh what they weigh on X: one emoji, however it is encoded, counts 2.

The composer must never refuse a post the official counter (twitter-text 3.1.0, whose emoji
parser reads one VS16 after any code point as part of the emoji) allows. The expected values
marked "official" were read from the official JS library's ``parseTweet``. No database needed.
"""

from __future__ import annotations

import emoji
import pytest

from practice import tweettext as tt
from practice.services import text as post_text
from practice.tweettext.length import _EMOJI_COMPONENT_RE

VS16, ZWJ = "\ufe0f", "\u200d"
FULLY_QUALIFIED = sorted(k for k, v in emoji.EMOJI_DATA.items() if v["status"] == emoji.STATUS["fully_qualified"])
OTHER_QUALIFICATIONS = sorted(k for k, v in emoji.EMOJI_DATA.items() if v["status"] != emoji.STATUS["fully_qualified"])


def length(text: str) -> int:
    return tt.parse_post(text).weighted_length


def test_the_data_is_the_whole_emoji_list() -> None:
    # Guards the tests below against an emoji package that ships a thin table.
    assert len(FULLY_QUALIFIED) > 3500
    assert {"👨\u200d👩\u200d👧\u200d👦", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "#️⃣"} <= set(
        FULLY_QUALIFIED
    )


def test_every_fully_qualified_emoji_weighs_two() -> None:
    heavy = {e: length(e) for e in FULLY_QUALIFIED if length(e) != 2}
    assert heavy == {}


def test_every_other_listed_form_weighs_at_most_two() -> None:
    # Minimally qualified and unqualified forms ("☺", "👁‍🗨") and components (skin tones, hair).
    heavy = {e: length(e) for e in OTHER_QUALIFICATIONS if length(e) > 2}
    assert heavy == {}


def test_every_emoji_with_a_vs16_after_each_code_point_still_weighs_two() -> None:
    # Keyboards and paste sources add VS16 where the list has none ("⭐️", "✌️🏻").
    padded = {e: "".join(c + VS16 for c in e.replace(VS16, "")) for e in FULLY_QUALIFIED}
    heavy = {e: length(p) for e, p in padded.items() if length(p) > 2}
    assert heavy == {}


def test_emoji_side_by_side_each_weigh_two() -> None:
    # Components (a skin tone, a hair style) would join the emoji before them, as they should.
    standalone = [e for e in FULLY_QUALIFIED if emoji.EMOJI_DATA[e]["status"] != emoji.STATUS["component"]]
    assert length("".join(standalone)) == 2 * len(standalone)
    assert length(" ".join(standalone)) == 3 * len(standalone) - 1


def test_every_multi_code_point_emoji_holds_a_component() -> None:
    # The counter only parses emoji around these characters; an emoji without one would be missed.
    missing = [e for e in emoji.EMOJI_DATA if len(e) > 1 and not _EMOJI_COMPONENT_RE.search(e)]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("⭐\ufe0f", 2),  # official 2; listed as "⭐" alone
        ("❤\ufe0f" + ZWJ, 3),  # official 3: a ZWJ that joins nothing weighs 1 like any ZWJ
        ("✌\ufe0f\U0001f3fb", 2),  # official 2: VS16 before the skin tone
        ("✌\U0001f3fb", 2),
        ("⭐\ufe0f\ufe0f", 4),  # official 4: only one VS16 belongs to the emoji
        ("❤\ufe0e", 4),  # official 4: text presentation selector weighs 2
        ("1\ufe0f", 3),  # official 3: a digit and VS16 are no emoji without the keycap
        ("1\ufe0f\u20e3", 2),
        ("🇯🇵🇺", 4),  # official 4: a flag and a lone regional indicator
        (ZWJ + "❤\ufe0f", 3),
        ("👨\u200d👩\u200d👧\u200d👦" + ZWJ, 3),
        ("⛹\ufe0f\u200d♀\ufe0f", 2),
        ("©", 1),
        ("©\ufe0f", 2),
    ],
)
def test_sequences_as_the_official_counter_weighs_them(text: str, expected: int) -> None:
    assert length(text) == expected


def test_a_post_of_270_letters_and_five_stars_is_exactly_full() -> None:
    text = "x" * 270 + "⭐\ufe0f" * 5
    result = tt.parse_post(text)
    assert (result.weighted_length, result.valid) == (280, True)
    assert post_text.count(text) == (0, True)
    assert post_text.prepare(text) == text


def test_one_more_star_is_over_and_the_overflow_starts_after_the_fifth() -> None:
    result = tt.parse_post("x" * 270 + "⭐\ufe0f" * 6)
    assert (result.weighted_length, result.valid) == (282, False)
    assert result.valid_range_end == 279  # official: the fifth star's VS16 is the last that fits


def test_a_nurses_post_with_emoji_counts_each_emoji_two() -> None:
    text = "Night shift on 4 West done ✌️🏻 thank you team ❤️‍🔥⭐️ #NursesWeek"
    # 27 + ✌️🏻 2 + 16 + ❤️‍🔥 2 + ⭐️ 2 + 12. Official 3.1.0 says 64: its data predates ❤️‍🔥 (Emoji 13.1)
    # and counts it per part; the server may count less than the official counter, never more.
    assert length(text) == 61


def test_a_long_run_of_vs16_and_zwj_is_counted_in_one_pass() -> None:
    text = ("❤\ufe0f" + ZWJ) * 5000 + VS16 * 5000
    assert length(text) == 5000 * 3 + 5000 * 2
