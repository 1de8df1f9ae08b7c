"""The chooser's memory snapshot: saved after a first visit, used by the next,
and a broken one falls back to a normal start that still reaches a verdict.

The snapshot relies on a private Pyodide API (``_makeSnapshot``,
``makeMemorySnapshot``, ``_loadSnapshot``), so these tests pin both sides:
that the fast path really runs (``data-python-start="snapshot"`` on the
chooser), and that any failure of it costs the reader nothing but time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest

from tests.bench.chooser_load import SNAPSHOT_FILE, SNAPSHOT_FOLDER
from tests.bench.start_steps import READY_MARK
from tests.chooser.chooser_page import (
    CHOOSER,
    answer,
    python_start,
    verdict,
    wait_for_share,
    wait_until_settled,
)
from tests.chooser.snapshot_file import MAGIC, saved, whole_snapshot
from tests.support.polling import wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.conftest import BuiltSite, SiteBrowser

pytestmark = pytest.mark.browser


OLD_CACHE = "node-or-flask-snapshot"  # where snapshots lived until 3 December 2026

# Write a snapshot file as snapshot.js would: [key, memory size, the size the
# header declares, the byte the memory is filled with].
WRITE = f"""async ([key, size, declared, fill]) => {{
  const folder = await (await navigator.storage.getDirectory())
    .getDirectoryHandle({SNAPSHOT_FOLDER!r}, {{ create: true }});
  const name = new TextEncoder().encode(key);
  const head = new Uint8Array(16 + name.length);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode({MAGIC!r}), 0);
  view.setUint32(8, name.length, true);
  head.set(name, 12);
  view.setUint32(12 + name.length, declared, true);
  const file = await folder.getFileHandle({SNAPSHOT_FILE!r}, {{ create: true }});
  const writable = await file.createWritable();
  await writable.write(new Blob([head, new Uint8Array(size).fill(fill)]));
  await writable.close();
}}"""


STALE_BYTES = 4096  # the memory of stale_snapshot's file


def stale_snapshot(site_browser: SiteBrowser) -> tuple[Page, str]:
    """A whole snapshot of another build (4 KB, no Python memory) saved; a
    page of the site, and the snapshot's key."""
    holder = site_browser.open("")
    stale = site_browser.url("assets/pyodide/")
    holder.evaluate(WRITE, [stale, STALE_BYTES, STALE_BYTES, 7])
    return holder, stale


def start_steps(page: Page) -> tuple[str, list[str]]:
    """How the start was marked (engine.js): its kind, and its steps in the order they ended."""
    (detail,) = page.evaluate(
        f"() => performance.getEntriesByName({READY_MARK!r}).map((mark) => mark.detail)"
    )
    steps = detail["steps"]
    in_order = sorted(steps, key=steps.__getitem__)
    assert list(steps) == in_order, steps  # each recorded as it ended
    return detail["start"], in_order


def first_visit_saves_a_snapshot(site_browser: SiteBrowser) -> str:
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "normal"
    kind, steps = start_steps(page)
    assert kind == "normal" and "snapshot" not in steps
    assert steps[0] == "began" and steps[-3:] == ["runtime", "python", "scorer"]
    found = wait_for(page, lambda: whole_snapshot(page), "the snapshot to be saved")
    assert found["magic"] == MAGIC
    # The key sits beside the scorer bundle: a new build, a new key.
    assert "/assets/pyodide/scorer-" in found["key"]
    assert found["names"] == [SNAPSHOT_FILE]  # written beside it first, then moved over it
    page.close()
    key: str = found["key"]
    return key


def test_second_visit_starts_from_the_snapshot_and_scores(site_browser: SiteBrowser) -> None:
    first_visit_saves_a_snapshot(site_browser)
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "snapshot"
    kind, steps = start_steps(page)
    # It may download too, before or after the read: the first visit was
    # closed before it had kept the runtime.
    assert kind == "snapshot" and steps[0] == "began" and "snapshot" in steps
    assert steps[-3:] == ["runtime", "python", "scorer"]
    assert verdict(page) == "close-call"
    # The restored scorer answers like a freshly started one.
    answer(page, "team", "python")
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core,team.python")
    assert verdict(page) == "flask"
    assert site_browser.external_requests == []


def test_tabs_opened_together_all_start_from_the_snapshot(site_browser: SiteBrowser) -> None:
    """Each worker reads the snapshot through a read-only handle, which
    shares the file. With the default handle, which locks it, tabs opened
    at once (links from a wiki, a restored session) found it in use, and
    some started Python afresh: 4 of 15 tabs in five rounds of three."""
    first_visit_saves_a_snapshot(site_browser)
    tabs = [site_browser.new_page() for _ in range(3)]
    for tab in tabs:
        tab.goto(site_browser.url(CHOOSER), wait_until="commit")
    for tab in tabs:
        assert wait_until_settled(tab) == "ready"
    assert [python_start(tab) for tab in tabs] == ["snapshot"] * 3


