"""The chooser benchmark's figures: summarised, checked against issue 12's targets, printed.

``summarise`` turns the runs ``chooser_load`` measured into medians and
spreads with their ratios to stock Pyodide, ``table`` gives them as the rows
the speed page shows (each with its target and whether the median met it),
and ``print_report`` prints them.
"""

from __future__ import annotations

from typing import Any

from tests.bench.start_steps import STAGES, stages_of, steps_table, summarise_steps
from tests.bench.stats import spread, summary

# The targets (issue 12), checked against each figure's median.
TARGETS = {
    "cold_ratio": 0.25,  # cold first verdict, times the stock baseline's
    "warm_ms": 600,
    "fast_4g_ms": 6000,
    "chooser_bytes": 4.5e6,
    "docs_bytes": 200e3,
    "answerable_ms": 300,
    "rescore_ms": 16,
    "lighthouse_docs": 98,
    "lighthouse_chooser": 95,
    "build_s": 3,
}


def collect(runs: list[dict[str, Any]], key: str, field: str = "ready") -> list[float]:
    return [run[key][field] for run in runs]


def summarise(
    runs: list[dict[str, Any]],
    docs: dict[str, Any],
    builds: list[float],
    lh: dict[str, list[dict[str, float]]],
    home_rest_ms: int,
) -> dict[str, Any]:
    """Every figure as median + spread, with ratios to the baseline.

    ``home_rest_ms`` is how long the pointer rested on the home page's button
    before the "rested" click (the runs record only the times).
    """
    figures: dict[str, Any] = {}
    for name, ours, stock in (
        ("cold", "cold", "stock_cold"),
        ("warm", "warm", "stock_warm"),
        ("fast_4g_cold", "4g", "stock_4g"),
        ("cpu_4x_cold", "cpu", "stock_cpu"),
    ):
        a = summary(collect(runs, ours))
        if all(stock in run for run in runs):
            b = summary(collect(runs, stock))
            figures[name] = {"ours_ms": a, "stock_ms": b, "ratio": a["median"] / b["median"]}
        else:  # --quick: the baseline was not throttled
            figures[name] = {"ours_ms": a, "stock_ms": None, "ratio": None}
    figures["warm_without_snapshot_ms"] = summary(collect(runs, "warm_no_snapshot"))
    figures["warm_start_modes"] = sorted(
        {f"{r['warm_start']}/{r['warm_no_snapshot_start']}" for r in runs}
    )
    figures["answerable_ms"] = {
        "cold": summary(collect(runs, "cold", "answerable")),
        "warm": summary(collect(runs, "warm", "answerable")),
        "fast_4g_cold": summary(collect(runs, "4g", "answerable")),
        "cpu_4x_cold": summary(collect(runs, "cpu", "answerable")),
    }
    figures["stages_cold_ms"] = {
        stage: summary([run["cold"][stage] for run in runs if stage in run["cold"]])
        for stage in ("download", "start", "scorer")
        if any(stage in run["cold"] for run in runs)
    }
    figures["steps_ms"] = {
        "first": summarise_steps([run["cold_steps"] for run in runs]),
        "return": summarise_steps([run["warm_steps"] for run in runs]),
    }
    figures["stages_ms"] = stage_summaries(runs)
    figures["rescore_ms"] = summary([t for run in runs for t in run["rescore"]])
    figures["back_ms"] = summary([run["back"] for run in runs])
    figures["from_home_ms"] = {
        "clicked": summary(collect(runs, "home_click")),
        "rested": summary(collect(runs, "home_rested")),
        "rest_ms": home_rest_ms,
    }
    chooser_bytes = summary([docs["chooser"]["bytes"]])
    stock_bytes = summary([run["bytes_stock"][0] for run in runs])
    figures["transfer_bytes"] = {
        "chooser": chooser_bytes,
        "stock": stock_bytes,
        "ratio": chooser_bytes["median"] / stock_bytes["median"],
        "home": docs["home"],
        "docs": docs["docs"],
        "docs_heaviest": docs["docs_heaviest"],
        "offline_precache": docs["precache"],
    }
    figures["build_s"] = summary(builds)
    measured = {page: reports for page, reports in lh.items() if reports}
    figures["lighthouse"] = {
        page: summary([r["score"] for r in reports]) for page, reports in measured.items()
    }
    figures["lighthouse_tbt_ms"] = {
        page: summary([r["tbt_ms"] for r in reports]) for page, reports in measured.items()
    }
    figures["lighthouse_cpu_share"] = {
        page: summary([r["cpu_share"] for r in reports]) for page, reports in measured.items()
    }
    if measured:
        figures["lighthouse_benchmark_index"] = summary(
            [r["benchmark_index"] for reports in measured.values() for r in reports]
        )
    return figures


