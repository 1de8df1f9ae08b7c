"""Benchmark: time from opening the chooser to its first verdict, cold and warm.

    python -m tests.bench.chooser_load [--runs N]     (or: make bench)

Builds the site into a temporary folder, serves it on 127.0.0.1 under the
same sub-path as GitHub Pages, and opens the chooser in headless Chromium:

* cold: a fresh browser profile (empty HTTP cache), the page opened by URL;
* warm: a new tab in the same profile (runtime files from the cache, a new
  worker, so Python starts again);
* return: leaving the chooser and coming back by instant navigation (the
  worker is kept, so no start-up at all).

Times come from the page's own clock (``performance.now()``, from navigation
start or from the click), recorded by a MutationObserver on the result
element's ``data-state``, so Playwright's polling adds nothing. It prints
figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import statistics
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

from tests.conftest import SUBPATH, _chromium_executable, _free_port, build_site, launch_chromium

READY = '#chooser-result:is([data-state="ready"], [data-state="error"])'
TIMEOUT_MS = 180_000

# Records, on the page's clock, when each start-up stage begins and when the
# result element changes state.
MARKS_SCRIPT = """
(() => {
  const marks = (window.__chooserMarks = []);
  new MutationObserver((mutations) => {
    for (const { target } of mutations) {
      if (target.id === "chooser-result") {
        marks.push({ state: target.dataset.state, t: performance.now() });
      } else if (target.dataset?.stage && target.dataset.status === "active") {
        marks.push({ stage: target.dataset.stage, t: performance.now() });
      }
    }
  }).observe(document, {
    subtree: true, attributes: true, attributeFilter: ["data-state", "data-status"],
  });
})();
"""


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextmanager
def served_site() -> Iterator[tuple[str, Path]]:
    """Build the site for a sub-path and serve it; yields (base URL, site dir)."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="chooser-bench-") as tmp:
        site_dir = Path(tmp) / SUBPATH.strip("/")
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        result = build_site(site_dir, base)
        if result.returncode != 0:
            raise SystemExit(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
        handler = functools.partial(_Handler, directory=tmp)
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield base, site_dir
        finally:
            server.shutdown()
            server.server_close()


def first_ready(page: Page, after: float = 0.0) -> dict[str, float]:
    """Wait for the first verdict after ``after`` ms; return stage and ready times."""
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    marks: list[dict[str, Any]] = page.evaluate("window.__chooserMarks")
    times: dict[str, float] = {}
    for mark in marks:
        if mark["t"] < after:
            continue
        key = mark.get("stage") or mark["state"]
        times.setdefault(key, mark["t"] - after)
    if "error" in times and "ready" not in times:
        raise SystemExit(f"the chooser failed to start: {page.inner_text('#chooser-result')}")
    return times


def measure(playwright: Playwright, executable: str | None, base: str, runs: int) -> dict[str, Any]:
    """Cold, warm and return timings over ``runs`` fresh profiles."""
    cold: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    back: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="chooser-bench-profile-") as profile:
            context: BrowserContext = launch_chromium(
                playwright, executable, Path(profile), base.split("/")[2]
            )
            context.add_init_script(MARKS_SCRIPT)
            try:
                page = context.new_page()
                page.goto(base + "chooser/")
                cold.append(first_ready(page))
                page.close()

                page = context.new_page()
                page.goto(base + "chooser/")
                warm.append(first_ready(page))

                page.locator(".md-nav__link", has_text="How to choose").first.click()
                page.wait_for_url("**/how-to-choose/")
                page.wait_for_selector("[data-chooser]", state="detached")
                clicked: float = page.evaluate("performance.now()")
                page.locator(".md-nav__link", has_text="Chooser").first.click()
                page.wait_for_url("**/chooser/**")
                back.append(first_ready(page, after=clicked)["ready"])
            finally:
                context.close()
    return {"cold": cold, "warm": warm, "back": back}


def shipped_bytes(site_dir: Path) -> list[tuple[str, int, int]]:
    """(file, bytes, gzip bytes) of what the chooser page downloads from assets/pyodide/."""
    rows = []
    for path in sorted((site_dir / "assets/pyodide").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            rows.append((path.name, len(data), len(gzip.compress(data, compresslevel=6))))
    return rows


def seconds(values: list[float]) -> str:
    """Median (min-max) of millisecond values, in seconds."""
    s = [v / 1000 for v in values]
    return f"median {statistics.median(s):5.2f} s   (min {min(s):.2f}, max {max(s):.2f})"


def report(results: dict[str, Any], rows: list[tuple[str, int, int]], browser: str) -> None:
    """Print the figures."""
    runs = len(results["cold"])
    version = json.loads(Path("node_modules/pyodide/package.json").read_text())["version"]
    print()
    print(f"Chooser: time from opening the page to the first verdict ({runs} runs)")
    print(f"  {browser}, headless; Pyodide {version}; {os.cpu_count()} CPUs; {platform.machine()}")
    for name, key in (("cold (empty cache)", "cold"), ("warm (cached, new tab)", "warm")):
        print(f"  {name:<38}{seconds([r['ready'] for r in results[key]])}")
        for stage, label in (
            ("download", "downloading the runtime"),
            ("start", "starting Python"),
            ("scorer", "loading the scorer"),
        ):
            starts = [r[stage] for r in results[key] if stage in r]
            if starts:
                print(f"      {label + ' begins at':<34}{seconds(starts)}")
    print(f"  {'back by instant navigation':<38}{seconds(results['back'])}  (worker kept)")
    total, packed = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print()
    print(f"Shipped to the chooser page: {total / 1e6:.2f} MB, {packed / 1e6:.2f} MB gzipped")
    for name, size, gz in rows:
        print(f"  {name:<46}{size / 1e6:7.2f} MB {gz / 1e6:7.2f} MB gzip")


def main(argv: list[str] | None = None) -> None:
    """Build, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh profiles to measure (3)")
    args = parser.parse_args(argv)
    executable = None if os.environ.get("PLAYWRIGHT_BUNDLED") == "1" else _chromium_executable()
    with served_site() as (base, site_dir), sync_playwright() as playwright:
        results = measure(playwright, executable, base, args.runs)
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        name = f"Chromium {browser.version}"
        browser.close()
        report(results, shipped_bytes(site_dir), name)


if __name__ == "__main__":
    main()
