"""The chooser in Chromium: the built site served on 127.0.0.1 under a sub-path.

Each test gets a fresh Chromium profile (cold caches) that can reach no host
but 127.0.0.1, and asserts that the page asked no other host for anything.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Route, expect

from tests.bench.serve import pages_server
from tests.chooser.chooser_page import (
    CHOOSER,
    RESULT,
    answer,
    checked_answers,
    follow_nav_link,
    result,
    verdict,
    wait_for_share,
    wait_for_state,
    wait_until_settled,
)
from tests.chooser.runtime_files import (
    AFTER_FIRST_VERDICT,
    DECODER,
    DECODER_WASM,
    FIRST_VISIT_FILES,
)
from tests.conftest import ROOT, SUBPATH, site_browser_in
from tests.support.polling import wait_for

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

    from tests.conftest import BuiltSite, SharedChromium, SiteBrowser

pytestmark = [pytest.mark.browser, pytest.mark.long]

PYODIDE_BYTES = re.compile(r"/assets/pyodide/|/javascripts/chooser/(?!loader\.js)")


def test_cold_load_reaches_a_verdict_with_reasons(site_browser: SiteBrowser) -> None:
    page = site_browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_browser.url(CHOOSER), wait_until="domcontentloaded")

    # The static form is there at once, before Python is ready.
    expect(page.locator("[data-question]")).to_have_count(9)
    expect(result(page)).to_have_attribute("data-state", re.compile("loading|ready"))

    assert wait_until_settled(page) == "ready"
    assert verdict(page) == "close-call"  # no answers yet: the general comparison
    expect(page.locator(f"{RESULT} [data-slot=verdict]")).to_have_attribute("aria-live", "polite")
    expect(page.locator(".chooser-fit__item")).to_have_count(4)
    # Only the shipped runtime files were fetched, from this site: the big
    # two packed, with their decoder (and, once the verdict is there, the
    # rest of the WebAssembly).
    runtime = {url.rsplit("/", 1)[-1] for url in requests if "/assets/pyodide/" in url}
    assert runtime - AFTER_FIRST_VERDICT == FIRST_VISIT_FILES
    assert site_browser.external_requests == []


def test_answers_given_before_the_engine_is_ready_count(site_browser: SiteBrowser) -> None:
    page = site_browser.new_page()
    page.goto(site_browser.url(CHOOSER), wait_until="domcontentloaded")
    answer(page, "team", "python")
    answer(page, "ml", "core")
    wait_for_state(page, "ready")
    wait_for_share(page, "ml.core")
    assert verdict(page) == "flask"
    assert site_browser.external_requests == []


def test_answers_given_before_the_engine_is_ready_win_over_the_link(
    site_browser: SiteBrowser,
) -> None:
    """A share link's answers are put into the form once Python has
    started; answers the reader gave before that are kept, not overwritten."""
    page = site_browser.new_page()
    page.goto(site_browser.url(CHOOSER + "?v=1&a=ml.core"), wait_until="domcontentloaded")
    answer(page, "team", "python")
    wait_for_state(page, "ready")
    wait_for_share(page, "a=team.python")
    assert checked_answers(page) == {"team": "python"}
    assert "ml.core" not in urlsplit(page.url).query
    assert site_browser.external_requests == []


def test_changing_an_answer_changes_the_result(site_browser: SiteBrowser) -> None:
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "ready")
    answer(page, "team", "python")
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core,team.python")
    assert verdict(page) == "flask"
    reasons = page.locator(".chooser-reasons li")
    expect(reasons.first).to_contain_text("Flask")
    # Every reason links to the page section with the evidence.
    href = reasons.first.locator("a").get_attribute("href")
    assert href is not None and "/node-or-flask/" in href and "#" in href

    for question, option in [("team", "javascript"), ("ml", "no"), ("realtime", "core")]:
        answer(page, question, option)
    answer(page, "traffic", "high")
    wait_for_share(page, "traffic.high")
    assert verdict(page) == "nodejs"
    expect(page.locator(f"{RESULT} [data-slot=verdict]")).to_have_text("Node.js")
    assert site_browser.external_requests == []


def test_an_importance_slider_rescores(site_browser: SiteBrowser) -> None:
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "ready")
    answer(page, "team", "python")
    wait_for_share(page, "team.python")
    page.locator("details.chooser-weights summary").click()
    slider = page.locator('input[data-criterion="team-python"]')
    slider.fill("0")
    wait_for_share(page, "w=team-python.0")
    expect(slider.locator("xpath=following-sibling::output")).to_have_text(re.compile("^\u00d70"))
    assert site_browser.external_requests == []


def test_share_link_round_trip(site_browser: SiteBrowser) -> None:
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "ready")
    answer(page, "team", "python")
    answer(page, "size", "large")
    answer(page, "structure", "built-in")
    page.locator("details.chooser-weights summary").click()
    page.locator('input[data-criterion="structure"]').fill("2.5")
    wait_for_share(page, "w=structure.2.5")
    link = page.url
    label = page.locator(f"{RESULT} [data-slot=verdict]").inner_text()
    expected = verdict(page)
    answers = checked_answers(page)

    other = site_browser.new_page()
    other.goto(link)
    wait_for_state(other, "ready")
    assert verdict(other) == expected
    assert other.locator(f"{RESULT} [data-slot=verdict]").inner_text() == label
    assert (
        checked_answers(other)
        == answers
        == {
            "team": "python",
            "size": "large",
            "structure": "built-in",
        }
    )
    assert other.locator('input[data-criterion="structure"]').input_value() == "2.5"
    assert other.url == link
    expect(other.locator("[data-slot=problems]")).to_be_hidden()
    assert site_browser.external_requests == []


def test_outdated_link_restores_what_it_can_and_says_what_it_dropped(
    site_browser: SiteBrowser,
) -> None:
    page = site_browser.open(CHOOSER + "?v=1&a=ml.core,team.pyhton&w=speed.2&ref=wiki")
    wait_for_state(page, "ready")
    assert checked_answers(page) == {"ml": "core"}
    problems = page.locator("[data-slot=problems]")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("pyhton")
    expect(problems).to_contain_text("did you mean 'python'")
    expect(problems).to_contain_text("speed")
    expect(problems).to_contain_text("ref")
    # The address bar now holds the clean link.
    assert urlsplit(page.url).query == "v=1&a=ml.core"
    assert site_browser.external_requests == []


def test_copy_link_copy_record_and_download_json(site_browser: SiteBrowser) -> None:
    site_browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = site_browser.open(CHOOSER + "?v=1&a=team.javascript,realtime.core")
    wait_for_state(page, "ready")
    assert verdict(page) == "nodejs"

    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-slot=share-status]")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url

    page.get_by_role("button", name="Decision record").click()
    expect(page.locator("[data-slot=share-status]")).to_contain_text("Markdown")
    record = page.evaluate("navigator.clipboard.readText()")
    assert record.startswith("# ")
    assert "## Decision Outcome" in record and "v=1&a=realtime.core,team.javascript" in record

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download JSON").click()
    download = download_info.value
    assert download.suggested_filename == "node-or-flask-decision.json"
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["verdict"] == "nodejs"
    assert data["share"] == "v=1&a=realtime.core,team.javascript"
    assert site_browser.external_requests == []


def test_try_it_applies_the_change_that_flips_the_verdict(site_browser: SiteBrowser) -> None:
    page = site_browser.open(CHOOSER + "?v=1&a=team.python,ml.some")
    wait_for_state(page, "ready")
    before = verdict(page)
    first = page.locator(".chooser-flip li").first
    target = first.get_attribute("data-target")
    first.get_by_role("button", name="Try it").click()
    page.wait_for_function(
        "before => document.querySelector('#chooser-result').dataset.verdict !== before",
        arg=before,
    )
    assert target is not None and target in page.url
    assert site_browser.external_requests == []


# Counts the worker's evaluate requests and result replies (on the page's side).
COUNT_WORKER_MESSAGES = """
window.__messages = { evaluate: 0, result: 0 };
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (event.data?.type === "result") window.__messages.result += 1;
    });
  }
  postMessage(message, ...rest) {
    if (message?.type === "evaluate") window.__messages.evaluate += 1;
    return super.postMessage(message, ...rest);
  }
};
"""
PRACTISED = re.compile(r"chooser: practised (\d+) queries in \d+ ms")

# The page's Worker, changed for the test below: its `route` argument is
# "name only" (the posted init request is dropped) or "message only" (the
# worker gets no name, so only the posted request can start it).
ROUTE_WORKER_INIT = """
(route) => {
  const PageWorker = window.Worker;
  window.__inits = { posted: 0, named: 0 };
  window.Worker = class extends PageWorker {
    constructor(url, options = {}) {
      if (options.name) window.__inits.named += 1;
      super(url, route === "message only" ? { ...options, name: undefined } : options);
    }
    postMessage(message, ...rest) {
      if (message?.type !== "init") return super.postMessage(message, ...rest);
      window.__inits.posted += 1;
      if (route !== "name only") super.postMessage(message, ...rest);
    }
  };
}
"""


@pytest.mark.parametrize("route", ["name only", "message only"])
def test_the_worker_starts_from_its_name_or_from_the_posted_request(
    site_browser: SiteBrowser, route: str
) -> None:
    """The init request travels in the worker's name, so Python starts without
    waiting for the posted copy (which reaches a new worker only once the
    page's main thread is free); the posted copy alone starts it too."""
    page = site_browser.new_page()
    page.add_init_script(f"({ROUTE_WORKER_INIT})({json.dumps(route)})")
    page.goto(site_browser.url(CHOOSER))
    wait_for_state(page, "ready")
    assert page.evaluate("window.__inits") == {"posted": 1, "named": 1}
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core")
    assert site_browser.external_requests == []


def test_the_practice_after_the_first_verdict_leaves_the_page_alone(
    site_browser: SiteBrowser,
) -> None:
    """The worker's practice scoring (warmup.js) sends the page nothing, and
    the reader's changes made while it runs get their own results."""
    page = site_browser.new_page()
    page.add_init_script(COUNT_WORKER_MESSAGES)
    practised: list[int] = []

    def on_console(line: ConsoleMessage) -> None:
        if found := PRACTISED.search(line.text):
            practised.append(int(found[1]))

    page.on("console", on_console)
    page.goto(site_browser.url(CHOOSER))
    wait_for_state(page, "ready")
    answer(page, "team", "python")
    answer(page, "ml", "core")
    wait_for_share(page, "a=ml.core,team.python")
    # The practice takes about half a second here; allow a minute.
    wait_for(page, lambda: practised, "the practice's report", timeout_ms=60_000, every_ms=100)
    assert len(practised) == 1 and practised[0] >= 1
    page.wait_for_timeout(300)  # room for any stray reply to arrive (none may)
    assert verdict(page) == "flask"
    assert "a=ml.core,team.python" in page.url
    messages = page.evaluate("window.__messages")
    assert messages["result"] == messages["evaluate"] >= 2
    assert site_browser.external_requests == []


def test_instant_navigation_there_away_and_back_reuses_the_engine(
    site_browser: SiteBrowser,
) -> None:
    page = site_browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_browser.url(""))
    page.evaluate("window.__sameDocument = true")
    # Nothing of Pyodide or the chooser's scripts on another page.
    assert not [url for url in requests if PYODIDE_BYTES.search(url)]

    follow_nav_link(page, "Chooser", "/chooser/")
    assert wait_until_settled(page) == "ready"
    assert page.evaluate("window.__sameDocument") is True, "expected instant navigation"
    answer(page, "team", "javascript")
    wait_for_share(page, "team.javascript")

    follow_nav_link(page, "How to choose", "/how-to-choose/")
    expect(page.locator("[data-chooser]")).to_have_count(0)
    assert "?" not in page.url

    follow_nav_link(page, "Chooser", "/chooser/")
    wait_for_state(page, "ready", timeout=30_000)
    assert verdict(page) == "close-call"  # a fresh form: no answers carried over
    page.go_back()  # back to the guide, then forward to the chooser again
    page.wait_for_url(re.compile(r"/how-to-choose/"))
    page.go_forward()
    page.wait_for_url(re.compile(r"/chooser/"))
    wait_for_state(page, "ready", timeout=30_000)

    assert page.evaluate("window.__sameDocument") is True
    # One tab, one worker: the runtime was fetched once.
    assert sum(url.endswith("/pyodide.asm.first.wasm.br") for url in requests) == 1
    assert sum(url.endswith("/chooser/worker.js") for url in requests) == 1
    assert site_browser.external_requests == []


