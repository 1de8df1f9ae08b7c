"""The search index is fetched, and the search worker started, when the reader
reaches for the search.

``overrides/partials/javascripts/search_on_demand.html`` holds back Material's
request for ``search/search_index.json`` (about 90 KB gzipped, on every full
page load), and hands Material a stand-in for its search worker, until the
reader points at, taps or focuses the search, or the page was opened with
``?q=`` or ``?h=``. Whether the page asked for the index is read from its own
resource timing, which lists the page's requests and not the service
worker's (it precaches the index for offline reading); which workers run,
from Playwright's list of the page's workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Route, expect

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

    from tests.conftest import SharedChromium, SiteBrowser

pytestmark = [pytest.mark.site, pytest.mark.browser]

INDEX = "search/search_index.json"
FIELD = "input.md-search__input"
META = ".md-search-result__meta"
WAITING = "Initializing search"
RESULT = "a.md-search-result__link"

FETCHED = f"""() => performance.getEntriesByType("resource")
    .some((entry) => new URL(entry.name).pathname.endsWith("/{INDEX}"))"""


def fetched(page: Page) -> bool:
    """Whether the page itself has asked for the search index."""
    asked: bool = page.evaluate(FETCHED)
    return asked


def search_workers(page: Page) -> list[str]:
    """The page's running search workers (Material's ``workers/search.*.js``)."""
    return [w.url for w in page.workers if "/workers/search." in w.url]


def idle(page: Page, ms: int = 1_500) -> None:
    """Let the page finish loading and sit for ``ms`` milliseconds."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(ms)


@pytest.mark.parametrize("path", ["", "how-to-choose/", "questions/performance/"])
def test_a_page_read_without_searching_never_fetches_the_index(
    shared_site_browser: SiteBrowser, path: str
) -> None:
    page = shared_site_browser.open(path)
    idle(page)
    assert not fetched(page), f"{path or 'home'}: the index was fetched without a search"
    assert search_workers(page) == [], f"{path or 'home'}: a search worker runs without a search"
    # Material's search is there, waiting for it.
    expect(page.locator(META)).to_have_text(WAITING)
    page.close()


def test_clicking_the_field_fetches_the_index_and_search_finds(
    shared_site_browser: SiteBrowser,
) -> None:
    page = shared_site_browser.open("how-to-choose/")
    idle(page, 500)
    assert not fetched(page)
    assert search_workers(page) == []
    page.locator(FIELD).click()
    page.keyboard.type("gunicorn")
    expect(page.locator(RESULT).first).to_be_visible()
    assert fetched(page)
    assert len(search_workers(page)) == 1
    assert shared_site_browser.external_requests == []
    page.close()


def test_the_keyboard_shortcut_fetches_the_index(shared_site_browser: SiteBrowser) -> None:
    page = shared_site_browser.open("methodology/")
    idle(page, 500)
    page.keyboard.press("/")
    expect(page.locator(FIELD)).to_be_focused()
    expect(page.locator(META)).not_to_have_text(WAITING)
    assert fetched(page)
    page.close()


def test_the_search_button_on_a_phone_fetches_the_index(shared_site_browser: SiteBrowser) -> None:
    page = shared_site_browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(shared_site_browser.url("questions/deployment/"))
    idle(page, 500)
    assert not fetched(page)
    page.locator("label.md-header__button[for='__search']").click()
    expect(page.locator(META)).not_to_have_text(WAITING)
    page.keyboard.type("docker")
    expect(page.locator(RESULT).first).to_be_visible()
    page.close()


def test_a_query_typed_before_the_index_arrives_is_answered(
    chromium: SharedChromium, site_server: str
) -> None:
    """On a slow link the reader types while the index is on its way. (Service
    workers are blocked here: the offline precache asks for the index too.)"""
    context = chromium.new_context(service_workers="block")
    held: list[Route] = []
    context.route(f"**/{INDEX}", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_server + "how-to-choose/")
    idle(page, 300)
    assert held == [], "the index was asked for before the reader searched"
    page.locator(FIELD).click()
    page.keyboard.type("gunicorn")
    page.wait_for_timeout(300)
    assert len(held) == 1, f"expected one request for the index, got {len(held)}"
    expect(page.locator(META)).to_have_text(WAITING)
    held[0].continue_()
    expect(page.locator(RESULT).first).to_be_visible()
    expect(page.locator(META)).not_to_have_text(WAITING)
    context.close()


def test_a_page_opened_with_words_to_highlight_fetches_the_index(
    shared_site_browser: SiteBrowser,
) -> None:
    """search.highlight: a result's link carries ``?h=``, and the page marks
    the words, which needs the index's settings."""
    page = shared_site_browser.open("questions/performance/?h=event+loop")
    expect(page.locator("article mark[data-md-highlight]").first).to_be_visible()
    assert fetched(page)
    page.close()


def test_search_started_after_instant_navigation_finds(shared_site_browser: SiteBrowser) -> None:
    """Material names its search worker by an address relative to the first
    page; the worker, started later, must still come from that address
    after instant navigation has moved the page to another folder."""
    page = shared_site_browser.open("")
    idle(page, 500)
    missing: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            missing.append(response.url)

    page.on("response", on_response)
    page.locator("a.md-nav__link[href$='methodology/']").first.click()
    page.wait_for_url(shared_site_browser.url("methodology/"))
    expect(page.locator("article h1")).to_contain_text("Methodology")
    # Material 9.8.2 closes the search 125 ms after the address changes
    # (`merge(location$, target$).pipe(delay(125))` in its bundle): a click
    # before that would see the search closed again, with or without the stand-in.
    page.wait_for_timeout(500)
    assert search_workers(page) == []
    page.locator(FIELD).click()
    page.keyboard.type("gunicorn")
    expect(page.locator(RESULT).first).to_be_visible()
    (worker,) = search_workers(page)
    assert worker.startswith(shared_site_browser.url("assets/javascripts/workers/search.")), worker
    assert missing == []
    page.close()