# A dedicated worker that holds the snapshot file open, as another tab's
# worker does while it reads it: sent a handle mode ("readwrite", which locks
# the file, as every read does in a browser without read-only handles; or
# "read-only"), it opens the file so; sent "release", it lets go and answers
# with the moment it did (ms since the epoch).
LOCKER = f"""let handle = null;
onmessage = async ({{ data }}) => {{
  if (data === "release") {{
    handle.close();
    postMessage(performance.timeOrigin + performance.now());
    return;
  }}
  const root = await navigator.storage.getDirectory();
  const folder = await root.getDirectoryHandle({SNAPSHOT_FOLDER!r});
  const file = await folder.getFileHandle({SNAPSHOT_FILE!r});
  handle = await file.createSyncAccessHandle({{ mode: data }});
  postMessage("locked");
}};
"""
LOCK = """([url, mode]) => new Promise((resolve, reject) => {
  const worker = (window.__locker = new Worker(url));
  worker.onerror = (event) => reject(new Error(event.message || "the locker did not start"));
  worker.onmessage = ({ data }) => {
    if (data === "locked") resolve();
  };
  worker.postMessage(mode);
})"""
PART = f"{SNAPSHOT_FILE}.part"  # snapshot.js writes a new snapshot there first
SNAPSHOT_MODULE = "assets/javascripts/chooser/snapshot.js"  # in the built site
SAVED_MEMORY_BYTES = 2_000_000  # more than whole_snapshot asks of a real memory
RELEASE = """() => new Promise((resolve) => {
  window.__locker.addEventListener("message", ({ data }) => resolve(data));
  window.__locker.postMessage("release");
})"""
# How long a file is kept open once the chooser's worker exists, or its save
# has begun: well within the second for which snapshot.js asks again.
RELEASE_AFTER_MS = 300
# The same once a save's part file is seen: writing its 31.5 MB takes a
# moment, and the first try to move it must meet the open file.
SAVE_RELEASE_AFTER_MS = 400


@pytest.fixture(scope="module")
def locker_url(built_site: BuiltSite, site_server: str) -> Iterator[str]:
    """LOCKER, served beside the site: a site page may start it (same origin)."""
    path = built_site.root / "snapshot-locker.js"
    path.write_text(LOCKER, encoding="utf-8")
    yield urljoin(site_server, "/snapshot-locker.js")
    path.unlink()


def test_a_snapshot_locked_by_another_tab_is_read_once_free(
    site_browser: SiteBrowser, locker_url: str
) -> None:
    """A browser without read-only handles (Firefox ESR 153) locks the file
    for each read. While another tab holds it so, the chooser's worker asks
    again until it is free, then starts from the snapshot. Before it asked
    again, Firefox started 4 of 9 tabs opened together afresh."""
    first_visit_saves_a_snapshot(site_browser)
    holder = site_browser.open("")
    holder.evaluate(LOCK, [locker_url, "readwrite"])
    page = site_browser.new_page()
    with page.expect_worker():
        page.goto(site_browser.url(CHOOSER), wait_until="commit")
    page.wait_for_timeout(RELEASE_AFTER_MS)
    released = holder.evaluate(RELEASE)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "snapshot"
    origin = page.evaluate("performance.timeOrigin")
    (steps,) = page.evaluate(
        f"() => performance.getEntriesByName({READY_MARK!r}).map((mark) => mark.detail.steps)"
    )
    # The worker began while the file was locked, and read it once it was free.
    assert origin + steps["began"] < released < origin + steps["snapshot"], (steps, released)


def test_a_save_waits_while_another_tab_reads_the_old_snapshot(
    site_browser: SiteBrowser, locker_url: str
) -> None:
    """Saving moves the new file over the old one, which neither browser
    allows while another tab's worker has the old file open, even
    read-only. The save asks again until it is free. Before, it gave up:
    the old snapshot stayed, with a 31.5 MB part file beside it."""
    holder, stale = stale_snapshot(site_browser)
    holder.evaluate(LOCK, [locker_url, "read-only"])
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "normal"
    # The save has begun once its part file is there; let go a moment later.
    wait_for(holder, lambda: PART in (saved(holder) or {}).get("names", []), "the save to begin")
    holder.wait_for_timeout(SAVE_RELEASE_AFTER_MS)
    released = holder.evaluate(RELEASE)
    found = wait_for(page, lambda: whole_snapshot(page), "the new snapshot to replace the old")
    assert found["key"] != stale
    assert found["names"] == [SNAPSHOT_FILE]
    # Written whole before the release: the first try to move it met the open file.
    assert found["modified"] < released, (found["modified"], released)


