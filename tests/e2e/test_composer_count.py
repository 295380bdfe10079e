"""The composer's counter in Chromium: it counts exactly as the server does, and behaves as X's composer does.

The browser counts with twitter-text 3.1.0 (static/vendor), the server with practice.tweettext; both follow the
same rules. Here the browser's count is compared with ``parse_post`` on the official conformance cases for
weighted length and on posts written as staff write them (emoji, CJK, links), then the ring, the highlight, the
Post button and the spoken count are checked as a person meets them, at 1280 and 375 px.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.test import Client
from playwright.sync_api import expect

from courses.services import enrolment
from practice import services
from practice import tweettext as tt
from practice.services import text as post_text
from tests.factories import LessonFactory, SessionFactory, verified_user
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db(transaction=True)

VALIDATE = Path(__file__).resolve().parents[1] / "data" / "twitter-text" / "validate.yml"
# The conformance sections that check weighted length, with the config the official runners use.
SECTIONS = {
    "WeightedTweetsCounterTest": "v2",
    "WeightedTweetsWithDiscountedEmojiCounterTest": "v3",
    "UnicodeDirectionalMarkerCounterTest": "v3",
}
# Posts as staff write them.
STAFF_POSTS = [
    "Night shift on Ward 7 👩‍⚕️💙 Huge thanks to everyone who covered the gaps this week. Flu jabs for staff "
    "are in the atrium until 4pm: https://intranet.example.org/flu-2025 #FluFighter",
    "Proud of our midwives 👏🏽👏🏽👏🏽 Read their story: https://www.example-health.org/news/2025/12/"
    "midwives-award?utm_source=twitter&utm_medium=social&utm_campaign=awards",
    "今日は病棟でハンドハイジーン週間のイベントを開催しました！手洗いは20秒以上。#手洗い https://example.jp/handwashing",
    "护士节快乐！感谢所有在一线工作的同事们 🌷 我们的团队每天都在努力照顾病人。详情见 https://example.cn/nurses",
    "간호사 여러분 감사합니다 💐 오늘도 환자 안전을 위해 최선을 다해 주셔서 고맙습니다 #간호사 #감사",
    "Welcome to our new international nurses 🇵🇭🇮🇳🇳🇬🇬🇧🇪🇸 🎉 You make #TeamNHS what it is.",
    "Blood donation drive ❤️ tomorrow 9–5 in the main hall ☕️ coffee and biscuits on us. Book: example.org/give",
    "Top 3️⃣ tips for nights: 1️⃣ hydrate 2️⃣ snack smart 3️⃣ sleep when you get home 😴 #NightShift",
    "شكراً لكل الممرضين والممرضات على عملكم الرائع ❤️ #يوم_التمريض https://example.org/ar",
    "नर्सों और सहायकों को धन्यवाद 🙏🏾 आपकी मेहनत से मरीज़ सुरक्षित हैं। #नर्स_दिवस",
    "Resources from today's session: https://example.org/a example.com/b www.example.net/c?x=1 http://t.co/xyz "
    "and the slides at https://docs.example.org/d/1aBcD-eFgH_ijk/edit#slide=id.p",
    "Our family liaison team 👨‍👩‍👧‍👦👩‍👩‍👦 supports relatives 24/7. Call the switchboard and ask for them.",
    "Hand hygiene audit results are in 📊 97% compliance on surgical wards 👍🏻👍🏼👍🏽👍🏾👍🏿 Well done all!",
    # Past the limit: the count goes negative and the highlight starts where the server's valid range ends.
    "Reminder for all ward staff: the new visiting hours start on Monday 🕑 Mornings 10–12 and afternoons 2–8, "
    "two visitors per bed, children welcome with an adult. Please share the poster at every bay entrance and "
    "let patients' families know. Questions to the matron's office 📞 or https://intranet.example.org/visiting "
    "Thank you all 💙",
    "漢字の多い投稿は早く上限に届きます。" * 9 + "https://example.jp/long",
    "Huge thanks to the pharmacy team 💊 " * 12,
    # Emoji the server weighs below the library (PENDING_EMOJI below), and VS16 forms both count 2.
    "Our new health care assistants 🧑🏻‍⚕️🧑🏾‍⚕️ start on Monday. Say hello and show them where the ⭐️ biscuits are.",
    "Long shift, deep breath 😮‍💨 Thank you 🫶🏽 to the bank staff who stayed late ❤️‍🩹 #NHSFamily",
    "Great teamwork with the discharge lounge today 🤝🏽 every bed turned round before noon ⌚️",
]
# Emoji that practice.tweettext weighs below twitter-text 3.1.0 on purpose: the server's emoji data (the pinned
# emoji package) is newer than the library's 2018 data, which counts these per code point. The browser may
# count a text with them higher than the server, by exactly what these emoji alone account for (checked
# below); never lower, so the browser never offers Post for a text the server refuses.
PENDING_EMOJI = {
    "🧑🏻‍⚕️": "a sequence newer than the library's data (2018): counted per code point there, as one on the server",
    "🧑🏾‍⚕️": "a sequence newer than the library's data (2018): counted per code point there, as one on the server",
    "😮‍💨": "a sequence newer than the library's data (2018): counted per code point there, as one on the server",
    "🫶🏽": "a sequence newer than the library's data (2018): counted per code point there, as one on the server",
    "❤️‍🩹": "a sequence newer than the library's data (2018): counted per code point there, as one on the server",
    "🤝🏽": "a skin tone on a base the library's data gives none: counted apart there, as one on the server",
}
# Long enough to be counted in pieces (over 2000 characters), links and emoji included.
LONG_POSTS = [" ".join(STAFF_POSTS) * 2, ("See https://example.org/" + "a" * 3000 + " 🩺 " + "病院 " * 700)]


def _conformance_cases() -> list[tuple[str, str, str]]:
    tests = yaml.safe_load(VALIDATE.read_text(encoding="utf-8"))["tests"]
    return [
        (f"{section}: {case['description']}", config, case["text"])
        for section, config in SECTIONS.items()
        for case in tests[section]
    ]


def _compose_page(site, user, **kwargs):
    page = site.page(user=user, **kwargs)
    page.goto("/feed/compose/")
    page.wait_for_function("window.TweetCampComposer !== undefined")
    return page


@pytest.fixture
def nurse():
    services.open_feed()
    return verified_user(display_name="Nia Nurse", handle="nia", email="nia@example.org")


def _from_utf16(text: str, offset: int) -> str:
    """The end of `text` from a UTF-16 offset (the unit twitter-text and the browser count in)."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return text[index:]
        units += 2 if ord(char) > 0xFFFF else 1
    return ""


