"""The Content-Security-Policy as Chromium enforces it: pages and htmx work, and nothing is blocked.

The journeys open their browser contexts with bypass_csp (to inject axe-core); this test does not,
so a script, style or handler the policy refuses shows up here as a violation.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.scene import build_scene

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_pages_and_htmx_run_under_the_enforced_policy(
    live_server, browser, settings, employee, colleague, outsider, trainer, manager, admin_user
):
    settings.ALLOWED_HOSTS = ["*"]
    people = {"employee": employee, "colleague": colleague, "outsider": outsider, "trainer": trainer}
    scene = build_scene(**people, manager=manager, admin_user=admin_user)
    context = browser.new_context(base_url=live_server.url)  # no bypass_csp: the policy is enforced
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    client = Client()
    client.force_login(employee)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text))
    try:
        for path in (
            "/",
            "/courses/",
            f"/courses/{scene.course.slug}/",
            "/camp/",
            f"/drills/{scene.drill.pk}/",
            "/profile/",
            "/notifications/",
        ):
            page.goto(path)
            assert page.evaluate("window.__csp") == [], path
        # htmx is loaded and works: liking a post swaps it in place, with no page load.
        page.goto(f"/feed/posts/{scene.post.pk}/")
        assert page.evaluate("typeof window.htmx") == "object"
        page.evaluate("window.__marker = 1")
        page.locator(f"#post-{scene.post.pk} form[action$='/like/'] button").click()
        page.locator(f"#post-{scene.post.pk} form[action$='/unlike/']").wait_for()
        assert page.evaluate("window.__marker") == 1, "the like reloaded the page instead of swapping in place"
        assert page.evaluate("window.__csp") == []
        # And the policy really is enforced: an injected inline handler is refused and reported.
        page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<img src="x" onerror="window.__ran = 1">')""")
        page.wait_for_function("window.__csp.length > 0")
        assert page.evaluate("window.__ran") is None
        console.clear()
    finally:
        context.close()
    assert not [line for line in console if "Content Security Policy" in line], console
