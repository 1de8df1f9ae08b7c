"""Section links in Chromium: permalinks copy a clean URL; no page keeps another page's fragment."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_permalink_copies_the_clean_section_url(shared_site_browser):
    shared_site_browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = shared_site_browser.open("methodology/?h=ratings")
    clean = shared_site_browser.url("methodology/#ratings")
    link = page.locator("h2#ratings a.headerlink")
    expect(link).to_have_attribute("href", clean)
    page.locator("h2#ratings").hover()
    link.click()
    expect(link).to_have_attribute("data-copied", "Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == clean
    assert page.url.endswith("#ratings")
    assert shared_site_browser.external_requests == []


def test_back_to_the_chooser_keeps_no_fragment_of_the_page_left(shared_site_browser):
    page = shared_site_browser.open("chooser/?v=1&a=ml.core,team.python")
    page.wait_for_selector('#chooser-result[data-state="ready"]', timeout=120_000)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Methodology").click()
    page.wait_for_function("() => location.pathname.endsWith('/methodology/')")
    page.mouse.wheel(0, 800)
    page.wait_for_function("() => location.hash !== ''", timeout=10_000)  # tracking at work
    page.go_back()
    page.wait_for_selector('#chooser-result[data-state="ready"]', timeout=60_000)
    page.wait_for_timeout(1_500)  # past Material's tracking delay (250 ms + 250 ms)
    assert page.evaluate("location.hash") == ""
    assert page.url.endswith("/chooser/flask/?v=1&a=ml.core,team.python")


def test_a_fragment_naming_nothing_is_dropped(shared_site_browser):
    page = shared_site_browser.open("how-to-choose/#no-such-section")
    page.wait_for_function("() => location.hash === ''")
    page.goto(shared_site_browser.url("how-to-choose/#growth"))
    page.wait_for_timeout(500)
    assert page.evaluate("location.hash") == "#growth"
