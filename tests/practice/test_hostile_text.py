"""Hostile text is refused with a clear message or stored and shown inert; never a 500."""

import pytest
from django.urls import reverse

from practice.models import Post
from practice.templatetags.practice_tags import render_text
from tests.factories import world

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    "javascript:alert(1)",
    "click javascript:alert(document.cookie)//example.com",
    "</textarea><script>alert(1)</script>",
    "{{ request.user.password }} {% csrf_token %}",
    "\u202egnp.exe \u202d RTL override",
    "zero\u200bwidth\u200d joiner\ufeff",
    "emoji 👩‍👩‍👧‍👦 and combining é",
    '@erin<script> #tag<b>bold</b> https://example.org/"><script>',
    "https://example.org/?q=<script>&x=\"'",
]


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_and_shown_inert(client_for, w, text):
    client = client_for(w.employee)
    response = client.post(reverse("practice:compose"), {"text": text, "feed": w.a.pk})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert b"errorlist" in response.content
        return
    post = Post.objects.get(author=w.employee)
    page = client.get(reverse("practice:post", args=[post.pk])).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'onmouseover="alert' not in page
    assert "onfocus='alert" not in page
    assert 'href="javascript:' not in page.lower()


@pytest.mark.parametrize(
    "text",
    ["nul\x00byte", "bell\x07", "x" * 10_000, "漢" * 5_000, "y" * 25_000, "", "   \r\n  ", "\ufffe", "\x00" * 300],
)
def test_text_that_cannot_be_posted_is_a_form_error(client_for, w, text):
    response = client_for(w.employee).post(reverse("practice:compose"), {"text": text, "feed": w.a.pk})
    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not Post.objects.exists()


@pytest.mark.parametrize("text", ["x" * 10_000, "nul\x00byte", "\u202e" * 300, "@" * 5000, "#" * 5000, "a.b" * 3000])
def test_the_counter_answers_for_any_input(client_for, w, text):
    response = client_for(w.employee).post(reverse("practice:count"), {"text": text})
    assert response.status_code == 200


def test_the_counter_uses_the_servers_weighted_count(client_for, w):
    client = client_for(w.employee)
    response = client.post(reverse("practice:count"), {"text": "漢字 https://example.org/" + "a" * 100})
    # 2 CJK characters weigh 4, the space 1, the URL 23: 280 - 28 = 252.
    assert b"252 characters left" in response.content
    response = client.post(reverse("practice:count"), {"text": "x" * 290})
    assert b"10 characters over the limit" in response.content


def test_crlf_from_the_browser_is_stored_as_lf(client_for, w):
    client_for(w.employee).post(reverse("practice:compose"), {"text": "line one\r\nline two", "feed": w.a.pk})
    assert Post.objects.get().text == "line one\nline two"


def test_rendering_escapes_every_plain_segment():
    html = render_text("<b>hi</b> & \"quotes\" 'single'", {})
    assert html == "&lt;b&gt;hi&lt;/b&gt; &amp; &quot;quotes&quot; &#x27;single&#x27;"


def test_rendering_links_only_existing_mentions_hashtags_and_http_urls():
    html = render_text("@erin @ghost #Tag example.org http://x.com/a?b=<c>", {"erin": "/feed/people/erin/"})
    assert '<a href="/feed/people/erin/" class="post__mention">@erin</a>' in html
    assert "@ghost" in html and 'href="/feed/people/ghost' not in html
    assert '<a href="/feed/tags/tag/" class="post__tag">#Tag</a>' in html
    assert '<a href="https://example.org" rel="nofollow noopener" target="_blank">example.org</a>' in html
    assert "&lt;c&gt;" in html and "<c>" not in html


def test_a_javascript_url_is_never_a_link():
    html = render_text("javascript:alert(1) JAVASCRIPT://example.com/%0aalert(1)", {})
    assert "<a" not in html or 'href="javascript' not in html.lower()


def test_a_mention_in_a_list_links_the_handle_only():
    html = render_text("see @erin/friends", {"erin": "/feed/people/erin/"})
    assert '<a href="/feed/people/erin/" class="post__mention">@erin</a>/friends' in html


def test_a_refused_post_keeps_its_text_and_shows_the_overflow(client_for, w):
    response = client_for(w.employee).post(reverse("practice:compose"), {"text": "z" * 290, "feed": w.a.pk})
    body = response.content.decode()
    assert "z" * 290 in body and "10 characters over the limit" in body
