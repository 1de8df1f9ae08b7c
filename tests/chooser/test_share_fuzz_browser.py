"""Hostile share links through the real chooser in Chromium (100 of the corpus).

One tab, one Python engine: each link is put in the address bar and the
chooser element is mounted afresh from the built HTML, as Material's instant
navigation does, so the page's own code restores the state from the address
bar (a full load per link would restart Python 100 times). For every link:
no uncaught exception, no dialog, no script run (``window.__pwned``), no
markup injected (``[data-fuzz]``), no
CSP violation; the address bar is rewritten to the valid state (the CPython
codec's own re-encoding of what it could read); and when something was
dropped, the reader sees a short notice.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest

from scorer import decode_share, encode_share, load_knowledge
from scorer.share import MAX_PROBLEMS
from tests.chooser.chooser_page import CHOOSER, wait_for_state
from tests.support.share_fuzz import corpus

if TYPE_CHECKING:
    from playwright.sync_api import Dialog

    from tests.conftest import SiteBrowser

pytestmark = pytest.mark.browser

KNOWLEDGE = load_knowledge()
BROWSER_CASES = 100
# An even spread over the 10,000-link corpus, every family included.
CASES = [case for i, case in enumerate(corpus(KNOWLEDGE, 10_000)) if i % 97 == 0][:BROWSER_CASES]
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
"""
# Open a link in the tab as instant navigation does: the address bar changes,
# a pristine copy of the page's chooser element (as built) replaces the old
# one, and document$ fires, so loader.js mounts it and it restores its state
# from the address bar with the tab's running engine.
PRISTINE = """async () => {
  const html = await (await fetch(location.pathname)).text();
  const parsed = new DOMParser().parseFromString(html, "text/html");
  window.__pristine = parsed.querySelector("[data-chooser]");
}"""
FOLLOW = """(query) => {
  const a = document.createElement("a");
  a.href = location.pathname + "?" + query;
  history.replaceState(history.state, "", a.href);
  const fresh = document.importNode(window.__pristine, true);
  document.querySelector("[data-chooser]").replaceWith(fresh);
  window.document$.next(document);
  return { search: location.search.replace(/^\\?/, "") };
}"""
STATE = """() => {
  const notice = document.querySelector("[data-slot=problems]");
  return {
    search: location.search.replace(/^\\?/, ""),
    pwned: window.__pwned !== undefined,
    injected: document.querySelectorAll("[data-fuzz], iframe, img[onerror]").length,
    csp: window.__csp,
    noticeShown: !notice.hidden,
    noticeItems: notice.querySelectorAll("li").length,
    noticeText: notice.textContent.length,
  };
}"""


def test_hostile_links_through_the_real_chooser(site_browser: SiteBrowser) -> None:
    assert len(CASES) == BROWSER_CASES
    site_browser.context.add_init_script(WATCH)
    errors: list[str] = []
    page = site_browser.open(CHOOSER)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))

    def on_dialog(dialog: Dialog) -> None:
        errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    wait_for_state(page, "ready")
    page.evaluate("window.__sameDocument = true")
    page.evaluate(PRISTINE)
    families: Counter[str] = Counter()
    failures: list[str] = []
    for family, query in CASES:
        families[family.split("+")[0]] += 1
        followed = page.evaluate(FOLLOW, query)
        # The page scores its whole address, whose query starts after the
        # first "?"; a "?" inside the query stays part of it.
        state = decode_share(KNOWLEDGE, "?" + followed["search"])
        expected = encode_share(state.answers, state.weights)
        page.wait_for_selector('#chooser-result[data-state="ready"]', state="attached")
        try:
            page.wait_for_function("s => location.search === '?' + s", arg=expected, timeout=15_000)
        except Exception:
            failures.append(f"{family} {query[:80]!r}: address bar not rewritten to {expected!r}")
            continue
        seen = page.evaluate(STATE)
        label = f"{family} {query[:80]!r}"
        if seen["pwned"] or seen["injected"] or seen["csp"]:
            failures.append(f"{label}: script or markup got through: {seen}")
        short = seen["noticeShown"] and 0 < seen["noticeItems"] <= MAX_PROBLEMS
        if state.problems and not short:
            failures.append(f"{label}: no short notice: {seen}")
    assert page.evaluate("window.__sameDocument") is True, "a link reloaded the page"
    assert errors == [], errors
    assert failures == [], "\n".join(failures)
    assert len(families) == 7, families
    print(f"\nchooser fuzz: {sum(families.values())} links in Chromium, by family {dict(families)}")
