"""The published site offline, after one online visit (service worker, Chromium).

A reader opens one page online; the service worker Workbox generated installs
and precaches the site. Then the network goes (Playwright's offline mode):
every page, search and, once it ran online, the chooser keep working, at the
same URLs, under the sub-path.
"""

from __future__ import annotations

import json
import time
from hashlib import sha256
from typing import TYPE_CHECKING

import pytest

from tests.bench.chooser_load import SNAPSHOT_SAVED
from tests.bench.serve import pages_server
from tests.chooser.chooser_page import CHOOSER, python_start, result, wait_for_state
from tests.chooser.runtime_files import DECODER, DECODER_WASM
from tests.conftest import SUBPATH, site_browser_in
from tests.offline.offline_site import (
    CHOOSER_KEPT,
    search_results,
    wait_for_service_worker,
    wait_until_true,
)

if TYPE_CHECKING:
    from tests.conftest import BuiltSite, SharedChromium, SiteBrowser

pytestmark = [pytest.mark.browser, pytest.mark.long]


def test_the_service_worker_is_at_the_site_root_with_its_figures(built_site: BuiltSite) -> None:
    site = built_site.site_dir
    assert (site / "sw.js").is_file()
    figures = json.loads((site / "offline.json").read_text(encoding="utf-8"))
    assert figures["precache"]["files"] > 20
    chooser_urls = [entry["url"] for entry in figures["chooser"]["files"]]
    assert any(url.endswith("pyodide.asm.wasm") for url in chooser_urls)
    # What a first visit downloads packed is kept unpacked: no packed copy, no decoder.
    packed = figures["chooser"]["packed"]
    names = sorted(url.rsplit("/", 1)[-1] for url in packed)
    # The WebAssembly in two packed parts, which a start again also splices.
    wasm = ["pyodide.asm.first.wasm.br", "pyodide.asm.rest.br"]
    expected = [*wasm, "python_stdlib.zip.br", DECODER, DECODER_WASM]
    assert names == sorted(expected), packed
    assert not set(packed) & set(chooser_urls)
    worker = (site / "sw.js").read_text(encoding="utf-8")
    # Pages and search are precached; the chooser's runtime is not.
    assert '"questions/deployment/index.html"' in worker
    assert '"search/search_index.json"' in worker
    assert "pyodide.asm.wasm" not in worker
    assert figures["chooser"]["cache"] in (site / "sw-chooser.js").read_text(encoding="utf-8")


def test_pages_search_and_chooser_work_offline_after_one_visit(site_browser: SiteBrowser) -> None:
    page = site_browser.open("")
    wait_for_service_worker(page)
    chooser = site_browser.open(CHOOSER)  # the chooser runs once online
    wait_for_state(chooser, "ready")
    chooser.close()

    site_browser.context.set_offline(True)
    page.reload()
    assert page.locator("article h1").first.is_visible()
    # A page never visited, by its directory URL under the sub-path.
    response = page.goto(site_browser.url("questions/deployment/"))
    assert response is not None and response.ok
    assert page.locator("article h1").inner_text().strip() != ""
    # Instant navigation to another never-visited page.
    page.locator("a.md-nav__link[href$='methodology/']").first.click()
    page.wait_for_url(site_browser.url("methodology/"))
    page.wait_for_selector("article h1:has-text('Methodology')")
    # Search.
    hits = search_results(page, "Corrections")
    assert any("methodology/" in href for href in hits), hits

    # The chooser gives a verdict offline, from the runtime cached on its first run.
    began = time.perf_counter()
    offline = site_browser.new_page()
    offline.goto(site_browser.url(CHOOSER + "?v=1&a=team.python"))
    wait_for_state(offline, "ready")
    seconds = time.perf_counter() - began
    assert result(offline).get_attribute("data-verdict")
    print(f"offline: verdict {seconds:.1f} s after opening the chooser")
    assert site_browser.external_requests == []


