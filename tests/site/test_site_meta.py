"""Every page carries what search engines and link previews read.

A title, a meta description (the page's own where its front matter has one),
a canonical URL under the configured site_url, Open Graph and Twitter card
tags, and a preview image that exists in the built site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_html import ROOT, Element, mkdocs_config, nav_pages, parse_file
from yaml import safe_load

pytestmark = pytest.mark.site

NAV = nav_pages()


def _meta(root: Element, key: str) -> str:
    """Content of <meta name=key> or <meta property=key>; AssertionError if absent."""
    found = [
        el.attrs.get("content", "")
        for el in root.find_all("meta")
        if key in (el.attrs.get("name"), el.attrs.get("property"))
    ]
    assert len(found) == 1, f"expected one <meta {key}>, found {len(found)}"
    return found[0]


def _front_matter(src: str) -> dict[str, object]:
    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    data = safe_load(text[4 : text.index("\n---", 4)])
    return data if isinstance(data, dict) else {}


@pytest.mark.parametrize("page", NAV, ids=[p.src for p in NAV])
def test_page_has_description_canonical_and_preview_tags(built_site, page) -> None:
    root = parse_file(page.output(built_site.site_dir))
    config = mkdocs_config()
    expected_url = built_site.base_url + page.url

    description = _meta(root, "description")
    own = _front_matter(page.src).get("description")
    assert description == (own or " ".join(config["site_description"].split()))
    assert len(description) >= 50, f"description too short for a preview: {description!r}"

    (canonical,) = root.find_all("link", rel="canonical")
    assert canonical.attrs["href"] == expected_url

    title = root.find("title").text()
    assert _meta(root, "og:title") in title
    assert _meta(root, "twitter:title") == _meta(root, "og:title")
    assert _meta(root, "og:description") == description
    assert _meta(root, "twitter:description") == description
    assert _meta(root, "og:url") == expected_url
    assert _meta(root, "og:type") in ("website", "article")
    assert _meta(root, "og:site_name") == config["site_name"]
    assert _meta(root, "twitter:card") == "summary_large_image"

    image = _meta(root, "og:image")
    assert image.startswith(built_site.base_url), f"og:image must be absolute: {image}"
    assert (built_site.site_dir / image.removeprefix(built_site.base_url)).is_file()
    assert _meta(root, "twitter:image") == image


def test_social_card_is_a_1200_by_630_png(built_site) -> None:
    card: Path = built_site.site_dir / mkdocs_config()["extra"]["social_image"]
    header = card.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (1200, 630)


def test_every_page_has_a_favicon(built_site) -> None:
    for page in NAV:
        root = parse_file(page.output(built_site.site_dir))
        icons = [el for el in root.find_all("link") if el.attrs.get("rel") == "icon"]
        assert icons, f"{page.src}: no favicon link"
