"""Shape the load benchmark's results into what the evidence page shows.

Pure functions over the validated ``docs/evidence/results.json`` (read with
``tests.evidence.results.load_results``); no MkDocs here, so the shaping is
importable and testable on its own. The hook ``evidence_page.py`` finds the
page's markers, calls these and renders them through Jinja templates.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.evidence.results import io_ceiling

__all__ = [
    "STACK_NAMES",
    "Bar",
    "Chart",
    "CheckRow",
    "CodeSnippet",
    "HeadlineRow",
    "TableRow",
    "charts",
    "code_snippet",
    "fmt",
    "headline",
    "sanity",
    "table",
]

STACK_NAMES = {"nodejs": "Node.js", "flask": "Flask"}
UNITS = {"rps": "requests/s", "kb_per_connection": "KB per connection", "broadcast_ms": "ms"}
WORKLOAD_TITLES = {
    "io": "io: each request waits {delay} ms on a timer",
    "cpu": "cpu: about 20 ms of computation per request",
    "json": "json: serialize a 50 KB document",
    "ws-idle": "ws-idle: server memory per idle WebSocket connection",
    "ws-broadcast": "ws-broadcast: one message to every client, time until the last one has it",
}
DASH = "\N{EN DASH}"  # between the lowest and highest run, and for "no figure"
TIMES = "\N{MULTIPLICATION SIGN}"
SECTION = re.compile(r"--8<-- \[(?P<edge>start|end):(?P<name>[\w.-]+)\]")
LANGUAGES = {".py": "python", ".mjs": "javascript", ".js": "javascript", ".lua": "lua"}


def fmt(value: float | None, digits: int = 0) -> str:
    """A number as the page prints it: thousands separated, or a dash for none."""
    if value is None:
        return DASH
    return f"{value:,.{digits}f}"


def _digits(metric: str) -> int:
    return 1 if metric in {"broadcast_ms", "kb_per_connection", "p50_ms", "p99_ms"} else 0


def _spread(run: Mapping[str, Any], metric: str) -> tuple[float, float] | None:
    spread = run.get("spread", {}).get(metric)
    return (spread[0], spread[1]) if spread else None


def _range(run: Mapping[str, Any], metric: str) -> tuple[float, float]:
    """The lowest and highest repeat; the median twice when there is no spread."""
    return _spread(run, metric) or (run[metric], run[metric])


def within_spread(
    best: Mapping[str, Any], others: Sequence[Mapping[str, Any]], metric: str, higher: bool
) -> tuple[str, ...]:
    """Which of ``others`` had a run that reached ``best``'s worst run: a lead inside the noise."""
    low, high = _range(best, metric)
    if higher:
        return tuple(run["server"] for run in others if _range(run, metric)[1] >= low)
    return tuple(run["server"] for run in others if _range(run, metric)[0] <= high)


def spread_text(run: Mapping[str, Any], metric: str) -> str:
    """The lowest and highest run, joined by an en dash; '' for a single run or no spread."""
    spread = _spread(run, metric)
    if spread is None or run["repeats"] < 2:
        return ""
    digits = _digits(metric)
    return f"{fmt(spread[0], digits)}{DASH}{fmt(spread[1], digits)}"