# How preload.js marks its hints (prefetch where the browser has it, else preload).
RUNTIME_HINT = "link[data-chooser-hint]"
# What the chooser's head asks for early (preload.js), by file name ending.
RUNTIME_HINTS = (
    "/pyodide.asm.first.wasm.br",
    "/python_stdlib.zip.br",
    f"/{DECODER}",
    f"/{DECODER_WASM}",
    "/pyodide.asm.mjs",
    ".whl",
)


def test_a_first_visit_downloads_each_runtime_file_once(
    built_site: BuiltSite,
    chromium: SharedChromium,
) -> None:
    """The chooser's head asks for the runtime's files early, with hints
    (prefetch, in Chromium; the scorer's wheel among them, which Pyodide
    would otherwise ask for only once Python has started), the big two
    packed, with their decoder;
    the Python worker then finds them in the browser's HTTP cache. Served as
    GitHub Pages serves them (ten minutes' caching), counting what the
    server sends: each file goes out once."""
    with pages_server(built_site.root) as (port, transfer):
        base_url = f"http://127.0.0.1:{port}{SUBPATH}"
        with site_browser_in(chromium, base_url) as browser:
            page = browser.new_page()
            page.goto(browser.url(CHOOSER))
            assert wait_until_settled(page) == "ready"
            hints = page.eval_on_selector_all(
                RUNTIME_HINT, "links => links.map((link) => [link.rel, link.href])"
            )
            # Chromium has prefetch: the body then stays off the page's main thread.
            assert {rel for rel, _ in hints} == {"prefetch"}, hints
            hints = [href for _, href in hints]
            assert sorted(end for end in RUNTIME_HINTS for href in hints if href.endswith(end)) == (
                sorted(RUNTIME_HINTS)
            ), hints
            sent = [path for path, _ in transfer.snapshot() if "/assets/pyodide/" in path]
            names = sorted(path.rsplit("/", 1)[-1] for path in sent)
            assert len(names) == len(set(names)), names
            assert set(names) - AFTER_FIRST_VERDICT == FIRST_VISIT_FILES, names
            assert browser.external_requests == []


