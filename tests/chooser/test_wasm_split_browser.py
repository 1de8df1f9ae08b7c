"""A first visit on the WebAssembly's first part, in Chromium (hooks/wasm_split.py).

On the site as built, a first visit gets its verdict from the first part,
with no stub reached; after it, the worker downloads the rest, splices the
whole module and the page keeps it, so nothing is downloaded twice and the
next visit restores Python's memory on the whole module. On a copy of the
site whose first part leaves out half the functions that a first verdict
runs, Python reaches a stub: the chooser starts again on the whole module,
names the function, and the reader still gets a verdict and answers, with
no error shown. On a copy whose rest belongs to another first part, the
spliced module fails its SHA-256 check and is not kept: the page keeps the
plain module instead.
"""

from __future__ import annotations

import functools
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import brotli  # type: ignore[import-untyped]  # no type information shipped
import pytest

from tests.chooser.chooser_page import CHOOSER, python_start, wait_for_state
from tests.chooser.runtime_files import FORGET_KEPT, chooser_attribute
from tests.chooser.snapshot_file import whole_snapshot
from tests.conftest import (
    SUBPATH,
    QuietHandler,
    _free_port,
    load_hook,
    serving,
    site_browser_in,
)
from tests.support.polling import wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.conftest import BuiltSite, SharedChromium, SiteBrowser

pytestmark = [pytest.mark.browser, pytest.mark.long]

wasm_split = load_hook("wasm_split.py")

# What the engine logs when it starts again (engine.js, #restart).
REACHED = re.compile(r"Python reached function (\d+)")
# The SHA-256 of the kept pyodide.asm.wasm, once the page has kept it; else null.
KEPT_WASM_SHA256 = """async () => {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (!request.url.endsWith("/pyodide.asm.wasm")) continue;
      const bytes = await (await cache.match(request)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    }
  }
  return null;
}"""
KEPT_TIMEOUT_S = 60


def kept_wasm_sha256(page: Page) -> str:
    """Wait until the page has kept pyodide.asm.wasm; its SHA-256."""
    deadline = time.monotonic() + KEPT_TIMEOUT_S
    while time.monotonic() < deadline:
        found = page.evaluate(KEPT_WASM_SHA256)
        if found:
            return str(found)
        page.wait_for_timeout(250)
    pytest.fail(f"pyodide.asm.wasm was not kept within {KEPT_TIMEOUT_S} s")


def change_an_answer(page: Page) -> None:
    """Pick another answer to the first question; wait for the new verdict."""
    before = page.evaluate("location.search")
    page.locator("[data-question] input[type=radio]").nth(1).check(force=True)
    deadline = time.monotonic() + 30
    while page.evaluate("location.search") == before:
        assert time.monotonic() < deadline, "the answer changed nothing"
        page.wait_for_timeout(100)
    wait_for_state(page, "ready")


def whole_sha256(site_dir: Path) -> str:
    digest = chooser_attribute(site_dir, "wasm-sha256")
    assert re.fullmatch("[0-9a-f]{64}", digest), f"not a SHA-256: {digest!r}"
    return digest


def open_chooser(browser: SiteBrowser) -> tuple[Page, list[str], list[str]]:
    """Open the chooser in a new tab until its first verdict: the tab, its
    console's messages (the worker's too) and the addresses the browser asked for."""
    messages: list[str] = []
    requests: list[str] = []
    browser.context.on("request", lambda request: requests.append(request.url))
    page = browser.new_page()
    page.on("console", lambda message: messages.append(message.text))
    page.goto(browser.url(CHOOSER))
    wait_for_state(page, "ready")
    return page, messages, requests


def test_a_first_visit_runs_on_the_first_part_and_keeps_the_whole(
    site_browser: SiteBrowser, built_site: BuiltSite
) -> None:
    page, messages, requests = open_chooser(site_browser)
    change_an_answer(page)
    assert kept_wasm_sha256(page) == whole_sha256(built_site.site_dir)
    assert not [text for text in messages if REACHED.search(text)], messages
    names = {url.rsplit("/", 1)[1] for url in requests}
    assert {"pyodide.asm.first.wasm.br", "pyodide.asm.rest.br"} <= names
    assert not names & {"pyodide.asm.wasm.br", "pyodide.asm.wasm"}, "downloaded twice"

    again = site_browser.new_page()
    again.goto(site_browser.url(CHOOSER))
    wait_for_state(again, "ready")
    assert python_start(again) == "snapshot"
    assert site_browser.external_requests == []


def snapshot_without_kept_runtime(browser: SiteBrowser) -> None:
    """A first visit, closed with its snapshot saved but its runtime forgotten.

    So does a reader's browser look when the tab was closed after the
    snapshot was saved (1.5 s after the reader's last answer) but before
    the page kept the whole module (3 s after the first verdict, then idle).
    The whole module is kept first here, and then forgotten, so that the
    page cannot keep it after the forgetting.
    """
    page, _, _ = open_chooser(browser)
    wait_for(page, lambda: whole_snapshot(page), "the snapshot to be saved")
    kept_wasm_sha256(page)
    page.evaluate(FORGET_KEPT)
    page.close()


def test_a_snapshot_restores_on_the_first_part(
    site_browser: SiteBrowser, built_site: BuiltSite
) -> None:
    """The snapshot is restored on the first part, with no stub reached: the
    list holds what a restore runs (make wasm-list). Then the rest is spliced
    in and the whole module kept, as after a first visit."""
    snapshot_without_kept_runtime(site_browser)
    page, messages, requests = open_chooser(site_browser)
    assert python_start(page) == "snapshot"
    assert not [text for text in messages if REACHED.search(text)], messages
    names = {url.rsplit("/", 1)[1] for url in requests}
    assert "pyodide.asm.first.wasm.br" in names
    assert kept_wasm_sha256(page) == whole_sha256(built_site.site_dir)
    assert whole_snapshot(page), "the snapshot is gone"
    assert site_browser.external_requests == []


