"""Post cards as a nurse who uses X expects them, in Chromium at 1280 and 375 px, with and without
JavaScript, in English and Spanish: a post seven followed people retweeted is one card ("Grace Okafor and
6 others retweeted"), the icon row never wraps, the whole card opens the conversation while its links keep
their own targets, quotes are embedded cards, and the organisation's own account has its page. And the
console stays clean: the favicon loads, htmx swaps raise no Content-Security-Policy violation, and no
request fails."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.roles import Role
from practice import services
from practice.models import Like, Post
from tests.factories import verified_user

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ["Grace Okafor", "Priya Nair", "Tom Walsh", "Aisha Khan", "Liam Byrne", "Mei Chen", "Sam Reid"]
HOSPICE = "Night shift on 4B raised £1,200 for the hospice. Proud of this team!"


@pytest.fixture
def timeline(settings):
    """Erin follows seven nurses who all retweeted Cal's post (Grace last), a quote with a reply, and the
    organisation, which has posted."""
    settings.PRACTICE_POST_RATE_LIMIT = 0
    erin = verified_user(display_name="Erin Employee", handle="erin", email="erin@example.org")
    cal = verified_user(display_name="Cal Colleague", handle="cal", email="cal@example.org")
    comms = verified_user(display_name="Chris Comms", handle="chris", email="chris@example.org", roles=[Role.TRAINER])
    feed = services.open_feed()
    post = services.create_post(user=cal, feed=feed, text=HOSPICE)
    friends = []
    for name in reversed(NAMES):
        handle = name.split()[0].lower()
        friend = verified_user(display_name=name, handle=handle, email=f"{handle}@example.org")
        services.follow(user=erin, target=friend)
        services.retweet(user=friend, post=post)
        friends.append(friend)
    grace = friends[-1]
    visiting = services.create_post(user=cal, feed=feed, text="Visiting hours change Monday: 11am to 8pm, adult wards.")
    quote = services.quote(user=grace, post=visiting, text="Please pass this on to families on your ward.")
    services.reply(user=friends[0], post=quote, text="Done, thanks Grace!")
    org = services.ensure_organisation()
    services.follow(user=erin, target=org)
    org_post = services.post_as_persona(
        user=comms, persona=org, feed=feed, text="Staff flu clinics open Monday, 8am to 6pm, in the atrium. #FluSeason"
    )
    return {"erin": erin, "post": post, "grace": grace, "quote": quote, "visiting": visiting, "org_post": org_post}


def one_card(page, text: str):
    return page.locator("article.post").filter(has=page.locator(".post__body .post__text", has_text=text))


ROW_FITS = """() => [...document.querySelectorAll('.post__actions')].map((row) => {
  const tops = [...row.children].map((child) => Math.round(child.getBoundingClientRect().top));
  return {one_line: new Set(tops).size === 1, fits: row.scrollWidth <= row.clientWidth + 1};
})"""


def click_on(page, locator) -> None:
    """A real click in the middle of an element, wherever the card's stretched link lies over it."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def assert_rows_on_one_line(page) -> None:
    rows = page.evaluate(ROW_FITS)
    assert rows and all(row["one_line"] and row["fits"] for row in rows), rows