def _stock(figure: dict[str, Any]) -> str:
    """The baseline's cell of a throttled figure: its spread, or why there is none."""
    return spread(figure["stock_ms"]) if figure["stock_ms"] else "not in --quick"


def table(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures as rows: figure, this site, stock, ratio, target, met (None: no target)."""
    rows: list[dict[str, Any]] = []

    def row(
        figure: str,
        ours: str,
        stock: str = "",
        ratio: float | None = None,
        target: str = "",
        met: bool | None = None,
    ) -> None:
        rows.append(
            {
                "figure": figure,
                "ours": ours,
                "stock": stock,
                "ratio": "" if ratio is None else f"{ratio:.2f}",
                "target": target,
                "met": met,
            }
        )

    t = TARGETS
    cold, warm = figures["cold"], figures["warm"]
    row(
        "cold, to the first verdict",
        spread(cold["ours_ms"]),
        spread(cold["stock_ms"]),
        cold["ratio"],
        f"≤ {t['cold_ratio']} x stock",
        cold["ratio"] <= t["cold_ratio"],
    )
    row(
        "warm (second visit), to the first verdict",
        spread(warm["ours_ms"]),
        spread(warm["stock_ms"]),
        warm["ratio"],
        f"≤ {t['warm_ms'] / 1000:.1f} s",
        warm["ours_ms"]["median"] <= t["warm_ms"],
    )
    row(
        "warm, from the HTTP cache only (no snapshot)",
        spread(figures["warm_without_snapshot_ms"]),
        spread(warm["stock_ms"]),
        figures["warm_without_snapshot_ms"]["median"] / warm["stock_ms"]["median"],
    )
    g = figures["fast_4g_cold"]
    row(
        "cold on Fast 4G",
        spread(g["ours_ms"]),
        _stock(g),
        g["ratio"],
        f"≤ {t['fast_4g_ms'] / 1000:.0f} s",
        g["ours_ms"]["median"] <= t["fast_4g_ms"],
    )
    c = figures["cpu_4x_cold"]
    row("cold, CPU 4x slower (main thread)", spread(c["ours_ms"]), _stock(c), c["ratio"])
    for key, label in (("cold", "cold"), ("fast_4g_cold", "cold on Fast 4G")):
        a = figures["answerable_ms"][key]
        row(
            f"questions painted and answerable, {label}",
            spread(a, 1, "ms", 0),
            "",
            None,
            f"≤ {t['answerable_ms']} ms",
            a["median"] <= t["answerable_ms"],
        )
    r = figures["rescore_ms"]
    row(
        "re-score, answer to updated result",
        spread(r, 1, "ms", 1),
        "",
        None,
        f"≤ {t['rescore_ms']} ms",
        r["median"] <= t["rescore_ms"],
    )
    b = figures["back_ms"]
    row("back to the chooser by instant navigation", spread(b, 1, "ms", 0))
    h = figures["from_home_ms"]
    row("cold, from the home page's button, clicked at once", spread(h["clicked"]))
    row(
        f"cold, from the home page's button, pointer resting {h['rest_ms'] / 1000:.1f} s first",
        spread(h["rested"]),
    )
    tb = figures["transfer_bytes"]
    row(
        "chooser page transfer (gzip)",
        spread(tb["chooser"], 1e6, "MB"),
        spread(tb["stock"], 1e6, "MB"),
        tb["ratio"],
        f"≤ {t['chooser_bytes'] / 1e6} MB",
        tb["chooser"]["median"] <= t["chooser_bytes"],
    )
    for key, label in (
        ("home", "home page"),
        ("docs", "a docs page"),
        ("docs_heaviest", "the heaviest docs page"),
    ):
        d = tb[key]
        none = not d["pyodide_files"]
        where = f" ({d['path'] or 'home'}, of {d['pages']} pages)" if "path" in d else ""
        row(
            f"{label} transfer (gzip)",
            f"{d['bytes'] / 1e3:.0f} KB{where}, "
            + ("no Pyodide file" if none else "PYODIDE FILES"),
            "",
            None,
            f"≤ {t['docs_bytes'] / 1e3:.0f} KB, no Pyodide byte",
            d["bytes"] <= t["docs_bytes"] and none,
        )
    pre = tb["offline_precache"]
    row(
        "offline precache, in the background after a first visit (gzip)",
        f"{pre['bytes'] / 1e3:.0f} KB in {pre['requests']} requests",
    )
    row(
        "mkdocs build (runtime bundle cached)",
        spread(figures["build_s"], 1, "s"),
        "",
        None,
        f"≤ {t['build_s']} s",
        figures["build_s"]["median"] <= t["build_s"],
    )
    for page, label in (("home", "home"), ("docs", "a docs page"), ("chooser", "chooser")):
        if page in figures["lighthouse"]:
            s = figures["lighthouse"][page]
            goal = t["lighthouse_chooser" if page == "chooser" else "lighthouse_docs"]
            blocking = spread(figures["lighthouse_tbt_ms"][page], 1, "ms", 0)
            on_cpu = spread(figures["lighthouse_cpu_share"][page], 0.01, "%", 0)
            row(
                f"Lighthouse mobile performance, {label}",
                f"{spread(s, 1, '', 0)}; total blocking time {blocking}; "
                f"main thread on a CPU for {on_cpu} of its long tasks",
                "",
                None,
                f"≥ {goal}",
                s["median"] >= goal,
            )
    if "lighthouse_benchmark_index" in figures:
        row(
            "Lighthouse's CPU benchmark of this host (benchmarkIndex, higher is faster)",
            spread(figures["lighthouse_benchmark_index"], 1, "", 0),
        )
    return rows


def print_report(rows: list[dict[str, Any]], figures: dict[str, Any], meta: dict[str, Any]) -> None:
    """Print the figures as a table."""
    print()
    print(
        f"Chooser speed: {meta['runs']} runs, median (min-max); "
        f"Pyodide {meta['versions']['pyodide']}, {meta['versions']['browser']} headless"
    )
    print(f"  machine: {meta['machine']}; load average before / after: {meta['load']}")
    print()
    header = {
        "figure": "figure",
        "ours": "this site",
        "stock": "stock Pyodide",
        "ratio": "ratio",
        "target": "target",
        "met": "met",
    }
    print_columns(
        header, [{**r, "met": {True: "yes", False: "NO", None: ""}[r["met"]]} for r in rows], "  "
    )
    stages = figures["stages_cold_ms"]
    if stages:
        print()
        print(
            "  cold start-up stages begin at: "
            + ", ".join(f"{name} {spread(s)}" for name, s in stages.items())
        )
    answerable = figures["answerable_ms"]
    print(
        "  answerable: "
        + ", ".join(
            f"{name.replace('_', ' ')} {spread(s, 1, 'ms', 0)}" for name, s in answerable.items()
        )
    )
    modes = ", ".join(figures["warm_start_modes"])
    print(f"  how warm visits started (with the kept snapshot / without it): {modes}")
    print()
    print_steps(
        steps_table(figures["steps_ms"]),
        "Python's start, step by step: ms after navigation when each step ended",
    )
    print()
    print_steps(
        steps_table(figures["stages_ms"], STAGES),
        "How long each stage took: ms from the step before, visit by visit",
    )
    print()


def stage_summaries(runs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """How long each stage of the start took, first and return visits, over ``runs``.

    Each visit's stages are taken from its own step times (start_steps.stages_of),
    then summarised stage by stage.
    """
    return {
        "first": summarise_steps([stages_of(run["cold_steps"]) for run in runs]),
        "return": summarise_steps([stages_of(run["warm_steps"]) for run in runs]),
    }


def print_steps(steps: dict[str, Any], title: str) -> None:
    """Print a table of steps (or stages), first and return visits side by side."""
    print(f"  {title}")
    header = {"step": "step", **{kind: f"{kind} visit" for kind in steps["kinds"]}, "meaning": ""}
    print_columns(header, steps["rows"], "    ")


def print_columns(header: dict[str, str], rows: list[dict[str, Any]], indent: str) -> None:
    """Print ``rows`` under ``header`` (column key -> title), each column as wide as it needs."""
    cells = [header, *rows]
    width = {k: max(len(str(c[k])) for c in cells) for k in header}
    for c in cells:
        print(indent + "  ".join(str(c[k]).ljust(width[k]) for k in header).rstrip())
