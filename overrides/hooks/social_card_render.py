"""Render a page's social card: a 1200x630 PNG link previews show.

Pure functions, no MkDocs: the hook ``social_cards.py`` decides what a card
says; this module lays the text out and renders it. The card is an SVG Jinja
template (``templates/social_card.svg``) rendered to PNG by resvg (PyPI
``resvg-py``) with the fonts shipped in ``fonts/`` and no system font, so a
card looks the same on every machine and the build needs no network.

SVG has no line wrapping, so text is wrapped here with the fonts' own advance
widths (fontTools), and cut with an ellipsis where it would not fit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import resvg_py
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # ships no type information
from hook_templates import environment as template_environment

__all__ = [
    "FONTS",
    "HEIGHT",
    "WIDTH",
    "Card",
    "CardLayout",
    "fingerprint",
    "layout",
    "render_png",
    "render_svg",
    "text_width",
    "wrap",
]

HERE = Path(__file__).resolve().parent
FONTS = {"regular": HERE / "fonts" / "Inter-Regular.otf", "bold": HERE / "fonts" / "Inter-Bold.otf"}
FAMILY = "Inter"
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
ELLIPSIS = "…"

# XML escaping: the card's text comes from page titles and data.
_environment = template_environment(escape="all", trim=True)


@dataclass(frozen=True)
class Card:
    """What one card says.

    Attributes:
        title: The page's title (large).
        description: A sentence or two about the page.
        site_name: The site's name (top line).
        address: Where the site lives, shown small at the bottom (host and path).
        verdict: The page's verdict in one line, or "" for none.
        verdict_label: The word before the verdict, e.g. "Verdict".
    """

    title: str
    description: str
    site_name: str
    address: str
    verdict: str = ""
    verdict_label: str = "Verdict"


@dataclass(frozen=True)
class CardLayout:
    """A card's text broken into lines, with the sizes the template uses."""

    card: Card
    title_lines: tuple[str, ...]
    title_size: int
    description_lines: tuple[str, ...]
    description_size: int
    verdict_lines: tuple[str, ...]
    verdict_size: int


@cache
def _metrics(weight: str) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    font = TTFont(FONTS[weight], lazy=True)
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width(text: str, size: float, weight: str = "regular") -> float:
    """Width of ``text`` in pixels at ``size`` px, from the font's advance widths.

    Kerning is ignored (it only narrows text), so the width is an upper bound.
    A character the font lacks counts as one em.
    """
    cmap, metrics, units = _metrics(weight)
    total = 0
    for char in text:
        glyph = cmap.get(ord(char))
        total += metrics[glyph][0] if glyph else units
    return total * size / units


def wrap(
    text: str, size: float, width: float, max_lines: int, weight: str = "regular"
) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``width``.

    Words longer than a line are cut. When the text does not fit, the last
    line ends with an ellipsis.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, weight) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size, weight) > width:  # a word wider than a line
            cut = len(current)
            while cut > 1 and text_width(current[:cut], size, weight) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + ELLIPSIS, size, weight) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:.") + ELLIPSIS
    return kept


def _fit(text: str, sizes: tuple[int, ...], max_lines: int, weight: str) -> tuple[list[str], int]:
    """The largest size at which ``text`` fits ``max_lines``; else the smallest, cut."""
    for size in sizes:
        lines = wrap(text, size, TEXT_WIDTH, max_lines + 1, weight)
        if len(lines) <= max_lines:
            return lines, size
    smallest = sizes[-1]
    return wrap(text, smallest, TEXT_WIDTH, max_lines, weight), smallest


def layout(card: Card) -> CardLayout:
    """Lay out a card: the title as large as fits two lines, the rest below."""
    title, title_size = _fit(card.title, (72, 64, 56, 48), 2, "bold")
    with_verdict = bool(card.verdict)
    verdict: list[str] = []
    verdict_size = 28
    if with_verdict:
        text = f"{card.verdict_label}: {card.verdict}"
        verdict, verdict_size = _fit(text, (30, 28, 26), 2, "bold")
    room = 4 - len(title) + (0 if with_verdict else 2)
    description, description_size = _fit(card.description, (32, 30, 28), max(room, 2), "regular")
    return CardLayout(
        card=card,
        title_lines=tuple(title),
        title_size=title_size,
        description_lines=tuple(description),
        description_size=description_size,
        verdict_lines=tuple(verdict),
        verdict_size=verdict_size,
    )


def render_svg(card: Card) -> str:
    """The card as SVG source (the template filled in)."""
    return _environment.get_template("social_card.svg").render(
        layout=layout(card), width=WIDTH, height=HEIGHT, margin=MARGIN, family=FAMILY
    )


def render_png(svg: str) -> bytes:
    """Render SVG source to PNG with the shipped fonts only (no system fonts)."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            skip_system_fonts=True,
            font_files=[str(path) for path in FONTS.values()],
            font_family=FAMILY,
            sans_serif_family=FAMILY,
        )
    )


@cache
def _fonts_digest() -> bytes:
    digest = hashlib.sha256()
    for path in FONTS.values():
        digest.update(path.read_bytes())
    return digest.digest()


def fingerprint(svg: str) -> str:
    """A content hash of the card and its fonts (the PNG cache key)."""
    digest = hashlib.sha256(_fonts_digest())
    digest.update(svg.encode("utf-8"))
    return digest.hexdigest()[:20]