CHOOSER_FORGOTTEN = """async () => {
  const root = new URL((await navigator.serviceWorker.getRegistration()).scope);
  const data = await (await fetch(new URL("offline.json", root))).json();
  return caches.delete(data.chooser.cache);
}"""


def test_the_chooser_keeps_its_runtime_from_the_browser_cache(
    built_site: BuiltSite,
    chromium: SharedChromium,
) -> None:
    """On a reader's first visit to the chooser the worker registers once the
    chooser has started, after it has fetched its runtime: the small files
    sit in the HTTP cache only, and the big two, downloaded packed, exist
    unpacked only in the chooser's memory. Once the chooser has started
    (chooser.js says so with a "chooser:ready" event that carries the
    unpacked files, as a promise: the whole WebAssembly is spliced from its
    two parts after the first verdict), offline.js copies what the chooser cache lacks, so
    nothing is downloaded twice, and the chooser works offline. Later visits
    read the kept files and download nothing packed. Served as GitHub Pages
    serves it (gzip, ten minutes' caching), counting what the server sends."""
    with pages_server(built_site.root) as (port, transfer):
        base_url = f"http://127.0.0.1:{port}{SUBPATH}"
        with site_browser_in(chromium, base_url) as browser:
            browser.context.add_init_script(
                "document.addEventListener('chooser:ready', (event) => "
                "(window.__chooserReady = event.detail))"
            )
            chooser = browser.open(CHOOSER)
            wait_for_state(chooser, "ready")
            unpacked = chooser.evaluate(
                "async () => Object.keys(await window.__chooserReady.unpacked)"
            )
            assert sorted(url.rsplit("/", 1)[-1] for url in unpacked) == [
                "pyodide.asm.wasm",
                "python_stdlib.zip",
            ]
            wait_for_service_worker(chooser)
            wait_until_true(chooser, CHOOSER_KEPT)

            # As when the worker caught none of the chooser's requests.
            assert chooser.evaluate(CHOOSER_FORGOTTEN) is True
            transfer.reset()
            chooser.evaluate(
                "() => document.dispatchEvent("
                "new CustomEvent('chooser:ready', { detail: window.__chooserReady }))"
            )
            wait_until_true(chooser, CHOOSER_KEPT)
            again = [path for path, _ in transfer.snapshot() if "/assets/pyodide/" in path]
            assert again == [], f"downloaded again: {again}"
            # The kept files are the site's, byte for byte.
            for url in unpacked:
                site_file = built_site.site_dir / url.split(SUBPATH, 1)[1]
                assert (
                    chooser.evaluate(KEPT_SHA256, url) == sha256(site_file.read_bytes()).hexdigest()
                )

            # A later visit reads them, with nothing packed to download.
            transfer.reset()
            later = browser.open(CHOOSER)
            wait_for_state(later, "ready")
            sent = [path for path, _ in transfer.snapshot() if "/assets/pyodide/" in path]
            figures = json.loads((built_site.site_dir / "offline.json").read_text(encoding="utf-8"))
            packed = {SUBPATH + url for url in figures["chooser"]["packed"]}
            assert packed and not packed & set(sent), sent

            browser.context.set_offline(True)
            offline = browser.open(CHOOSER + "?v=1&a=team.python")
            wait_for_state(offline, "ready")
            assert result(offline).get_attribute("data-verdict")
            assert browser.external_requests == []


# The sha256 of a file kept in Cache Storage (any cache), in hex.
KEPT_SHA256 = """async (url) => {
  const kept = await caches.match(url);
  const digest = await crypto.subtle.digest("SHA-256", await kept.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}"""


# Whether the site's worker was registered when the chooser settled (started or failed).
REGISTERED_WHEN_SETTLED = """for (const name of ["chooser:ready", "chooser:failed"]) {
  document.addEventListener(name, async () => {
    window.__registeredWhenSettled = Boolean(await navigator.serviceWorker.getRegistration());
  }, { once: true });
}"""