def _runs(data: Mapping[str, Any], workload: str) -> list[dict[str, Any]]:
    return [run for run in data["runs"] if run["workload"] == workload]


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a server's median, its spread, and where they fall on the scale.

    Attributes:
        label: The server's id.
        stack: ``nodejs`` or ``flask``.
        value: The median over the repeats.
        text: The value as printed, with its unit's digits.
        width: The median as a percentage of the chart's scale.
        low: The smallest repeat, as a percentage of the scale.
        high: The largest repeat, as a percentage of the scale.
        errors: Errors and time-outs, all repeats together.
    """

    label: str
    stack: str
    value: float
    text: str
    width: float
    low: float
    high: float
    errors: int


@dataclass(frozen=True)
class Chart:
    """A bar chart of one metric for one workload at one concurrency."""

    id: str
    title: str
    unit: str
    better: str
    bars: tuple[Bar, ...]


def _chart(chart_id: str, title: str, metric: str, runs: list[dict[str, Any]]) -> Chart | None:
    rows = [run for run in runs if run.get(metric) is not None]
    if not rows:
        return None
    scale = max(max(run[metric], *(_spread(run, metric) or ())) for run in rows) or 1.0
    bars = []
    for run in rows:
        low, high = _range(run, metric)
        bars.append(
            Bar(
                label=run["server"],
                stack=run["stack"],
                value=run[metric],
                text=fmt(run[metric], _digits(metric)),
                width=round(100 * run[metric] / scale, 2),
                low=round(100 * low / scale, 2),
                high=round(100 * high / scale, 2),
                errors=run["errors"],
            )
        )
    better = (
        "lower is better" if metric in {"kb_per_connection", "broadcast_ms"} else "higher is better"
    )
    return Chart(chart_id, title, UNITS[metric], better, tuple(bars))


def charts(data: Mapping[str, Any], workload: str) -> list[Chart]:
    """One chart per concurrency (or connection count) the workload ran at."""
    metric = {"ws-idle": "kb_per_connection", "ws-broadcast": "broadcast_ms"}.get(workload, "rps")
    runs = _runs(data, workload)
    found = []
    for level in sorted({run["concurrency"] for run in runs}):
        at_level = [run for run in runs if run["concurrency"] == level]
        what = "connections" if workload.startswith("ws-") else "concurrent connections"
        title = f"{_title(data, workload)}, {level:,} {what}"
        chart = _chart(f"{workload}-{level}", title, metric, at_level)
        if chart is not None:
            found.append(chart)
    return found


def _title(data: Mapping[str, Any], workload: str) -> str:
    delay = data.get("method", {}).get("workloads", {}).get("io_delay_ms", 50)
    return WORKLOAD_TITLES[workload].format(delay=delay)


@dataclass(frozen=True)
class TableRow:
    """One run in a workload's full table, formatted."""

    server: str
    stack: str
    setup: str
    concurrency: str
    value: str
    value_spread: str
    p50: str
    p99: str
    errors: str
    rss: str
    pss: str
    cpu: str
    load: str


def _errors(run: Mapping[str, Any]) -> str:
    if not run["errors"]:
        return "0"
    kinds = ", ".join(
        f"{count:,} {kind.replace('_', ' ')}"
        for kind, count in run.get("errors_by_kind", {}).items()
        if count
    )
    return f"{run['errors']:,} ({kinds})" if kinds else f"{run['errors']:,}"


def table(data: Mapping[str, Any], workload: str) -> list[TableRow]:
    """Every run of one workload, in run order, each figure formatted."""
    metric = {"ws-idle": "kb_per_connection", "ws-broadcast": "broadcast_ms"}.get(workload, "rps")
    rows = []
    for run in _runs(data, workload):
        rows.append(
            TableRow(
                server=run["server"],
                stack=STACK_NAMES[run["stack"]],
                setup=run.get("setup", ""),
                concurrency=fmt(run["concurrency"]),
                value=fmt(run.get(metric), _digits(metric)),
                value_spread=spread_text(run, metric),
                p50=fmt(run["p50_ms"], 1),
                p99=fmt(run["p99_ms"], 1),
                errors=_errors(run),
                rss=fmt(run["rss_mb"], 1),
                pss=fmt(run.get("pss_mb"), 1),
                cpu=fmt(run["cpu_pct"]),
                load=fmt(run.get("load_1m"), 1),
            )
        )
    return rows


@dataclass(frozen=True)
class Best:
    """The best setup of one stack on one headline measure."""

    server: str
    value: str
    spread: str
    errors: int
    tied: tuple[str, ...] = ()  # setups of the same stack whose runs overlap this one's


@dataclass(frozen=True)
class HeadlineRow:
    """One headline measure: each stack's best setup, and who is ahead by how much."""

    measure: str
    unit: str
    better: str
    sides: tuple[Best | None, ...]
    ahead: str


