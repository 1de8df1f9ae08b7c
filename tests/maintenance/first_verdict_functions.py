"""List the functions of Pyodide's WebAssembly that a first visit to the chooser runs.

``python -m tests.maintenance.first_verdict_functions`` (``make wasm-list``)
writes ``overrides/hooks/wasm_first_verdict.txt``, which the build splits the
module by (``overrides/hooks/wasm_split.py``). Run it after every Pyodide
upgrade: the build refuses a list made for another module. It takes a few
minutes:

1. It builds the site into a temporary folder.
2. **Node.js:** ``wasm_functions_node.mjs`` starts Python as the chooser's
   worker does, scores the empty answer, the worker's practice queries and
   a few hundred damaged and hostile share links (``tests/support/share_fuzz.py``:
   an old wiki link with an answer the guide no longer has runs Python's
   error paths), makes a memory snapshot, and has V8 say which functions it
   compiled (with lazy compilation, the ones that ran). A second run starts
   from that snapshot, as a later visit does, and scores the same.
   When the list file already belongs to this module, its functions are
   kept too (a list only grows while Pyodide stays the same).
3. **Chromium:** the browser runs a few functions that Node.js does not. The
   site's first part is rewritten from the list so far, and the chooser
   visited in a fresh profile, as a reader would: its first verdict, answer
   changes, the practice queries and the snapshot saved, then again with
   the kept runtime forgotten (the snapshot restored on the first part, as
   for a reader who closed the first visit before the whole module was
   kept), from the link those answers made, and from a damaged link. A
   function the list lacks stops Python,
   and the chooser says which before it starts again on the whole module
   ("Python reached function N"): N joins the list and the visits start
   over, until visits run through with none reached.

Every function a first visit runs on this machine's browser is then in the
list; a reader's browser that reaches another one gets its verdict from the
whole module, a start later (the speed page has the figures).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import brotli  # type: ignore[import-untyped]  # no type information shipped
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, sync_playwright

from scorer import load_knowledge
from tests.bench.chooser_load import SNAPSHOT_SAVED
from tests.chooser.runtime_files import FORGET_KEPT, chooser_attribute
from tests.conftest import (
    ROOT,
    SUBPATH,
    QuietHandler,
    _free_port,
    browser_executable,
    build_site,
    launch_chromium,
    load_hook,
    serving,
)
from tests.support.pinned_node import node_binary, node_version
from tests.support.share_fuzz import corpus

wasm_split = load_hook("wasm_split.py")

NODE_SCRIPT = Path(__file__).with_name("wasm_functions_node.mjs")
CHOOSER_JS = ROOT / "overrides" / "assets" / "javascripts" / "chooser"
# What the chooser's engine logs when Python reached a stub (engine.js, #restart).
REACHED = re.compile(r"Python reached function (\d+)")
# V8's report of each function: "N: compiled", "N: optimized" or "N: uncompiled".
COMPILED = re.compile(r"^(\d+): (?:compiled|optimized)$", re.MULTILINE)
READY_SEEN = """Boolean(document.querySelector('#chooser-result[data-state="ready"]'))"""
# The whole WebAssembly spliced and kept for offline reading (offline.js).
WHOLE_KEPT = """(async () => {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const keys = await cache.keys();
    if (keys.some((request) => request.url.endsWith("/pyodide.asm.wasm"))) return true;
  }
  return false;
})()"""
# Most functions a run may add before it gives up (the list's last run added 50 or so).
MAX_ADDED = 400
# How many of share_fuzz's links the Node.js run scores (every family, mutated or not).
FUZZ_LINKS = 400
# What the browser opens after the answers' link: a link with an answer the
# guide has not got, and bytes that are no UTF-8.
DAMAGED_LINK = "?v=1&a=nonsense.zzz&w=%ff%fe"


def main(argv: list[str] | None = None) -> int:
    """Make the list and write it; print what each step found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=wasm_split.LIST, help="where to write")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wasm-list-") as tmp:
        root = Path(tmp)
        site = root / SUBPATH.strip("/")
        port = _free_port()
        print(f"building the site into {site} ...", flush=True)
        done = build_site(site, f"http://127.0.0.1:{port}{SUBPATH}")
        if done.returncode != 0:
            print(f"mkdocs build failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
            return 1
        runtime = _runtime_paths(site)
        whole = (runtime["runtime"] / "pyodide.asm.wasm").read_bytes()
        listing = wasm_split.FunctionList(
            runtime["runtime"].name, hashlib.sha256(whole).hexdigest(), frozenset()
        )
        started, restored = _node_pass(runtime)
        kept = started | restored
        restore_only = restored - started
        print(
            f"Node.js {node_version()}: {len(kept)} functions ran in all, "
            f"{len(restore_only)} in a restore only: {sorted(restore_only)}",
            flush=True,
        )
        kept |= _listed_before(args.output, listing.sha256)
        added = _browser_pass(root, runtime["first"], port, whole, listing, kept)
        print(f"Chromium: {len(added)} more: {sorted(added)}", flush=True)
    functions = dataclasses.replace(
        listing, kept=frozenset(kept), restore_only=frozenset(restore_only)
    )
    comment = (
        "Functions of Pyodide's WebAssembly that a first visit to the chooser runs, by index\n"
        "(imports first), and a restore of its snapshot. The build keeps these whole in the\n"
        "module's first part and makes the others stubs (overrides/hooks/wasm_split.py).\n"
        "restore-only: those only a restore ran in Node.js. Made by `make wasm-list`\n"
        f"(tests/maintenance/first_verdict_functions.py), last on {dt.date.today().isoformat()}\n"
        f"with Node.js {node_version()} and {_chromium_version()}."
    )
    wasm_split.write_list(args.output, functions, comment)
    print(f"wrote {args.output} ({len(kept)} functions)")
    return 0


def _listed_before(path: Path, sha256: str) -> set[int]:
    """The functions ``path`` lists, if it was made for the module of that SHA-256; else none."""
    try:
        listed = wasm_split.read_list(path)
    except (OSError, wasm_split.SplitError):
        return set()
    if listed.sha256 != sha256:
        return set()
    print(f"{path.name}: {len(listed.kept)} functions, for this module", flush=True)
    return set(listed.kept)


def _runtime_paths(site: Path) -> dict[str, Path]:
    """Where the built site's runtime files are (from the chooser page's data attributes)."""

    def attribute(name: str) -> str:
        try:
            return chooser_attribute(site, name)
        except LookupError as error:
            raise SystemExit(str(error)) from None

    return {
        "runtime": site / attribute("runtime"),
        "lock": site / attribute("lock"),
        "stdlib": site / attribute("stdlib"),
        "first": site / attribute("wasm-first"),
        "package": Path(attribute("package")),
    }


def _node_pass(runtime: dict[str, Path]) -> tuple[set[int], set[int]]:
    """The functions that ran in Node.js: in a normal start, and in one from its snapshot."""
    links = json.dumps([link for _, link in corpus(load_knowledge(), FUZZ_LINKS)])
    with tempfile.TemporaryDirectory(prefix="wasm-list-snapshot-") as tmp:
        snapshot = Path(tmp) / "python.snapshot"
        started, restored = (
            _node_run(runtime, mode, snapshot, links) for mode in ("start", "restore")
        )
    return started, restored


def _node_run(runtime: dict[str, Path], mode: str, snapshot: Path, links: str) -> set[int]:
    command = [
        str(node_binary()),
        "--allow-natives-syntax",
        "--trace-wasm-generate-compilation-hints",
        str(NODE_SCRIPT),
        f"{runtime['runtime']}/",
        str(runtime["lock"]),
        str(runtime["stdlib"]),
        str(runtime["package"]),
        str(CHOOSER_JS),
        mode,
        str(snapshot),
    ]
    done = subprocess.run(
        command, input=links, capture_output=True, text=True, check=False, timeout=300
    )
    if done.returncode != 0:
        raise SystemExit(
            f"{NODE_SCRIPT.name} {mode} failed (exit {done.returncode}):\n{done.stderr}"
        )
    found = {int(index) for index in COMPILED.findall(done.stdout)}
    if not found:
        raise SystemExit(
            f"{NODE_SCRIPT.name} {mode} printed no compiled function:\n{done.stdout[:2000]}"
        )
    print(f"Node.js {node_version()}, {mode}: {len(found)} functions ran", flush=True)
    return found


def _browser_pass(
    root: Path,
    first_path: Path,
    port: int,
    whole: bytes,
    listing: Any,  # wasm_split.FunctionList (a hook module, loaded by path)
    kept: set[int],
) -> set[int]:
    """Add to ``kept`` what the chooser reaches in Chromium; returns what was added.

    Each round rewrites the served first part (``first_path``) from ``kept``.
    """
    added: set[int] = set()
    handler = functools.partial(QuietHandler, directory=str(root))
    base = f"http://127.0.0.1:{port}{SUBPATH}"
    with serving(handler, port), sync_playwright() as playwright:
        while True:
            first, _rest = wasm_split.split(
                whole, dataclasses.replace(listing, kept=frozenset(kept))
            )
            # Any Brotli will do here: the quickest.
            first_path.write_bytes(brotli.compress(first, quality=1, lgwin=24))
            reached = _visit(playwright, base)
            if reached is None:
                return added
            if reached in kept:
                raise SystemExit(f"the chooser restarted, but not at a new function ({reached})")
            kept.add(reached)
            added.add(reached)
            print(f"  Chromium reached {reached} ({len(added)} added)", flush=True)
            if len(added) > MAX_ADDED:
                raise SystemExit(f"more than {MAX_ADDED} functions added: giving up")


def _visit(playwright: object, base: str) -> int | None:
    """Three first visits, each in a fresh profile; the function reached first, or None.

    The first opens the chooser and changes answers, then opens it again
    from its snapshot with the kept runtime forgotten; the second opens the
    link those answers made, as a reader arriving from a wiki does; the
    third a damaged link.
    """
    link = ""
    for visit in ("answers", "link", "damaged"):
        if visit == "damaged":
            link = DAMAGED_LINK
        reached: list[int] = []

        def watch(message: ConsoleMessage, reached: list[int] = reached) -> None:
            found = REACHED.search(message.text)
            if found:
                reached.append(int(found.group(1)))

        with tempfile.TemporaryDirectory(prefix="wasm-list-profile-") as profile:
            context = launch_chromium(playwright, browser_executable(), Path(profile), base)  # type: ignore[arg-type]
            try:
                page = context.new_page()
                page.on("console", watch)
                page.goto(f"{base}chooser/{link}")
                if _wait(page, reached, READY_SEEN) and visit == "answers":
                    for option in page.locator("[data-question] input[type=radio]").all()[1:40:5]:
                        option.check(force=True)
                        page.wait_for_timeout(300)
                    link = str(page.evaluate("location.search"))
                # The practice queries and the snapshot, then the rest spliced in and kept.
                _wait(page, reached, WHOLE_KEPT)
                if not reached and visit == "answers":
                    _restore_on_first_part(context, page, base, watch, reached)
            finally:
                context.close()
        if reached:
            return reached[0]
    return None


def _restore_on_first_part(
    context: BrowserContext,
    page: Page,
    base: str,
    watch: Callable[[ConsoleMessage], None],
    reached: list[int],
) -> None:
    """Once ``page`` has saved its snapshot, forget the kept runtime and open the
    chooser again: it restores the snapshot on the first part, as for a reader
    who closed the first visit before the whole module was kept."""
    if not _wait(page, reached, f"({SNAPSHOT_SAVED})()"):
        return
    page.evaluate(FORGET_KEPT)
    page.close()
    again = context.new_page()
    again.on("console", watch)
    again.goto(f"{base}chooser/")
    if _wait(again, reached, READY_SEEN):
        _wait(again, reached, WHOLE_KEPT)


def _wait(page: Page, reached: list[int], done: str, seconds: float = 60) -> bool:
    """Wait until ``done`` (a script) is true on the page: False if a stub was reached first."""
    deadline = time.monotonic() + seconds
    while not reached:
        if page.evaluate(done):
            return True
        if time.monotonic() > deadline:
            raise SystemExit(f"the chooser did not get there within {seconds:.0f} s: {done}")
        page.wait_for_timeout(100)
    return False


def _chromium_version() -> str:
    executable = browser_executable() or "chromium"
    done = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "Chromium"


if __name__ == "__main__":
    started = time.monotonic()
    status = main()
    print(f"took {time.monotonic() - started:.0f} s")
    sys.exit(status)