# When the first runtime hint was added to the head, and the frame that first
# painted a question (on the page's clock, ms after navigation).
HINT_CLOCK = """
window.__hintClock = { hinted: null, painted: null };
new MutationObserver(() => {
  if (window.__hintClock.hinted === null && document.querySelector("RUNTIME_HINT")) {
    window.__hintClock.hinted = performance.now();
  }
}).observe(document, { subtree: true, childList: true });
const look = () => {
  const input = document.querySelector("[data-question] input");
  if (input && input.offsetParent !== null) window.__hintClock.painted = performance.now();
  else requestAnimationFrame(look);
};
requestAnimationFrame(look);
""".replace("RUNTIME_HINT", RUNTIME_HINT)
PRELOAD_JS = (ROOT / "overrides/assets/javascripts/chooser/preload.js").read_text(encoding="utf-8")


def preload_constant(name: str) -> int:
    """A number that preload.js declares (the tests follow the page's own values)."""
    match = re.search(rf"const {name} = ([\d_]+);", PRELOAD_JS)
    assert match, f"preload.js declares no {name}"
    return int(match.group(1).replace("_", ""))


PAINT_WAIT_MS = preload_constant("PAINT_WAIT_MS")


def hold_first_paint(page: Page, url: str) -> list[Route]:
    """Keep the page at ``url`` from painting: a stylesheet written into its
    head, whose request is held (the page's own styles are in the page)."""
    held: list[Route] = []
    page.route("**/held-first-paint.css", lambda route: held.append(route))

    def add_stylesheet(route: Route) -> None:
        response = route.fetch()
        link = '<head><link rel="stylesheet" href="held-first-paint.css">'
        route.fulfill(response=response, body=response.text().replace("<head>", link, 1))

    page.route(url, add_stylesheet)
    return held


