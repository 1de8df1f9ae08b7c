"""Sharing a chooser result in Chromium: outcome pages, "Copy for wiki", the record's link back.

The address bar moves to the result's outcome page (chooser/<outcome>/?...)
as the verdict changes, and the page's links keep working after it moved.
Each "Copy for wiki" button copies its format and says "Copied" on itself.
The Markdown record links back to the result, and opening that link
restores the same verdict and answers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.chooser.chooser_page import (
    CHOOSER,
    answer,
    checked_answers,
    verdict,
    wait_for_share,
    wait_for_state,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.conftest import SiteBrowser

pytestmark = pytest.mark.browser

RESULT_LINE = re.compile(r"^- Result: \[(?P<text>.+)\]\((?P<url>\S+)\)$", re.MULTILINE)


def _clipboard(page: Page) -> str:
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def test_record_links_back_and_the_link_restores_the_verdict(
    shared_site_browser: SiteBrowser,
) -> None:
    shared_site_browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = shared_site_browser.open(CHOOSER)
    page.bring_to_front()
    wait_for_state(page, "ready")
    answer(page, "team", "python")
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core,team.python")
    assert page.url.endswith("/chooser/flask/?v=1&a=ml.core,team.python")
    assert verdict(page) == "flask"
    answers = checked_answers(page)

    button = page.locator('[data-action="copy-markdown"]')  # its name changes to "Copied"
    expect(button).to_have_accessible_name("Decision record")
    button.click()
    expect(button).to_have_text("Copied ✓")
    expect(page.locator("[data-slot=share-status]")).to_contain_text("link back")
    record = _clipboard(page)
    found = RESULT_LINE.search(record)
    assert found, record[:600]
    link = found.group("url")
    assert link == page.url == shared_site_browser.url("chooser/flask/?v=1&a=ml.core,team.python")
    assert "Recommendation: Flask (fit " in found.group("text")
    expect(button).to_have_text("Decision record", timeout=5_000)  # the label comes back

    other = shared_site_browser.new_page()

    other.bring_to_front()
    other.goto(link)
    wait_for_state(other, "ready")
    assert verdict(other) == "flask"
    assert checked_answers(other) == answers
    assert other.url == link
    assert shared_site_browser.external_requests == []


def test_copy_for_wiki_gives_a_markdown_line_and_an_html_snippet(
    shared_site_browser: SiteBrowser,
) -> None:
    shared_site_browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = shared_site_browser.open(CHOOSER + "?v=1&a=size.large,structure.built-in,team.python")
    page.bring_to_front()
    wait_for_state(page, "ready")
    link = shared_site_browser.url(
        "chooser/django/?v=1&a=size.large,structure.built-in,team.python"
    )
    assert page.url == link

    button = page.locator('[data-action="copy-wiki-link"]')
    expect(button).to_have_accessible_name("Markdown link")
    button.click()
    expect(button).to_have_text("Copied ✓")
    line = _clipboard(page)
    assert re.fullmatch(
        r"\[Recommendation: consider Django \(fit \d+% vs .+\]\(" + re.escape(link) + r"\)", line
    )

    button = page.locator('[data-action="copy-wiki-html"]')
    expect(button).to_have_accessible_name("HTML snippet")
    button.click()
    expect(button).to_have_text("Copied ✓")
    snippet = _clipboard(page)
    assert snippet.startswith(
        f'<p><a href="{link.replace("&", "&amp;")}">Recommendation: consider Django'
    )

    page.get_by_role("button", name="Copy link").click()
    assert _clipboard(page) == link
    assert page.locator('meta[property="og:url"]').get_attribute("content") == link
    assert shared_site_browser.external_requests == []


def test_links_still_lead_to_their_pages_after_the_address_moved(
    shared_site_browser: SiteBrowser,
) -> None:
    page = shared_site_browser.open(CHOOSER)
    page.bring_to_front()
    wait_for_state(page, "ready")
    answer(page, "team", "javascript")
    answer(page, "realtime", "core")
    wait_for_share(page, "a=realtime.core,team.javascript")
    page.wait_for_function("() => location.pathname.endsWith('/chooser/nodejs/')")
    # One folder deeper now; a nav link must still open the methodology page.
    page.locator("nav.md-nav--primary").get_by_role("link", name="Methodology").click()
    page.wait_for_function("() => location.pathname.endsWith('/methodology/')")
    assert urlsplit(page.url).path == urlsplit(shared_site_browser.url("methodology/")).path
    expect(page.locator("h1")).to_have_text(re.compile(r"^Methodology"))
    # Back restores the result from the outcome page's address.
    page.go_back()
    wait_for_state(page, "ready")
    assert verdict(page) == "nodejs"
    assert urlsplit(page.url).path.endswith("/chooser/nodejs/")
    assert shared_site_browser.external_requests == []