def site_copy_with_parts(
    built_site: BuiltSite, root: Path, first_kept: set[int] | None, rest_kept: set[int] | None
) -> None:
    """Copy the built site into ``root``; rewrite its first part and rest as split by those lists.

    ``None`` leaves a part as built.
    """
    shutil.copytree(built_site.root, root, dirs_exist_ok=True)
    site = root / built_site.site_dir.name
    whole = next((site / "assets" / "pyodide").glob("*/pyodide.asm.wasm")).read_bytes()
    listed = wasm_split.read_list()
    for index, (name, kept) in enumerate((("first", first_kept), ("rest", rest_kept))):
        if kept is None:
            continue
        path = site / chooser_attribute(site, f"wasm-{name}")
        functions = wasm_split.FunctionList(listed.pyodide, listed.sha256, frozenset(kept))
        part = wasm_split.split(whole, functions)[index]
        path.write_bytes(brotli.compress(part, quality=1, lgwin=24))


@contextmanager
def serve_copy(root: Path) -> Iterator[str]:
    """Serve a site copy on a port of its own; yields its base URL."""
    port = _free_port()
    handler = functools.partial(QuietHandler, directory=str(root))
    with serving(handler, port):
        yield f"http://127.0.0.1:{port}{SUBPATH}"


@pytest.fixture(scope="module")
def half_listed_site(
    built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, set[int]]]:
    """A copy of the built site whose parts keep every second listed function.

    Served on a port of its own; yields its base URL and the functions kept.
    """
    root = tmp_path_factory.mktemp("half-listed")
    kept = set(sorted(wasm_split.read_list().kept)[::2])
    site_copy_with_parts(built_site, root, kept, kept)
    with serve_copy(root) as base_url:
        yield base_url, kept


def test_a_stub_reached_starts_again_on_the_whole_module(
    half_listed_site: tuple[str, set[int]],
    built_site: BuiltSite,
    chromium: SharedChromium,
) -> None:
    base_url, kept = half_listed_site
    with site_browser_in(chromium, base_url) as browser:
        page, messages, requests = open_chooser(browser)
        assert page.locator("#chooser-result [data-slot='error']").is_hidden()
        change_an_answer(page)
        reached = [int(found.group(1)) for text in messages if (found := REACHED.search(text))]
        assert len(reached) == 1, messages
        assert reached[0] not in kept
        names = [url.rsplit("/", 1)[1] for url in requests]
        # Started again on the whole module, spliced from the two parts: no
        # packed copy of the whole module exists to download.
        assert "pyodide.asm.rest.br" in names, "the rest was not downloaded"
        assert "pyodide.asm.wasm.br" not in names
        assert kept_wasm_sha256(page) == whole_sha256(built_site.site_dir)
        assert browser.external_requests == []


def test_a_stub_reached_in_a_restore_keeps_the_snapshot(
    built_site: BuiltSite, chromium: SharedChromium, tmp_path: Path
) -> None:
    """On a copy whose parts leave out the functions only a restore runs (the
    list's restore-only, as the list stood before 7 December 2026), restoring
    the snapshot on the first part reaches a stub. That says nothing against
    the snapshot: the worker on the whole module restores the same one, and
    nobody removes it. Until then the first worker took the stub for a
    broken snapshot and removed it, racing the next worker's read, which
    sometimes found nothing: Python then started afresh."""
    listed = wasm_split.read_list()
    assert listed.restore_only, "the list names no function only a restore runs (make wasm-list)"
    kept = set(listed.kept - listed.restore_only)
    root = tmp_path / "served"
    site_copy_with_parts(built_site, root, kept, kept)
    with serve_copy(root) as base_url, site_browser_in(chromium, base_url) as browser:
        snapshot_without_kept_runtime(browser)
        page, messages, _ = open_chooser(browser)
        reached = [int(found.group(1)) for text in messages if (found := REACHED.search(text))]
        assert reached and reached[0] in listed.restore_only, messages
        assert not [text for text in messages if "snapshot did not start" in text], messages
        assert python_start(page) == "snapshot"
        assert whole_snapshot(page), "the snapshot is gone"
        assert browser.external_requests == []


def test_a_rest_that_makes_another_module_is_not_kept(
    built_site: BuiltSite,
    chromium: SharedChromium,
    tmp_path: Path,
) -> None:
    """A rest file with one byte of a function's body changed: it splices
    without a fault, into a module that is not the build's."""
    root = tmp_path / "served"
    site_copy_with_parts(built_site, root, None, None)
    site = root / built_site.site_dir.name
    rest_path = site / chooser_attribute(site, "wasm-rest")
    rest = bytearray(brotli.decompress(rest_path.read_bytes()))
    rest[-2] ^= 0xFF  # within the last stubbed function's body
    rest_path.write_bytes(brotli.compress(bytes(rest), quality=1, lgwin=24))
    with (
        serve_copy(root) as base_url,
        site_browser_in(chromium, base_url) as browser,
    ):
        page, messages, requests = open_chooser(browser)
        assert kept_wasm_sha256(page) == whole_sha256(built_site.site_dir)
        assert any(
            "the WebAssembly was not made whole" in text
            and "made a module whose SHA-256 is" in text
            for text in messages
        ), messages
        # Kept all the same: the plain module, fetched for offline reading.
        assert any(url.endswith("/pyodide.asm.wasm") for url in requests), requests
        assert not [text for text in messages if REACHED.search(text)], messages
        assert browser.external_requests == []