def test_the_runtime_hints_wait_for_the_questions_to_be_painted(site_browser: SiteBrowser) -> None:
    """preload.js adds its hints once the questions have been painted:
    Lighthouse counts a request begun before the page's largest paint (the
    text above the questions) as one that paint waited for. With nothing
    painted (a stylesheet held back), the hints still go out, after
    PAINT_WAIT_MS."""
    # First, on the fresh profile (no service worker yet, which routing would miss).
    page = site_browser.new_page()
    page.add_init_script(HINT_CLOCK)
    held = hold_first_paint(page, site_browser.url(CHOOSER))
    page.goto(site_browser.url(CHOOSER), wait_until="commit")
    # Polled on a timer: with nothing painted there are no animation frames.
    page.wait_for_function("() => window.__hintClock.hinted !== null", polling=50)
    clock = page.evaluate("window.__hintClock")
    assert held and clock["painted"] is None, clock
    assert clock["hinted"] >= PAINT_WAIT_MS, clock
    for route in held:
        route.continue_()
    assert wait_until_settled(page) == "ready"
    page.close()

    page = site_browser.new_page()
    page.add_init_script(HINT_CLOCK)
    page.goto(site_browser.url(CHOOSER))
    assert wait_until_settled(page) == "ready"
    clock = page.evaluate("window.__hintClock")
    assert clock["painted"] is not None and clock["hinted"] is not None, clock
    # After the questions' paint, unless that came later than the wait allows.
    assert clock["hinted"] > clock["painted"] or clock["hinted"] >= PAINT_WAIT_MS, clock


