"""The share of a page's long-task time its main thread spent on a CPU, read from a trace."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bench.lighthouse_trace import long_task_cpu_share, report_cpu_share

URL = "http://127.0.0.1:8000/node-or-flask/chooser/"
PAGE, BLANK = 20, 10  # renderer processes: the page's, and a blank tab's
MAIN, WORKER = 1, 2  # threads


def thread(pid: int, tid: int, name: str) -> dict[str, Any]:
    return {"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": name}}


def navigation(pid: int, ts: int, url: str) -> dict[str, Any]:
    return {"ph": "R", "name": "navigationStart", "pid": pid, "tid": MAIN, "ts": ts,
            "args": {"data": {"documentLoaderURL": url}}}  # fmt: skip


def task(pid: int, tid: int, ts: int, wall_ms: float, cpu_ms: float | None) -> dict[str, Any]:
    event = {"ph": "X", "name": "RunTask", "pid": pid, "tid": tid, "ts": ts, "dur": wall_ms * 1000}
    if cpu_ms is not None:
        event["tdur"] = cpu_ms * 1000
    return event


def trace(*tasks: dict[str, Any]) -> dict[str, Any]:
    """A blank tab's renderer and the page's, each with a main thread; the page has a worker."""
    return {
        "traceEvents": [
            thread(BLANK, MAIN, "CrRendererMain"),
            thread(PAGE, MAIN, "CrRendererMain"),
            thread(PAGE, WORKER, "DedicatedWorker thread"),
            navigation(BLANK, 500, ""),
            navigation(PAGE, 1_000_000, URL),
            navigation(PAGE, 1_400_000, ""),  # the page's later same-document entries
            *tasks,
        ]
    }


def test_only_the_pages_main_thread_tasks_lighthouse_counts_as_long() -> None:
    figures = long_task_cpu_share(
        trace(
            task(PAGE, MAIN, 1_100_000, 40, 10),  # long, waited 30 ms
            task(PAGE, MAIN, 1_200_000, 12.5, 12.5),  # long at 4x: 50 ms
            task(PAGE, MAIN, 1_300_000, 12.4, 2),  # short at 4x
            task(PAGE, MAIN, 900_000, 90, 1),  # before the page's navigation
            task(PAGE, WORKER, 1_100_000, 200, 200),  # the worker's thread
            task(BLANK, MAIN, 1_100_000, 80, 1),  # another tab's
        ),
        URL,
        4,
    )
    assert figures == {"tasks": 2, "wall_ms": 52.5, "cpu_ms": 22.5, "share": 22.5 / 52.5}


def layout(ts: int) -> dict[str, Any]:
    return {"ph": "X", "name": "Layout", "pid": PAGE, "tid": MAIN, "ts": ts, "dur": 5000}


def test_a_task_that_lays_out_is_slowed_half_as_much() -> None:
    figures = long_task_cpu_share(
        trace(
            task(PAGE, MAIN, 1_100_000, 20, 20),  # 40 ms at 2x: short
            layout(1_105_000),
            task(PAGE, MAIN, 1_200_000, 25, 5),  # 50 ms at 2x: long
            layout(1_200_000),
            task(PAGE, MAIN, 1_300_000, 20, 20),  # no layout: 80 ms at 4x
            layout(1_320_000),  # the next task's, just after this one ends
        ),
        URL,
        4,
    )
    assert figures == {"tasks": 2, "wall_ms": 45, "cpu_ms": 25, "share": 25 / 45}


def test_the_threshold_follows_lighthouses_slowdown() -> None:
    figures = long_task_cpu_share(trace(task(PAGE, MAIN, 1_100_000, 30, 30)), URL, 1)
    assert figures["tasks"] == 0


def test_no_long_task_means_nothing_waited() -> None:
    assert long_task_cpu_share(trace(), URL, 4) == {
        "tasks": 0, "wall_ms": 0, "cpu_ms": 0, "share": 1.0,
    }  # fmt: skip


def test_cpu_time_is_never_counted_above_the_tasks_own_time() -> None:
    figures = long_task_cpu_share(trace(task(PAGE, MAIN, 1_100_000, 20, 20.2)), URL, 4)
    assert figures["share"] == 1.0


def test_a_trace_without_the_page_names_it() -> None:
    with pytest.raises(SystemExit, match=r"no navigation to .*/other/"):
        long_task_cpu_share(trace(), URL.replace("chooser", "other"), 4)


def test_a_trace_without_cpu_times_says_so() -> None:
    with pytest.raises(SystemExit, match=r"gives no CPU time \(tdur\)"):
        long_task_cpu_share(trace(task(PAGE, MAIN, 1_100_000, 40, None)), URL, 4)


def test_a_page_process_without_one_main_thread_says_so() -> None:
    broken = trace()
    broken["traceEvents"].append(thread(PAGE, 3, "CrRendererMain"))
    with pytest.raises(SystemExit, match=r"has 2 main threads in the page's process, not 1"):
        long_task_cpu_share(broken, URL, 4)


def report(slowdown: Any = 4) -> dict[str, Any]:
    return {
        "mainDocumentUrl": URL,
        "configSettings": {"throttling": {"cpuSlowdownMultiplier": slowdown}},
    }


def test_a_report_gives_the_page_and_the_slowdown() -> None:
    figures = report_cpu_share(report(), trace(task(PAGE, MAIN, 1_100_000, 40, 10)), URL)
    assert figures["share"] == 0.25


@pytest.mark.parametrize("slowdown", [None, 0, "4"])
def test_a_report_without_a_usable_slowdown_says_so(slowdown: Any) -> None:
    with pytest.raises(
        SystemExit, match=r"CPU slowdown for .*/chooser/ is .*, not a positive number"
    ):
        report_cpu_share(report(slowdown), trace(), URL)


def test_a_report_missing_the_page_says_which_part() -> None:
    broken = report()
    del broken["mainDocumentUrl"]
    with pytest.raises(SystemExit, match=r"lacks 'mainDocumentUrl'"):
        report_cpu_share(broken, trace(), URL)
