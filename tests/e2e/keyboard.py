"""Driving a page by keyboard alone: Tab until an element has focus, then Enter or Space."""

from __future__ import annotations

TAB_LIMIT = 300
# The focused element is on screen, inside the viewport, and drawn with a focus ring (outline or box-shadow).
FOCUS_SEEN = """el => {
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  return onScreen && ring;
}"""


def tab_to(page, locator, *, limit: int = TAB_LIMIT) -> None:
    """Press Tab until ``locator`` has focus; fail if it is never reached (not focusable, or hidden)."""
    target = locator.first
    target.wait_for(state="attached")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert target.evaluate(FOCUS_SEEN), f"{locator} has focus but no visible focus indicator (WCAG 2.4.7)"
            return
    raise AssertionError(f"{locator} was never reached with Tab")


def activate(page, locator, key: str = "Enter", *, navigates: bool = True) -> None:
    """Tab to ``locator`` and press ``key``; by default wait for the page it leads to."""
    tab_to(page, locator)
    if navigates:
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)
