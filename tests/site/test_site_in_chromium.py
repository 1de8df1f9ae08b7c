"""The site served under a sub-path works in Chromium, offline.

Served as GitHub Pages will serve it (``/node-or-flask/``) by a local HTTP
server: every nav page loads with its assets and styles, instant navigation
works, search finds every section of every page (queries come from the built
search index, so a new section is searched for without editing this file),
the colour scheme follows the system and the toggle (switching without a
fade), and no request goes to another host. One Chromium profile serves the
tests that need no isolation.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.site.site_html import nav_pages

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Request, Response

    from tests.conftest import BuiltSite, SiteBrowser

pytestmark = [pytest.mark.site, pytest.mark.browser, pytest.mark.long]

NAV = nav_pages()


def _without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", parts.fragment))


def test_every_nav_page_loads_with_assets_and_styles(shared_site_browser: SiteBrowser) -> None:
    page = shared_site_browser.new_page()
    own_host = urlsplit(shared_site_browser.base_url).netloc
    problems: list[str] = []

    def on_response(r: Response) -> None:
        if r.status >= 400 and urlsplit(r.url).netloc == own_host:
            problems.append(f"HTTP {r.status} {r.url}")

    # Requests cut short by leaving the page (ERR_ABORTED) are not failures of the site.
    def on_request_failed(r: Request) -> None:
        if r.failure != "net::ERR_ABORTED" and urlsplit(r.url).netloc == own_host:
            problems.append(f"failed {r.url}: {r.failure}")

    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: uncaught {error}"))
    for nav in NAV:
        response = page.goto(shared_site_browser.url(nav.url), wait_until="load")
        assert response is not None and response.status == 200, f"{nav.src}: {response}"
        # A light system (Chromium's default) gets the light scheme.
        assert _scheme(page) == "default", nav.src
        # Material's style sheet: the header has the indigo primary colour.
        header = page.eval_on_selector(".md-header", "el => getComputedStyle(el).backgroundColor")
        assert header == "rgb(64, 81, 181)", f"{nav.src}: header is {header}"
        # Material's script ran (it swaps the no-js class) and the page title is there.
        assert "js" in (page.get_attribute("html", "class") or "").split(), nav.src
        assert page.locator("article h1").count() == 1, f"{nav.src}: one h1 expected"
    # Our own style sheet: the rating dots are round.
    page.goto(shared_site_browser.url("questions/performance/"))
    radius = page.eval_on_selector(".nof-score__dot", "el => getComputedStyle(el).borderRadius")
    assert radius == "50%", f"extra.css not applied (border-radius {radius})"
    assert not problems, "\n".join(problems)
    assert shared_site_browser.external_requests == []


def test_instant_navigation_works_under_the_sub_path(shared_site_browser: SiteBrowser) -> None:
    page = shared_site_browser.open("")
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Methodology").first.click()
    page.wait_for_url(shared_site_browser.url("methodology/"))
    page.wait_for_selector("article h1:has-text('Methodology')")
    assert page.evaluate("window.__sameDocument === true"), "the page was fully reloaded"
    # And back through the footer's "previous" link.
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_url(shared_site_browser.url("chooser/"))
    assert page.evaluate("window.__sameDocument === true")
    assert shared_site_browser.external_requests == []


def test_search_finds_every_section(
    shared_site_browser: SiteBrowser, built_site: BuiltSite
) -> None:
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text())
    docs = [d for d in index["docs"] if d["title"].strip()]
    pages = {d["location"]: d["title"] for d in docs if "#" not in d["location"]}
    repeated = Counter(d["title"] for d in docs)
    page = shared_site_browser.open("")
    search = page.locator("input.md-search__input")
    search.click()
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')"
        "?.textContent || 'Initializing')"
    )
    missed = []
    for doc in docs:
        location, title = doc["location"], doc["title"]
        queries = [title]
        if "#" in location:  # "Verdict", "Sources", "Why": the page's title narrows it down
            with_page = f"{title} {pages[location.split('#')[0]]}"
            queries = [with_page] if repeated[title] > 1 else [title, with_page]
        if not any(_finds(page, search, q, shared_site_browser.url(location)) for q in queries):
            missed.append(f"{' / '.join(map(repr, queries))} -> {location}")
    assert len(docs) >= len(NAV) * 3, f"suspiciously few sections indexed: {len(docs)}"
    assert not missed, "search did not find:\n" + "\n".join(missed)
    # A result leads to its section.
    search.fill("Corrections")
    search.press("End")
    page.locator(
        "a.md-search-result__link[href*='methodology/'][href$='#corrections']"
    ).first.click()
    target = shared_site_browser.url("methodology/#corrections")
    page.wait_for_url(lambda url: _without_query(url) == target)
    # A shared search link (search.share) opens the search with its results.
    shared = shared_site_browser.open("how-to-choose/?q=Corrections")
    shared.wait_for_selector("a.md-search-result__link[href*='methodology/'][href$='#corrections']")
    assert shared.input_value("input.md-search__input") == "Corrections"
    assert shared_site_browser.external_requests == []


def _finds(page: Page, search: Locator, query: str, expected: str) -> bool:
    """Type a query into Material's search box; whether a result links to ``expected``."""
    search.fill(query)
    search.press("End")  # Material searches on keyup, which fill() does not send
    try:
        page.wait_for_function(
            """([expected]) => [...document.querySelectorAll('a.md-search-result__link')]
                 .some(a => { const u = new URL(a.href); u.search = '';
                              return u.href === expected; })""",
            arg=[expected],
            timeout=3_000,
        )
    except PlaywrightTimeoutError:
        return False
    return True


