"""The phone layout, in Chromium at 375 x 667 (an iPhone SE) and at 1280: one compact top bar whose "Menu"
disclosure holds the site links, a bottom tab bar (Home, Search, Notifications with its unread count,
Profile) in the practice feed, and the composer on the first screen without scrolling. At 1280 the desktop
layout is as before: the site links in the header, the side navigation, no tab bar."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from practice import services
from tests.e2e.checks import SCREENSHOTS
from tests.e2e.keyboard import tab_to
from tests.factories import verified_user

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}
POSTS = [
    "Handover tip: write the plan for the next 4 hours, not the story of the last 12.",
    "Reminder: mandatory fire training slots are open for January. Book through the learning hub.",
    "Huge thanks to the night team on 6A for covering two sick calls without a single missed obs round.",
    "Flu jabs for staff in the atrium Monday to Friday, 8am to 6pm. No appointment needed.",
    "Has anyone got a good pocket guide for paediatric sepsis screening? Asking for our new starters.",
    "Ward 4B bake sale raised £640 for the hospice. Lemon drizzle sold out by 10am.",
]
SHOTS = SCREENSHOTS / "phone-layout"


@pytest.fixture
def ward(settings):
    """Nadia follows Grace, who has posted; Grace replied to Nadia in a post that mentions her, so Nadia has
    two unread notifications."""
    settings.PRACTICE_POST_RATE_LIMIT = 0
    nadia = verified_user(display_name="Nadia Nurse", handle="nadia", email="nadia@example.org")
    grace = verified_user(display_name="Grace Okafor", handle="grace", email="grace@example.org")
    feed = services.open_feed()
    # A cohort too, so the composer shows its "Post to" selector, as it does for a learner on a course.
    cohort = services.create_cohort_feed(name="4B preceptorship, January", starts_at=None)
    services.add_member(feed=cohort, user=nadia)
    services.follow(user=nadia, target=grace)
    mine = services.create_post(user=nadia, feed=feed, text="First week on 4B done. Everyone has been so welcoming.")
    for text in POSTS:
        services.create_post(user=grace, feed=feed, text=text)
    services.reply(user=grace, post=mine, text="@nadia lovely to have you with us!")
    return {"nadia": nadia, "grace": grace, "feed": feed}


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # ERR_ABORTED is a request the next navigation cancelled (the favicon, fetched after load), not a failure.
    page.on(
        "requestfailed",
        lambda request: (
            errors.append(f"failed: {request.url} {request.failure}") if request.failure != "net::ERR_ABORTED" else None
        ),
    )
    page.on("response", lambda got: errors.append(f"{got.status}: {got.url}") if got.status >= 400 else None)
    return errors


def top(locator) -> float:
    return locator.bounding_box()["y"]


def bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_on_a_phone_the_composer_is_on_the_first_screen_and_the_tab_bar_navigates(site, ward, check):
    page = site.page(user=ward["nadia"], **PHONE)
    errors = console_errors(page)
    page.goto("/feed/")
    tabs = page.get_by_role("navigation", name="Practice tabs")
    expect(tabs).to_be_visible()
    # One compact top bar: the brand and the menu on one line; the side navigation is gone.
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] <= 56
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Practice feed")).to_be_hidden()
    assert abs(top(page.locator(".brand")) - top(page.locator(".site-menu__toggle"))) < 12
    # The composer's box and its Post button are on the first screen, above the tab bar.
    bar_top = top(tabs)
    assert bar_top >= PHONE["height"] - 80
    textarea = page.get_by_role("textbox", name="What's happening?")
    post = page.get_by_role("button", name="Post", exact=True)
    assert top(textarea) >= 0 and bottom(textarea) <= bar_top
    assert top(post) >= 0 and bottom(post) <= bar_top, (bottom(post), bar_top)
    expect(page.get_by_role("combobox", name="Post to")).to_be_visible()
    shoot(page, "home-375")
    # The current tab is marked; the unread count shows on Notifications.
    expect(tabs.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name=re.compile(r"^Notifications 2 unread$"))).to_be_visible()
    # The last card is not hidden under the tab bar once the page is scrolled to the end.
    page.keyboard.press("End")
    page.wait_for_function("() => window.scrollY + innerHeight >= document.documentElement.scrollHeight - 1")
    assert bottom(page.locator("article.post").last) <= top(tabs)
    # Action rows stay on one line.
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.post__actions')].map((row) => new Set([...row.children]
        .map((child) => Math.round(child.getBoundingClientRect().top))).size)"""
    )
    assert rows and set(rows) == {1}, rows
    check(page, "phone home")

    for name, path, heading in [
        ("Search", "/feed/search/", "Search"),
        ("Notifications", "/feed/notifications/", "Notifications"),
        ("Profile", "/feed/people/nadia/", "Nadia Nurse"),
        ("Home", "/feed/", "Home"),
    ]:
        page.get_by_role("navigation", name="Practice tabs").get_by_role("link", name=re.compile(f"^{name}")).click()
        expect(page).to_have_url(re.compile(f"{re.escape(path)}$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        current = page.get_by_role("navigation", name="Practice tabs").get_by_role("link", name=re.compile(f"^{name}"))
        expect(current).to_have_attribute("aria-current", "page")
        expect(page.locator(".tab-bar a[aria-current='page']")).to_have_count(1)
        if name == "Notifications":
            shoot(page, "notifications-375")
            check(page, "phone notifications")
        if name == "Profile":
            shoot(page, "profile-375")
    # Someone else's profile is not "your" Profile tab.
    page.goto("/feed/people/grace/")
    expect(page.locator(".tab-bar a[aria-current='page']")).to_have_count(0)
    assert errors == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_phone_menu_opens_by_keyboard_and_lists_the_site_links(site, ward, check, javascript):
    page = site.page(user=ward["nadia"], javascript=javascript, **PHONE)
    errors = console_errors(page)
    page.goto("/feed/")
    menu = page.locator(".site-menu")
    toggle = page.get_by_text("Menu", exact=True)
    expect(page.get_by_role("link", name="My record")).to_be_hidden()
    tab_to(page, toggle)
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    links = page.get_by_role("navigation", name="Site menu")
    for label in ["Home", "My camp", "Courses", "My record", "Mentions", ward["feed"].name]:
        expect(links.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(links.get_by_role("link", name=re.compile(r"^Practice feed"))).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    expect(menu).to_contain_text("Nadia Nurse")
    if javascript:
        shoot(page, "menu-open-375")
        check(page, "phone menu open", screenshots=False)
    # Keyboard on: the next Tab goes into the menu, and Enter follows the link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-menu') !== null")
    tab_to(page, links.get_by_role("link", name="My record"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/reports/me/$"))
    assert errors == []


def test_at_1280_the_desktop_layout_is_unchanged(site, ward, check):
    page = site.page(user=ward["nadia"], width=1280, height=900)
    errors = console_errors(page)
    page.goto("/feed/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My record")).to_be_visible()
    expect(page.locator(".account-menu")).to_contain_text("Nadia Nurse")
    side = page.get_by_role("navigation", name="Practice feed")
    expect(side).to_be_visible()
    expect(side.get_by_role("link", name="Your profile")).to_be_visible()
    expect(page.get_by_role("navigation", name="Practice tabs")).to_be_hidden()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    # The side navigation sits beside the timeline, not above it.
    beside = page.locator(".practice-nav").bounding_box()
    timeline = page.locator(".practice-main").bounding_box()
    assert beside["x"] + beside["width"] <= timeline["x"]
    shoot(page, "home-1280")
    check(page, "desktop home")
    assert errors == []


def test_signed_out_on_a_phone_sign_in_and_sign_up_stay_in_the_top_bar(site, check):
    page = site.page(**PHONE)
    errors = console_errors(page)
    page.goto("/accounts/login/")
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()
    expect(account.get_by_role("link", name="Sign up")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_have_count(0)
    assert page.locator(".site-header").bounding_box()["height"] <= 56
    check(page, "phone sign in")  # axe too: "Forgot your password?" is a large enough target
    assert errors == []
