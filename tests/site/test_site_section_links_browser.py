"""Section links in Chromium: permalinks copy a clean URL; no page keeps another page's fragment."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from tests.conftest import SiteBrowser

pytestmark = pytest.mark.browser


def test_permalink_copies_the_clean_section_url(shared_site_browser: SiteBrowser) -> None:
    shared_site_browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = shared_site_browser.open("methodology/?h=ratings")
    page.bring_to_front()
    clean = shared_site_browser.url("methodology/#ratings")
    link = page.locator("h2#ratings a.headerlink")
    expect(link).to_have_attribute("href", clean)
    page.wait_for_function("() => document.hasFocus()")  # the clipboard needs a focused page
    page.locator("h2#ratings").hover()
    link.click()
    expect(link).to_have_attribute("data-copied", "Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == clean
    assert page.url.endswith("#ratings")
    assert shared_site_browser.external_requests == []


def test_back_to_the_chooser_keeps_no_fragment_of_the_page_left(
    shared_site_browser: SiteBrowser,
) -> None:
    # The case: read down the chooser, open a page with a table of
    # contents, press Back. Material restores the chooser's scroll position,
    # and the page left behind used to write its active heading (#versions)
    # onto the chooser's address.
    page = shared_site_browser.open("chooser/?v=1&a=ml.core,team.python")
    page.bring_to_front()
    page.wait_for_selector('#chooser-result[data-state="ready"]', timeout=120_000)
    page.locator(".chooser-wiki").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Methodology").click()
    page.wait_for_function("() => location.pathname.endsWith('/methodology/')")
    page.wait_for_timeout(1_500)
    page.go_back()
    page.wait_for_selector('#chooser-result[data-state="ready"]', timeout=60_000)
    page.wait_for_timeout(1_500)  # past Material's tracking delay (250 ms + 250 ms)
    assert page.evaluate("location.hash") == ""
    assert page.url.endswith("/chooser/flask/?v=1&a=ml.core,team.python")


def test_a_fragment_naming_nothing_is_dropped(shared_site_browser: SiteBrowser) -> None:
    page = shared_site_browser.open("how-to-choose/#no-such-section")
    page.bring_to_front()
    page.wait_for_function("() => location.hash === ''")
    page.goto(shared_site_browser.url("how-to-choose/#growth"))
    page.wait_for_timeout(500)
    assert page.evaluate("location.hash") == "#growth"
