"""The chooser page shows the recommendation contract: reasons, counterpoints,
robustness, all four fits, and no internal id, with the verdict, its reasons and
"Copy link" in view together on a 1280x900 screen (no scrolling inside a panel).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from scorer import api, load_knowledge
from tests.chooser.chooser_page import CHOOSER, RESULT, result, verdict, wait_for_state

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.conftest import SiteBrowser

pytestmark = pytest.mark.browser

KNOWLEDGE = load_knowledge()
HYPHENATED_IDS = sorted(
    {"close-call", "consider-others"}
    | {o.id for o in KNOWLEDGE.options if "-" in o.id}
    | {c.id for c in KNOWLEDGE.criteria if "-" in c.id}
    | {g.id for g in KNOWLEDGE.groups}
)
CASES = {
    "firm": "v=1&a=ml.core,team.python,traffic.steady",
    "fragile": "v=1&a=team.python,traffic.steady",
    "close call": "v=1&a=deploy.servers",
    "tie": "v=1&a=size.medium",
    "alternative": "v=1&a=realtime.core,team.python,traffic.high",
    "alternative over a tie": "v=1&a=size.medium,structure.built-in",
    "no answers": "",
}


def test_each_case_is_what_its_name_says() -> None:
    rec = {name: api.evaluate(query)["recommendation"] for name, query in CASES.items()}
    assert rec["firm"]["robustness"]["level"] == "firm"
    assert rec["fragile"]["robustness"]["level"] == "fragile"
    assert rec["fragile"]["verdict"] in {o.id for o in KNOWLEDGE.primaries}
    assert rec["close call"]["verdict"] == "close-call" and rec["close call"]["choice"]
    assert rec["tie"]["tie"] is True
    assert rec["alternative"]["verdict"] == "consider-others"
    assert rec["alternative over a tie"]["verdict"] == "consider-others"
    assert rec["alternative over a tie"]["tie"] is True  # Node.js and Flask fit alike
    assert rec["no answers"]["answers"] == {}


def _open(site_browser: SiteBrowser, query: str) -> Page:
    page = site_browser.open(f"{CHOOSER}?{query}")
    wait_for_state(page, "ready")
    return page


def test_verdict_reasons_and_copy_link_fit_one_laptop_screen(site_browser: SiteBrowser) -> None:
    page = _open(site_browser, CASES["alternative"])
    page.evaluate("document.querySelector('.chooser').scrollIntoView()")
    boxes = page.evaluate(
        """() => {
          const box = (s) => document.querySelector(s).getBoundingClientRect();
          const panel = document.querySelector('#chooser-result');
          return {
            verdict: box('[data-slot=verdict]').top,
            reasons: box('[data-slot=reasons]').bottom,
            copy: box('[data-action=copy-link]').bottom,
            height: innerHeight,
            overflow: getComputedStyle(panel).overflowY,
          };
        }"""
    )
    assert boxes["height"] == 900
    assert boxes["overflow"] == "visible"  # the result never scrolls inside itself
    assert 0 <= boxes["verdict"] < boxes["reasons"] < boxes["copy"] <= boxes["height"]
    assert site_browser.external_requests == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_page_shows_the_contract_in_words(site_browser: SiteBrowser, case: str) -> None:
    page = _open(site_browser, CASES[case])
    expected = api.evaluate(CASES[case])["recommendation"]
    assert verdict(page) == expected["verdict"]
    expect(page.locator("[data-slot=summary]")).to_have_text(expected["summary"])
    expect(result(page)).to_have_attribute("data-robustness", expected["robustness"]["level"])
    expect(page.locator("[data-slot=robustness]")).to_have_text(expected["robustness"]["sentence"])
    # all four options, the verdict's highlighted (none on a tie)
    expect(page.locator(".chooser-fit__item")).to_have_count(4)
    chosen = page.locator('.chooser-fit__item[data-chosen="true"]')
    if expected["choice"] is None:
        expect(chosen).to_have_count(0)
    else:
        expect(chosen).to_have_attribute("data-option", expected["choice"])
        # "(verdict)" only where there is one; a close call's option "(leads)"
        expect(chosen.locator(".chooser-fit__badge")).to_have_text(f" ({expected['choice_mark']})")
    headings = expected["headings"]
    reasons_title = page.locator("[data-slot=reasons-title]")
    if headings["reasons"] is None:
        expect(reasons_title).to_be_hidden()
    else:
        expect(reasons_title).to_have_text(headings["reasons"])
    expect(page.locator("[data-slot=counterpoints-title]")).to_have_text(headings["counterpoints"])
    expect(page.locator("[data-slot=flip] > p").first).to_have_text(headings["flips"])
    # reasons favour the choice only; counterpoints never do
    favours = page.locator("[data-slot=reasons] li").evaluate_all(
        "items => items.map((li) => li.dataset.favours)"
    )
    assert set(favours) <= {expected["choice"]}
    assert len(favours) == min(4, len(expected["reasons"]))
    against = page.locator("[data-slot=counterpoints] li").evaluate_all(
        "items => items.map((li) => li.dataset.favours)"
    )
    assert against and expected["choice"] not in against
    # no internal id in what the reader sees (the questions' own words, quoted
    # in "what would change it", may use the same words: "machine-learning libraries")
    text = page.locator(RESULT).inner_text()
    for question in KNOWLEDGE.questions:
        text = text.replace(f"“{question.prompt}”", "“…”")
    found = [i for i in HYPHENATED_IDS if re.search(rf"(?<![\w/#-]){re.escape(i)}(?![\w/-])", text)]
    assert found == []
    if expected["alternative"]:
        name = KNOWLEDGE.option(expected["alternative"]).name
        expect(page.locator("[data-slot=verdict]")).to_contain_text(name)
    assert site_browser.external_requests == []
