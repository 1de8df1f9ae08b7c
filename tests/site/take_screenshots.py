"""Screenshot every nav page in both colour schemes (and a phone width) for review.

    .venv/bin/python tests/site/take_screenshots.py [--mobile] [--full] [PAGE_SRC ...]

Builds the site into a temporary folder, serves it on 127.0.0.1 and writes
PNGs to screenshots/ (git-ignored): <scheme>-<page>.png (the first screen, or
the whole page with --full) and <scheme>-<page>-<n>.png, one per table or
verdict box rendered from the knowledge data; with --mobile the same again
at a phone's width (<scheme>-mobile-...). Not a test: a person looks at them.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project root

from tests.conftest import (
    CHROMIUM_ARGS,
    ROOT,
    QuietHandler,
    _free_port,
    browser_executable,
    build_site,
    serving,
)
from tests.site.site_html import nav_pages

OUT = ROOT / "screenshots"


def main(argv: list[str]) -> int:
    """Build, serve and screenshot; returns the exit status."""
    mobile, full = "--mobile" in argv, "--full" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    pages = [p for p in nav_pages() if not wanted or p.src in wanted]
    OUT.mkdir(exist_ok=True)
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = build_site(site, f"http://127.0.0.1:{port}/")
        if result.returncode != 0:
            print(result.stdout, result.stderr, file=sys.stderr)
            return 1
        handler = functools.partial(QuietHandler, directory=str(site))
        executable = browser_executable()
        sizes = [("", 1280, 900)] + ([("mobile-", 390, 844)] if mobile else [])
        with serving(handler, port), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                for prefix, width, height in sizes:
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=scheme
                    )
                    page = context.new_page()
                    for nav in pages:
                        page.goto(f"http://127.0.0.1:{port}/{nav.url}", wait_until="load")
                        page.wait_for_timeout(300)
                        name = nav.src.removesuffix(".md").replace("/", "-")
                        target = OUT / f"{scheme}-{prefix}{name}.png"
                        page.screenshot(path=str(target), full_page=full)
                        print(target.relative_to(ROOT))
                        parts = page.locator(".nof-verdict, .nof-table-wrap, .nof-alternatives")
                        for n in range(parts.count()):
                            part = OUT / f"{scheme}-{prefix}{name}-{n + 1}.png"
                            parts.nth(n).screenshot(path=str(part))
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