# Material's search: the line above its results says this until its worker has the index.
SEARCH_META = ".md-search-result__meta"
SEARCH_WAITING = "Initializing search"
SEARCH_INDEX_FETCHED = """() => performance.getEntriesByType("resource")
    .some((entry) => new URL(entry.name).pathname.endsWith("/search/search_index.json"))"""


def test_python_starts_without_the_search_index_and_search_works_meanwhile(
    site_browser: SiteBrowser,
) -> None:
    """The theme's search index (its worker builds it: about a third of a
    second of CPU) is not fetched while Python starts, nor after, unless the
    reader reaches for the search (search_on_demand.html, on every page).
    A reader who searches while Python is still starting gets results."""
    held: list[Route] = []
    page = site_browser.new_page()
    page.route("**/assets/pyodide/**", lambda route: held.append(route))
    page.goto(site_browser.url(CHOOSER))
    page.locator(".md-search__input").click()
    page.keyboard.type("flask")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert held, "expected the runtime's requests to be held"
    assert result(page).get_attribute("data-state") == "loading"
    for route in held:
        route.abort()
    page.close()

    # Then Python starts (this profile has no runtime yet, so the first part
    # came first): still no index.
    page = site_browser.new_page()
    page.goto(site_browser.url(CHOOSER))
    assert wait_until_settled(page) == "ready"
    page.wait_for_timeout(1_000)
    assert not page.evaluate(SEARCH_INDEX_FETCHED)
    expect(page.locator(SEARCH_META)).to_have_text(SEARCH_WAITING)
    page.close()

    assert site_browser.external_requests == []


def test_back_to_the_chooser_by_a_link_fetches_no_runtime_file_again(
    site_browser: SiteBrowser,
) -> None:
    """A full load of the chooser asks for the runtime from its head; Material's
    instant navigation copies a page's head elements into the current page,
    and coming back to the chooser by links must not fetch the files again."""
    page = site_browser.new_page()
    page.goto(site_browser.url(CHOOSER))
    assert wait_until_settled(page) == "ready"
    assert page.locator(RUNTIME_HINT).count() == len(RUNTIME_HINTS)
    page.evaluate("window.__sameDocument = true")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    follow_nav_link(page, "How to choose", "/how-to-choose/")
    follow_nav_link(page, "Chooser", "/chooser/")
    assert wait_until_settled(page) == "ready"

    assert page.evaluate("window.__sameDocument") is True, "expected instant navigation"
    assert not [url for url in requests if "/assets/pyodide/" in url]
    # The hints left with the head of the first chooser page; its copied script did not run.
    assert page.locator(RUNTIME_HINT).count() == 0


