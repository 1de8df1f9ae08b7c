"""Benchmark: the chooser against other ways of running Python in a page.

    python -m tests.bench.rivals [--rounds N] [--rounds-4g N] [--quick]
    (or: make bench-rivals)

``make bench`` compares the chooser with stock Pyodide. This compares both
with two other ways of running the same scorer in a page, each giving the
same first verdict (``tests/bench/rivals/`` holds the pages and says what had
to stand in):

* PyScript (the pinned npm package ``@pyscript/core``) on the stock page's
  own Pyodide files, lock file and scorer wheel, on the page's main thread;
* Brython (the pinned pip package ``brython``), which translates Python into
  JavaScript in the page instead of running CPython compiled to WebAssembly,
  with its whole standard library (``brython_stdlib.js``) and with only the
  modules the page imports (``brython_modules.js``, made by
  ``brython-cli make_modules``).

Served as ``make bench`` serves the site (gzip, as GitHub Pages), each page in
a fresh profile and an idle tab, the five pages in turn and the order rotated
every round: cold to the first verdict on the fast link and on emulated Fast
4G, a second visit (all but the chooser, whose second visit ``make bench``
measures), bytes sent, and, for Brython, when the scorer was imported and how
long one evaluation takes after the first.
Prints a table and writes JSON; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import string
import subprocess
import sys
import tempfile
import tomllib
from datetime import UTC, datetime
from functools import partial
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright, sync_playwright

from scorer import api
from tests.bench.chooser_load import (
    chooser_ready,
    fresh_profile,
    open_page,
    page_bytes,
    settle,
    stock_ready,
)
from tests.bench.command_line import (
    add_output_options,
    browser_name,
    load_average,
    machine,
    npm_version,
    write_figures,
)
from tests.bench.crash_retry import once_more_after_a_crash
from tests.bench.prepare import prepare_baseline, served_root, timed_builds
from tests.bench.serve import Transfer, precompress
from tests.bench.stats import spread, summary
from tests.conftest import ROOT, SUBPATH, browser_executable

HERE = Path(__file__).parent
PUBLISHED = ROOT / "docs" / "evidence" / "rivals.json"
PAGES = ("chooser", "stock", "pyscript", "brython", "brython_modules")
OTHERS = PAGES[1:]  # the pages measured beside the chooser
BRYTHON = ("brython", "brython_modules")
LABELS = {
    "chooser": "the chooser",
    "stock": "stock Pyodide",
    "pyscript": "PyScript",
    "brython": "Brython (whole stdlib)",
    "brython_modules": "Brython (make_modules)",
}
STOCK_LIBRARY = '<script src="brython_stdlib.js"></script>'
MODULES_LIBRARY = '<script src="brython_modules.js"></script>'
# When a Brython page had imported the scorer, and its evaluations after the first.
BRYTHON_TIMES = """() => ({
  imported: performance.getEntriesByName("rival:imported")[0]?.startTime ?? null,
  rescores: window.__rescores ?? [],
})"""


# ---------------------------------------------------------------------------
# The pages measured beside the chooser and the stock page


def prepare_pyscript(root: Path, package: str) -> None:
    """Write ``root/pyscript/``: PyScript on the stock page's Pyodide (``root/stock/pyodide/``)."""
    target = root / "pyscript"
    shutil.copytree(
        ROOT / "node_modules/@pyscript/core/dist",
        target / "core",
        ignore=shutil.ignore_patterns("*.map"),
    )
    config = {
        "interpreter": "/stock/pyodide/pyodide.mjs",
        "packages": [package],
        "packages_cache": "passthrough",
    }
    (target / "pyscript.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    shutil.copy2(HERE / "rivals" / "pyscript.html", target / "index.html")


def _staged_sources(stage: Path) -> Path:
    """The scorer and CPython's tomllib as Brython imports them; their folder."""
    sources = stage / "src"
    shutil.copytree(
        ROOT / "scorer", sources / "scorer", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(
        Path(tomllib.__file__).parent,
        sources / "tomllib",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    text = (ROOT / "scorer" / "knowledge.toml").read_text(encoding="utf-8")
    (sources / "scorer" / "knowledge_text.py").write_text(f"TEXT = {text!r}\n", encoding="utf-8")
    return sources


def _brython(*args: str, cwd: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "brython", *args], cwd=cwd, capture_output=True, text=True
    )
    if run.returncode != 0:
        raise SystemExit(f"brython-cli {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}")


def prepare_brython(root: Path) -> None:
    """Write ``root/brython/`` (whole stdlib) and ``root/brython_modules/``."""
    data = Path(str(resources.files("brython") / "data"))
    page = string.Template((HERE / "rivals" / "brython.html").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="brython-stage-") as tmp:
        sources = _staged_sources(Path(tmp))

        whole = root / "brython"
        whole.mkdir()
        for name in ("brython.js", "brython_stdlib.js"):
            shutil.copy2(data / name, whole / name)
        scripts = [STOCK_LIBRARY]
        for package in ("tomllib", "scorer"):
            output = whole / f"{package}.brython.js"
            _brython(
                "make_package",
                package,
                "--src-dir",
                str(sources / package),
                "-o",
                str(output),
                cwd=whole,
            )
            scripts.append(f'<script src="{output.name}"></script>')
        (whole / "index.html").write_text(
            page.substitute(scripts="\n  ".join(scripts)), encoding="utf-8"
        )

        # make_modules reads every page and module under its folder, and the
        # whole stdlib beside them; only brython_modules.js is served.
        app = Path(tmp) / "app"
        shutil.copytree(sources, app)
        for name in ("brython.js", "brython_stdlib.js"):
            shutil.copy2(data / name, app / name)
        html = page.substitute(scripts=MODULES_LIBRARY)
        (app / "index.html").write_text(html, encoding="utf-8")
        _brython("make_modules", cwd=app)
        trimmed = root / "brython_modules"
        trimmed.mkdir()
        for name in ("brython.js", "brython_modules.js", "index.html"):
            shutil.copy2(app / name, trimmed / name)


# ---------------------------------------------------------------------------
# Measuring


def one_round(
    playwright: Playwright,
    executable: str | None,
    urls: dict[str, str],
    order: list[str],
    network: bool,
    transfer: Transfer,
) -> dict[str, Any]:
    """Each page cold in a fresh profile, in ``order``; the others' second visits too."""
    host = urls["stock"].split("/")[2]
    row: dict[str, Any] = {"order": order}
    for name in order:
        with fresh_profile(playwright, executable, host) as context:
            transfer.reset()
            page = open_page(context, urls[name], network=network)
            if name == "chooser":
                row[name] = chooser_ready(page)["ready"]
            else:
                row[name] = stock_ready(page, LABELS[name])["ready"]
            if name == "chooser" or network:
                continue
            if name in BRYTHON:
                row[f"{name}_brython"] = page.evaluate(BRYTHON_TIMES)
            settle(page)
            row[f"{name}_verdict"] = page.get_attribute("#verdict", "data-verdict")
            row[f"{name}_bytes"] = page_bytes(transfer)[:2]
            settle(page, 800)
            page.close()
            row[f"{name}_warm"] = stock_ready(open_page(context, urls[name]), LABELS[name])["ready"]
    return row


def summarise(fast: list[dict[str, Any]], slow: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians and spreads per page; how often each came after stock Pyodide."""
    figures: dict[str, Any] = {
        "cold_ms": {},
        "fast_4g_cold_ms": {},
        "warm_ms": {},
        "after_stock": {},
    }
    for key, rows in (("cold_ms", fast), ("fast_4g_cold_ms", slow)):
        if not rows:
            continue
        figures[key] = {name: summary([row[name] for row in rows]) for name in PAGES}
        figures["after_stock"][key] = {
            name: sum(row[name] > row["stock"] for row in rows) for name in PAGES if name != "stock"
        }
    for name in OTHERS:
        figures["warm_ms"][name] = summary([row[f"{name}_warm"] for row in fast])
    first = fast[0]
    figures["bytes"] = {name: first[f"{name}_bytes"][0] for name in OTHERS}
    figures["verdicts"] = {name: first[f"{name}_verdict"] for name in OTHERS}
    figures["cpython_verdict"] = api.evaluate("v=1")["recommendation"]["verdict"]
    for name in BRYTHON:
        figures[f"{name}_import_ms"] = summary([row[f"{name}_brython"]["imported"] for row in fast])
        rescores = [t for row in fast for t in row[f"{name}_brython"]["rescores"]]
        figures[f"{name}_rescore_ms"] = summary(rescores)
    return figures


def _s(figure: dict[str, float] | None) -> str:
    return spread(figure) if figure else "-"


def table(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of the comparison: a figure, then one cell per page (PAGES' order)."""
    elsewhere = "in make bench"
    rows = [
        ("cold, to the first verdict", [_s(figures["cold_ms"].get(n)) for n in PAGES]),
        ("cold on Fast 4G", [_s(figures["fast_4g_cold_ms"].get(n)) for n in PAGES]),
        ("second visit", [elsewhere, *(_s(figures["warm_ms"][n]) for n in OTHERS)]),
        (
            "downloaded (gzip)",
            [elsewhere, *(f"{figures['bytes'][n] / 1e6:.2f} MB" for n in OTHERS)],
        ),
    ]
    return [{"figure": figure, "cells": cells} for figure, cells in rows]


def notes(figures: dict[str, Any]) -> list[str]:
    """What the table cannot show: order within rounds, verdicts, Brython's own timings."""
    lines = []
    for key, counts in figures["after_stock"].items():
        n = figures[key]["stock"]["n"]
        link = "on Fast 4G" if key.startswith("fast_4g") else "on the fast link"
        later = ", ".join(f"{LABELS[name]} {count}" for name, count in counts.items())
        lines.append(
            f"Of {n} rounds {link}, the first verdict came after stock Pyodide's in: {later}."
        )
    verdicts = ", ".join(
        f"{LABELS[name]} {verdict}" for name, verdict in figures["verdicts"].items()
    )
    lines.append(f"First verdicts: {verdicts}; CPython {figures['cpython_verdict']}.")
    for name in BRYTHON:
        lines.append(
            f"{LABELS[name]}: the scorer imported {_s(figures[f'{name}_import_ms'])} after "
            f"navigation; one evaluation after the first took "
            f"{spread(figures[f'{name}_rescore_ms'], 1, 'ms', 0)}."
        )
    return lines


def print_report(document: dict[str, Any]) -> None:
    versions = document["versions"]
    print(
        f"\nThe chooser against other Python pages ({document['generated']}, {document['machine']})"
    )
    print(
        f"Pyodide {versions['pyodide']}, PyScript {versions['pyscript']} (polyscript "
        f"{versions['polyscript']}), Brython {versions['brython']}, "
        f"{versions['browser']}; load average before / after: {document['load']}"
    )
    lines = [
        ["", *document["columns"]],
        *([row["figure"], *row["cells"]] for row in document["table"]),
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    for line in document["notes"]:
        print(line)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8, help="rounds on the fast link (8)")
    parser.add_argument("--rounds-4g", type=int, default=6, help="rounds on Fast 4G (6)")
    parser.add_argument(
        "--quick", action="store_true", help="1 round on the fast link only (the tests)"
    )
    add_output_options(parser, ROOT / "build" / "bench" / "rivals.json", PUBLISHED)
    parser.add_argument(
        "--site",
        type=Path,
        help="a site already built (its folder) instead of building one (the tests)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.rounds_4g = 1, 0
    if args.rounds < 1 or args.rounds_4g < 0:
        parser.error("--rounds must be at least 1 and --rounds-4g at least 0")
    executable = browser_executable()
    load_before = load_average()
    crashes: list[str] = []  # rounds measured again after a page crashed (crash_retry)

    with served_root("rivals-bench-") as (root, site_dir, port, transfer):
        host = f"127.0.0.1:{port}"
        if args.site:
            if not (args.site / "chooser" / "index.html").is_file():
                parser.error(f"--site {args.site}: no built site there (no chooser/index.html)")
            shutil.copytree(args.site, site_dir)
        else:
            timed_builds(site_dir, f"http://{host}{SUBPATH}", 0)
        package = prepare_baseline(root, site_dir)
        prepare_pyscript(root, package)
        prepare_brython(root)
        precompress(root)
        urls = {
            "chooser": f"http://{host}{SUBPATH}chooser/",
            "stock": f"http://{host}/stock/",
            "pyscript": f"http://{host}/pyscript/",
            "brython": f"http://{host}/brython/",
            "brython_modules": f"http://{host}/brython_modules/",
        }
        rounds: dict[str, list[dict[str, Any]]] = {"fast": [], "fast_4g": []}
        with sync_playwright() as playwright:
            for kind, count in (("fast", args.rounds), ("fast_4g", args.rounds_4g)):
                for n in range(count):
                    order = list(PAGES[n % len(PAGES) :] + PAGES[: n % len(PAGES)])
                    measure = partial(
                        one_round, playwright, executable, urls, order, kind == "fast_4g", transfer
                    )
                    row = once_more_after_a_crash(measure, f"{kind} round {n + 1}/{count}", crashes)
                    rounds[kind].append(row)
                    times = ", ".join(f"{name} {row[name]:.0f} ms" for name in order)
                    print(f"  {kind} round {n + 1}/{count}: {times}", file=sys.stderr)
            browser = browser_name(playwright, executable)

    meta = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load": f"{load_before} / {load_average()}",
        "versions": {
            "pyodide": npm_version("pyodide"),
            "pyscript": npm_version("@pyscript/core"),
            "polyscript": npm_version("polyscript"),
            "brython": metadata.version("brython"),
            "browser": browser,
        },
        "crashes": crashes,
    }
    figures = summarise(rounds["fast"], rounds["fast_4g"])
    document = {
        **meta,
        "rounds": {kind: len(rows) for kind, rows in rounds.items()},
        "columns": [LABELS[name] for name in PAGES],
        "table": table(figures),
        "notes": notes(figures),
        "figures": figures,
        "raw": rounds,
    }
    print_report(document)
    write_figures(document, args.json, PUBLISHED if args.publish else None)
    return document


if __name__ == "__main__":
    main()
