"""The published-URL check on small hand-made sites: what resolves and what does not.

The real site is checked by every build (the url_guard hook); the strict
builds in test_site_url_guard.py show the hook failing and passing end to end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import load_hook

urls = load_hook("published_urls.py")
Entry = urls.Entry

# What mkdocs-redirects 1.2 writes in place of a moved page (its HTML_TEMPLATE).
REDIRECT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Redirecting...</title><link rel="canonical" href="{url}">
<script>var anchor=window.location.hash.substr(1);location.href="{url}"+(anchor?"#"+anchor:"")</script>
<meta http-equiv="refresh" content="0; url={url}"></head><body></body></html>"""  # noqa: E501 (the plugin's page, verbatim)


def _page(site: Path, path: str, html: str) -> None:
    target = site / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    _page(tmp_path, "", '<h1 id="home">Home</h1><h2 id="short-answer">x</h2>')
    _page(tmp_path, "guide/", '<h2 id="team-language">Team</h2><span id="old-name"></span>')
    _page(tmp_path, "old-guide/", REDIRECT.format(url="../guide/"))
    _page(tmp_path, "older/", REDIRECT.format(url="../old-guide/"))
    return tmp_path


def test_list_round_trip_and_home_as_slash() -> None:
    entries = urls.parse_list("# comment\n/\n/#short-answer\n\nguide/#team-language\nguide/\n")
    assert entries == [
        Entry(""),
        Entry("", "short-answer"),
        Entry("guide/", "team-language"),
        Entry("guide/"),
    ]
    text = urls.format_list(entries)
    assert text.startswith(urls.HEADER)
    assert text.removeprefix(urls.HEADER).splitlines() == [
        "/",
        "/#short-answer",
        "guide/",
        "guide/#team-language",
    ]
    assert urls.parse_list(text) == sorted(entries)


@pytest.mark.parametrize("line", ["/guide/", "guide", "https://x.org/guide/", "guide/ #x"])
def test_a_wrong_line_is_named(line: str) -> None:
    with pytest.raises(ValueError, match=rf"list.txt:2: '{line.strip()}' is not a page path"):
        urls.parse_list(f"/\n{line}\n", "list.txt")


def test_pages_anchors_and_redirects_that_resolve(site: Path) -> None:
    entries = [
        Entry(""),
        Entry("", "short-answer"),
        Entry("guide/", "team-language"),
        Entry("guide/", "old-name"),  # a renamed heading's old id, kept on a span
        Entry("old-guide/"),  # a moved page: its redirect page stands in
        Entry("old-guide/", "team-language"),  # the anchor is looked up where it leads
        Entry("older/", "team-language"),  # redirects in a chain
    ]
    assert urls.check(entries, site) == []


def test_a_removed_heading_fails_naming_page_and_anchor(site: Path) -> None:
    problems = urls.check([Entry("guide/", "growth"), Entry("guide/")], site)
    assert problems == [
        "anchor 'guide/#growth' is gone (no id 'growth' on 'guide/'): keep the heading's old id "
        "('{#growth}'), or put <span id=\"growth\"></span> above its new heading"
    ]


def test_a_removed_page_fails_once_however_many_anchors(site: Path) -> None:
    entries = [Entry("gone/"), Entry("gone/", "a"), Entry("gone/", "b")]
    assert urls.check(entries, site) == [
        "page 'gone/' is gone: restore it, or add a redirect for it "
        "(mkdocs.yml: plugins > redirects > redirect_maps)"
    ]


def test_a_redirect_to_a_missing_page_fails(site: Path) -> None:
    _page(site, "broken/", REDIRECT.format(url="../nowhere/"))
    assert len(urls.check([Entry("broken/")], site)) == 1