def test_on_the_chooser_page_the_worker_registers_after_the_chooser_starts(
    site_browser: SiteBrowser,
) -> None:
    """The load event does not wait for the chooser's runtime, which the page
    asks for by script: a precache started then would share a slow link with
    the runtime's 5 MB and hold back the first verdict."""
    site_browser.context.add_init_script(REGISTERED_WHEN_SETTLED)
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "ready")
    page.wait_for_function("() => window.__registeredWhenSettled !== undefined")
    assert page.evaluate("() => window.__registeredWhenSettled") is False
    wait_for_service_worker(page)  # and then it does register
    assert site_browser.external_requests == []


def test_a_chooser_that_cannot_start_does_not_hold_back_offline_reading(
    site_browser: SiteBrowser,
) -> None:
    site_browser.fail_requests_to("pyodide.asm.first.wasm.br")
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "error", timeout=60_000)
    wait_for_service_worker(page)
    assert site_browser.external_requests == []


# Holds registration back in one tab. Not done by failing the requests for
# sw.js: with Playwright's request routing on, the chooser opened after the
# worker took over now and then never got its Python worker's script (the
# request stayed pending until the page's 30 s watchdog; 5 of 47 runs, mostly
# with both cores busy). This way: none in 52 runs, 42 with both cores busy.
NO_REGISTRATION = (
    "navigator.serviceWorker.register = () => Promise.reject(new Error('held back by the test'))"
)


def test_the_service_worker_leaves_the_chooser_snapshot_alone(site_browser: SiteBrowser) -> None:
    """The worker, taking over, deletes the chooser caches of other builds. On
    a first visit it may take over after the chooser has saved its memory
    snapshot (it registers once the chooser has started): the snapshot must
    survive, so the next visit starts from it."""
    chooser = site_browser.new_page()
    chooser.add_init_script(NO_REGISTRATION)
    chooser.goto(site_browser.url(CHOOSER))
    wait_for_state(chooser, "ready")
    wait_until_true(chooser, SNAPSHOT_SAVED)
    assert chooser.evaluate("async () => !(await navigator.serviceWorker.getRegistration())")
    page = site_browser.open("")  # registers the worker, which takes over now
    wait_for_service_worker(page)
    assert page.evaluate(SNAPSHOT_SAVED) is True

    chooser.close()
    again = site_browser.open(CHOOSER)
    wait_for_state(again, "ready")
    assert python_start(again) == "snapshot"
    assert site_browser.external_requests == []


def test_the_save_control_states_the_size_and_saves_the_chooser(site_browser: SiteBrowser) -> None:
    page = site_browser.open("how-to-choose/")
    control = page.locator("[data-offline-save]")
    control.wait_for(state="visible")
    button = control.locator("button")
    label = button.inner_text()
    assert "Save for offline reading" in label and "MB" in label, label
    wait_for_service_worker(page)
    button.click()
    page.wait_for_selector("[data-offline-save][data-state='saved']", timeout=120_000)
    assert "works offline" in control.locator("[role=status]").inner_text()

    # Saved without ever opening the chooser: it starts offline.
    site_browser.context.set_offline(True)
    chooser = site_browser.open(CHOOSER)
    wait_for_state(chooser, "ready")
    assert site_browser.external_requests == []


def test_without_a_service_worker_the_site_reads_as_before(site_browser: SiteBrowser) -> None:
    site_browser.fail_requests_to("/sw.js")  # as where storage or workers are blocked
    errors: list[str] = []
    page = site_browser.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_browser.url("methodology/"))
    page.wait_for_selector("article h1:has-text('Methodology')")
    hits = search_results(page, "Corrections")
    assert any("methodology/" in href for href in hits), hits
    assert page.evaluate("() => navigator.serviceWorker.controller") is None
    assert page.locator("[data-offline-save]").is_hidden()
    assert errors == []
