"""Helpers for the accessibility tests: axe-core in a page, contrast, Lighthouse.

axe-core comes from the pinned npm package (``node_modules/axe-core``) and is
evaluated in the page through the DevTools protocol, which the page's own
Content-Security-Policy does not restrict. Lighthouse is the pinned npm
package too, run with the same Chromium.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tests.conftest import CHROMIUM_ARGS, LOCAL_ONLY

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"

# The views every page is audited in: colour scheme x viewport width.
Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")
WIDTHS = {"desktop": 1280, "phone": 390}


def _with_axe(page: Page) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))


# axe-core (all default rules) on ``within`` (a selector; the document if
# null). With ``settle``, first until the page's finite animations and
# transitions have ended: a change of state can set some going (the theme
# fades its "Back to top" button in when the reader scrolls up), and axe
# would otherwise read colours halfway through a fade.
AXE_RUN = """async ([within, settle]) => {
  if (settle) {
    const finite = (animation) => animation.effect?.getComputedTiming().endTime !== Infinity;
    await Promise.all(document.getAnimations().filter(finite).map((a) => a.finished));
  }
  const result = await axe.run(within ?? document, { resultTypes: ["violations"] });
  return result.violations;
}"""


def axe_violations(
    page: Page, within: str | None = None, *, settle: bool = False
) -> list[dict[str, Any]]:
    """Run axe-core (all default rules) on the page, or on what the selector
    ``within`` matches; return its violations. With ``settle``, once what is
    fading or moving on the page has come to rest."""
    _with_axe(page)
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN, [within, settle])
    return violations


# axe-core's colour-contrast rule on one element, once its transitions have
# ended (Material's buttons change colour over 125 ms).
SETTLED_CONTRAST = """async (element) => {
  await Promise.all(element.getAnimations().map((animation) => animation.finished));
  const options = { runOnly: ["color-contrast"], resultTypes: ["violations"] };
  const result = await axe.run(element, options);
  return result.violations;
}"""


def settled_contrast_violations(element: Locator) -> list[dict[str, Any]]:
    """The element's colour-contrast violations as it is drawn now (hovered, focused)."""
    _with_axe(element.page)
    violations: list[dict[str, Any]] = element.evaluate(SETTLED_CONTRAST)
    return violations


# Notes each text a live region is given, as a screen reader would hear it,
# in a list of its own per region (keyed by its selector), so that two
# regions recorded on one page never mix.
_RECORD_LIVE_REGION = """(selector) => {
  const said = (window.__said ??= {});
  const texts = (said[selector] = []);
  const region = document.querySelector(selector);
  new MutationObserver(() => texts.push(region.textContent.trim()))
    .observe(region, { childList: true, characterData: true, subtree: true });
}"""
_SAID = "(selector) => window.__said[selector]"
_SAID_SOMETHING = "(selector) => window.__said[selector].length > 0"


def record_announcements(page: Page, selector: str) -> None:
    """From now on, note each text the live region at ``selector`` is given."""
    page.evaluate(_RECORD_LIVE_REGION, selector)


def wait_for_announcement(page: Page, selector: str) -> None:
    """Wait until the recorded live region at ``selector`` has said something."""
    page.wait_for_function(_SAID_SOMETHING, arg=selector)


def announcements(page: Page, selector: str) -> list[str]:
    """What the live region at ``selector`` has said since record_announcements, in order."""
    said: list[str] = page.evaluate(_SAID, selector)
    return said


def describe(violations: list[dict[str, Any]], where: str) -> list[str]:
    """One line per violating node: where, rule, element, and axe's summary."""
    return [
        f"{where}: {v['id']}: {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
        for v in violations
        for node in v["nodes"]
    ]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# The focused element's outline colour and width, and the first opaque
# background behind it (the page's own background if none is set).
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  let bg = null;
  for (let node = el.parentElement; node; node = node.parentElement) {
    const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
    if (a > 0.5) { bg = [r, g, b]; break; }
  }
  if (!bg) {
    const [r, g, b] = rgb(getComputedStyle(document.body).backgroundColor);
    bg = [r, g, b];
  }
  return {
    tag: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : ''),
    outline: rgb(style.outlineColor).slice(0, 3),
    outlineStyle: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    background: bg,
  };
}"""


def lighthouse_accessibility(url: str, chromium: str | None, out: Path) -> dict[str, Any]:
    """Run Lighthouse's accessibility category (mobile, its default) on a URL.

    Returns the JSON report's accessibility category with the failing audits.
    """
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS, LOCAL_ONLY])
    env = {**os.environ}
    if chromium:
        env["CHROME_PATH"] = chromium
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=accessibility",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={flags}",
            "--quiet",
        ],
        env=env,
        check=True,
        timeout=240,
        capture_output=True,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    category = report["categories"]["accessibility"]
    failing = [
        f"{ref['id']}: {report['audits'][ref['id']]['title']}"
        for ref in category["auditRefs"]
        if ref["weight"] > 0 and report["audits"][ref["id"]]["score"] not in (None, 1)
    ]
    return {"score": category["score"], "failing": failing}