def test_one_card_per_post_icon_rows_and_the_card_opens_its_conversation(site, timeline, check):
    page = site.page(user=timeline["erin"])
    page.goto("/feed/")
    grouped = one_card(page, "raised £1,200")
    expect(grouped).to_have_count(1)
    expect(grouped.locator(".post__context")).to_have_text(re.compile(r"^\s*Grace Okafor and 6 others retweeted\s*$"))
    expect(grouped.locator("time")).to_have_text(re.compile(r"^(now|\d+m)$"))
    expect(grouped.get_by_role("button", name="Like, 0 likes")).to_be_visible()
    expect(grouped.get_by_role("button", name="Retweet, 7 retweets")).to_contain_text("7")
    check(page, "home")
    assert_rows_on_one_line(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_rows_on_one_line(page)
    page.screenshot(path=str(check.folder / "home-cards-375-viewport.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # The name in "… retweeted" is a link of its own; the rest of the card opens the conversation.
    grouped.locator(".post__context a").click()
    expect(page).to_have_url(re.compile(r"/feed/people/grace/$"))
    page.go_back()
    click_on(page, one_card(page, "raised £1,200").locator(".post__body .post__text"))
    expect(page).to_have_url(re.compile(rf"/feed/posts/{timeline['post'].pk}/$"))
    check(page, "thread")

    # By keyboard: the time is the card's link.
    page.goto("/feed/")
    one_card(page, "raised £1,200").locator("a.post__time").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/feed/posts/{timeline['post'].pk}/$"))

    # A quote is an embedded card that opens the quoted post; "Replying to" names who a reply answers.
    page.goto("/feed/")
    quote = one_card(page, "Please pass this on")
    expect(quote.locator(".post__quote")).to_contain_text("Visiting hours change Monday")
    click_on(page, quote.locator(".post__quote .post__text"))
    expect(page).to_have_url(re.compile(rf"/feed/posts/{timeline['visiting'].pk}/$"))
    page.goto("/feed/")
    expect(one_card(page, "Done, thanks Grace!").locator(".post__replying")).to_have_text(
        re.compile(r"Replying to\s+@grace")
    )

    # Share: the post's address, ready to copy.
    grouped = one_card(page, "raised £1,200")
    grouped.get_by_label("Share this post").click()
    expect(grouped.get_by_label("Copy the link to this post")).to_have_value(
        re.compile(rf"/feed/posts/{timeline['post'].pk}/$")
    )

    # Like in place: only the action row is swapped, the "7 retweeted" heading stays.
    page.goto("/feed/")
    grouped = one_card(page, "raised £1,200")
    grouped.get_by_role("button", name="Like, 0 likes").click()
    expect(grouped.get_by_role("button", name="Liked, 1 like")).to_have_attribute("aria-pressed", "true")
    expect(grouped.locator(".post__context")).to_contain_text("and 6 others")
    assert Like.objects.filter(user=timeline["erin"], post=timeline["post"]).exists()


def test_the_organisation_s_page_and_cards(site, timeline, check):
    page = site.page(user=timeline["erin"])
    page.goto("/feed/")
    org_card = one_card(page, "Staff flu clinics")
    expect(org_card.locator(".post__verified")).to_have_attribute("title", "Organisation account")
    org_card.locator(".post__name").click()
    expect(page).to_have_url(re.compile(r"/feed/personas/ExampleHealth/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Example Health")
    check(page, "organisation")
    page.get_by_role("button", name=re.compile(r"^Following")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Follow\b"))).to_be_visible()
    # The lesson's "@ExampleHealth", typed into a people address, lands on the same page.
    page.goto("/feed/people/ExampleHealth/")
    expect(page).to_have_url(re.compile(r"/feed/personas/ExampleHealth/$"))


def test_a_fresh_retweet_brings_a_shown_post_to_the_top_once(site, timeline):
    page = site.page(user=timeline["erin"])
    page.goto("/feed/")
    expect(one_card(page, "Staff flu clinics")).to_have_count(1)
    newcomer = verified_user(display_name="Nia Nurse", handle="nia", email="nia@example.org")
    services.follow(user=timeline["erin"], target=newcomer)
    services.retweet(user=newcomer, post=timeline["org_post"])
    page.evaluate("() => htmx.trigger(document.body, 'postCreated')")  # what the 20-second poll does
    expect(page.locator("#new-posts-status")).to_contain_text("1 new post")
    expect(one_card(page, "Staff flu clinics")).to_have_count(1)
    expect(page.locator("#timeline > article.post").first).to_contain_text("Nia Nurse retweeted")
    ids = page.eval_on_selector_all("#timeline article[id^='post-']", "cards => cards.map((c) => c.id)")
    assert len(ids) == len(set(ids))


def test_cards_without_javascript(site, timeline, check):
    page = site.page(user=timeline["erin"], javascript=False)
    page.goto("/feed/")
    grouped = one_card(page, "raised £1,200")
    expect(grouped).to_have_count(1)
    check(page, "home-nojs", axe=False)
    grouped.get_by_role("button", name="Like, 0 likes").click()
    expect(one_card(page, "raised £1,200").get_by_role("button", name="Liked, 1 like")).to_be_visible()
    click_on(page, one_card(page, "raised £1,200").locator(".post__body .post__text"))
    expect(page).to_have_url(re.compile(rf"/feed/posts/{timeline['post'].pk}/$"))


def test_cards_in_spanish(site, timeline, check):
    erin = timeline["erin"]
    erin.language = "es"
    erin.save(update_fields=["language"])
    page = site.page(user=erin)
    page.goto("/feed/")
    grouped = one_card(page, "raised £1,200")
    expect(grouped.locator(".post__context")).to_contain_text("Grace Okafor y 6 personas más lo retuitearon")
    expect(grouped.get_by_role("button", name="Me gusta, 0 me gusta")).to_be_visible()
    expect(grouped.locator("time")).to_have_text(re.compile(r"^(ahora|\d+ min)$"))
    check(page, "home-es")


def test_the_console_stays_clean_under_the_enforced_policy(live_server, browser, settings, timeline):
    """No bypass_csp here (the journeys need it for axe): what the policy refuses shows as a violation."""
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    client = Client()
    client.force_login(timeline["erin"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    context.add_init_script(
        """window.__csp = []; document.addEventListener("securitypolicyviolation",
        (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # ERR_ABORTED is a request the next navigation cancelled (the favicon, fetched after load), not a failure;
    # a missing file shows as its 404 response below.
    page.on(
        "requestfailed",
        lambda request: (
            errors.append(f"failed: {request.url} {request.failure}") if request.failure != "net::ERR_ABORTED" else None
        ),
    )
    page.on("response", lambda got: errors.append(f"{got.status}: {got.url}") if got.status >= 400 else None)
    try:
        page.goto("/feed/")
        icon = page.evaluate("document.querySelector('link[rel=icon]').href")
        assert page.request.get(icon).status == 200 and page.request.get(icon).headers["content-type"].startswith(
            "image/svg"
        )
        page.evaluate("window.__sameDocument = 1")
        grouped = one_card(page, "raised £1,200")
        grouped.get_by_role("button", name="Like, 0 likes").click()
        expect(grouped.get_by_role("button", name="Liked, 1 like")).to_be_visible()
        grouped.get_by_role("button", name="Retweet, 7 retweets").click()
        expect(grouped.get_by_role("button", name="Retweeted, 8 retweets")).to_be_visible()
        grouped.get_by_role("button", name="Liked, 1 like").click()
        expect(grouped.get_by_role("button", name="Like, 0 likes")).to_be_visible()
        assert page.evaluate("window.__sameDocument") == 1, "an action reloaded the page instead of swapping"
        assert page.evaluate("window.__csp") == []
        for path in (f"/feed/posts/{timeline['post'].pk}/", "/feed/personas/ExampleHealth/", "/feed/people/grace/"):
            page.goto(path)
            assert page.evaluate("window.__csp") == [], path
        page.get_by_role("button", name=re.compile(r"^Following")).click()  # Erin follows Grace: htmx swap
        expect(page.get_by_role("button", name=re.compile(r"^Follow\b"))).to_be_visible()
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
    assert errors == []
    assert Post.objects.filter(author=timeline["erin"], retweet_of=timeline["post"]).exists()