# Within 10 % either way, two medians are "about even" (the spread is often that wide).
EVEN = 1.1
# (measure, workload, concurrency, metric, higher is better). The WebSocket
# measures compare Socket.IO with Flask-SocketIO, the same protocol on both
# sides (Flask has no bare-WebSocket server here): the `ws` server is left out.
SOCKET_IO_ONLY = ("ws",)
HEADLINES = (
    ("io, 100 connections", "io", 100, "rps", True),
    ("io, 1,000 connections", "io", 1000, "rps", True),
    ("cpu, 10 connections", "cpu", 10, "rps", True),
    ("json, 100 connections", "json", 100, "rps", True),
    ("ws-idle (Socket.IO), 10,000 connections", "ws-idle", 10_000, "kb_per_connection", False),
    ("ws-idle (Socket.IO), 1,000 connections", "ws-idle", 1000, "kb_per_connection", False),
    ("ws-broadcast (Socket.IO), 1,000 connections", "ws-broadcast", 1000, "broadcast_ms", False),
    ("ws-broadcast (Socket.IO), 10,000 connections", "ws-broadcast", 10_000, "broadcast_ms", False),
)


def headline(data: Mapping[str, Any]) -> list[HeadlineRow]:
    """The headline table: per measure, each stack's best setup, its spread and the ratio."""
    rows = []
    for measure, workload, level, metric, higher in HEADLINES:
        runs = [
            run
            for run in _runs(data, workload)
            if run["concurrency"] == level
            and run.get(metric) is not None
            and not (workload.startswith("ws-") and run["server"] in SOCKET_IO_ONLY)
        ]
        if not runs:
            continue
        sides: list[Best | None] = []
        values: list[float] = []
        for stack in STACK_NAMES:
            mine = [run for run in runs if run["stack"] == stack]
            if not mine:
                sides.append(None)
                continue
            ranked = sorted(mine, key=lambda run: run[metric], reverse=higher)
            best = ranked[0]
            values.append(best[metric])
            sides.append(
                Best(
                    best["server"],
                    fmt(best[metric], _digits(metric)),
                    spread_text(best, metric),
                    best["errors"],
                    within_spread(best, ranked[1:], metric, higher),
                )
            )
        ahead = ""
        if len(values) == 2 and min(values) > 0:
            node, flask = values
            lead = node / flask if higher else flask / node
            if 1 / EVEN < lead < EVEN:
                ahead = "about even"
            elif lead >= EVEN:
                ahead = f"Node.js, {lead:.1f}{TIMES}"
            else:
                ahead = f"Flask, {1 / lead:.1f}{TIMES}"
        better = "higher is better" if higher else "lower is better"
        rows.append(HeadlineRow(measure, UNITS[metric], better, tuple(sides), ahead))
    return rows


@dataclass(frozen=True)
class CheckRow:
    """The ceiling check of one blocking server on the io workload."""

    server: str
    concurrency: str
    slots: int
    delay_ms: int
    ceiling: str
    measured: str
    share: str
    passed: bool


def sanity(data: Mapping[str, Any]) -> list[CheckRow]:
    """Every io run of a server that blocks while it waits, against its physical ceiling."""
    rows = []
    for run in _runs(data, "io"):
        ceiling = io_ceiling(run)
        if ceiling is None or run["rps"] is None:
            continue
        rows.append(
            CheckRow(
                server=run["server"],
                concurrency=fmt(run["concurrency"]),
                slots=run["blocking_slots"],
                delay_ms=run["io_delay_ms"],
                ceiling=fmt(ceiling),
                measured=fmt(run["rps"]),
                share=f"{100 * run['rps'] / ceiling:.0f} %",
                passed=run["rps"] <= ceiling * 1.02,
            )
        )
    return rows


@dataclass(frozen=True)
class CodeSnippet:
    """A marked section of a server file, as the page shows it."""

    path: str
    section: str
    language: str
    code: str