def _server(text: str, config: str) -> tuple[int, int]:
    result = tt.parse_post(text, config)
    over_from = result.valid_range_end + 1 if result.weighted_length > 280 else -1
    return result.weighted_length, over_from


def test_the_browser_counts_every_conformance_case_as_the_server_does(site, nurse):
    page = _compose_page(site, nurse)
    cases = _conformance_cases()
    assert len(cases) >= 30
    browser = page.evaluate(
        """cases => cases.map(([config, text]) => {
          const counted = TweetCampComposer.weigh(text, twttr.txt.configs[config === "v2" ? "version2" : "version3"]);
          return [counted.weighted, counted.overFrom];
        })""",
        [[config, text] for _, config, text in cases],
    )
    differ = {
        name: (tuple(got), _server(text, config))
        for (name, config, text), got in zip(cases, browser, strict=True)
        if tuple(got) != _server(text, config)
    }
    assert differ == {}


def test_the_browser_counts_staff_posts_as_the_server_does(site, nurse):
    page = _compose_page(site, nurse)
    texts = STAFF_POSTS + LONG_POSTS
    browser, emoji_weights = page.evaluate(
        """([texts, emoji]) => [
          texts.map(text => { const m = TweetCampComposer.measure(text); return [m.weighted, m.overFrom]; }),
          emoji.map(e => TweetCampComposer.weigh(e).weighted),
        ]""",
        [texts, list(PENDING_EMOJI)],
    )
    # What each pending emoji adds to the browser's count over the server's.
    pending = {e: got - tt.parse_post(e).weighted_length for e, got in zip(PENDING_EMOJI, emoji_weights, strict=True)}
    differ = {}
    for text, (weighted, over_from) in zip(texts, browser, strict=True):
        server_weighted = 280 - post_text.count(text)[0]
        explained = sum(text.count(e) * extra for e, extra in pending.items())
        server_over_from = _server(post_text.normalise(text), "v3")[1]
        if weighted - server_weighted != explained or (not explained and over_from != server_over_from):
            differ[text[:40]] = ((weighted, over_from), (server_weighted, server_over_from), explained)
    assert differ == {}
    # The set has posts on both sides of the limit, and long ones the browser counts in pieces.
    counts = [post_text.count(text)[0] for text in texts]
    assert min(counts) < 0 < max(counts) and max(len(text) for text in texts) > 2000


