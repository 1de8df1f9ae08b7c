"""The published URLs and heading anchors, and the check that none disappears.

Readers link to pages and sections from wikis and tickets, so once a URL or
a heading anchor is published it must keep working. ``published_urls.txt``
(in this folder) lists them, one a line, relative to the site root::

    questions/performance/
    questions/performance/#verdict

After a build, every listed entry must resolve in the built site: the page
exists, or a redirect page stands in its place (``mkdocs-redirects``), and the
anchor is an id on the page (or on the page a redirect leads to). A renamed
heading keeps its old anchor by keeping its old explicit id (``{#old-id}``),
or, if the new wording needs a new id, by an empty element with the old id
just above it (``<span id="old-id"></span>``). New pages and headings never
fail the check; ``make urls`` adds them to the list.

Pure functions over the built files (no MkDocs); the hook ``url_guard.py``
calls them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

__all__ = [
    "HEADER",
    "Entry",
    "check",
    "format_list",
    "page_ids",
    "parse_list",
    "resolve",
]

HEADER = """\
# Every published page URL and heading anchor of the site, relative to its root.
# The build fails when one of them no longer resolves (overrides/hooks/url_guard.py):
# move a page with a redirect (mkdocs.yml, plugin `redirects`), keep a renamed
# heading's old id. New pages and headings are fine; add them with `make urls`.
# Remove a line only when breaking that link is intended.
"""
_ID = re.compile(r"""\s(?:id|name)\s*=\s*["']([^"']+)["']""")
_REFRESH = re.compile(r"""<meta\s+http-equiv=["']refresh["']""", re.IGNORECASE)
_CANONICAL = re.compile(r"""<link\s+rel=["']canonical["']\s+href=["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Entry:
    """A published page (``anchor`` empty) or a heading anchor on it."""

    path: str  # relative to the site root, e.g. "questions/performance/" ("" = home)
    anchor: str = ""

    def __str__(self) -> str:
        base = self.path or "/"  # the home page is "/" in the list
        return f"{base}#{self.anchor}" if self.anchor else base


def parse_list(text: str, source: str = "published_urls.txt") -> list[Entry]:
    """Read the list: one ``path`` or ``path#anchor`` a line; ``#`` comments.

    Raises:
        ValueError: A line is not a site-relative path (names the line).
    """
    entries: list[Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        path, _, anchor = line.partition("#")
        path = "" if path == "/" else path
        wrong = path.startswith("/") or "://" in path or " " in line
        if wrong or (path and not path.endswith("/")):
            raise ValueError(
                f"{source}:{number}: '{line}' is not a page path relative to the site root "
                "ending in '/', optionally with '#anchor' (e.g. 'questions/performance/#verdict')"
            )
        entries.append(Entry(path, anchor))
    return entries


def format_list(entries: Iterable[Entry]) -> str:
    """The list file's text: the header, then the entries sorted, one a line."""
    lines = sorted({str(entry) for entry in entries}, key=lambda s: (s.split("#")[0], s))
    return HEADER + "\n".join(lines) + "\n"


def page_ids(html: str) -> frozenset[str]:
    """Every id (and ``<a name>``) in a page's HTML."""
    return frozenset(_ID.findall(html))


def _page_file(site_dir: Path, path: str) -> Path | None:
    candidate = site_dir / unquote(path) / "index.html"
    return candidate if candidate.is_file() else None


def resolve(site_dir: Path, path: str, hops: int = 5) -> tuple[str, str] | None:
    """Follow a page path through redirect pages to a real page.

    Returns:
        ``(path, html)`` of the page finally reached, or None when the path
        (or a redirect's target) has no page.
    """
    for _ in range(hops):
        file = _page_file(site_dir, path)
        if file is None:
            return None
        html = file.read_text(encoding="utf-8")
        canonical = _CANONICAL.search(html)
        if not _REFRESH.search(html) or canonical is None:
            return path, html
        target = urlsplit(urljoin(f"http://site/{path}", canonical.group(1)))
        if target.netloc != "site":
            return None  # a redirect off the site: nothing here to check
        path = target.path.removeprefix("/")
    return None


def check(entries: Iterable[Entry], site_dir: Path) -> list[str]:
    """Every listed entry that does not resolve in the built site, as a sentence."""
    problems: list[str] = []
    # Per listed path: the page reached and its ids, read once, not once per anchor.
    cache: dict[str, tuple[str, frozenset[str]] | None] = {}
    for entry in sorted(entries):
        known = entry.path in cache
        if not known:
            page = resolve(site_dir, entry.path)
            cache[entry.path] = None if page is None else (page[0], page_ids(page[1]))
        reached = cache[entry.path]
        if reached is None and not known:  # one line per missing page, not per anchor
            problems.append(
                f"page '{entry.path or '/'}' is gone: restore it, or add a redirect for it "
                "(mkdocs.yml: plugins > redirects > redirect_maps)"
            )
        elif reached is not None and entry.anchor and entry.anchor not in reached[1]:
            where = reached[0] or "/"
            problems.append(
                f"anchor '{entry}' is gone (no id '{entry.anchor}' on '{where}'): keep the "
                f"heading's old id ('{{#{entry.anchor}}}'), or put "
                f'<span id="{entry.anchor}"></span> above its new heading'
            )
    return problems
