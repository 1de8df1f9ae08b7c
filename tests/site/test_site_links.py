"""Every internal link and #anchor in the built site resolves.

Checked on the built HTML, so links written in Markdown, in raw HTML, by the
knowledge hooks and by the theme are all covered, and so are anchors into
other pages. The site is built for a sub-path (``/node-or-flask/``): a link
that leaves it (e.g. ``/chooser/``) would break on GitHub Pages and fails here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.site.site_html import Element, built_pages, parse_file

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site

# Attributes that point at another document or at a file the page loads.
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}


def _page_url(site_dir: Path, path: Path, base_url: str) -> str:
    relative = path.relative_to(site_dir).as_posix()
    if relative.endswith("index.html"):
        relative = relative.removesuffix("index.html")
    return base_url + relative


def _target_file(site_dir: Path, url_path: str) -> Path | None:
    """The built file a URL path (relative to the site root) is served from."""
    candidate = site_dir / unquote(url_path)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@cache
def _anchors(path: Path) -> frozenset[str]:
    root = parse_file(path)
    ids = {el.attrs["id"] for el in root.iter() if "id" in el.attrs}
    names = {el.attrs["name"] for el in root.find_all("a") if "name" in el.attrs}
    return frozenset(ids | names)


def _links(root: Element) -> list[tuple[int, str]]:
    found = []
    for tag, attr in LINK_ATTRS.items():
        for el in root.find_all(tag):
            value = el.attrs.get(attr)
            if value and el.attrs.get("rel") != "canonical":
                found.append((el.line, value))
    return found


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite) -> None:
    site_dir, base_url = built_site.site_dir, built_site.base_url
    base = urlsplit(base_url)
    problems: list[str] = []
    checked = 0
    for path in built_pages(site_dir):
        page_url = _page_url(site_dir, path, base_url)
        where = path.relative_to(site_dir).as_posix()
        for line, href in _links(parse_file(path)):
            if href.startswith(("mailto:", "javascript:", "data:", "tel:")):
                continue
            url = urlsplit(urljoin(page_url, href))
            if url.scheme in ("http", "https") and url.netloc != base.netloc:
                continue  # a link to a source on another host: fine (loads are tested elsewhere)
            checked += 1
            if not url.path.startswith(base.path):
                problems.append(f"{where}:{line}: {href!r} leaves the site's sub-path {base.path}")
                continue
            target = _target_file(site_dir, url.path.removeprefix(base.path))
            if target is None:
                problems.append(f"{where}:{line}: {href!r} points to a missing file ({url.path})")
            elif (
                url.fragment
                and target.suffix == ".html"
                and unquote(url.fragment) not in _anchors(target)
            ):
                relative = target.relative_to(site_dir).as_posix()
                problems.append(f"{where}:{line}: {href!r}: no id '{url.fragment}' in {relative}")
    assert checked > 100, f"suspiciously few internal links checked: {checked}"
    assert not problems, "broken internal links:\n" + "\n".join(problems)


def test_canonical_links_point_into_the_site(built_site: BuiltSite) -> None:
    problems = []
    for path in built_pages(built_site.site_dir):
        for el in parse_file(path).find_all("link", rel="canonical"):
            href = el.attrs["href"]
            relative = href.removeprefix(built_site.base_url)
            if not href.startswith(built_site.base_url):
                problems.append(f"{path}: canonical {href} is not under {built_site.base_url}")
            elif _target_file(built_site.site_dir, relative) is None:
                problems.append(f"{path}: canonical {href} is not a built page")
    assert not problems, "\n".join(problems)
