"""Where a start of the chooser's Python spends its time, step by step.

The chooser's Python worker says when each step of its start ended, in its
``ready`` reply (``messages.js``, ``Step``); the page marks that reply with a
performance mark whose detail carries those times on the page's own clock
(``engine.js``, ``READY_MARK``). ``start_steps`` reads the mark from a page
whose first verdict has been drawn; ``summarise_steps`` gives each step's
median and spread over several visits; ``steps_table`` lays the first and
the return visits side by side, for the speed page and the printed report.
``stages_of`` turns one visit's step times into how long each stage took
(the time from the step before), which ``summarise_steps`` and
``steps_table(..., STAGES)`` summarise and lay out the same way.

Every time is in milliseconds after navigation, on the page's clock. Each
step's figure is a median of its own: the medians of two steps need not
come from the same visit.
"""

from __future__ import annotations

import math
from typing import Any

from playwright.sync_api import Page

from tests.bench.stats import summary

READY_MARK = "chooser:python-ready"

# The worker's steps (messages.js, Step), then the page's two: the `ready`
# reply received, and the first verdict drawn. What each row says.
STEPS: dict[str, str] = {
    "began": "The Python worker begins its start-up",
    "downloaded": "The runtime's last byte has arrived",
    "snapshot": "The saved snapshot has been read",
    "runtime": "Pyodide's WebAssembly is instantiated and linked",
    "python": "Python has started (first visit) or been restored (return visit)",
    "scorer": "The scorer has answered its first, practice call",
    "told": "The page has the worker's reply that Python is ready",
    "verdict": "The first verdict is drawn",
}
WORKER_STEPS = tuple(name for name in STEPS if name not in ("told", "verdict"))

# What the time up to each step, from the step before it, went to.
STAGES: dict[str, str] = {
    "began": "Opening the page, until the Python worker begins",
    "downloaded": "Waiting for the runtime's last byte",
    "snapshot": "Reading the saved snapshot",
    "runtime": (
        "Unpacking (first visit), compiling, instantiating and linking Pyodide's WebAssembly"
    ),
    "python": (
        "Starting Python and installing the scorer (first visit), "
        "or restoring Python's memory (return visit)"
    ),
    "scorer": "Importing the scorer (first visit) and its practice answer",
    "told": "The worker's reply reaching the page",
    "verdict": "Asking for the first verdict, scoring it and drawing it",
}

# Reads the mark: null when the page never had the reply.
_READ_MARK = f"""() => {{
  const [mark] = performance.getEntriesByName({READY_MARK!r});
  return mark ? {{ at: mark.startTime, detail: mark.detail }} : null;
}}"""


class StepsError(SystemExit):
    """The page's step times are missing or make no sense (the message says which)."""


def steps_of(mark: dict[str, Any] | None, verdict_ms: float) -> dict[str, float]:
    """Each step's end (ms after navigation) from the page's mark, and the verdict's.

    Raises StepsError, naming what is wrong, if the mark is missing, names a
    step this module does not know, or gives a time that is not a number
    between navigation and the verdict.
    """
    if mark is None:
        raise StepsError(
            f"the chooser drew its verdict without marking the worker's ready reply "
            f"({READY_MARK}); is engine.js the current one?"
        )
    steps = (mark.get("detail") or {}).get("steps")
    if not isinstance(steps, dict) or not steps:
        raise StepsError(f"the {READY_MARK} mark carries no step times (detail.steps)")
    unknown = sorted(set(steps) - set(WORKER_STEPS))
    if unknown:
        raise StepsError(
            f"the {READY_MARK} mark names unknown steps {unknown}; "
            f"known: {', '.join(WORKER_STEPS)} (update tests/bench/start_steps.py)"
        )
    times = {name: steps[name] for name in WORKER_STEPS if name in steps}
    times["told"] = mark.get("at")
    times["verdict"] = verdict_ms
    for name, value in times.items():
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise StepsError(f"step {name!r} has no time: {value!r}")
        # A millisecond of slack: the worker's clock and the page's are
        # rounded apart (each to 0.1 ms, with jitter, in a page that is not
        # cross-origin isolated).
        if not -1 <= value <= verdict_ms + 1:
            raise StepsError(
                f"step {name!r} ended at {value:.1f} ms, outside navigation to the "
                f"verdict (0 to {verdict_ms:.1f} ms)"
            )
    return times


def start_steps(page: Page, verdict_ms: float) -> dict[str, float]:
    """The step times of the chooser on ``page``, whose first verdict came at ``verdict_ms``."""
    return steps_of(page.evaluate(_READ_MARK), verdict_ms)


def summarise_steps(visits: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Median, min, max and count of each step over ``visits``, in STEPS order.

    A step some visits lack (a download, on a return visit) is summarised
    over the visits that have it; one that none has is left out.
    """
    result = {}
    for name in STEPS:
        values = [visit[name] for visit in visits if name in visit]
        if values:
            result[name] = summary(values)
    return result


def stages_of(visit: dict[str, float]) -> dict[str, float]:
    """How long each stage of one visit took: each step's time from the step before.

    The first stage runs from navigation. Steps are taken in STEPS order; one
    that ended before an earlier step (two run side by side) took no time of
    its own, so the stages always add up to the visit's last step.
    """
    stages = {}
    reached = 0.0
    for name in STEPS:
        if name in visit:
            stages[name] = max(0.0, visit[name] - reached)
            reached = max(reached, visit[name])
    return stages


def steps_table(
    summaries: dict[str, dict[str, dict[str, float]]], meanings: dict[str, str] = STEPS
) -> dict[str, Any]:
    """Rows for the page and the report: each step, then its median per kind of visit.

    ``summaries`` maps a kind of visit ("first", "return") to summarise_steps'
    result. A step no visit of a kind had shows as "-" there. ``meanings``
    says what each row is: when each step ended (STEPS), or how long the
    stage up to it took (STAGES).
    """
    kinds = list(summaries)
    rows = []
    for name, meaning in meanings.items():
        if not any(name in summaries[kind] for kind in kinds):
            continue
        cells = {kind: _cell(summaries[kind].get(name)) for kind in kinds}
        rows.append({"step": name, "meaning": meaning, **cells})
    return {"kinds": kinds, "rows": rows}


def _cell(summary: dict[str, float] | None) -> str:
    """'median ms (min-max)', or '-' for a step the visits did not have."""
    if summary is None:
        return "-"
    return f"{summary['median']:,.0f} ms ({summary['min']:,.0f}-{summary['max']:,.0f})"
