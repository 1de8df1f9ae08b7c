"""The chooser's engine starts when a reader is about to open the chooser.

On every page but the chooser, loader.js starts the chooser's engine once a
pointer has rested on a link to the chooser for a tenth of a second, or is
pressed on one; with instant navigation the chooser then joins that engine.
A pointer passing over the link starts nothing, nor does a browser asking
to save data, and an engine the reader never uses is stopped after a
minute. Real Chromium, the built site under its sub-path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, Request

from tests.chooser.chooser_page import CHOOSER, wait_until_settled
from tests.chooser.runtime_files import AFTER_FIRST_VERDICT, FIRST_VISIT_FILES
from tests.support.polling import wait_for

if TYPE_CHECKING:
    from tests.conftest import SiteBrowser

pytestmark = pytest.mark.browser

BUTTON = ".md-button--primary"  # the home page's "Answer a few questions in the chooser"
RUNTIME = "/assets/pyodide/"


def runtime_requests(page: Page) -> list[str]:
    """File names of the runtime's requests from this tab and its workers, as they come.

    Not those the site's service worker makes in turn to answer them.
    """
    names: list[str] = []

    def record(request: Request) -> None:
        if RUNTIME in request.url and request.service_worker is None:
            names.append(request.url.rsplit("/", 1)[-1])

    page.context.on("request", record)
    return names


def engines(page: Page) -> list[str]:
    """The chooser's Python workers in this tab.

    Not the short-lived worker that compiles the kept runtime's scripts for
    the next visit once the chooser has run (chooser/compile_ahead.js).
    """
    return [worker.url for worker in page.workers if worker.url.endswith("/chooser/worker.js")]


def is_wasm(request: Request) -> bool:
    return request.url.endswith("/pyodide.asm.first.wasm.br")


def open_home(site_browser: SiteBrowser) -> tuple[Page, list[str]]:
    page = site_browser.new_page()
    names = runtime_requests(page)
    page.goto(site_browser.url(""), wait_until="load")
    page.wait_for_load_state("networkidle")
    assert page.locator('meta[name="chooser"]').count() == 1
    return page, names


def test_resting_on_a_link_to_the_chooser_starts_the_engine_the_chooser_joins(
    site_browser: SiteBrowser,
) -> None:
    page, names = open_home(site_browser)
    assert names == [] and page.workers == []

    with page.context.expect_event("request", predicate=is_wasm, timeout=10_000):
        page.hover(BUTTON)
    assert len(engines(page)) == 1
    assert not page.url.endswith(CHOOSER)

    page.click(BUTTON)
    page.wait_for_url(f"**/{CHOOSER}")
    assert wait_until_settled(page) == "ready"
    assert len(engines(page)) == 1  # the chooser took over the worker the hover started
    assert len(names) == len(set(names)), "each file fetched once"
    assert set(names) - AFTER_FIRST_VERDICT == FIRST_VISIT_FILES
    assert site_browser.external_requests == []


def test_a_pointer_passing_over_the_link_starts_nothing(site_browser: SiteBrowser) -> None:
    page, names = open_home(site_browser)
    # Over the button and off it again at once, as a pointer on its way elsewhere.
    page.eval_on_selector(
        BUTTON,
        """(button) => {
            const next = document.querySelector("h1");
            button.dispatchEvent(new PointerEvent("pointerover", { bubbles: true }));
            button.dispatchEvent(
                new PointerEvent("pointerout", { bubbles: true, relatedTarget: next }));
        }""",
    )
    page.wait_for_timeout(1000)
    assert names == [] and page.workers == []

    # Moving within the link (onto its text) keeps the intent.
    page.hover(BUTTON)
    page.wait_for_event("worker", timeout=10_000)


def test_nothing_starts_early_when_the_browser_asks_to_save_data(site_browser: SiteBrowser) -> None:
    site_browser.context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'connection',"
        " { get: () => ({ saveData: true }) });"
    )
    page, names = open_home(site_browser)
    page.hover(BUTTON)
    page.wait_for_timeout(1000)
    assert names == [] and page.workers == []

    page.click(BUTTON)  # the chooser itself still starts it
    page.wait_for_url(f"**/{CHOOSER}")
    assert wait_until_settled(page) == "ready"


# Whether the tab's engine (the module loader.js imported) has started.
ENGINE_READY = """async (url) => {
    const { getEngine } = await import(url);
    return getEngine(null).info !== null;
}"""


def wait_for_engine(page: Page, site_browser: SiteBrowser) -> None:
    url = site_browser.url("assets/javascripts/chooser/engine.js")

    def ready() -> bool:
        return bool(page.evaluate(ENGINE_READY, url))

    wait_for(page, ready, "the engine to start", timeout_ms=60_000, every_ms=100)


def test_an_engine_the_reader_never_uses_is_stopped_and_can_start_again(
    site_browser: SiteBrowser,
) -> None:
    page = site_browser.new_page()
    page.clock.install()
    names = runtime_requests(page)
    page.goto(site_browser.url(""), wait_until="load")
    page.hover(BUTTON)
    worker = page.wait_for_event("worker", timeout=10_000)
    closed: list[bool] = []
    worker.on("close", lambda _: closed.append(True))
    page.mouse.move(0, 0)
    wait_for_engine(page, site_browser)  # started: its own stall timer is off
    assert "pyodide.asm.first.wasm.br" in names

    page.clock.fast_forward(40_000)  # the start took a few seconds of the minute
    page.wait_for_timeout(500)
    assert not closed
    page.clock.fast_forward(25_000)
    wait_for(
        page, lambda: closed, "the unused engine's worker to close", timeout_ms=10_000, every_ms=100
    )
    assert closed and page.workers == []

    page.hover(BUTTON)  # watched again: a new engine starts
    page.wait_for_event("worker", timeout=10_000)
    assert len(engines(page)) == 1


def test_an_engine_the_chooser_used_is_kept(site_browser: SiteBrowser) -> None:
    page = site_browser.new_page()
    page.clock.install()
    page.goto(site_browser.url(""), wait_until="load")
    page.hover(BUTTON)
    page.wait_for_event("worker", timeout=10_000)
    page.click(BUTTON)
    page.wait_for_url(f"**/{CHOOSER}")
    assert wait_until_settled(page) == "ready"
    page.locator(".md-nav__link", has_text="How to choose").first.click()
    page.wait_for_url("**/how-to-choose/")

    page.clock.fast_forward(61_000)
    page.wait_for_timeout(1000)
    assert len(engines(page)) == 1
