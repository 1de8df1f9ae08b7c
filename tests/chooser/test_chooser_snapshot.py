"""The chooser's memory snapshot: saved after a first visit, used by the next,
and a broken one falls back to a normal start that still reaches a verdict.

The snapshot relies on a private Pyodide API (``_makeSnapshot``,
``makeMemorySnapshot``, ``_loadSnapshot``), so these tests pin both sides:
that the fast path really runs (``data-python-start="snapshot"`` on the
chooser), and that any failure of it costs the reader nothing but time.
"""

from __future__ import annotations

import pytest
from chooser_page import CHOOSER, answer, verdict, wait_for_share, wait_until_settled

from tests.bench.chooser_load import SNAPSHOT_CACHE as CACHE

pytestmark = pytest.mark.browser

SAVED_KEYS = f"async () => (await (await caches.open({CACHE!r})).keys()).map((r) => r.url)"
SNAPSHOT_TIMEOUT_MS = 60_000


def started(page) -> str | None:
    """How the page's Python started: normal, snapshot or fallback."""
    value: str | None = page.get_attribute("[data-chooser]", "data-python-start")
    return value


def saved_snapshots(page) -> list[str]:
    keys: list[str] = page.evaluate(SAVED_KEYS)
    return keys


def wait_for(page, check, what: str) -> None:
    """Poll ``check()`` (a Cache Storage read) until true; the worker saves in the background."""
    for _ in range(SNAPSHOT_TIMEOUT_MS // 250):
        if check():
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}")


def first_visit_saves_a_snapshot(site_browser):
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert started(page) == "normal"
    wait_for(page, lambda: saved_snapshots(page), "the snapshot to be saved")
    (key,) = saved_snapshots(page)
    assert "/assets/pyodide/scorer-" in key  # beside the scorer bundle: a new build, a new key
    page.close()
    return key


def test_second_visit_starts_from_the_snapshot_and_scores(site_browser):
    first_visit_saves_a_snapshot(site_browser)
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert started(page) == "snapshot"
    assert verdict(page) == "close-call"
    # The restored scorer answers like a freshly started one.
    answer(page, "team", "python")
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core,team.python")
    assert verdict(page) == "flask"
    assert site_browser.external_requests == []


def test_a_broken_snapshot_falls_back_to_a_normal_start(site_browser):
    key = first_visit_saves_a_snapshot(site_browser)
    page = site_browser.open("")  # any page of the site: same origin, same Cache Storage
    page.evaluate(
        """async ([name, key]) => {
            const cache = await caches.open(name);
            await cache.put(key, new Response(new Uint8Array(4096).fill(7)));
        }""",
        [CACHE, key],
    )
    page.close()

    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert started(page) == "fallback"
    assert verdict(page) == "close-call"
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core")
    # The broken snapshot is gone, replaced by a good one once the reader pauses.
    size = f"""async () => {{
        const response = await (await caches.open({CACHE!r})).match({key!r});
        return response ? (await response.arrayBuffer()).byteLength : 0;
    }}"""
    wait_for(page, lambda: page.evaluate(size) > 1e6, "a good snapshot to replace the broken one")
    page.close()
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert started(page) == "snapshot"