NEAR_LIMIT = (
    "Handover moves to 07:30 in the day room from Monday 🕢 Bring your patient lists and the updated falls charts. "
    "Thanks to the night team for trialling it and for all the feedback on the new format so far, it really "
    "helped us get it right. Questions to Sister Okafor on the ward or by email, any time this week please"
)


def _near_limit() -> tuple[str, int]:
    """A real-looking post with between 11 and 20 characters left."""
    words = NEAR_LIMIT.split(" ")
    text = next(
        " ".join(words[:n]) for n in range(len(words), 0, -1) if 11 <= post_text.count(" ".join(words[:n]))[0] <= 20
    )
    return text, post_text.count(text)[0]


def _one_over() -> str:
    """The post near the limit with a last sentence one character too long."""
    near, _ = _near_limit()
    tail = " Please RSVP to the ward clerk by Friday."
    texts = [near + tail[:n] for n in range(len(tail) + 1)]
    return next(text for text in texts if post_text.count(text)[0] == -1)


def _composer(page):
    form = page.locator("#composer, form[data-composer]").first
    return form, form.locator("[data-composer-meter]"), form.locator("[data-composer-submit]")


def test_the_ring_warns_near_the_limit_and_post_waits_for_a_valid_text(site, nurse, check):
    page = _compose_page(site, nurse)
    form, meter, post = _composer(page)
    box = page.get_by_label("What's happening?")
    live = form.locator("[data-composer-live]")
    expect(meter).to_be_visible()
    expect(form.locator(".counter")).to_be_hidden()  # the ring replaces the server's sentence
    expect(post).to_be_disabled()  # nothing written yet
    box.fill("  \n ")
    expect(post).to_be_disabled()  # only whitespace

    near, left = _near_limit()
    box.fill(near)
    expect(meter).to_have_class("composer__meter composer__meter--near")
    expect(meter.locator("[data-composer-left]")).to_have_text(str(left))
    expect(post).to_be_enabled()
    expect(live).to_have_text(f"{left} characters left")  # said once, on entering the last 20
    check(page, "composer-near")
    box.press("End")
    box.press_sequentially("a" * (left - 10 - 1))
    expect(meter.locator("[data-composer-left]")).to_have_text("11")
    expect(live).to_have_text(f"{left} characters left")  # not on every keystroke
    box.press_sequentially("a")
    expect(live).to_have_text("10 characters left")

    over = f"{near} Please RSVP to the ward clerk by Friday."
    box.fill(over)
    _, over_from = _server(over, "v3")
    count = post_text.count(over)[0]
    expect(meter).to_have_class("composer__meter composer__meter--over")
    expect(meter.locator("[data-composer-left]")).to_have_text(str(count))
    expect(form.locator(".composer__backdrop mark")).to_have_text(_from_utf16(over, over_from))
    expect(post).to_be_disabled()
    expect(live).to_have_text(f"{-count} characters over the limit")
    check(page, "composer-over")

    box.fill(near)
    expect(form.locator(".composer__backdrop mark")).to_have_count(0)
    expect(post).to_be_enabled()
    post.click()
    expect(form.locator("[role=status]").first).to_contain_text("Your post is live in the sandbox.")


def test_on_a_phone_the_counter_and_post_stay_on_screen(site, nurse):
    # 375 x 812: a common phone. (At 667 px tall the two stacked navigation bars above the page still push the
    # Post button a little below the fold; the compact phone layout is separate work.)
    page = _compose_page(site, nurse, width=375, height=812)
    _, meter, post = _composer(page)
    page.get_by_label("What's happening?").fill(_near_limit()[0])
    expect(meter).to_have_class("composer__meter composer__meter--near")
    assert page.evaluate("window.scrollY") == 0
    for element in (meter, post):
        box = element.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 812, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_server_error_goes_away_once_the_text_is_fixed(site, nurse):
    page = _compose_page(site, nurse)
    form, meter, post = _composer(page)
    one_over = _one_over()
    page.get_by_label("What's happening?").fill(one_over)
    # Sent as a browser without the script would send it: the server refuses it and says why.
    with page.expect_navigation():
        page.evaluate("HTMLFormElement.prototype.submit.call(document.getElementById('composer'))")
    page.wait_for_function("window.TweetCampComposer !== undefined")
    errors = page.locator("#composer-errors")
    expect(errors).to_have_text("Your post is 1 character too long. Posts are at most 280 characters.")
    box = page.get_by_label("What's happening?")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#composer .composer__backdrop mark")).to_have_text(one_over[-1])
    expect(post).to_be_disabled()
    box.press("End")
    box.press("Backspace")
    expect(errors).to_have_count(0)
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(post).to_be_enabled()


