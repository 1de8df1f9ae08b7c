"""Benchmark: offline reading, in figures.

    python -m tests.bench.offline_load [--runs N]     (or: make bench-offline)

Builds the site (served on 127.0.0.1 under the Pages sub-path) and the
offline copy (as ``make offline`` does), then prints:

* the service worker's precache (files, bytes) and the chooser's runtime that
  is cached on first use or by "Save for offline reading";
* the offline copy's zip size;
* time to the chooser's first verdict offline, after one online visit that ran
  the chooser (a new tab, the network off, Python starting again from the
  service worker's cache);
* time to the first verdict from file://, in a fresh profile (the runtime
  embedded in the copy, Python on the page).

Times come from the page's clock, as in ``chooser_load``. It prints figures;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Playwright, sync_playwright

from tests.bench.chooser_load import MARKS_SCRIPT, chooser_ready, idle_tab
from tests.bench.crash_retry import once_more_after_a_crash
from tests.bench.prepare import served_root, timed_builds
from tests.bench.stats import spread, summary
from tests.conftest import SUBPATH, browser_executable, launch_chromium
from tests.offline.conftest import build_offline_copy


@contextmanager
def served_site() -> Iterator[tuple[str, Path]]:
    """Build the site for the Pages sub-path and serve it; yields (base URL, site dir)."""
    with served_root("offline-bench-site-") as (_, site_dir, port, _):
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        timed_builds(site_dir, base, 0)
        yield base, site_dir


def first_ready(page: Page) -> dict[str, float]:
    """The chooser's stage times (ms), as the speed benchmark reads them."""
    return chooser_ready(page)


def seconds(values: list[float]) -> str:
    """Median (min-max) of millisecond values, in seconds."""
    return spread(summary(values))


def offline_after_one_visit(playwright: Playwright, executable: str | None, base: str) -> float:
    """Milliseconds to a verdict with the network off, after one online visit."""
    with tempfile.TemporaryDirectory(prefix="offline-bench-profile-") as profile:
        context = launch_chromium(playwright, executable, Path(profile), base.split("/")[2])
        context.add_init_script(MARKS_SCRIPT)
        try:
            page = context.new_page()  # not measured: it installs the service worker
            page.goto(base)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            page.goto(base + "chooser/")
            first_ready(page)
            page.close()
            context.set_offline(True)
            page = idle_tab(context)
            page.goto(base + "chooser/")
            return first_ready(page)["ready"]
        finally:
            context.close()


def from_disk(playwright: Playwright, executable: str | None, chooser: Path) -> float:
    """Milliseconds to a verdict from file://, fresh profile."""
    with tempfile.TemporaryDirectory(prefix="offline-bench-profile-") as profile:
        context = launch_chromium(playwright, executable, Path(profile), "")
        context.add_init_script(MARKS_SCRIPT)
        try:
            page = idle_tab(context)
            page.goto(chooser.as_uri())
            return first_ready(page)["ready"]
        finally:
            context.close()


def main(argv: list[str] | None = None) -> None:
    """Build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh profiles per measure (3)")
    args = parser.parse_args(argv)
    executable = browser_executable()
    with served_site() as (base, site_dir), tempfile.TemporaryDirectory() as tmp:
        copy = build_offline_copy(Path(tmp))
        figures: dict[str, Any] = json.loads((site_dir / "offline.json").read_text())
        crashes: list[str] = []  # visits made again after a page crashed (crash_retry)

        def visits(kind: str, visit: Callable[[], float]) -> list[float]:
            """``args.runs`` of ``visit``, each made again once if its page crashed."""
            return [
                once_more_after_a_crash(visit, f"{kind} visit {n + 1}/{args.runs}", crashes)
                for n in range(args.runs)
            ]

        with sync_playwright() as playwright:
            offline = visits(
                "offline", partial(offline_after_one_visit, playwright, executable, base)
            )
            disk = visits(
                "file://", partial(from_disk, playwright, executable, copy.folder / "chooser.html")
            )
        chooser_bytes = sum(f["bytes"] for f in figures["chooser"]["files"])
        print()
        print(
            f"Offline reading ({args.runs} runs; {os.cpu_count()} CPUs, {platform.machine()};"
            f" load average {os.getloadavg()[0]:.1f})"
        )
        print(
            f"  precache (service worker)      {figures['precache']['files']} files,"
            f" {figures['precache']['bytes'] / 1e6:.2f} MB"
        )
        print(
            f"  chooser runtime (on first use) {len(figures['chooser']['files'])} files,"
            f" {chooser_bytes / 1e6:.2f} MB"
        )
        print(
            f"  sw.js                          {(site_dir / 'sw.js').stat().st_size / 1e3:.1f} KB"
        )
        print(f"  offline copy zip               {copy.archive.stat().st_size / 1e6:.2f} MB")
        print(f"  verdict offline, after a visit {seconds(offline)}")
        print(f"  verdict from file://           {seconds(disk)}")
        if crashes:
            print(f"  measured again after a crash   {'; '.join(crashes)}")


if __name__ == "__main__":
    main()
