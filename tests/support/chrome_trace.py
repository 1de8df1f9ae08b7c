"""Chromium's own trace of one page load, for tests that check what the browser did."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page


def traced_visit(
    site_browser: Any, url: str, categories: str, until: Callable[[Page], object]
) -> list[dict[str, Any]]:
    """Open ``url`` in a new tab of ``site_browser`` while tracing ``categories``.

    Tracing runs from a blank tab, so the page's own start is in the trace;
    it stops once ``until(page)`` returns. Returns the trace's events.
    """
    blank = site_browser.new_page()
    cdp = site_browser.context.new_cdp_session(blank)
    events: list[dict[str, Any]] = []
    done: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    cdp.send("Tracing.start", {"categories": categories, "transferMode": "ReportEvents"})
    page = site_browser.new_page()
    page.goto(url)
    until(page)
    cdp.send("Tracing.end")
    while not done:
        blank.wait_for_timeout(100)
    page.close()
    blank.close()
    return events
