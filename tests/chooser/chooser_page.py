"""Driving the chooser page in Chromium: the selectors of its DOM contract and waits.

Shared by the browser tests and the load benchmark. The contract (rendered by
``overrides/hooks/templates/chooser_form.html``): each question is a
``fieldset[data-question]`` of radios, each importance slider an
``input[data-criterion]``, and ``#chooser-result`` carries ``data-state`` and,
when ready, ``data-verdict``. Waits watch ``data-state``, never the clock.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playwright.sync_api import TimeoutError as PlaywrightTimeout

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

CHOOSER = "chooser/"
RESULT = "#chooser-result"
# Cold start-up on a busy 2-core machine can take a while; the page itself
# gives up after 30 s without progress, so this only guards against hangs.
READY_TIMEOUT_MS = 120_000


def result(page: Page) -> Locator:
    """The result element (carries data-state and data-verdict)."""
    return page.locator(RESULT)


def wait_for_state(page: Page, state: str, timeout: float = READY_TIMEOUT_MS) -> None:
    """Wait until the result element's data-state is ``state``.

    On timeout, fail with what the page shows instead: its state, stages and text.
    """
    try:
        page.wait_for_selector(f'{RESULT}[data-state="{state}"]', timeout=timeout)
    except PlaywrightTimeout:
        shown = page.evaluate(SHOWN, RESULT)
        waited = f"{timeout / 1000:.0f} s"
        raise AssertionError(f"the chooser never reached {state!r} in {waited}: {shown}") from None


# What the result element shows, for a failure message.
SHOWN = """(selector) => {
    const element = document.querySelector(selector);
    if (!element) return "no result element";
    const start = document.querySelector("[data-chooser]")?.dataset.pythonStart;
    const stages = [...element.querySelectorAll("[data-stage]")]
      .map((item) => `${item.dataset.stage} ${item.dataset.status}`);
    const text = element.innerText.replace(/\\s+/g, " ").trim().slice(0, 300);
    return `it shows state ${JSON.stringify(element.dataset.state)}`
      + ` (python start ${JSON.stringify(start)}; stages: ${stages.join(", ")}):`
      + ` ${JSON.stringify(text)}`;
}"""


def wait_until_settled(page: Page, timeout: float = READY_TIMEOUT_MS) -> str:
    """Wait until the chooser is ready or has failed; return the state."""
    settled = f'{RESULT}:is([data-state="ready"], [data-state="error"])'
    page.wait_for_selector(settled, timeout=timeout)
    state = result(page).get_attribute("data-state")
    assert state is not None
    return state


def answer(page: Page, question: str, option: str) -> None:
    """Pick an answer by clicking its label, as a reader would."""
    page.locator(f'[data-question="{question}"] input[value="{option}"]').check()


def checked_answers(page: Page) -> dict[str, str]:
    """Question id -> checked answer id, read from the form."""
    answers: dict[str, str] = page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll("[data-question]")]
              .map((set) => [set.dataset.question, set.querySelector("input:checked")?.value])
              .filter(([, value]) => value))"""
    )
    return answers


def wait_for_share(page: Page, fragment: str, timeout: float = 30_000) -> None:
    """Wait until the address bar's share link contains ``fragment``."""
    page.wait_for_function(
        "fragment => location.search.includes(fragment)", arg=fragment, timeout=timeout
    )


def verdict(page: Page) -> str | None:
    """The current data-verdict."""
    return result(page).get_attribute("data-verdict")


def python_start(page: Page) -> str | None:
    """How the chooser's Python started: normal, snapshot or fallback (data-python-start)."""
    return page.get_attribute("[data-chooser]", "data-python-start")


def follow_nav_link(page: Page, title: str, path: str) -> None:
    """Click the sidebar link ``title`` and wait for the address to reach ``path``."""
    page.locator(".md-nav__link", has_text=title).first.click()
    page.wait_for_url(re.compile(re.escape(path)))
