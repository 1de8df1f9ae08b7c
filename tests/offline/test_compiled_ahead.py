"""A reader's first return visit finds the big scripts compiled (Chromium).

Chromium keeps compiled JavaScript beside a copy in Cache Storage in two
cases: a classic script stored while the service worker installs, and any
script once it has run from there. Two things make the first return visit
to the chooser find its biggest scripts compiled:

- the theme's content-named files (``bundle.<hash>.min.js``) are precached
  under their own addresses (Workbox's ``dontCacheBustURLsMatching``), so
  the install step compiles them; under a ``?__WB_REVISION__`` key it does
  not;
- once the first visit has kept the chooser's runtime, offline.js runs
  ``chooser/compile_ahead.js``, which loads Pyodide's scripts from the kept
  copies without starting Python.

The proof is Chromium's own trace of the return visit: the compile events
name the size of the compiled code they read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page

from tests.bench.chooser_load import SNAPSHOT_SAVED
from tests.chooser.chooser_page import CHOOSER, wait_for_state
from tests.offline.offline_site import CHOOSER_KEPT, COMPILED_AHEAD, wait_until_true
from tests.support.chrome_trace import traced_visit

if TYPE_CHECKING:
    from tests.conftest import BuiltSite, SiteBrowser

pytestmark = pytest.mark.browser

THEME_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")
NAMED_BY_CONTENT = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")
TRACED = "devtools.timeline,v8"
COMPILES = ("v8.compile", "v8.compileModule")


def precache_manifest(site_dir: Path) -> dict[str, str | None]:
    """sw.js's precache list: revision (None: stored under its own address) by URL."""
    worker = (site_dir / "sw.js").read_text(encoding="utf-8")
    found = re.search(r'\[\{"url":.*?\}\]', worker)
    assert found, "no precache list in sw.js"
    return {entry["url"]: entry["revision"] for entry in json.loads(found.group(0))}


def test_content_named_theme_files_are_precached_under_their_own_addresses(
    built_site: BuiltSite,
) -> None:
    manifest = precache_manifest(built_site.site_dir)
    named_by_content = {url: rev for url, rev in manifest.items() if NAMED_BY_CONTENT.search(url)}
    assert any(THEME_BUNDLE.search(url) for url in named_by_content), sorted(manifest)
    assert set(named_by_content.values()) == {None}, named_by_content
    # Files whose names do not change with their content keep a revision.
    assert manifest["assets/javascripts/chooser/compile_ahead.js"]
    assert manifest["index.html"]


def traced_compiles(page_opener: SiteBrowser, url: str) -> list[dict[str, Any]]:
    """Open ``url`` in a new tab while tracing; the compile events' data."""
    events = traced_visit(page_opener, url, TRACED, lambda page: wait_for_state(page, "ready"))
    return [
        event["args"]["data"]
        for event in events
        if event.get("name") in COMPILES and event.get("args", {}).get("data")
    ]


def read_cache_bytes(compiles: list[dict[str, Any]], pattern: str) -> int:
    """The compiled code read for the script whose URL matches ``pattern`` (0: none)."""
    matching = [data for data in compiles if re.search(pattern, data.get("url", ""))]
    assert matching, f"no compile of {pattern} in the trace"
    return max(data.get("consumedCacheSize") or 0 for data in matching)


def test_a_first_return_visit_reads_compiled_code(site_browser: SiteBrowser) -> None:
    first = site_browser.open(CHOOSER)
    wait_for_state(first, "ready")
    wait_until_true(first, SNAPSHOT_SAVED)
    wait_until_true(first, CHOOSER_KEPT)
    wait_until_true(first, f"() => {COMPILED_AHEAD} !== '[]'")
    assert json.loads(first.evaluate(COMPILED_AHEAD)) == [{"ok": True, "message": ""}]
    first.close()

    compiles = traced_compiles(site_browser, site_browser.url(CHOOSER))
    # The theme's script, compiled at install: every function, about 0.4 MB.
    assert read_cache_bytes(compiles, THEME_BUNDLE.pattern) > 100_000
    # Pyodide's glue, compiled ahead: about 0.7 MB (a fresh compile reads 0).
    assert read_cache_bytes(compiles, r"/pyodide\.asm\.mjs$") > 300_000
    assert site_browser.external_requests == []


def compile_ahead(page: Page, message: dict[str, Any]) -> dict[str, Any]:
    """Start compile_ahead.js from ``page``, send it ``message``; its reply."""
    reply: dict[str, Any] = page.evaluate(
        """(message) => new Promise((resolve) => {
          const script = new URL("assets/javascripts/chooser/compile_ahead.js", document.baseURI);
          const worker = new Worker(script, { type: "module" });
          const reply = (data) => { worker.terminate(); resolve(data); };
          worker.onmessage = (event) => reply(event.data);
          worker.onerror = (event) => reply({ type: "error", message: event.message });
          worker.postMessage(message);
        })""",
        message,
    )
    return reply


def test_compile_ahead_names_what_was_wrong(site_browser: SiteBrowser) -> None:
    page = site_browser.open("")
    base = page.evaluate("document.baseURI")
    assert base.endswith("/node-or-flask/"), base
    reply = compile_ahead(page, {"runtime": "not a folder"})
    assert reply == {"type": "failed", "message": 'not a runtime folder: "not a folder"'}
    missing = site_browser.url("assets/pyodide/0.0.0/")
    reply = compile_ahead(page, {"runtime": missing})
    assert reply["type"] == "failed"
    assert "pyodide.mjs" in reply["message"], reply