def _scheme(page: Page) -> str:
    scheme: str = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    return scheme


def _background(page: Page) -> str:
    colour: str = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return colour


def test_colour_scheme_follows_the_system_and_the_toggle(site_browser: SiteBrowser) -> None:
    # A first visit follows the system (the light case: see the page-load test);
    # after that Material keeps the reader's scheme, toggled or not.
    page = site_browser.new_page()
    page.emulate_media(color_scheme="dark")
    page.goto(site_browser.url(""))
    assert _scheme(page) == "slate"
    dark = _background(page)
    page.locator("label.md-header__button[for='__palette_0']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert _background(page) != dark, "the light scheme did not change the background"
    page.goto(site_browser.url("questions/"))
    assert _scheme(page) == "default", "the reader's choice should survive a page load"
    page.locator("label.md-header__button[for='__palette_1']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert _background(page) == dark
    assert site_browser.external_requests == []


# Transitions that change what is drawn (Chromium also starts some from a
# colour to the same colour, which draw nothing).
RECORD_FADES = """() => {
  window.faded = [];
  document.addEventListener('transitionrun', (event) => {
    const name = event.propertyName.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const fade = event.target.getAnimations()
      .find((a) => a.transitionProperty === event.propertyName);
    const [from, to] = fade ? fade.effect.getKeyframes().map((frame) => frame[name]) : [];
    if (from !== to) window.faded.push(`${event.target.className || event.target.tagName} ${name}`);
  }, true);
}"""


def test_a_scheme_switch_does_not_fade_and_transitions_stay(site_browser: SiteBrowser) -> None:
    # The palette's rule for every element is left out of the pages
    # (hooks/css_bundle.py); palette_switch.js stops transitions only while
    # the reader switches. Without either, links and the navigation fade.
    page = site_browser.new_page()
    page.goto(site_browser.url("how-to-choose/"))
    page.evaluate(RECORD_FADES)
    link = ".md-content .md-typeset a[href]"
    duration = "a => getComputedStyle(a).transitionDuration"
    before = page.eval_on_selector(link, duration)
    assert before.strip("0s., ") != "", f"the link has no transition to keep ({before})"
    for toggle, scheme in (("__palette_1", "slate"), ("__palette_0", "default")):
        # Clicked from the page, not with the mouse: a pointer over the button
        # would fade it for its own hover effect.
        page.eval_on_selector(f"label.md-header__button[for='{toggle}']", "label => label.click()")
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
        page.wait_for_timeout(400)  # longer than any of the theme's colour transitions
        assert page.evaluate("window.faded") == [], f"switching to {scheme} faded"
    # Transitions are back once the switch is drawn (a hover still fades).
    assert page.eval_on_selector(link, duration) == before
    assert page.evaluate("document.adoptedStyleSheets.length") == 0


def test_a_first_visit_is_drawn_in_the_systems_scheme_before_the_themes_script(
    site_browser: SiteBrowser,
) -> None:
    # Material picks the scheme that follows the system only once its script
    # has run, at the end of the page; partials/javascripts/palette.html picks
    # it before the first paint. Without the theme's script the page is dark.
    site_browser.fail_requests_to(".min.js")  # bundle.<hash>.min.js among them
    page = site_browser.new_page()
    page.emulate_media(color_scheme="dark")
    page.goto(site_browser.url("how-to-choose/"))
    assert page.evaluate("typeof document$") == "undefined", "the theme's script ran"
    assert _scheme(page) == "slate"
    assert page.evaluate("__md_get('__palette')") is None, "stored before the reader chose"
    # With the theme's script, the same first visit does not fade either.
    site_browser.context.unroute("**/*.min.js")
    page = site_browser.new_page()
    page.emulate_media(color_scheme="dark")
    page.add_init_script(f"({RECORD_FADES})()")
    page.goto(site_browser.url("questions/"))
    page.wait_for_function("__md_get('__palette') !== null")
    page.wait_for_timeout(400)
    assert _scheme(page) == "slate"
    assert page.evaluate("window.faded") == []
