"""Benchmark: how fast the chooser answers, against stock Pyodide in the same run.

    python -m tests.bench.chooser_load [--runs N] [--lighthouse-runs N] [--quick]
    (or: make bench)

Builds the site (timing ``mkdocs build``), serves it on 127.0.0.1 under the
same sub-path as GitHub Pages with the same gzip and caching
(``tests/bench/serve.py``), and beside it a baseline page: stock Pyodide from
``node_modules/pyodide`` loaded the ordinary way, importing the scorer and
scoring an empty answer set (``tests/bench/stock/``). Then, in headless
Chromium, each run measures, for the chooser and for the baseline:

* cold: a fresh browser profile (empty caches), time from navigation to the
  first verdict;
* warm: a second visit in a new tab of the same profile;
* Fast 4G: cold, with the network emulated over CDP like DevTools' "Fast 4G"
  preset (9 Mbit/s down, 1.5 Mbit/s up, 165 ms latency, each throughput
  times 0.9 as DevTools does);
* 4x CPU: cold, with the CPU slowed four times over CDP;

and for the chooser alone: when the questions are painted and answerable,
the re-score time from an answer change to the updated result (address bar
updated), the return by instant navigation (worker kept), and, cold, the
chooser opened from the home page's button by instant navigation, clicked
at once and after the pointer rested on it (time from the click). Bytes, as the
server sent them, are counted once (they do not vary): what the home page, a
docs page and the chooser need, with service workers blocked, and apart from
them what the offline service worker precaches in the background after a
first visit (issue 8's "offline after one visit"). Lighthouse (npm
``lighthouse``, mobile, performance only; ``tests/bench/lighthouse.py``)
scores the home page, a docs page and the chooser, with each page's total
blocking time, the share of its long tasks' time its main thread spent on a
CPU (``tests/bench/lighthouse_trace.py``: the rest is waiting for a core,
which Lighthouse counts as blocking) and the host's ``benchmarkIndex``. For
the cold and the warm visit it also gives when each step of Python's start
ended, as the page marks them (``tests/bench/start_steps.py``).

Times come from the page's own clock (``performance.now()``, from navigation
start). It prints a table and writes JSON (``tests/bench/report.py``: medians,
spreads, ratios and the issue's targets); it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.bench import history
from tests.bench.command_line import (
    add_output_options,
    browser_name,
    load_average,
    machine,
    npm_version,
    write_figures,
)
from tests.bench.crash_retry import once_more_after_a_crash
from tests.bench.lighthouse import lighthouse
from tests.bench.prepare import prepare_baseline, served_root, timed_builds
from tests.bench.report import print_report, summarise, table
from tests.bench.serve import Transfer, pages_server, precompress
from tests.bench.start_steps import STAGES, start_steps, steps_table
from tests.chooser.chooser_page import python_start
from tests.conftest import (
    CHROMIUM_ARGS,
    LOCAL_ONLY,
    ROOT,
    SUBPATH,
    VIEWPORT,
    browser_executable,
    launch_chromium,
)
from tests.offline.offline_site import CHOOSER_KEPT, COMPILED_AHEAD

READY = '#chooser-result:is([data-state="ready"], [data-state="error"])'
TIMEOUT_MS = 240_000
DOCS_PAGE = "how-to-choose/"
# DevTools' "Fast 4G" preset (front_end/core/sdk/NetworkManager.ts).
FAST_4G = {
    "offline": False,
    "latency": 60 * 2.75,
    "downloadThroughput": 9 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 1.5 * 1000 * 1000 / 8 * 0.9,
}
CPU_SLOWDOWN = 4
# A reader follows a link in a browser that is already running. One just
# launched is still starting: after a fresh profile's first tab had opened,
# Chromium's processes used 0.38 to 0.43 s of CPU in the next quarter of a
# second and 0.21 to 0.25 s in the one after, then next to none (three
# launches, 4 December 2026). A page opened at once shared the machine's two
# cores with that work, the baseline's page too. Every measured page now gets
# a tab left alone this long first.
IDLE_BEFORE_NAVIGATION_MS = 1000
# A page whose bytes are counted is left this long after its network is idle,
# for late requests. The docs pages beyond the home page and DOCS_PAGE are
# counted this many at a time, each with a browser and a server of its own:
# the 14 pages took 42 s one at a time and 26 s four at a time (23 s seven
# at a time), and every page's bytes and requests came out the same
# (6 December 2026).
SETTLE_QUIET_MS = 1500
SIDE_BY_SIDE = 4
# The figures the docs page "How fast is the chooser?" shows (`--publish`).
PUBLISHED = ROOT / "docs" / "evidence" / "chooser-speed.json"
# The chooser's memory snapshot, a file in the origin private file system
# (FOLDER and FILE in overrides/assets/javascripts/chooser/snapshot.js).
SNAPSHOT_FOLDER = "node-or-flask-chooser"
SNAPSHOT_FILE = "python.snapshot"
SNAPSHOT_SAVED = f"""async () => {{
  try {{
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle({SNAPSHOT_FOLDER!r});
    return (await (await folder.getFileHandle({SNAPSHOT_FILE!r})).getFile()).size > 0;
  }} catch (error) {{
    if (error.name === "NotFoundError") return false;
    throw error;
  }}
}}"""
SNAPSHOT_DROP = f"""async () => {{
  const root = await navigator.storage.getDirectory();
  const folder = await root.getDirectoryHandle({SNAPSHOT_FOLDER!r});
  await folder.removeEntry({SNAPSHOT_FILE!r});
}}"""
# The home page's link to the chooser ("Answer a few questions in the chooser"),
# and how long the pointer rests on it before the click in one of the two
# visits from there (loader.js starts the engine after 0.1 s of rest).
HOME_BUTTON = ".md-button--primary"
HOME_REST_MS = 300

RESCORES_PER_RUN = 5
RESCORE_GAP_MS = 300  # between two answer changes (see rescore)

# Printed to the console by MARKS_SCRIPT once the chooser (or the baseline)
# has its first verdict or has failed. The benchmark waits for this line, not
# for a selector: Playwright's selector engine is a script of about 330 KB
# that it evaluates in the page, about 65 ms of the main thread while the
# page is still loading (seen in a trace). A reader's browser has no such script.
SETTLED_LINE = "bench: settled"

# Records on the page's clock: start-up stages and result states (chooser),
# when a question is first painted and answerable, and address-bar updates.
MARKS_SCRIPT = """
(() => {
  const bench = (window.__bench = { marks: [], replaced: [], answerable: null });
  const settled = (state) => state === "ready" || state === "error";
  new MutationObserver((mutations) => {
    for (const { target } of mutations) {
      if (["chooser-result", "verdict"].includes(target.id) && settled(target.dataset.state)) {
        console.debug(SETTLED_LINE);
      }
      if (target.id === "chooser-result") {
        bench.marks.push({ state: target.dataset.state, t: performance.now() });
      } else if (target.dataset?.stage && target.dataset.status === "active") {
        bench.marks.push({ stage: target.dataset.stage, t: performance.now() });
      }
    }
  }).observe(document, {
    subtree: true, attributes: true, attributeFilter: ["data-state", "data-status"],
  });
  const check = () => {
    const input = document.querySelector("[data-question] input");
    if (input && input.offsetParent !== null && !input.disabled) {
      requestAnimationFrame(() => (bench.answerable = performance.now()));
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
  const replace = history.replaceState.bind(history);
  history.replaceState = (state, unused, url) => {
    bench.replaced.push({ t: performance.now(), url: String(url) });
    return replace(state, unused, url);
  };
})();
""".replace("SETTLED_LINE", json.dumps(SETTLED_LINE))

# Click an unchecked answer of the nth question; return the click time.
CLICK_SCRIPT = """
(n) => {
  const fieldsets = document.querySelectorAll("[data-question]");
  const inputs = [...fieldsets[n % fieldsets.length].querySelectorAll("input")];
  const input = inputs.find((i) => !i.checked);
  const t = performance.now();
  input.click();
  return { t, url: input.name + "." + input.value };
}
"""


# ---------------------------------------------------------------------------
# Measuring in Chromium


@contextmanager
def fresh_profile(
    playwright: Playwright,
    executable: str | None,
    host: str,
    service_workers: Literal["allow", "block"] = "allow",
) -> Iterator[BrowserContext]:
    """A Chromium with an empty profile (cold caches) that reaches only 127.0.0.1."""
    with tempfile.TemporaryDirectory(prefix="chooser-bench-profile-") as profile:
        context = launch_chromium(playwright, executable, Path(profile), host, service_workers)
        with _measuring(context):
            yield context


@contextmanager
def counting_browser(playwright: Playwright, executable: str | None) -> Iterator[Browser]:
    """One Chromium for visits that count bytes only, each in a fresh context.

    A fresh context has its own empty HTTP cache and storage, so a page asks
    the server for what it asks for in a fresh profile: page_transfer's
    figures came out byte for byte the same either way (7 December 2026).
    It costs about a second of CPU less per visit than a Chromium launched
    with a profile on disk, over some twenty visits a run. Timed visits
    keep fresh_profile: their figures are a first visit as readers have it.
    """
    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=[*CHROMIUM_ARGS, LOCAL_ONLY]
    )
    try:
        yield browser
    finally:
        browser.close()


@contextmanager
def fresh_context(
    browser: Browser, service_workers: Literal["allow", "block"] = "allow"
) -> Iterator[BrowserContext]:
    """A fresh context of ``browser`` (counting_browser), set up as fresh_profile's."""
    context = browser.new_context(viewport=VIEWPORT, service_workers=service_workers)
    with _measuring(context):
        yield context


@contextmanager
def _measuring(context: BrowserContext) -> Iterator[None]:
    """``context`` with the benchmark's marks and time-out; closed afterwards."""
    context.add_init_script(MARKS_SCRIPT)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield
    finally:
        context.close()


def idle_tab(context: BrowserContext) -> Page:
    """A new tab, once the browser has finished starting (IDLE_BEFORE_NAVIGATION_MS)."""
    page = context.new_page()
    page.wait_for_timeout(IDLE_BEFORE_NAVIGATION_MS)
    return page


def open_page(
    context: BrowserContext,
    url: str,
    network: bool = False,
    cpu: bool = False,
    until_settled: bool = True,
    idle: bool = True,
) -> Page:
    """Open ``url`` in a new tab, with Fast 4G and/or a slowed CPU emulated.

    With ``until_settled``, return once the chooser or the baseline has its
    first verdict (or has failed), as SETTLED_LINE tells. With ``idle`` the
    tab is left alone first (idle_tab), for a page that is timed; a visit
    that only counts bytes need not wait.
    """
    page = idle_tab(context) if idle else context.new_page()
    if network or cpu:
        cdp = context.new_cdp_session(page)
        if network:
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", FAST_4G)
        if cpu:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    if not until_settled:
        page.goto(url, wait_until="commit")
        return page
    try:
        with page.expect_console_message(
            lambda line: line.text == SETTLED_LINE, timeout=TIMEOUT_MS
        ):
            page.goto(url, wait_until="commit")
    except PlaywrightTimeoutError:
        raise SystemExit(
            f"{url} gave no verdict and no error within {TIMEOUT_MS / 1000:.0f} s"
        ) from None
    return page


def chooser_ready(page: Page, after: float = 0.0) -> dict[str, float]:
    """Wait for the chooser's first verdict; its stage and ready times (ms) after ``after``."""
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    marks: list[dict[str, Any]] = page.evaluate("window.__bench.marks")
    times: dict[str, float] = {}
    for mark in marks:
        if mark["t"] >= after:
            times.setdefault(mark.get("stage") or mark["state"], mark["t"] - after)
    if "ready" not in times:
        raise SystemExit(f"the chooser failed to start: {page.inner_text('#chooser-result')}")
    page.wait_for_function("window.__bench.answerable !== null")
    times["answerable"] = page.evaluate("window.__bench.answerable") - after
    return times


def stock_ready(page: Page, label: str = "the stock Pyodide page") -> dict[str, float]:
    """Wait for the baseline's verdict (or a page built like it, named ``label``); its time (ms)."""
    page.wait_for_selector('#verdict:is([data-state="ready"], [data-state="error"])')
    if page.get_attribute("#verdict", "data-state") != "ready":
        raise SystemExit(f"{label} failed: {page.inner_text('#verdict')}")
    return {"ready": page.evaluate("window.__verdictAt")}


def rescore(page: Page, count: int) -> list[float]:
    """Change an answer ``count`` times; ms from each click to the updated share link.

    The changes are ``RESCORE_GAP_MS`` apart, as a reader's clicks are: a click
    that lands while the page still draws the last result waits for it.
    """
    times = []
    for n in range(count):
        page.wait_for_timeout(RESCORE_GAP_MS)
        click = page.evaluate(CLICK_SCRIPT, n)
        done = page.wait_for_function(
            "([t, answer]) => window.__bench.replaced"
            ".find((r) => r.t > t && r.url.includes(answer))",
            arg=[click["t"], click["url"]],
        ).json_value()
        times.append(done["t"] - click["t"])
    return times


def back_by_instant_navigation(page: Page) -> float:
    """Leave the chooser by a nav link and come back; ms from the click to the verdict."""
    page.locator(".md-nav__link", has_text="How to choose").first.click()
    page.wait_for_url("**/how-to-choose/")
    page.wait_for_selector("[data-chooser]", state="detached")
    clicked: float = page.evaluate("performance.now()")
    page.locator(".md-nav__link", has_text="Chooser").first.click()
    page.wait_for_url("**/chooser/**")
    return chooser_ready(page, after=clicked)["ready"]


def from_home(context: BrowserContext, home: str, rest_ms: int) -> dict[str, float]:
    """Open the chooser from the home page's button by instant navigation; ms from the click.

    The pointer first rests ``rest_ms`` on the button (0: the click comes at
    once), as a reader's does before clicking; loader.js starts the chooser's
    engine once it has rested INTENT_MS there.
    """
    page = idle_tab(context)
    page.goto(home, wait_until="load")
    settle(page)
    button = page.locator(HOME_BUTTON)
    if rest_ms:
        button.hover()
        page.wait_for_timeout(rest_ms)
    clicked: float = page.evaluate("performance.now()")
    button.click()
    page.wait_for_url("**/chooser/**")
    if page.evaluate("performance.now()") < clicked:  # a new page's clock
        raise SystemExit("the chooser was opened by a full page load, not instant navigation")
    return chooser_ready(page, after=clicked)


def settle(page: Page, quiet_ms: int = 700) -> None:
    """Let late requests finish (the transfer counter runs on the server)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(quiet_ms)


def page_bytes(transfer: Transfer) -> tuple[int, int, list[str]]:
    """(bytes sent, requests, paths) since the last reset."""
    sent = transfer.snapshot()
    return sum(size for _, size in sent), len(sent), [path for path, _ in sent]


def one_run(
    playwright: Playwright,
    executable: str | None,
    port: int,
    transfer: Transfer,
    stock_throttled: bool = True,
) -> dict[str, Any]:
    """One run of every measurement, the chooser and the baseline interleaved.

    Without ``stock_throttled`` (``--quick``), the baseline is not opened on
    Fast 4G nor with the CPU slowed: those two visits are about 30 s of a
    quick run's 150 s, and the tests need every figure of the chooser's,
    not the baseline's again.
    """
    host = f"127.0.0.1:{port}"
    chooser = f"http://{host}{SUBPATH}chooser/"
    stock = f"http://{host}/stock/"
    run: dict[str, Any] = {}

    with fresh_profile(playwright, executable, host) as context:
        page = open_page(context, chooser)
        run["cold"] = chooser_ready(page)
        run["cold_steps"] = start_steps(page, run["cold"]["ready"])
        # While the reader reads the verdict, the worker saves a memory
        # snapshot, and the page keeps the runtime for the service worker
        # and has its scripts compiled (offline.js); a later visit starts
        # from all three.
        for _ in range(240):
            if (
                page.evaluate(SNAPSHOT_SAVED)
                and page.evaluate(CHOOSER_KEPT)
                and page.evaluate(COMPILED_AHEAD) != "[]"
            ):
                break
            page.wait_for_timeout(250)
        page.close()
        page = open_page(context, chooser)
        run["warm"] = chooser_ready(page)
        run["warm_start"] = python_start(page)
        run["warm_steps"] = start_steps(page, run["warm"]["ready"])
        # A reader reads the questions before changing an answer: re-score
        # once the page has settled, not in the same instant as the verdict.
        settle(page, 1000)
        run["rescore"] = rescore(page, RESCORES_PER_RUN)
        run["back"] = back_by_instant_navigation(page)
        # The same warm visit without the snapshot (HTTP cache only).
        page.evaluate(SNAPSHOT_DROP)
        page.close()
        page = open_page(context, chooser)
        run["warm_no_snapshot"] = chooser_ready(page)
        run["warm_no_snapshot_start"] = python_start(page)

    with fresh_profile(playwright, executable, host) as context:
        transfer.reset()
        page = open_page(context, stock)
        run["stock_cold"] = stock_ready(page)
        settle(page)
        run["bytes_stock"] = page_bytes(transfer)[:2]
        page.close()
        run["stock_warm"] = stock_ready(open_page(context, stock))

    # From the home page, cold: clicked at once, and after the pointer rested.
    for key, rest_ms in (("home_click", 0), ("home_rested", HOME_REST_MS)):
        with fresh_profile(playwright, executable, host) as context:
            run[key] = from_home(context, f"http://{host}{SUBPATH}", rest_ms)

    for key, url, ready, options in (
        ("4g", chooser, chooser_ready, {"network": True}),
        ("stock_4g", stock, stock_ready, {"network": True}),
        ("cpu", chooser, chooser_ready, {"cpu": True}),
        ("stock_cpu", stock, stock_ready, {"cpu": True}),
    ):
        if key.startswith("stock_") and not stock_throttled:
            continue
        with fresh_profile(playwright, executable, host) as context:
            run[key] = ready(open_page(context, url, **options))
    return run


def docs_pages(site_dir: Path) -> list[str]:
    """Every built page but the chooser's, as site-relative paths ("" = home)."""
    pages = []
    for html in site_dir.rglob("index.html"):
        path = html.parent.relative_to(site_dir).as_posix()
        path = "" if path == "." else f"{path}/"
        if not path.startswith(("chooser/", "assets/")):
            pages.append(path)
    return sorted(pages)


def page_transfer(
    playwright: Playwright, executable: str | None, port: int, transfer: Transfer, site_dir: Path
) -> dict[str, Any]:
    """Bytes a cold visit transfers: each page's own, and the offline precache.

    The pages are measured with service workers blocked, so a figure is what
    the page itself needs (the chooser: up to its first verdict, settled).
    Besides the home page and DOCS_PAGE, every other docs page is visited
    too, and the heaviest is reported with its path: the target holds for
    every docs page, and a long page weighs more than a typical one.
    The precache is the difference a service worker makes on a docs page:
    the site's offline copy of pages, search and theme, fetched in the
    background once the page has loaded. Each visit is a fresh context of
    one Chromium (counting_browser).
    """
    host = f"127.0.0.1:{port}"
    with counting_browser(playwright, executable) as browser:
        return _page_transfer(browser, host, transfer, site_dir)


def _page_transfer(
    browser: Browser, host: str, transfer: Transfer, site_dir: Path
) -> dict[str, Any]:
    """page_transfer's visits, in ``browser``."""
    figures: dict[str, Any] = {}

    def visit(path: str, workers: Literal["allow", "block"]) -> tuple[int, int, list[str]]:
        with fresh_context(browser, workers) as context:
            transfer.reset()
            url = f"http://{host}{SUBPATH}{path}"
            page = open_page(context, url, until_settled=False, idle=False)
            page.wait_for_load_state("load")
            if path == "chooser/":
                chooser_ready(page)
            if workers == "allow":
                page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            settle(page, SETTLE_QUIET_MS)
            return page_bytes(transfer)

    def figure(sent: int, requests: int, paths: list[str]) -> dict[str, Any]:
        pyodide = [p for p in paths if "/assets/pyodide/" in p]
        return {"bytes": sent, "requests": requests, "pyodide_files": pyodide}

    def measured(path: str) -> dict[str, Any]:
        return figure(*visit(path, "block"))

    for key, path in (("home", ""), ("docs", DOCS_PAGE), ("chooser", "chooser/")):
        figures[key] = measured(path)
    every = {"": figures["home"], DOCS_PAGE: figures["docs"]}
    rest = [path for path in docs_pages(site_dir) if path not in every]
    for start in range(0, len(rest), SIDE_BY_SIDE):
        transfer.reset()
        batch = rest[start : start + SIDE_BY_SIDE]
        counted = visits_side_by_side(browser, site_dir.parent, batch)
        every.update({path: figure(*bytes_sent) for path, bytes_sent in counted.items()})
        # Each visit had a server of its own: none may have asked this one.
        if transfer.snapshot():
            raise SystemExit(f"pages {batch} sent requests to another port: {page_bytes(transfer)}")
    heaviest = max(every, key=lambda path: every[path]["bytes"])
    figures["docs_heaviest"] = {**every[heaviest], "path": heaviest, "pages": len(every)}
    sent, requests, _ = visit(DOCS_PAGE, "allow")
    figures["precache"] = {
        "bytes": sent - figures["docs"]["bytes"],
        "requests": requests - figures["docs"]["requests"],
    }
    return figures


def visits_side_by_side(
    browser: Browser, root: Path, paths: list[str]
) -> dict[str, tuple[int, int, list[str]]]:
    """Bytes a cold visit to each of ``paths`` transfers, the visits at the same time.

    As page_transfer's visits (service workers blocked, settled), but each
    page has a context and a server of its own, so each server's counter
    holds one page's requests alone, and the waits overlap.
    """
    with ExitStack() as stack:
        visits = []
        for path in paths:
            port, counter = stack.enter_context(pages_server(root))
            host = f"127.0.0.1:{port}"
            context = stack.enter_context(fresh_context(browser, "block"))
            page = open_page(
                context, f"http://{host}{SUBPATH}{path}", until_settled=False, idle=False
            )
            visits.append((path, page, counter))
        for _, page, _ in visits:
            page.wait_for_load_state("load")
            page.wait_for_load_state("networkidle")
        # settle()'s quiet time, once: every page has had it since its own idle.
        visits[-1][1].wait_for_timeout(SETTLE_QUIET_MS)
        return {path: page_bytes(counter) for path, _, counter in visits}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Build, serve, measure, print, write JSON."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of every measurement (5)")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=5, help="Lighthouse runs per page (5)"
    )
    parser.add_argument("--builds", type=int, default=3, help="timed mkdocs builds (3)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 run, 1 build, 1 Lighthouse run, stock Pyodide not throttled (the tests)",
    )
    add_output_options(parser, ROOT / "build" / "bench" / "chooser-speed.json", PUBLISHED)
    args = parser.parse_args(argv)
    if args.quick:
        if args.publish:
            parser.error(
                "--quick leaves out stock Pyodide's Fast 4G and 4x CPU visits, "
                "which the speed page shows: publish a full run"
            )
        args.runs, args.builds, args.lighthouse_runs = 1, 1, 1
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    executable = browser_executable()
    load_before = load_average()
    crashes: list[str] = []  # runs measured again after a page crashed (crash_retry)

    with served_root("chooser-bench-") as (root, site_dir, port, transfer):
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        builds = timed_builds(site_dir, base, args.builds)
        prepare_baseline(root, site_dir)
        precompress(root)
        with sync_playwright() as playwright:
            runs = []
            for n in range(args.runs):
                run = partial(one_run, playwright, executable, port, transfer, not args.quick)
                runs.append(once_more_after_a_crash(run, f"run {n + 1}/{args.runs}", crashes))
                print(
                    f"  run {n + 1}/{args.runs}: cold {runs[-1]['cold']['ready']:.0f} ms, "
                    f"stock {runs[-1]['stock_cold']['ready']:.0f} ms",
                    file=sys.stderr,
                )
            docs = page_transfer(playwright, executable, port, transfer, site_dir)
            browser = browser_name(playwright, executable)
        lh: dict[str, list[dict[str, float]]] = {}
        if args.lighthouse_runs:
            pages = (
                {"chooser": "chooser/"}
                if args.quick
                else {"home": "", "docs": DOCS_PAGE, "chooser": "chooser/"}
            )
            for name, path in pages.items():
                lh[name] = lighthouse(base + path, args.lighthouse_runs, executable)

    pyodide = npm_version("pyodide")
    meta = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": args.runs,
        "machine": machine(),
        "load": f"{load_before} / {load_average()}",
        "versions": {"pyodide": pyodide, "browser": browser, "python": sys.version.split()[0]},
        "emulation": {"fast_4g": FAST_4G, "cpu_slowdown": CPU_SLOWDOWN},
        "crashes": crashes,
    }
    figures = summarise(runs, docs, builds, lh, HOME_REST_MS)
    rows = table(figures)
    print_report(rows, figures, meta)
    document = {
        **meta,
        "table": rows,
        "steps": steps_table(figures["steps_ms"]),
        "stages": steps_table(figures["stages_ms"], STAGES),
        "figures": figures,
        "raw": runs,
    }
    write_figures(document, args.json, PUBLISHED if args.publish else None)
    if args.publish:  # and its row in the runs' history, which the speed log shows
        history.record(document)
    return document


if __name__ == "__main__":
    main()
