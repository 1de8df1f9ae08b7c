"""MkDocs hook: show the chooser's latest speed figures on "How fast is the chooser?".

The page places ``<!-- speed:figures -->`` on a line of its own; this hook
replaces it with a table rendered from ``docs/evidence/chooser-speed.json``,
the file ``make bench`` writes with ``--publish`` (tests/bench/chooser_load.py).
The benchmark decides every cell, including whether a target was met; this
hook only checks the file's shape and renders it through
``templates/speed_figures.html``. In the same way ``<!-- speed:rivals -->``,
if the page has it, becomes the comparison with other Python pages from
``docs/evidence/rivals.json`` (``make bench-rivals``, tests/bench/rivals.py;
``templates/speed_rivals.html``), and ``<!-- speed:steps -->`` when each step
of Python's start ended, from the same run as the figures (its ``steps``;
``templates/speed_steps.html``). ``<!-- speed:stages -->`` gives how long each
stage of the start took, visit by visit (its ``stages``, rendered through the
same template, with the first visit's excess over the return visit), and
``<!-- speed:budget -->`` sets the cold target, a quarter of stock Pyodide's
cold start, against the return visit (``templates/speed_budget.html``). The
hook's only arithmetic (those differences, the budget, the log's ratios) is
on medians the benchmark published. The speed log
(``chooser-speed-log.md``) has a marker of its own, ``<!-- speed:history -->``:
every published run's headline figures, one row each, from
``docs/evidence/chooser-speed-history.json`` (tests/bench/history.py;
``templates/speed_history.html``), and may have ``<!-- speed:spreads -->``,
each run's spread on Fast 4G and in Lighthouse from the same rows
(``templates/speed_spreads.html``). The speed page's sentences may also give
ranges over the latest runs from that history, through inline markers
(``<!-- speed:range cold latest-6 -->``, ``speed_ranges.py``). A missing or
malformed file, a marker twice or unknown, or a marker on another page fails
the build with a message naming what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hook_templates import environment as template_environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from speed_ranges import COLD_TARGET_SHARE, cold_target_left
from speed_ranges import MARKER as RANGE_MARKER
from speed_ranges import fill as fill_ranges

MARKER = "<!-- speed:figures -->"
RIVALS_MARKER = "<!-- speed:rivals -->"
STEPS_MARKER = "<!-- speed:steps -->"
STAGES_MARKER = "<!-- speed:stages -->"
BUDGET_MARKER = "<!-- speed:budget -->"
PAGE = "chooser-speed.md"
LOG_PAGE = "chooser-speed-log.md"
HISTORY_MARKER = "<!-- speed:history -->"
SPREADS_MARKER = "<!-- speed:spreads -->"
HISTORY_DATA = "evidence/chooser-speed-history.json"
HISTORY_FIELDS = {"generated": str, "host": str, "cold_ms": float, "stock_cold_ms": float}
HISTORY_COUNTS = ("targets_met", "targets")
LIGHTHOUSE_PAGES = ("home", "docs", "chooser")
# A number, or null (or absent) for a run without it.
HISTORY_OPTIONAL = (
    "warm_ms",
    "fast_4g_ms",
    "stock_fast_4g_ms",
    "answerable_4g_ms",
    "lighthouse_home",
    "lighthouse_docs",
    "lighthouse_chooser",
    # each run's spread: its lowest and highest measurement
    "fast_4g_min_ms",
    "fast_4g_max_ms",
    *(f"lighthouse_{page}_{stat}" for page in LIGHTHOUSE_PAGES for stat in ("min", "max")),
    "docs_heaviest_bytes",
)
DATA = "evidence/chooser-speed.json"  # inside docs_dir
FIGURES_KEYS = ("generated", "runs", "machine", "load", "versions", "table")
RIVALS_DATA = "evidence/rivals.json"
RIVALS_ROUNDS = ("fast", "fast_4g")  # what the comparison's caption names
RIVALS_KEYS = ("generated", "machine", "load", "versions", "rounds", "columns", "table", "notes")
RIVALS_VERSIONS = ("pyodide", "pyscript", "polyscript", "brython", "browser")
ROW_FIELDS = {"figure": str, "ours": str, "stock": str, "ratio": str, "target": str}
STEP_FIELDS = ("step", "meaning")  # then one text cell per kind of visit


# Render the figures in place of the markers, on their pages only.
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the speed page's markers with the rendered tables, and the log's."""
    # A marker is an HTML comment; prose may well say "speed:".
    if "<!-- speed:" not in markdown:
        return markdown
    if page.file.src_uri == LOG_PAGE:
        return _log_page(markdown, Path(config.docs_dir) / HISTORY_DATA)
    if page.file.src_uri != PAGE:
        raise PluginError(
            f"speed_figures: {page.file.src_uri} has a speed: marker; "
            f"only {PAGE} and {LOG_PAGE} may"
        )
    _needs_once(markdown, MARKER, PAGE)
    path = Path(config.docs_dir) / DATA
    figures = load(path)
    markdown = markdown.replace(MARKER, render(figures))
    optional: dict[str, Callable[[], str]] = {
        RIVALS_MARKER: lambda: render(
            load_rivals(Path(config.docs_dir) / RIVALS_DATA), "speed_rivals.html"
        ),
        STEPS_MARKER: lambda: render(with_steps(figures, path), "speed_steps.html"),
        STAGES_MARKER: lambda: render(
            with_steps(figures, path, "stages"), "speed_steps.html", excess=stage_excess(figures)
        ),
        BUDGET_MARKER: lambda: render(budget(figures, path), "speed_budget.html"),
    }
    markdown = _with_optional(markdown, optional, PAGE)
    if RANGE_MARKER.search(markdown):
        markdown = fill_ranges(markdown, load_history(Path(config.docs_dir) / HISTORY_DATA), PAGE)
    return _no_unknown_marker(markdown, PAGE)