def test_keyboard_only(site_browser: SiteBrowser) -> None:
    site_browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "ready")
    keyboard = page.keyboard

    def focused(selector: str) -> bool:
        return bool(page.evaluate("s => !!document.activeElement?.closest(s)", selector))

    def tab_to(selector: str, limit: int = 120) -> None:
        for _ in range(limit):
            if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
                return
            keyboard.press("Tab")
        pytest.fail(f"Tab never reached {selector}")

    tab_to('[data-question="traffic"] input')
    keyboard.press("Space")  # the first answer
    keyboard.press("ArrowDown")  # the second
    keyboard.press("ArrowDown")  # the third: many users
    tab_to('[data-question="realtime"] input')
    keyboard.press("ArrowUp")  # wraps to the last answer: live updates at the heart
    tab_to('[data-question="team"] input')
    keyboard.press("Space")  # JavaScript or TypeScript
    wait_for_share(page, "team.javascript")
    assert checked_answers(page) == {"traffic": "high", "realtime": "core", "team": "javascript"}
    assert verdict(page) == "nodejs"

    tab_to("details.chooser-weights summary")
    keyboard.press("Enter")
    tab_to('input[data-criterion="performance"]')
    keyboard.press("ArrowRight")
    wait_for_share(page, "performance.1.5")
    assert focused("details.chooser-weights")

    tab_to('[data-action="copy-link"]')
    keyboard.press("Enter")
    expect(page.locator("[data-slot=share-status]")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert site_browser.external_requests == []


def test_every_control_has_a_label(site_browser: SiteBrowser) -> None:
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "ready")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('.chooser input, .chooser button')]
            .filter((el) => !(el.labels?.length || el.getAttribute('aria-label')
                              || el.textContent.trim()))
            .map((el) => el.outerHTML)"""
    )
    assert unlabelled == []
    assert site_browser.external_requests == []


def test_missing_wasm_file_shows_the_error_and_the_guide(site_browser: SiteBrowser) -> None:
    site_browser.fail_requests_to("pyodide.asm.first.wasm.br")
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "error", timeout=60_000)
    error = page.locator("[data-slot=error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("could not start")
    expect(error).to_contain_text("pyodide.asm.first.wasm.br")
    guide = error.get_by_role("link", name="written decision guide")
    assert (guide.get_attribute("href") or "").endswith("how-to-choose/")
    expect(page.locator("[data-slot=progress]")).to_be_hidden()
    assert result(page).get_attribute("data-verdict") is None
    # The form stays usable as a checklist, and the guide opens.
    guide.click()
    page.wait_for_url(re.compile(r"/how-to-choose/"))
    assert site_browser.external_requests == []


@pytest.mark.parametrize("failure", ["unreachable", "not found"])
def test_a_missing_lock_file_is_named_in_the_error(site_browser: SiteBrowser, failure: str) -> None:
    """The worker asks for the lock file itself, beside Pyodide's other
    files, and hands it over: a lock file it cannot have fails the start
    with the file's name."""
    if failure == "unreachable":
        site_browser.fail_requests_to("pyodide-lock.json")
    else:
        site_browser.context.route("**/*pyodide-lock.json", lambda route: route.fulfill(status=404))
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "error", timeout=60_000)
    error = page.locator("[data-slot=error]")
    expect(error).to_contain_text("ould not download pyodide-lock.json")
    if failure == "not found":
        expect(error).to_contain_text("HTTP 404")
    assert site_browser.external_requests == []


def test_a_corrupt_packed_file_is_named_in_the_error(site_browser: SiteBrowser) -> None:
    """A packed copy that does not unpack (a truncated upload, a proxy that
    rewrote it) fails the start with the file's name, not a hang."""
    site_browser.context.route(
        "**/*python_stdlib.zip.br",
        lambda route: route.fulfill(status=200, body=b"<html>Not found</html>"),
    )
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "error", timeout=60_000)
    error = page.locator("[data-slot=error]")
    expect(error).to_contain_text("ould not unpack python_stdlib.zip.br, which is damaged")
    assert site_browser.external_requests == []


def test_a_decoder_that_cannot_load_is_named_in_the_error(site_browser: SiteBrowser) -> None:
    """The Brotli decoder is a module and its WebAssembly: either missing
    fails the start with the decoder's name, not a hang."""
    site_browser.fail_requests_to(DECODER_WASM)
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "error", timeout=60_000)
    error = page.locator("[data-slot=error]")
    expect(error).to_contain_text("ould not load the Brotli decoder")
    expect(error).to_contain_text(DECODER)
    assert site_browser.external_requests == []