# Record every change to the snapshot folder, as "type name" lines, in
# window.__changes (FileSystemObserver: Chromium 156 has it).
OBSERVE = f"""async () => {{
  const root = await navigator.storage.getDirectory();
  const folder = await root.getDirectoryHandle({SNAPSHOT_FOLDER!r});
  window.__changes = [];
  window.__observer = new FileSystemObserver((records) => {{
    for (const record of records) {{
      const moved = record.relativePathMovedFrom;
      const from = moved ? ` from ${{moved.join("/")}}` : "";
      const name = record.relativePathComponents.join("/");
      window.__changes.push(`${{record.type}} ${{name}}${{from}}`);
    }}
  }});
  await window.__observer.observe(folder);
}}"""


def test_a_new_snapshot_replaces_the_old_in_one_step(site_browser: SiteBrowser) -> None:
    """The save moves the new file over the old one: at no moment is there
    no snapshot, so a tab closed during a save leaves a whole one, old or
    new. Before, it removed the old file first, and a tab closed between
    the removal and the move left none."""
    holder, stale = stale_snapshot(site_browser)
    holder.evaluate(OBSERVE)
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "normal"
    found = wait_for(page, lambda: whole_snapshot(page), "the new snapshot to replace the old")
    assert found["key"] != stale
    moved = f"moved {SNAPSHOT_FILE} from {PART}"
    changes = wait_for(
        holder,
        lambda: (changes := holder.evaluate("window.__changes")) and moved in changes and changes,
        "the observer to report the move",
    )
    assert f"disappeared {SNAPSHOT_FILE}" not in changes, changes
    assert found["names"] == [SNAPSHOT_FILE]


# A module worker that runs snapshot.js's own `save` of a 2 MB memory, with
# one fault of a reader's browser made to happen, and answers with the names
# each move was asked for, and the error the save threw, if any. Sent
# [key, fault], the fault one of:
#   "no-overwrite"  moving over a file is refused (InvalidModificationError),
#                   as Firefox's file system refused it in 2022 (its bug 1802278);
#   "part-taken"    the part file is gone when the save moves it: another
#                   tab's save, writing the same part file, moved it first;
#   "disk-full"     the memory is written only in part (no space left).
# MODULE stands for the address of the site's snapshot.js.
SAVER = f"""import {{ save }} from "MODULE";
const move = FileSystemFileHandle.prototype.move;
const write = FileSystemSyncAccessHandle.prototype.write;
const asked = [];
let fault = null;
FileSystemFileHandle.prototype.move = async function (folder, name) {{
  asked.push(name);
  const there = await folder.getFileHandle(name).then(() => true, () => false);
  if (fault === "no-overwrite" && there) {{
    throw new DOMException("a file has that name", "InvalidModificationError");
  }}
  if (fault === "part-taken" && asked.length === 1) await folder.removeEntry(this.name);
  return move.call(this, folder, name);
}};
FileSystemSyncAccessHandle.prototype.write = function (bytes, options) {{
  const half = fault === "disk-full" && bytes.byteLength > 1e6;
  return write.call(this, half ? bytes.subarray(0, bytes.byteLength / 2) : bytes, options);
}};
onmessage = async ({{ data: [key, asKept] }}) => {{
  fault = asKept;
  const memory = new Uint8Array({SAVED_MEMORY_BYTES}).fill(9);
  try {{
    await save(key, {{ loadedPackages: {{}}, makeMemorySnapshot: () => memory }});
    postMessage({{ asked, error: null }});
  }} catch (error) {{
    postMessage({{ asked, error: `${{error.name}}: ${{error.message}}` }});
  }}
}};
"""
SAVE = """([url, key, fault]) => new Promise((resolve, reject) => {
  const worker = new Worker(url, { type: "module" });
  worker.onerror = (event) => reject(new Error(event.message || "the saver did not start"));
  worker.onmessage = ({ data }) => resolve(data);
  worker.postMessage([key, fault]);
})"""


@pytest.fixture(scope="module")
def saver_url(built_site: BuiltSite, site_server: str) -> Iterator[str]:
    """SAVER, served beside the site, importing the site's snapshot.js."""
    path = built_site.root / "snapshot-saver.js"
    module = urljoin(site_server, SNAPSHOT_MODULE)
    path.write_text(SAVER.replace("MODULE", module, 1), encoding="utf-8")
    yield urljoin(site_server, "/snapshot-saver.js")
    path.unlink()


