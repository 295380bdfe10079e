"""Driving a page by keyboard alone: Tab until an element has focus, then Enter or Space."""

from __future__ import annotations

TAB_LIMIT = 300


def tab_to(page, locator, *, limit: int = TAB_LIMIT) -> None:
    """Press Tab until ``locator`` has focus; fail if it is never reached (not focusable, or hidden)."""
    target = locator.first
    target.wait_for(state="attached")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert target.evaluate(
                "el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; }"
            ), f"{locator} has focus but cannot be seen"
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