def test_without_webassembly_the_error_is_immediate(site_browser: SiteBrowser) -> None:
    site_browser.context.add_init_script("delete globalThis.WebAssembly")
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "error", timeout=10_000)
    expect(page.locator("[data-slot=error]")).to_contain_text("WebAssembly")
    assert site_browser.external_requests == []


def test_start_up_that_stalls_fails_after_thirty_seconds(site_browser: SiteBrowser) -> None:
    # The runtime download never answers: no progress, so the page gives up.
    stalled: list[Route] = []  # requests for the runtime, left unanswered
    site_browser.context.route("**/pyodide.asm.first.wasm.br", lambda route: stalled.append(route))
    page = site_browser.new_page()
    # The page's own clock, moved on by hand: the thirty seconds pass at once.
    page.clock.install()
    page.goto(site_browser.url(CHOOSER))
    failed = page.locator(f'{RESULT}[data-state="error"]')
    page.wait_for_timeout(1000)
    wait_for(page, lambda: stalled, "the runtime to be asked for", timeout_ms=30_000, every_ms=500)
    page.wait_for_timeout(1000)
    assert failed.count() == 0, "gave up before its time"
    for _ in range(5):  # a late progress message re-arms the watchdog
        page.clock.fast_forward("00:31")
        if failed.count():
            break
        page.wait_for_timeout(500)
    wait_for_state(page, "error", timeout=10_000)
    expect(page.locator("[data-slot=error]")).to_contain_text("no progress for 30 seconds")
    assert site_browser.external_requests == []


# The turning glyph of the active start-up stage (chooser.css), as the
# browser runs it: which stage, its delay (ms), and where it is in its turn
# (null while it waits).
STAGE_GLYPHS = """() => document.getAnimations()
  .filter((animation) => animation.animationName === "chooser-spin")
  .map(({ effect }) => ({
    stage: effect.target.dataset.stage,
    pseudo: effect.pseudoElement,
    delay: effect.getTiming().delay,
    progress: effect.getComputedTiming().progress,
  }))"""
# The start-up stage the page shows as under way (view.js, showProgress).
ACTIVE_STAGE = '[data-stage][data-status="active"]'


def test_the_stage_glyph_turns_only_once_a_stage_has_lasted_a_second(
    site_browser: SiteBrowser,
) -> None:
    """Most stages end within a second (a return visit's whole start takes
    about 0.6 s), and while the glyph turns the browser draws a frame at
    every refresh, so it waits a second; with reduced motion it never turns."""
    held: list[Route] = []
    site_browser.context.route("**/assets/pyodide/**", lambda route: held.append(route))
    page = site_browser.open(CHOOSER)
    active = page.locator(ACTIVE_STAGE)
    expect(active).to_have_count(1)
    stage = active.get_attribute("data-stage")
    (glyph,) = page.evaluate(STAGE_GLYPHS)
    assert (glyph["stage"], glyph["pseudo"], glyph["delay"]) == (stage, "::before", 1000)
    page.wait_for_timeout(1_200)  # the runtime is held: the stage cannot end
    assert active.get_attribute("data-stage") == stage
    (glyph,) = page.evaluate(STAGE_GLYPHS)
    assert glyph["progress"] is not None, "still not turning after more than a second"

    still = site_browser.new_page()
    still.emulate_media(reduced_motion="reduce")
    still.goto(site_browser.url(CHOOSER))
    expect(still.locator(ACTIVE_STAGE)).to_have_count(1)
    still.wait_for_timeout(1_200)
    assert still.evaluate(STAGE_GLYPHS) == []
    assert held, "expected the runtime's requests to be held"
    for route in held:
        route.abort()
    assert site_browser.external_requests == []


def test_page_script_that_fails_to_load_shows_the_error(site_browser: SiteBrowser) -> None:
    site_browser.fail_requests_to("javascripts/chooser/chooser.js")
    page = site_browser.open(CHOOSER)
    wait_for_state(page, "error", timeout=30_000)
    expect(page.locator("[data-slot=error]")).to_contain_text("script did not load")
    expect(page.locator("[data-slot=error]").get_by_role("link")).to_have_count(1)
    assert site_browser.external_requests == []
