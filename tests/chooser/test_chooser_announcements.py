"""Screen readers hear the verdict once per change, and the chooser needs no mouse.

The verdict sits in a polite live region (``role=status``). Its text must
change only when the verdict changes: a slider moved by the arrow keys
re-scores on every keystroke, but says nothing new unless the verdict moves.
Everything here is driven by the keyboard alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.chooser.chooser_page import CHOOSER, verdict, wait_for_share, wait_for_state
from tests.site.a11y_support import announcements, record_announcements, wait_for_announcement

if TYPE_CHECKING:
    from tests.conftest import SiteBrowser

pytestmark = pytest.mark.browser

VERDICT_REGION = '[data-slot="verdict"]'


def test_verdict_is_announced_once_per_change(site_browser: SiteBrowser) -> None:
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "ready")
    region = page.locator(VERDICT_REGION)
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    record_announcements(page, VERDICT_REGION)
    keyboard = page.keyboard

    def tab_to(selector: str, limit: int = 150) -> None:
        for _ in range(limit):
            if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
                return
            keyboard.press("Tab")
        pytest.fail(f"Tab never reached {selector}")

    # One answer that decides the verdict: one announcement.
    tab_to('[data-question="team"] input')
    keyboard.press("ArrowDown")  # Python
    wait_for_share(page, "team.python")
    wait_for_announcement(page, VERDICT_REGION)
    first = verdict(page)
    said = announcements(page, VERDICT_REGION)
    assert len(said) == 1, said

    # Six keystrokes on a slider: six re-scores, and nothing new to say.
    tab_to("details.chooser-weights summary")
    keyboard.press("Enter")
    tab_to('input[data-criterion="learning-curve"]')
    for _ in range(6):
        keyboard.press("ArrowRight")
    wait_for_share(page, "learning-curve.")
    page.wait_for_timeout(1500)  # let every queued re-score land
    assert verdict(page) == first
    assert announcements(page, VERDICT_REGION) == said, "the live region repeated itself"