def save_with(
    site_browser: SiteBrowser, saver_url: str, fault: str
) -> tuple[Page, str, dict[str, Any]]:
    """Save over a stale snapshot with ``fault``; a page of the site, the
    stale snapshot's key, and the saver's answer."""
    holder, stale = stale_snapshot(site_browser)
    answer: dict[str, Any] = holder.evaluate(
        SAVE, [saver_url, site_browser.url("assets/pyodide/new-build"), fault]
    )
    return holder, stale, answer


def stale_snapshot_kept(page: Page, key: str) -> bool:
    """stale_snapshot's file (of ``key``) is still the saved one, whole, and alone in its folder."""
    found = saved(page)
    return bool(
        found
        and found["names"] == [SNAPSHOT_FILE]
        and found["key"] == key
        and found["memorySize"] == STALE_BYTES
        and found["fileSize"] == found["headerSize"] + STALE_BYTES
    )


def test_a_browser_that_will_not_move_over_a_file_still_gets_the_new_snapshot(
    site_browser: SiteBrowser, saver_url: str
) -> None:
    """Where moving over the old file is refused, the save removes the old
    file first and moves again: the new snapshot is in place, whole, with
    no part file left."""
    holder, _, answer = save_with(site_browser, saver_url, "no-overwrite")
    assert answer == {"asked": [SNAPSHOT_FILE, SNAPSHOT_FILE], "error": None}  # refused, then moved
    found = whole_snapshot(holder)
    assert found is not None
    assert (found["key"], found["memorySize"]) == (
        site_browser.url("assets/pyodide/new-build"),
        SAVED_MEMORY_BYTES,
    )
    assert found["names"] == [SNAPSHOT_FILE]


def test_a_save_whose_part_file_was_taken_keeps_the_saved_snapshot(
    site_browser: SiteBrowser, saver_url: str
) -> None:
    """Two tabs that started Python afresh save at about the same time, into
    the same part file; the one that moves it second finds it gone. That
    save gives up and leaves the snapshot in place alone (before, it took
    the failed move for a refusal and removed the saved snapshot)."""
    holder, stale, answer = save_with(site_browser, saver_url, "part-taken")
    assert answer["asked"] == [SNAPSHOT_FILE]
    assert answer["error"].startswith("NotFoundError"), answer
    assert stale_snapshot_kept(holder, stale), saved(holder)


def test_a_save_written_only_in_part_leaves_no_part_file(
    site_browser: SiteBrowser, saver_url: str
) -> None:
    """A full disk: the save stops, removes its part file (up to 31.5 MB),
    and the saved snapshot stays (before, the part file was left behind)."""
    holder, stale, answer = save_with(site_browser, saver_url, "disk-full")
    assert answer == {"asked": [], "error": "Error: only part of the snapshot was written"}
    assert stale_snapshot_kept(holder, stale), saved(holder)


def test_a_broken_snapshot_falls_back_to_a_normal_start(site_browser: SiteBrowser) -> None:
    key = first_visit_saves_a_snapshot(site_browser)
    page = site_browser.open("")  # any page of the site: same origin, same file system
    page.evaluate(WRITE, [key, 4096, 4096, 7])  # a whole file, but no Python memory
    page.close()

    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "fallback"
    assert verdict(page) == "close-call"
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core")
    # The broken snapshot is gone, replaced by a good one once the reader pauses.
    wait_for(page, lambda: whole_snapshot(page), "a good snapshot to replace the broken one")
    page.close()
    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "snapshot"


def test_a_snapshot_cut_short_is_not_used_and_the_old_cache_is_cleared(
    site_browser: SiteBrowser,
) -> None:
    """A file shorter than its header says (a write stopped half-way) is not
    handed to Pyodide: the start is a normal one, and the next snapshot
    replaces the file. Saving also clears the Cache Storage snapshot of
    builds before 3 December 2026, 31.5 MB a returning reader no longer needs."""
    page = site_browser.open("")
    page.evaluate(
        "async (name) => (await caches.open(name)).put('/old-snapshot', new Response('old'))",
        OLD_CACHE,
    )
    key = site_browser.url("assets/pyodide/")  # any key: the length is what is wrong
    page.evaluate(WRITE, [key, 4096, 8192, 7])
    page.close()

    page = site_browser.open(CHOOSER)
    assert wait_until_settled(page) == "ready"
    assert python_start(page) == "normal"
    found = wait_for(page, lambda: whole_snapshot(page), "a whole snapshot to replace the cut one")
    assert "/assets/pyodide/scorer-" in found["key"]
    assert page.evaluate("(name) => caches.has(name)", OLD_CACHE) is False
