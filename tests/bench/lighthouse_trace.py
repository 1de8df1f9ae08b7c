"""How much of a page's long-task time its main thread spent on a CPU, from Lighthouse's trace.

Lighthouse's mobile test (simulated throttling) times the page's main-thread
tasks in an unthrottled load and multiplies each task's clock time by its CPU
slowdown (4), or by half of it for a task that laid the page out (Lighthouse
12.2.3's simulator, ``@paulirish/trace_engine`` 0.0.32:
``lantern/simulation/Simulator.js``). A task it counts as long, whose excess
over 50 ms its total blocking time adds up, is one the load measured at
12.5 ms or more (25 ms with a layout). On a host with few cores the page's
main thread waits for a CPU while other threads run (the chooser's Python
worker, the browser's other processes, Lighthouse itself), and that wait is
multiplied and counted as blocking too. Chromium's trace gives each task both
its clock time (``dur``) and the time its thread was on a CPU (``tdur``), so
the share ``cpu_ms / wall_ms`` of the page's long tasks tells a slow page
from a busy host.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

BLOCKING_MS = 50  # what Lighthouse's total blocking time counts above, per task
LAYOUT_SHARE = 0.5  # the simulator slows a task that laid the page out by half as much


def long_task_cpu_share(
    trace: dict[str, Any] | list[dict[str, Any]], page_url: str, slowdown: float
) -> dict[str, float]:
    """The page's main-thread tasks Lighthouse counts as long: clock and CPU time.

    ``trace`` is Lighthouse's saved trace (``--save-assets``), ``page_url``
    the document it loaded and ``slowdown`` its ``cpuSlowdownMultiplier``.
    Returns ``tasks`` (how many), ``wall_ms``, ``cpu_ms`` and ``share``
    (``cpu_ms / wall_ms``; 1.0 when there is no long task, since then nothing
    waited). A trace without the page's navigation, its main thread or the
    tasks' CPU times stops the benchmark with a message saying which.
    """
    if not isinstance(slowdown, int | float) or slowdown <= 0:
        raise SystemExit(
            f"lighthouse's CPU slowdown for {page_url} is {slowdown!r}, not a positive number"
        )
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    starts = [
        event
        for event in events
        if event.get("name") == "navigationStart"
        and event.get("args", {}).get("data", {}).get("documentLoaderURL") == page_url
    ]
    if not starts:
        raise SystemExit(f"lighthouse's trace has no navigation to {page_url}")
    start = min(starts, key=lambda event: event["ts"])
    main = [
        event["tid"]
        for event in events
        if event.get("name") == "thread_name"
        and event.get("pid") == start["pid"]
        and event.get("args", {}).get("name") == "CrRendererMain"
    ]
    if len(main) != 1:
        raise SystemExit(
            f"lighthouse's trace of {page_url} has {len(main)} main threads"
            " in the page's process, not 1"
        )
    on_main = [
        event
        for event in events
        if event.get("ph") == "X"
        and event.get("pid") == start["pid"]
        and event.get("tid") == main[0]
        and event["ts"] >= start["ts"]
    ]
    layouts = sorted(event["ts"] for event in on_main if event.get("name") == "Layout")

    def counted_long(task: dict[str, Any]) -> bool:
        first = bisect_left(layouts, task["ts"])
        laid_out = first < len(layouts) and layouts[first] < task["ts"] + task.get("dur", 0)
        factor = slowdown * (LAYOUT_SHARE if laid_out else 1)
        return bool(task.get("dur", 0) * factor >= BLOCKING_MS * 1000)

    tasks = [task for task in on_main if task.get("name") == "RunTask" and counted_long(task)]
    if any("tdur" not in task for task in tasks):
        raise SystemExit(f"lighthouse's trace of {page_url} gives no CPU time (tdur) for its tasks")
    wall = sum(task["dur"] for task in tasks) / 1000
    cpu = sum(min(task["tdur"], task["dur"]) for task in tasks) / 1000
    return {
        "tasks": len(tasks),
        "wall_ms": wall,
        "cpu_ms": cpu,
        "share": cpu / wall if wall else 1.0,
    }


def report_cpu_share(report: dict[str, Any], trace: dict[str, Any], url: str) -> dict[str, float]:
    """long_task_cpu_share for one Lighthouse run: the page and slowdown read from its report."""
    try:
        page = report["mainDocumentUrl"]
        slowdown = report["configSettings"]["throttling"]["cpuSlowdownMultiplier"]
    except (KeyError, TypeError) as missing:
        raise SystemExit(f"lighthouse's report on {url} lacks {missing}") from None
    return long_task_cpu_share(trace, page, slowdown)