def _log_page(markdown: str, path: Path) -> str:
    """The speed log with its table of runs in place of its marker, and of spreads if it has one."""
    _needs_once(markdown, HISTORY_MARKER, LOG_PAGE)
    data = {"runs": load_history(path)}
    markdown = markdown.replace(HISTORY_MARKER, render(data, "speed_history.html"))
    optional = {SPREADS_MARKER: lambda: render(data, "speed_spreads.html")}
    return _no_unknown_marker(_with_optional(markdown, optional, LOG_PAGE), LOG_PAGE)


def _needs_once(markdown: str, marker: str, page: str) -> None:
    """A PluginError unless ``marker`` stands in ``markdown`` once, on a line of its own."""
    if not _once_on_its_own_line(markdown, marker):
        raise PluginError(f"speed_figures: {page} needs {marker} once, on a line of its own")


def _with_optional(markdown: str, optional: dict[str, Callable[[], str]], page: str) -> str:
    """``markdown`` with each marker of ``optional`` it has replaced by what its function renders.

    A marker the page lacks is left out (and its function not called); one
    that is there must stand once, on a line of its own.
    """
    for marker, rendered in optional.items():
        if marker not in markdown:
            continue
        if not _once_on_its_own_line(markdown, marker):
            raise PluginError(f"speed_figures: {page} may have {marker} once, on a line of its own")
        markdown = markdown.replace(marker, rendered())
    return markdown


def _no_unknown_marker(markdown: str, page: str) -> str:
    if "<!-- speed:" in markdown:
        unknown = markdown[markdown.index("<!-- speed:") :].split("-->")[0] + "-->"
        raise PluginError(f"speed_figures: {page} has an unknown marker {unknown}")
    return markdown


def _once_on_its_own_line(markdown: str, marker: str) -> bool:
    return markdown.count(marker) == 1 and f"\n{marker}\n" in f"\n{markdown}\n"