def code_snippet(root: Path, path: str, section: str) -> CodeSnippet:
    """The lines between ``--8<-- [start:SECTION]`` and ``[end:SECTION]`` in ``root/path``.

    Raises:
        ValueError: The file is outside ``root``, missing, or lacks the section.
    """
    file = (root / path).resolve()
    if not file.is_relative_to(root.resolve()):
        raise ValueError(f"{path}: outside the project")
    if not file.is_file():
        raise ValueError(f"{path}: no such file")
    inside = False
    lines: list[str] = []
    for line in file.read_text(encoding="utf-8").splitlines():
        marker = SECTION.search(line)
        if marker and marker.group("name") == section:
            if marker.group("edge") == "end":
                break
            inside = True
            continue
        if inside and not marker:
            lines.append(line)
    else:
        raise ValueError(f"{path}: no section '{section}' (start and end markers)")
    while lines and not lines[-1].strip():
        lines.pop()
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    code = "\n".join(x[indent:] for x in lines)
    return CodeSnippet(path, section, LANGUAGES.get(file.suffix, "text"), code)


@dataclass(frozen=True)
class Figure:
    """One run's headline figure for a sentence on a question page."""

    server: str
    value: str
    spread: str
    errors: int  # all repeats together, as the tables give them
    errors_per_run: int  # the median repeat's
    answers_per_run: int  # answers in one run (requests a second times the run's length)
    p99: str
    rss: str
    pss: str
    raw: float
    cpu_ms_per_request: str
    cpu_pct: float | None  # the server's share of its core, as the CPU column shows it
    tied: tuple[str, ...] = ()  # for best(): setups of the stack whose runs overlap this one's


def _median_errors(run: Mapping[str, Any]) -> int:
    """The errors of the median repeat (the run's ``errors`` add up all repeats)."""
    samples = [int(sample["errors"]) for sample in run.get("samples", ())]
    return round(statistics.median(samples)) if samples else int(run["errors"])


def figure(
    data: Mapping[str, Any], server: str, workload: str, concurrency: int, metric: str = "rps"
) -> Figure | None:
    """A named run's figure, or None when that run is not in the results."""
    for run in _runs(data, workload):
        if run["server"] == server and run["concurrency"] == concurrency:
            value = run.get(metric)
            if value is None:
                return None
            digits = _digits(metric)
            return Figure(
                server=server,
                value=fmt(value, digits),
                spread=spread_text(run, metric),
                errors=run["errors"],
                errors_per_run=_median_errors(run),
                answers_per_run=round((run.get("rps") or 0) * run.get("duration_s", 0)),
                p99=fmt(run["p99_ms"], 0),
                rss=fmt(run["rss_mb"], 0),
                pss=fmt(run.get("pss_mb"), 0),
                raw=float(value),
                cpu_ms_per_request=(
                    fmt(run["cpu_pct"] * 10 / run["rps"], 2)
                    if run.get("rps") and run["cpu_pct"] is not None
                    else DASH
                ),
                cpu_pct=run["cpu_pct"],
            )
    return None


def best(
    data: Mapping[str, Any], stack: str, workload: str, concurrency: int, metric: str = "rps"
) -> Figure | None:
    """The best run of one stack on a workload (highest rps, least memory or time)."""
    runs = [
        run
        for run in _runs(data, workload)
        if run["stack"] == stack
        and run["concurrency"] == concurrency
        and run.get(metric) is not None
    ]
    if not runs:
        return None
    higher = metric == "rps"
    ranked = sorted(runs, key=lambda run: run[metric], reverse=higher)
    top = ranked[0]
    found = figure(data, top["server"], workload, concurrency, metric)
    if found is None:
        return None
    return dataclasses.replace(found, tied=within_spread(top, ranked[1:], metric, higher))


# A server that used this much of its one core had it to itself: no other work took a share.
OWN_CORE_PCT = 90.0


def had_own_core(*figures: Figure | None) -> bool:
    """Whether each figure's server used at least :data:`OWN_CORE_PCT` % of its core."""
    return all(
        f is not None and f.cpu_pct is not None and f.cpu_pct >= OWN_CORE_PCT for f in figures
    )


def times(a: Figure | None, b: Figure | None) -> str:
    """How a's figure compares with b's, in words: 'about the same as' or 'N.N times'."""
    if a is None or b is None or b.raw <= 0:
        return "not comparable with"
    ratio = a.raw / b.raw
    if 1 / EVEN < ratio < EVEN:
        return "about the same as"
    return f"{ratio:.1f} times" if ratio >= EVEN else f"{ratio:.2f} times"
