"""Read the built site as a reader's browser would: pages, elements, links.

A small element tree on top of the standard library's ``html.parser`` (no
third-party HTML parser is pinned), plus helpers that list the site's pages
from the MkDocs configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[2]
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(eq=False)
class Element:
    """An HTML element with its attributes, children and text."""

    tag: str
    attrs: dict[str, str]
    line: int
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, cls: str | None = None, **attrs: str
    ) -> list[Element]:
        """Elements below (or equal to) this one with the tag, class and attributes given."""
        return [
            el
            for el in self.iter()
            if (tag is None or el.tag == tag)
            and (cls is None or cls in el.classes)
            and all(el.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        """The first matching element; AssertionError when there is none."""
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls!r} {attrs}> under <{self.tag}>"
        return found[0]

    @property
    def classes(self) -> list[str]:
        """The element's classes."""
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        """The element's text, whitespace collapsed, as a reader sees it."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in ("script", "style"):
                    walk(child)

        walk(self)
        return re.sub(r"\s+", " ", "".join(parts)).strip()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, 0)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], self.current)
        self.current.children.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # close it and anything left open
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Element:
    """Parse an HTML document into an element tree."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@cache
def parse_file(path: Path) -> Element:
    """Parse a built HTML file (cached: the site is built once per session)."""
    return parse_html(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class NavPage:
    """A page listed in the MkDocs nav."""

    title: str
    src: str  # path under docs/, e.g. "questions/performance.md"

    @property
    def url(self) -> str:
        """URL path relative to the site root (use_directory_urls), e.g. ``questions/x/``."""
        stem = self.src.removesuffix(".md")
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"

    def output(self, site_dir: Path) -> Path:
        """The built HTML file of this page."""
        return site_dir / self.url / "index.html"


def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml as data (MkDocs' own loader: !ENV and friends work)."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        config: dict[str, Any] = yaml_load(file)
    return config


def nav_pages() -> list[NavPage]:
    """Every page of the nav, in order; a section's index page gets the section's title."""
    pages: list[NavPage] = []

    def walk(items: list[Any], section: str | None) -> None:
        for item in items:
            if isinstance(item, str):
                pages.append(NavPage(section or item, item))
                section = None
                continue
            ((title, value),) = item.items()
            if isinstance(value, list):
                walk(value, title)
            else:
                pages.append(NavPage(title, value))

    walk(mkdocs_config()["nav"], None)
    return pages


def built_pages(site_dir: Path) -> list[Path]:
    """Every HTML file of the built site."""
    return sorted(site_dir.rglob("*.html"))
