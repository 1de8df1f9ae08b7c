"""A deploy that changed the scorer keeps the Pyodide runtime a reader kept (Chromium).

The site is built twice, the second time with a changed scorer (a line added
to its knowledge file), so the chooser's cache gets a new name, as on every
such deploy. A reader ran the chooser on the first build, and the service
worker kept its runtime. After the deploy and the reload the update notice
offers, the new worker has moved the runtime's unchanged files into the new
cache, checked byte for byte (a kept file whose bytes differ from the new
build's stays behind), and dropped the old cache. The chooser then
starts from them: nothing of Pyodide's runtime or its standard library is
downloaded again, only the scorer's new wheel and lock, and its cache is
whole again afterwards.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.chooser.chooser_page import CHOOSER, wait_for_state
from tests.conftest import (
    ROOT,
    SUBPATH,
    QuietHandler,
    project_copy,
    site_browser_in,
)
from tests.offline.offline_site import (
    CHECK_FOR_UPDATE,
    CHOOSER_KEPT,
    deploy,
    served_deploys,
    wait_for_service_worker,
    wait_until_true,
)

if TYPE_CHECKING:
    from tests.conftest import SharedChromium, SiteBuilder

pytestmark = [pytest.mark.browser, pytest.mark.long]

# In a page of the site: the chooser caches there are, each with the addresses
# (relative to the site root) it holds.
CHOOSER_CACHES = """async () => {
  const root = new URL((await navigator.serviceWorker.getRegistration()).scope);
  const found = {};
  for (const name of await caches.keys()) {
    if (!name.includes("-chooser-")) continue;
    const requests = await (await caches.open(name)).keys();
    found[name] = requests.map((request) => request.url.slice(root.href.length)).sort();
  }
  return found;
}"""
# In a page of the site: SHA-256 of what the worker's caches answer for a file.
CACHED_SHA256 = """async (url) => {
  const root = new URL((await navigator.serviceWorker.getRegistration()).scope);
  const response = await caches.match(new URL(url, root));
  if (!response) return null;
  const digest = await crypto.subtle.digest("SHA-256", await response.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}"""
# In a page of the site: put other bytes under a file's address in a cache.
TAMPER = """async ([name, url]) => {
  const root = new URL((await navigator.serviceWorker.getRegistration()).scope);
  await (await caches.open(name)).put(new URL(url, root), new Response("// not the runtime"));
}"""
NEW_WORKER_IN_CHARGE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration.waiting === null && registration.installing === null
    && navigator.serviceWorker.controller?.scriptURL === registration.active?.scriptURL;
}"""


class RecordingHandler(QuietHandler):
    """Serves the site as GitHub Pages does, fresh for ten minutes, and notes each path asked for.

    So the deploy comes while the browser's HTTP cache still holds the first
    build's sw-chooser.js as fresh.
    """

    asked: list[str]

    def do_GET(self) -> None:
        self.asked.append(self.path)
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


def _project_with_changed_scorer(tmp_path: Path) -> Path:
    """A copy of the project whose scorer has one more line in its knowledge file."""
    copy = project_copy(tmp_path)
    (copy / "scorer").unlink()
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "scorer", copy / "scorer", ignore=ignore)
    knowledge = copy / "scorer" / "knowledge.toml"
    knowledge.write_text(
        knowledge.read_text(encoding="utf-8") + "# A line added by the second deploy.\n",
        encoding="utf-8",
    )
    return copy


def _chooser_files(site: Path) -> dict[str, Any]:
    figures = json.loads((site / "offline.json").read_text(encoding="utf-8"))
    chooser: dict[str, Any] = figures["chooser"]
    return chooser


@pytest.fixture
def two_deploys(
    site_builder: SiteBuilder, tmp_path: Path
) -> Iterator[tuple[str, Path, Path, Path, list[str]]]:
    """Builds one and two, and a recording server whose sub-path links to one of them."""
    asked: list[str] = []
    handler = type("Handler", (RecordingHandler,), {"asked": asked})
    project = _project_with_changed_scorer(tmp_path)
    with served_deploys(site_builder, tmp_path, project, handler) as deploys:
        yield (*deploys, asked)


def test_a_deploy_that_changed_the_scorer_keeps_the_runtime_a_reader_kept(
    two_deploys: tuple[str, Path, Path, Path, list[str]],
    chromium: SharedChromium,
) -> None:
    base_url, link, first, second, asked = two_deploys
    old, new = _chooser_files(first), _chooser_files(second)
    old_urls = {file["url"] for file in old["files"]}
    new_urls = {file["url"] for file in new["files"]}
    unchanged = sorted(
        url
        for url in old_urls & new_urls
        if (first / url).read_bytes() == (second / url).read_bytes()
    )
    changed = sorted(new_urls - set(unchanged))
    # What the scorer's change moved: its bundle's folder, and the cache's name.
    assert old["cache"] != new["cache"]
    assert any(url.endswith("/pyodide.asm.wasm") for url in unchanged), unchanged
    assert changed and all("/scorer-" in url for url in changed), changed

    with site_browser_in(chromium, base_url) as browser:
        chooser = browser.open(CHOOSER)
        wait_for_state(chooser, "ready")
        wait_for_service_worker(chooser)
        wait_until_true(chooser, CHOOSER_KEPT)
        assert chooser.evaluate(CHOOSER_CACHES) == {old["cache"]: sorted(old_urls)}
        # One kept file no longer holds what the new build has under its address.
        (tampered,) = [url for url in unchanged if url.endswith("/pyodide.mjs")]
        chooser.evaluate(TAMPER, [old["cache"], tampered])

        deploy(link, second)
        chooser.evaluate(CHECK_FOR_UPDATE)
        notice = chooser.locator("[data-offline-update]")
        notice.wait_for(state="visible", timeout=60_000)
        asked.clear()
        with chooser.expect_navigation(timeout=60_000):  # the notice reloads the page
            notice.get_by_role("button", name="Reload").click()
        wait_until_true(chooser, NEW_WORKER_IN_CHARGE)
        wait_for_state(chooser, "ready")

        # The old cache is gone; the unchanged files were carried into the new
        # one, but for the one whose bytes differ, which the chooser fetched anew.
        caches = chooser.evaluate(CHOOSER_CACHES)
        assert list(caches) == [new["cache"]]
        assert set(unchanged) <= set(caches[new["cache"]])
        for url in unchanged:
            expected = sha256((second / url).read_bytes()).hexdigest()
            assert chooser.evaluate(CACHED_SHA256, url) == expected, url
        # The chooser started again from them: of the runtime, at most the
        # tampered file came over the network (else from the HTTP cache), and
        # the new scorer bundle's wheel and lock; nothing packed, so no decoder
        # either (the standard library, in a folder named after its bytes, was
        # carried over too).
        runtime = {path for path in asked if "/assets/pyodide/" in path and "/scorer-" not in path}
        assert runtime <= {f"{SUBPATH}{tampered}"}, runtime
        fetched = {path for path in asked if "/scorer-" in path}
        assert fetched == {f"{SUBPATH}{url}" for url in changed}, fetched
        assert sorted(url.rsplit("/", 1)[-1].rsplit(".", 1)[-1] for url in changed) == [
            "json",
            "whl",
        ]
        # Kept whole again once the chooser has run on the new build.
        wait_until_true(chooser, CHOOSER_KEPT)
        assert browser.external_requests == []
