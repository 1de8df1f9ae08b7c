"""Ranges over the published runs, written into the speed page's sentences.

The speed page's summary gives ranges over recent runs ("1.4 to 1.7 seconds
in the six latest runs"). Typed by hand they went stale with every publish;
here they come from the runs' history (``docs/evidence/chooser-speed-history.json``,
one row per published ``make bench`` run, tests/bench/history.py). The
``speed_figures`` hook calls :func:`fill` on the speed page, which may hold,
inside its prose:

``<!-- speed:range FIGURE WINDOW -->``
    the lowest and highest of the runs' medians, "1.4 to 1.7" (one figure
    when both round the same);
``<!-- speed:spread FIGURE WINDOW -->``
    the lowest and highest single measurement in those runs, "5.18 to
    5.38" (for a figure of :data:`SPREADS`, whose spread each run keeps);
``<!-- speed:count WINDOW -->``
    how many runs the window holds, "9".

A WINDOW is ``latest-N``, the N latest runs on the latest run's kind of host
(the two kinds run at different speeds), or ``since-T``, every run from the
time ``T`` on (UTC, as long a prefix of an ISO time as needed:
``since-2026-12-05T07``). A FIGURE is one of :data:`FIGURES`. A marker this
module cannot fill fails the build with a message naming what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import PluginError

Row = dict[str, Any]

COLD_TARGET_SHARE = 0.25  # of stock Pyodide's cold start (the target)

# Each figure: how to read it from a row (None where the run did not measure
# it), and how many decimals the page gives. Times in seconds, but for the
# questions' (milliseconds); Lighthouse's scores out of 100; weights in KB.
FIGURES: dict[str, tuple[Callable[[Row], float | None], int]] = {
    "cold": (lambda row: _seconds(row.get("cold_ms")), 1),
    "warm": (lambda row: _seconds(row.get("warm_ms")), 2),
    "stock": (lambda row: _seconds(row.get("stock_cold_ms")), 1),
    "fast-4g": (lambda row: _seconds(row.get("fast_4g_ms")), 1),
    "stock-fast-4g": (lambda row: _seconds(row.get("stock_fast_4g_ms")), 1),
    "ratio": (lambda row: _share(row.get("cold_ms"), row.get("stock_cold_ms")), 2),
    "return-ratio": (lambda row: _share(row.get("warm_ms"), row.get("stock_cold_ms")), 2),
    # What the cold target leaves once a return visit's work is done (negative:
    # the return visit alone took longer than the target).
    "left": (lambda row: _left(row.get("warm_ms"), row.get("stock_cold_ms")), 2),
    "answerable-4g": (lambda row: row.get("answerable_4g_ms"), 0),
    "lighthouse-home": (lambda row: row.get("lighthouse_home"), 0),
    "lighthouse-docs": (lambda row: row.get("lighthouse_docs"), 0),
    "lighthouse-chooser": (lambda row: row.get("lighthouse_chooser"), 0),
    # the heaviest docs page's transfer, in KB (1,000 bytes, as make bench gives it)
    "docs-heaviest-kb": (lambda row: _scaled(row.get("docs_heaviest_bytes"), 1e3), 0),
}

# The figures whose spread the history keeps: each run's lowest and highest
# measurement (the row's keys), the unit's scale and the page's decimals.
SPREADS: dict[str, tuple[str, str, float, int]] = {
    "fast-4g": ("fast_4g_min_ms", "fast_4g_max_ms", 1000, 2),
    "lighthouse-home": ("lighthouse_home_min", "lighthouse_home_max", 1, 0),
    "lighthouse-docs": ("lighthouse_docs_min", "lighthouse_docs_max", 1, 0),
    "lighthouse-chooser": ("lighthouse_chooser_min", "lighthouse_chooser_max", 1, 0),
}

MARKER = re.compile(r"<!-- speed:(?P<kind>range|spread|count) (?P<words>[^>]*?) ?-->")
WINDOW = re.compile(r"latest-(?P<latest>[1-9][0-9]*)|since-(?P<since>[0-9][0-9T:-]*)")


def _seconds(ms: Any) -> float | None:
    return _scaled(ms, 1000)


def _scaled(value: Any, unit: float) -> float | None:
    return None if value is None else float(value) / unit


def cold_target_left(back_ms: float, stock_ms: float) -> float:
    """What the cold target (a share of stock's cold start) leaves after a return visit, in ms."""
    return COLD_TARGET_SHARE * stock_ms - back_ms


def _left(back: Any, stock: Any) -> float | None:
    if back is None or stock is None:
        return None
    return cold_target_left(float(back), float(stock)) / 1000


def _share(part: Any, whole: Any) -> float | None:
    return None if part is None or not whole else float(part) / float(whole)


class _Unfillable(ValueError):
    """A marker this module cannot fill; the message says why ("names no known figure")."""


def fill(markdown: str, rows: list[Row], page: str) -> str:
    """``markdown`` with each range and count marker replaced by its figures from ``rows``.

    ``rows`` are the history's runs, the oldest first (as the hook has checked
    them); ``page`` names the page in error messages.
    """

    def replace(match: re.Match[str]) -> str:
        try:
            return filled(match["kind"], match["words"].split(), rows)
        except _Unfillable as problem:
            raise PluginError(f"speed_figures: {page}: the marker {match[0]} {problem}") from None

    return MARKER.sub(replace, markdown)


def filled(kind: str, words: list[str], rows: list[Row]) -> str:
    """What a ``kind`` ("range", "spread" or "count") marker with ``words`` stands for."""
    if kind == "count":
        if len(words) != 1:
            raise _Unfillable("needs one window")
        return str(len(window(rows, words[0])))
    if len(words) != 2:
        raise _Unfillable("needs a figure and a window")
    figure, name = words
    known, write = (FIGURES, span) if kind == "range" else (SPREADS, spread)
    if figure not in known:
        raise _Unfillable(f"names no known figure (known: {', '.join(known)})")
    return write(window(rows, name), figure)


def window(rows: list[Row], name: str) -> list[Row]:
    """The runs ``name`` (``latest-N`` or ``since-T``) picks from ``rows``."""
    found = WINDOW.fullmatch(name)
    if not found:
        raise _Unfillable(f"has no window 'latest-N' or 'since-<UTC time>': {name!r}")
    if found["since"]:
        picked = [row for row in rows if str(row["generated"]) >= found["since"]]
        if not picked:
            raise _Unfillable(f"picks no run: none was published since {found['since']}")
        return picked
    latest = int(found["latest"])
    host = rows[-1]["host"]
    same = [row for row in rows if row["host"] == host]
    if len(same) < latest:
        raise _Unfillable(
            f"asks for {latest} runs on the latest run's kind of host ({host}), "
            f"and the history has {len(same)}: ask for fewer, or use a since- window"
        )
    return same[-latest:]


def span(rows: list[Row], figure: str) -> str:
    """The lowest and highest of ``figure``'s medians over ``rows``, as the page writes them."""
    read, decimals = FIGURES[figure]
    values = _all(rows, figure, [read(row) for row in rows])
    return _from_to(min(values), max(values), decimals)


def spread(rows: list[Row], figure: str) -> str:
    """The lowest and highest single measurement of ``figure`` in ``rows``' runs."""
    low_key, high_key, scale, decimals = SPREADS[figure]
    lows = _all(rows, figure, [row.get(low_key) for row in rows])
    highs = _all(rows, figure, [row.get(high_key) for row in rows])
    return _from_to(min(lows) / scale, max(highs) / scale, decimals)


def _all(rows: list[Row], figure: str, values: list[Any]) -> list[float]:
    """``values``, one per run, as numbers; refused if a run lacks the figure."""
    missing = sum(1 for value in values if value is None)
    if missing:
        raise _Unfillable(f"covers {missing} run(s) without {figure!r}")
    return [float(value) for value in values]


def _from_to(low: float, high: float, decimals: int) -> str:
    """The page's "LOW to HIGH", or one figure when both round the same."""
    low_text, high_text = (
        # round first, so that a figure just under zero is not written "-0.00"
        f"{round(value, decimals) + 0.0:.{decimals}f}".replace("-", "\N{MINUS SIGN}")
        for value in (low, high)
    )
    return low_text if low_text == high_text else f"{low_text} to {high_text}"
