"""Helpers for the offline tests: waiting for the service worker, searching.

Shared by the tests in tests/offline/ and the offline benchmark. Waits watch
the page's state, never the clock.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tests.conftest import ROOT, SUBPATH, QuietHandler, _free_port, serving
from tests.support.polling import wait_for

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

    from tests.conftest import SiteBuilder

# In a page of the site: whether the worker's chooser cache holds every chooser
# file (the worker's scope is the site root, wherever the address bar has moved).
CHOOSER_KEPT = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return false;
  const root = new URL(registration.scope);
  const data = await (await fetch(new URL("offline.json", root), { cache: "no-cache" })).json();
  const cache = await caches.open(data.chooser.cache);
  const found = await Promise.all(data.chooser.files.map((f) => cache.match(new URL(f.url, root))));
  return found.every(Boolean);
}"""

# In a page of the site: what offline.js's compile-ahead pass ended with, as
# JSON ([] until it has: the runtime kept on this visit, its scripts compiled
# in chooser/compile_ahead.js), e.g. '[{"ok":true,"message":""}]'.
COMPILED_AHEAD = (
    "JSON.stringify(performance.getEntriesByName('chooser:compiled-ahead').map((e) => e.detail))"
)

# In a page of the site: ask the browser to check for a new deploy's worker now.
CHECK_FOR_UPDATE = "() => navigator.serviceWorker.getRegistration().then((r) => r.update())"

# In a page showing the update notice (offline.js): press its Reload and say,
# in the same task (before the page reloads), what the notice then shows:
# its text, and its buttons as [label, disabled, marked unavailable]. The
# button is focused first, as a keyboard reader's is; where the focus is
# after the next frame (a disabled button loses it then, not at once) is
# kept in the session's storage as FOCUS_AFTER_RELOAD, to read once the page
# has reloaded (about a second later in Chromium 156).
FOCUS_AFTER_RELOAD = "nof-test:focus-after-reload"
CLICK_RELOAD = f"""() => {{
    const notice = document.querySelector("[data-offline-update]");
    const reload = [...notice.querySelectorAll("button")].find((b) => b.textContent === "Reload");
    reload.focus();
    reload.click();
    requestAnimationFrame(() => setTimeout(() => {{
        const focused = document.activeElement;
        const label = `${{focused.tagName}} ${{focused.textContent.trim().slice(0, 40)}}`;
        sessionStorage.setItem({FOCUS_AFTER_RELOAD!r}, label);
    }}));
    return {{
        text: notice.querySelector("span").textContent,
        buttons: [...notice.querySelectorAll("button")].map(
            (b) => [b.textContent, b.disabled, b.getAttribute("aria-disabled")]
        ),
    }};
}}"""

SEARCH = "input.md-search__input"
RESULT_LINK = "a.md-search-result__link"


@contextmanager
def served_deploys(
    site_builder: SiteBuilder,
    tmp_path: Path,
    second_project: Path,
    handler: type[QuietHandler] = QuietHandler,
) -> Iterator[tuple[str, Path, Path, Path]]:
    """Build the project, then ``second_project``; serve the first under SUBPATH.

    Yields (base URL, the served link, first build, second build): ``deploy``
    points the link at the second. ``handler`` serves the requests.
    """
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}{SUBPATH}"
    first, second = tmp_path / "first", tmp_path / "second"
    for out, project in ((first, ROOT), (second, second_project)):
        result = site_builder(out, base_url, cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
    served = tmp_path / "served"
    served.mkdir()
    link = served / SUBPATH.strip("/")
    link.symlink_to(first)
    with serving(functools.partial(handler, directory=str(served)), port):
        yield base_url, link, first, second


def deploy(link: Path, build: Path) -> None:
    """Point the served ``link`` at ``build`` at once, as a deploy does."""
    swap = link.with_name(".swap")
    swap.symlink_to(build)
    swap.replace(link)  # atomic, as a deploy should be


def wait_for_service_worker(page: Page, timeout: float = 60_000) -> None:
    """Wait until the site's worker is active (its precache complete) and controls the page."""
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null",
        timeout=timeout,
    )
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")


def wait_until_true(page: Page, check: str, timeout: float = 120_000, every: float = 500) -> None:
    """Run the async function ``check`` in the page until it resolves true.

    (``page.wait_for_function`` would take the promise an async function
    returns for a true value.)
    """

    def resolved_true() -> bool:
        return page.evaluate(check) is True

    wait_for(
        page,
        resolved_true,
        f"{check} to resolve true",
        timeout_ms=int(timeout),
        every_ms=int(every),
    )


def search_results(page: Page, query: str, timeout: float = 20_000) -> list[str]:
    """Type ``query`` into Material's search box; the hrefs of the results."""
    search = page.locator(SEARCH)
    search.click()
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')"
        "?.textContent || 'Initializing')",
        timeout=timeout,
    )
    search.fill(query)
    search.press("End")  # Material searches on keyup, which fill() does not send
    # Attached, not visible: Material may draw a result's link hidden (seen once
    # in Chromium 156: the first of two results, for 20 s); its href still counts.
    page.wait_for_selector(RESULT_LINK, state="attached", timeout=timeout)
    hrefs: list[str] = page.eval_on_selector_all(RESULT_LINK, "links => links.map(a => a.href)")
    return hrefs
