"""Every page carries what search engines and link previews read.

A title, a meta description (the page's own where its front matter has one),
a canonical URL under the configured site_url, Open Graph and Twitter card
tags ("Page — Node.js or Flask?"), and a social card of its own: a
1200x630 PNG built with the site. The generated chooser outcome pages and
the 404 page are covered too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from yaml import safe_load

from tests.site.site_html import (
    ROOT,
    Element,
    NavPage,
    built_pages,
    mkdocs_config,
    nav_pages,
    parse_file,
)

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site

NAV = nav_pages()
OUTCOMES = ["nodejs", "flask", "fastapi-quart", "django", "close-call"]


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


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


@pytest.mark.parametrize("page", NAV, ids=[p.src for p in NAV])
def test_page_has_description_canonical_and_preview_tags(
    built_site: BuiltSite, page: NavPage
) -> None:
    root = parse_file(page.output(built_site.site_dir))
    config = mkdocs_config()
    expected_url = built_site.base_url + page.url

    description = _meta(root, "description")
    own = _front_matter(page.src).get("description")
    assert description == (own or " ".join(config["site_description"].split()))
    assert len(description) >= 50, f"description too short for a preview: {description!r}"

    (canonical,) = root.find_all("link", rel="canonical")
    assert canonical.attrs["href"] == expected_url

    site_name = config["site_name"]
    title = root.find("title").text()
    if page.url == "":
        assert _meta(root, "og:title") == site_name
    else:
        assert _meta(root, "og:title") == f"{title.removesuffix(' - ' + site_name)} — {site_name}"
        assert _meta(root, "og:title") == f"{page.title} — {site_name}"
    assert _meta(root, "twitter:title") == _meta(root, "og:title")
    assert _meta(root, "og:description") == description
    assert _meta(root, "twitter:description") == description
    assert _meta(root, "og:url") == expected_url
    assert _meta(root, "og:type") in ("website", "article")
    assert _meta(root, "og:site_name") == site_name
    assert _meta(root, "twitter:card") == "summary_large_image"


def test_every_page_has_a_social_card_of_its_own(built_site: BuiltSite) -> None:
    site_dir, base = built_site.site_dir, built_site.base_url
    pages = built_pages(site_dir)
    seen: dict[str, Path] = {}
    for path in pages:
        root = parse_file(path)
        if root.find_all("meta", http_equiv="refresh"):
            continue  # a redirect page, not a page
        where = path.relative_to(site_dir).as_posix()
        image = _meta(root, "og:image")
        assert image.startswith(base), f"{where}: og:image must be absolute: {image}"
        assert _meta(root, "twitter:image") == image
        assert image not in seen, f"{where} shares its card with {seen.get(image)}"
        seen[image] = path
        card = site_dir / image.removeprefix(base)
        assert card.is_file(), f"{where}: og:image {image} does not exist"
        assert card.parent.relative_to(site_dir).as_posix().startswith("assets/images/social")
        assert _png_size(card) == (1200, 630)
        assert _meta(root, "og:image:alt") == _meta(root, "og:title")
    # Every nav page, every outcome page and the 404 page.
    assert len(seen) == len(NAV) + len(OUTCOMES) + 1, sorted(seen)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_outcome_pages_name_their_verdict(built_site: BuiltSite, outcome: str) -> None:
    root = parse_file(built_site.site_dir / "chooser" / outcome / "index.html")
    names = {"nodejs": "Node.js", "flask": "Flask", "fastapi-quart": "FastAPI or Quart"}
    names |= {"django": "Django", "close-call": "A close call between Node.js and Flask"}
    assert names[outcome] in _meta(root, "og:title")
    assert names[outcome] in _meta(root, "og:description")
    assert _meta(root, "og:url") == f"{built_site.base_url}chooser/{outcome}/"
    assert root.find_all("div", cls="chooser"), "an outcome page is the full chooser"


def test_404_page_has_its_own_title(built_site: BuiltSite) -> None:
    root = parse_file(built_site.site_dir / "404.html")
    assert _meta(root, "og:title") == f"Page not found — {mkdocs_config()['site_name']}"


def test_every_page_has_a_favicon(built_site: BuiltSite) -> None:
    for page in NAV:
        root = parse_file(page.output(built_site.site_dir))
        icons = [el for el in root.find_all("link") if el.attrs.get("rel") == "icon"]
        assert icons, f"{page.src}: no favicon link"