def test_the_policy_checkers_warning_is_announced_when_it_appears(site, nurse):
    page = _compose_page(site, nurse)
    form, _, post = _composer(page)
    page.get_by_label("What's happening?").fill("Bed 4B's daughter wants an update, call me on 555-123-4567 after 6")
    expect(form.locator(".policy-warnings")).to_be_visible()
    expect(form.locator("[data-composer-live]")).to_contain_text("Before you post, check this:")
    expect(post).to_be_enabled()  # a warning, not a block


def test_without_javascript_the_server_counts_and_refuses(site, nurse):
    page = site.page(user=nurse, javascript=False)
    page.goto("/feed/compose/")
    form, meter, post = _composer(page)
    expect(meter).to_be_hidden()
    expect(form.locator(".counter")).to_have_text("280 characters left")
    page.get_by_label("What's happening?").fill(_one_over())
    post.click()
    expect(page.locator("#composer-errors")).to_have_text(
        "Your post is 1 character too long. Posts are at most 280 characters."
    )
    expect(page.locator("#composer .counter")).to_have_text("1 character over the limit")


def test_replies_quotes_and_drill_attempts_get_the_same_composer(site, nurse):
    colleague = verified_user(display_name="Cal Colleague", handle="cal", email="cal@example.org")
    original = services.create_post(user=colleague, feed=services.open_feed(), text="Who is on the rota for Sunday?")
    session = SessionFactory(hashtag="#WardSeven")
    enrolment.enrol(person=nurse, session=session)
    drill = DrillFactory(lesson=LessonFactory(course=session.course), instructions="Post with {session.hashtag}")
    page = site.page(user=nurse)
    too_long = "I can cover the early on Sunday 🙋🏽‍♀️ " * 9
    count = post_text.count(too_long)[0]
    assert count < 0
    for path, label in (
        (f"/feed/posts/{original.pk}/", "Your reply"),
        (f"/feed/compose/?quote_of={original.pk}", "Add a comment"),
        (f"/drills/{drill.pk}/", "Your post"),
    ):
        page.goto(path)
        page.wait_for_function("window.TweetCampComposer !== undefined")
        box = page.get_by_label(label)
        form = page.locator("form[data-composer]", has=box)
        meter, post = form.locator("[data-composer-meter]"), form.locator("[data-composer-submit]")
        box.fill(too_long)
        expect(meter.locator("[data-composer-left]")).to_have_text(str(count))
        expect(post).to_be_disabled()
        box.fill("I can cover the early on Sunday 🙋🏽‍♀️ #WardSeven")
        expect(meter).to_have_class("composer__meter")
        expect(post).to_be_enabled()


def test_the_counter_speaks_spanish(site, nurse, check):
    nurse.language = "es"
    nurse.save(update_fields=["language"])
    page = _compose_page(site, nurse)
    form, meter, _ = _composer(page)
    near, left = _near_limit()
    page.get_by_label("¿Qué está pasando?").fill(near)
    expect(form.locator("[data-composer-live]")).to_have_text(f"quedan {left} caracteres")
    page.get_by_label("¿Qué está pasando?").fill(near + " " + "x" * 30)
    expect(form.locator("[data-composer-live]")).to_contain_text("por encima del límite")
    check(page, "composer-over-es")


def test_the_counter_runs_under_the_enforced_content_security_policy(live_server, browser, settings, nurse):
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(base_url=live_server.url)  # no bypass_csp: the policy is enforced
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
        "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    client = Client()
    client.force_login(nurse)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    try:
        page = context.new_page()
        page.goto("/feed/compose/")
        page.wait_for_function("window.TweetCampComposer !== undefined")
        page.get_by_label("What's happening?").fill("x" * 290)
        expect(page.locator("#composer [data-composer-left]")).to_have_text("-10")
        expect(page.locator("#composer .composer__backdrop mark")).to_have_text("x" * 10)
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
