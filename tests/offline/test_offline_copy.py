"""The offline copy (``make offline``): a site that works opened from disk.

The copy is built as ``make offline`` builds it; Chromium opens its
``index.html`` from ``file://`` with no server: links open pages, search
finds sections, and the chooser gives a verdict from the Python scorer, whose
runtime is embedded in the copy. The copy and its zip load nothing from
another host.
"""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.utils.yaml import yaml_load

from tests.chooser.chooser_page import RESULT, result, wait_until_settled
from tests.conftest import ROOT
from tests.offline.offline_site import search_results

if TYPE_CHECKING:
    from tests.offline.conftest import FileBrowser, OfflineCopy

ZIP_FOLDER = "node-or-flask-offline"
# Loads that would go to another host, in a page (tag -> attributes).
LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href"}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect"}
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


class _Links(HTMLParser):
    """The hrefs of <a> and what a page loads (script, styles, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag in LOADS and LOADS[tag] in values:
            rels = set(values.get("rel", "").lower().split())
            if tag != "link" or rels & LOADING_RELS:
                self.loads.append(values[LOADS[tag]])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def _yaml(path: Path) -> dict[str, Any]:
    """The file's own keys (MkDocs' loader; a text source skips INHERIT)."""
    data: dict[str, Any] = yaml_load(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.site
def test_the_copy_config_inherits_the_site_and_keeps_its_hooks_and_plugins() -> None:
    site = _yaml(ROOT / "mkdocs.yml")
    copy = _yaml(ROOT / "overrides" / "offline" / "mkdocs.yml")
    assert copy["INHERIT"] == "../../mkdocs.yml"
    # Lists replace the inherited ones: they must name the same hooks and plugins.
    assert [h.removeprefix("../../") for h in copy["hooks"]] == [
        *site["hooks"],
        "overrides/hooks/offline_copy.py",
    ]
    names = [p if isinstance(p, str) else next(iter(p)) for p in copy["plugins"]]
    assert [p for p in copy["plugins"] if p != "offline"] == site["plugins"]
    assert names[-1] == "offline"
    assert [w.removeprefix("../../") for w in copy["watch"]] == site["watch"]
    assert any("iframe-worker" in p for p in copy["extra"]["polyfills"])


@pytest.mark.site
def test_every_link_of_the_copy_opens_a_file(offline_copy: OfflineCopy) -> None:
    folder = offline_copy.folder
    assert (folder / "index.html").is_file()
    broken = []
    checked = 0
    for page in _pages(folder):
        for href in _parse(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, mailto:, or a section of this page
            target = (page.parent / unquote(parts.path)).resolve()
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(folder)}: {href}")
    assert checked > 100, f"suspiciously few links: {checked}"
    assert not broken, "links that open no file (a directory listing from disk):\n" + "\n".join(
        sorted(set(broken))
    )


@pytest.mark.site
def test_the_copy_and_its_zip_load_nothing_from_another_host(offline_copy: OfflineCopy) -> None:
    folder = offline_copy.folder
    loads = {
        page.relative_to(folder).as_posix(): found
        for page in _pages(folder)
        if (found := [u for u in _parse(page).loads if ABSOLUTE.match(u)])
    }
    assert not loads, f"pages that load from another host: {loads}"
    for page in _pages(folder):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, f"{page}: a CDN shim (unpkg.com)"
    assert not list(folder.rglob("sw.js")), "the copy must not ship a service worker"

    with zipfile.ZipFile(offline_copy.archive) as archive:
        names = archive.namelist()
        assert f"{ZIP_FOLDER}/index.html" in names
        assert all(name.startswith(f"{ZIP_FOLDER}/") for name in names)
        on_disk = sorted(
            f"{ZIP_FOLDER}/{p.relative_to(folder).as_posix()}"
            for p in folder.rglob("*")
            if p.is_file()
        )
        assert sorted(names) == on_disk
        for name in names:
            if name.endswith(".html"):
                html = archive.read(name).decode("utf-8")
                assert "unpkg.com" not in html and "cdn.jsdelivr.net" not in html, name
    size = offline_copy.archive.stat().st_size
    print(f"offline copy zip: {size / 1e6:.1f} MB, {len(names)} files")


@pytest.mark.browser
def test_links_search_and_the_chooser_work_from_disk(
    offline_copy: OfflineCopy, file_browser: FileBrowser
) -> None:
    page = file_browser.open(offline_copy.url())
    page.locator("a.md-nav__link[href$='methodology.html']").first.click()
    page.wait_for_url(offline_copy.url("methodology.html"))
    page.wait_for_selector("article h1:has-text('Methodology')")
    page.locator("a.md-nav__link[href$='questions/deployment.html']").first.click()
    page.wait_for_url(offline_copy.url("questions/deployment.html"))

    hits = search_results(page, "Corrections")
    assert any(urlsplit(h).path.endswith("/methodology.html") for h in hits), hits

    began = time.perf_counter()
    chooser = file_browser.open(offline_copy.url("chooser.html") + "?v=1&a=team.python")
    state = wait_until_settled(chooser)
    seconds = time.perf_counter() - began
    assert state == "ready", chooser.locator(RESULT).inner_text()
    assert result(chooser).get_attribute("data-verdict")
    # The reader changes an answer: Python scores it again.
    before = chooser.locator("[data-slot='verdict']").inner_text()
    chooser.locator('[data-question="team"] input[value="javascript"]').check()
    chooser.wait_for_function(
        "before => document.querySelector(\"[data-slot='verdict']\").textContent !== before",
        arg=before,
    )
    print(f"offline copy: verdict {seconds:.1f} s after opening chooser.html from disk")
    assert file_browser.host_requests == []


@pytest.mark.browser
def test_without_its_runtime_the_copy_says_why_at_once(
    offline_copy: OfflineCopy, file_browser: FileBrowser, tmp_path: Path
) -> None:
    damaged = tmp_path / "copy"
    shutil.copytree(offline_copy.folder, damaged, ignore=shutil.ignore_patterns("embedded.js"))
    began = time.perf_counter()
    page = file_browser.open((damaged / "chooser.html").as_uri())
    assert wait_until_settled(page, timeout=15_000) == "error"
    assert time.perf_counter() - began < 15
    error = page.locator("[data-slot='error']")
    assert "runtime" in error.inner_text()
    guide = error.locator("a[href$='how-to-choose.html']")
    assert guide.count() == 1
