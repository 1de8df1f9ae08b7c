"""Waiting in a browser test for something the test itself observes.

Playwright waits for what a page shows (``wait_for_function``,
``wait_for_selector``); ``wait_for`` waits for a Python check instead: a
request the test's own route has held, a file a page's worker saves in the
background and that a script reads back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import Page

T = TypeVar("T")


def wait_for(
    page: Page,
    check: Callable[[], T | None],
    what: str,
    timeout_ms: int = 60_000,
    every_ms: int = 250,
) -> T:
    """Call ``check()`` every ``every_ms`` until it returns something true, and
    return that; ``page`` keeps its events flowing meanwhile. After
    ``timeout_ms``, fail naming ``what`` was awaited."""
    for _ in range(max(1, timeout_ms // every_ms)):
        if found := check():
            return found
        page.wait_for_timeout(every_ms)
    raise AssertionError(f"timed out waiting for {what}")
