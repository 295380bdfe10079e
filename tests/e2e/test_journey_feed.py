"""Journey 4: the practice feed. Post with the live counter, reply, retweet, quote, like, follow, delete;
with JavaScript the page updates in place (htmx), and without JavaScript the same steps work by plain
form posts and redirects."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from practice import services
from practice.models import Follow, Like, Post
from tests.factories import verified_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    erin = verified_user(display_name="Erin Employee", handle="erin", email="erin@example.org")
    cal = verified_user(display_name="Cal Colleague", handle="cal", email="cal@example.org")
    feed = services.open_feed()
    original = services.create_post(user=cal, feed=feed, text="Our ward's #HandHygiene week starts Monday!")
    return erin, cal, original


def card(page, post: Post):
    return page.locator(f"#post-{post.pk}")


def mark_page(page):
    """A flag on window that survives only if the page is not reloaded."""
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_feed_journey_updates_in_place(site, people, check):
    erin, cal, original = people
    page = site.page(user=erin)

    # Follow, from Cal's profile: the button flips in place.
    page.goto(f"/feed/people/{cal.handle}/")
    check(page, "profile")
    mark_page(page)
    page.get_by_role("button", name=re.compile(r"^Follow")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Following"))).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#follow-button")).to_contain_text("1 follower")
    assert same_document(page)
    assert Follow.objects.filter(follower=erin, user=cal).exists()

    # Home: Cal's post is there now; the counter counts as Erin types.
    page.goto("/feed/")
    expect(card(page, original)).to_be_visible()
    check(page, "home")
    mark_page(page)
    box = page.get_by_label("What's happening?")
    box.fill("Washing hands for 20 seconds, every time. #HandHygiene")
    expect(page.locator("#composer-counter")).to_contain_text("226 characters left")
    box.fill("x" * 290)
    expect(page.locator("#composer-counter")).to_contain_text("10 characters over the limit")
    box.fill("Washing hands for 20 seconds, every time. #HandHygiene")
    page.locator("#composer").get_by_role("button", name="Post").click()
    expect(page.locator("#composer")).to_contain_text("Your post is live in the sandbox.")
    mine = Post.objects.get(author=erin, text__startswith="Washing hands")
    expect(card(page, mine)).to_be_visible()  # the poller fetched it at once
    check(page, "home-after-post")

    # Like and retweet Cal's post: each button flips in place and counts.
    cal_card = card(page, original)
    cal_card.get_by_role("button", name=re.compile(r"^Like\b")).click()
    expect(cal_card.get_by_role("button", name=re.compile(r"^Liked"))).to_contain_text("1")
    cal_card = card(page, original)
    cal_card.get_by_role("button", name=re.compile(r"^Retweet\b")).click()
    expect(cal_card.get_by_role("button", name=re.compile(r"^Retweeted"))).to_contain_text("1")
    assert same_document(page)
    assert Like.objects.filter(user=erin, post=original).exists()
    assert Post.objects.filter(author=erin, retweet_of=original).exists()

    # Delete her own post: confirmed, then gone from the page without a reload.
    page.once("dialog", lambda dialog: dialog.accept())
    card(page, mine).get_by_role("button", name=re.compile(r"^Delete")).click()
    expect(card(page, mine)).to_have_count(0)
    assert same_document(page)
    assert Post.objects.get(pk=mine.pk).is_deleted

    # Reply, from the conversation page: the reply joins the list in place.
    card(page, original).get_by_role("link", name=re.compile(r"^Reply")).click()
    expect(page.get_by_role("heading", name="Conversation", level=1)).to_be_visible()
    check(page, "conversation")
    mark_page(page)
    page.get_by_label("Your reply").fill("@cal Count me in!")
    page.locator("#composer").get_by_role("button", name="Reply").click()
    expect(page.locator("#composer")).to_contain_text("Your reply is posted.")
    reply = Post.objects.get(author=erin, reply_to=original)
    expect(page.locator("#timeline").locator(f"#post-{reply.pk}")).to_be_visible()
    assert same_document(page)

    # Quote it, from the quote page.
    page.goto("/feed/")
    card(page, original).get_by_role("link", name=re.compile(r"^Quote")).first.click()
    expect(page.get_by_role("heading", name="Quote a post", level=1)).to_be_visible()
    check(page, "quote")
    page.get_by_label("Add a comment").fill("Proud of this team.")
    page.locator("#composer").get_by_role("button", name="Post").click()
    # The learner lands on their quote, told it is posted, with no composer inviting a second quote.
    expect(page.locator(".messages")).to_contain_text("Your post is live in the sandbox.")
    quote = Post.objects.get(author=erin, quote_of=original, text="Proud of this team.")
    expect(page).to_have_url(re.compile(rf"/feed/posts/{quote.pk}/$"))
    expect(page.get_by_label("Add a comment")).to_have_count(0)


def test_feed_journey_without_javascript(site, people, check):
    erin, cal, original = people
    page = site.page(user=erin, javascript=False)

    page.goto(f"/feed/people/{cal.handle}/")
    check(page, "profile-nojs", axe=False)
    page.get_by_role("button", name=re.compile(r"^Follow")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Following"))).to_be_visible()
    assert Follow.objects.filter(follower=erin, user=cal).exists()

    page.goto("/feed/")
    check(page, "home-nojs", axe=False)
    expect(page.locator("#composer-counter")).to_contain_text("280 characters left")
    page.get_by_label("What's happening?").fill("x" * 290)
    page.locator("#composer").get_by_role("button", name="Post").click()
    expect(page.locator("#composer")).to_contain_text("over")  # the server refuses it and says why
    assert not Post.objects.filter(author=erin).exists()
    page.get_by_label("What's happening?").fill("No script needed. #HandHygiene")
    page.locator("#composer").get_by_role("button", name="Post").click()
    expect(page.get_by_text("Your post is live in the sandbox.")).to_be_visible()
    mine = Post.objects.get(author=erin, text__startswith="No script")

    page.goto("/feed/")
    card(page, original).get_by_role("button", name=re.compile(r"^Like\b")).click()
    expect(card(page, original).get_by_role("button", name=re.compile(r"^Liked"))).to_be_visible()
    card(page, original).get_by_role("button", name=re.compile(r"^Retweet\b")).click()
    expect(card(page, original).get_by_role("button", name=re.compile(r"^Retweeted"))).to_be_visible()

    card(page, mine).get_by_role("button", name=re.compile(r"^Delete")).click()
    expect(card(page, mine)).to_have_count(0)
    assert Post.objects.get(pk=mine.pk).is_deleted

    card(page, original).get_by_role("link", name=re.compile(r"^Reply")).click()
    page.get_by_label("Your reply").fill("@cal Without JavaScript too.")
    page.locator("#composer").get_by_role("button", name="Reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    assert Post.objects.filter(author=erin, reply_to=original).exists()

    page.goto(f"/feed/compose/?quote_of={original.pk}")
    page.get_by_label("Add a comment").fill("Quoted without JavaScript.")
    page.locator("#composer").get_by_role("button", name="Post").click()
    expect(page.get_by_text("Your post is live in the sandbox.")).to_be_visible()
    assert Post.objects.filter(author=erin, quote_of=original).exists()
    assert Like.objects.filter(user=erin, post=original).exists()


def test_feed_journey_in_spanish(site, people, check):
    """Journey 4's pages for a person whose profile says Spanish: nothing English is left in them."""
    erin, cal, original = people
    erin.language = "es"
    erin.save(update_fields=["language"])
    page = site.page(user=erin, locale="en-GB")  # the profile wins over the browser's English

    page.goto(f"/feed/people/{cal.handle}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("button", name=re.compile(r"^Seguir")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Siguiendo"))).to_be_visible()
    check(page, "profile-es")

    page.goto("/feed/")
    page.get_by_label("¿Qué está pasando?").fill("Lavarse las manos, siempre. #HandHygiene")
    expect(page.locator("#composer-counter")).to_contain_text("quedan 240 caracteres")
    page.locator("#composer").get_by_role("button", name="Publicar").click()
    expect(page.locator("#composer")).to_contain_text("Tu publicación ya está en el entorno de práctica.")
    card(page, original).get_by_role("button", name=re.compile(r"^Me gusta")).click()
    expect(card(page, original).get_by_role("button", name=re.compile(r"^Te gusta"))).to_be_visible()
    check(page, "home-es")

    card(page, original).get_by_role("link", name=re.compile(r"^Responder")).click()
    expect(page.get_by_role("heading", name="Conversación", level=1)).to_be_visible()
    check(page, "conversation-es")
    page.goto(f"/feed/compose/?quote_of={original.pk}")
    check(page, "quote-es")
    for path, name in (("/feed/mentions/", "mentions-es"), ("/feed/notifications/", "notifications-es")):
        page.goto(path)
        check(page, name)
    page.goto("/feed/search/?q=HandHygiene")
    check(page, "search-es")