def _json(path: Path, remedy: str) -> Any:
    """The JSON in ``path``; a PluginError if it is missing (saying ``remedy``) or invalid."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PluginError(f"speed_figures: {path} is missing: {remedy}") from None
    except json.JSONDecodeError as error:
        raise PluginError(f"speed_figures: {path} is not valid JSON: {error}") from error


def _read(path: Path, target: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """The JSON object in ``path``, checked to have ``keys``; ``target`` makes it."""
    data = _json(path, f"run `make {target} BENCH_ARGS=--publish`")
    if not isinstance(data, dict):
        raise PluginError(f"speed_figures: {path} is not a JSON object")
    for key in keys:
        if key not in data:
            raise PluginError(f"speed_figures: {path} lacks {key!r}")
    return data


def load(path: Path) -> dict[str, Any]:
    """Read and check the published figures; a clear PluginError on anything wrong."""
    data = _read(path, "bench", FIGURES_KEYS)
    for number, row in enumerate(data["table"], start=1):
        for field, kind in ROW_FIELDS.items():
            if not isinstance(row.get(field), kind):
                raise PluginError(f"speed_figures: {path}: row {number} lacks a text {field!r}")
        if row.get("met") not in (True, False, None):
            raise PluginError(
                f"speed_figures: {path}: row {number}: 'met' must be true, false or null"
            )
    result: dict[str, Any] = data
    return result


def with_steps(figures: dict[str, Any], path: Path, key: str = "steps") -> dict[str, Any]:
    """``figures``, once its ``steps`` (when each step of Python's start ended) are checked.

    With ``key="stages"``, its ``stages`` instead (how long each stage took),
    laid out the same way. The template reads the table at ``data.table``.
    """
    data = figures.get(key)
    if data is None:
        since = "5 December" if key == "steps" else "6 December"
        raise PluginError(
            f"speed_figures: {path} lacks {key!r} (runs published before {since} 2026 "
            "did not record them): run `make bench BENCH_ARGS=--publish`"
        )
    kinds = data.get("kinds") if isinstance(data, dict) else None
    if not (isinstance(kinds, list) and kinds and all(isinstance(k, str) for k in kinds)):
        raise PluginError(f"speed_figures: {path}: {key!r} needs 'kinds', a list of texts")
    rows = data.get("rows")
    if not (isinstance(rows, list) and rows):
        raise PluginError(f"speed_figures: {path}: {key!r} needs 'rows'")
    fields = (*STEP_FIELDS, *kinds)
    for number, row in enumerate(rows, start=1):
        if not (isinstance(row, dict) and all(isinstance(row.get(f), str) for f in fields)):
            raise PluginError(
                f"speed_figures: {path}: {key[:-1]} row {number} needs a text for each of {fields}"
            )
    return {**figures, "table": data, "kind": key}


def _median(figures: dict[str, Any], path: Path, *keys: str) -> float:
    """The number at ``figures[keys...]["median"]``; a PluginError naming the keys if absent."""
    value: Any = figures.get("figures")
    for key in (*keys, "median"):
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        where = "".join(f"[{key!r}]" for key in ("figures", *keys, "median"))
        raise PluginError(f"speed_figures: {path} lacks a number at {where}")
    return float(value)


def stage_excess(figures: dict[str, Any]) -> dict[str, float]:
    """Per stage, how much longer a first visit's median was than a return visit's (ms).

    A stage only one kind of visit has counts as taking nothing in the other.
    Empty, and the column left out, unless both kinds of visit have stage
    medians (``figures.stages_ms``).
    """
    summaries = figures.get("figures")
    summaries = summaries.get("stages_ms") if isinstance(summaries, dict) else None
    if not isinstance(summaries, dict):
        return {}
    medians = [_stage_medians(summaries.get(kind)) for kind in ("first", "return")]
    first, back = medians
    if not first or not back:
        return {}
    return {stage: first.get(stage, 0.0) - back.get(stage, 0.0) for stage in {**first, **back}}


def _stage_medians(stages: Any) -> dict[str, float]:
    """Each stage's median from one kind of visit's summaries; those without one are left out."""
    if not isinstance(stages, dict):
        return {}
    return {
        stage: float(summary["median"])
        for stage, summary in stages.items()
        if isinstance(summary, dict) and _is_number(summary.get("median"))
    }


def budget(figures: dict[str, Any], path: Path) -> dict[str, Any]:
    """The cold target against the return visit, in ms, from the published medians."""
    stock = _median(figures, path, "cold", "stock_ms")
    first = _median(figures, path, "cold", "ours_ms")
    back = _median(figures, path, "warm", "ours_ms")
    target = stock * COLD_TARGET_SHARE
    return {
        **figures,
        "budget": {
            "stock": stock,
            "target": target,
            "first": first,
            "return": back,
            "left": cold_target_left(back, stock),
            "excess": first - back,
        },
    }


def load_history(path: Path) -> list[dict[str, Any]]:
    """Read and check the runs' history: a list of rows, the oldest first."""
    rows = _json(path, "run `python -m tests.bench.history --from-git`")
    if not (isinstance(rows, list) and rows):
        raise PluginError(f"speed_figures: {path} is not a list of runs")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise PluginError(f"speed_figures: {path}: run {number} is not an object")
        for field, kind in HISTORY_FIELDS.items():
            value = row.get(field)
            if not (isinstance(value, kind) or (kind is float and _is_number(value))):
                raise PluginError(f"speed_figures: {path}: run {number} lacks {field!r}")
        if not all(isinstance(row.get(f), int) for f in HISTORY_COUNTS):
            raise PluginError(f"speed_figures: {path}: run {number} needs counts {HISTORY_COUNTS}")
        if not all(row.get(f) is None or _is_number(row.get(f)) for f in HISTORY_OPTIONAL):
            raise PluginError(
                f"speed_figures: {path}: run {number}: {HISTORY_OPTIONAL} must be numbers or null"
            )
    if [r["generated"] for r in rows] != sorted({r["generated"] for r in rows}):
        raise PluginError(f"speed_figures: {path}: runs must be in order, each once")
    return rows


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def load_rivals(path: Path) -> dict[str, Any]:
    """Read and check the published comparison with other Python pages."""
    data = _read(path, "bench-rivals", RIVALS_KEYS)
    columns = data["columns"]
    if not (isinstance(columns, list) and columns and all(isinstance(c, str) for c in columns)):
        raise PluginError(f"speed_figures: {path}: 'columns' must be a list of texts")
    rounds, versions = data["rounds"], data["versions"]
    if not (
        isinstance(rounds, dict) and all(isinstance(rounds.get(k), int) for k in RIVALS_ROUNDS)
    ):
        raise PluginError(f"speed_figures: {path}: 'rounds' needs a count for {RIVALS_ROUNDS}")
    if not (
        isinstance(versions, dict)
        and all(isinstance(versions.get(k), str) for k in RIVALS_VERSIONS)
    ):
        raise PluginError(f"speed_figures: {path}: 'versions' needs {RIVALS_VERSIONS}")
    if not isinstance(data["table"], list) or not isinstance(data["notes"], list):
        raise PluginError(f"speed_figures: {path}: 'table' and 'notes' must be lists")
    for number, row in enumerate(data["table"], start=1):
        cells = row.get("cells") if isinstance(row, dict) else None
        if not isinstance(cells, list) or not isinstance(row.get("figure"), str):
            raise PluginError(f"speed_figures: {path}: row {number} needs a 'figure' and 'cells'")
        if len(cells) != len(columns) or not all(isinstance(cell, str) for cell in cells):
            raise PluginError(
                f"speed_figures: {path}: row {number} needs {len(columns)} text cells, "
                "one per column"
            )
    if not all(isinstance(note, str) for note in data["notes"]):
        raise PluginError(f"speed_figures: {path}: 'notes' must be texts")
    return data


def render(figures: dict[str, Any], template: str = "speed_figures.html", **extra: Any) -> str:
    """The figures as an HTML table (with its caption) for the page's Markdown."""
    env = template_environment(escape="all", trim=True)
    return env.get_template(template).render(data=figures, **extra)
