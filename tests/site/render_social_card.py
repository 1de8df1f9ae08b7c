"""Render docs/assets/social-card.svg to the PNG that link previews show.

Link previews (Open Graph, Twitter cards) want a raster image, so the card is
kept as SVG source and rendered once with Chromium; commit both files.

    .venv/bin/python tests/site/render_social_card.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ASSETS = Path(__file__).resolve().parents[2] / "docs" / "assets"
WIDTH, HEIGHT = 1200, 630


def main() -> int:
    """Screenshot the SVG at its natural size into social-card.png."""
    source = ASSETS / "social-card.svg"
    target = ASSETS / "social-card.png"
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(
            f'<html><body style="margin:0">{source.read_text(encoding="utf-8")}</body></html>'
        )
        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    print(f"wrote {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
