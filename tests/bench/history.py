"""Every published ``make bench`` run, one row each: the speed log's table of runs.

``make bench BENCH_ARGS=--publish`` writes the run's whole record to
``docs/evidence/chooser-speed.json`` and, through :func:`record`, its headline
figures as one row of ``docs/evidence/chooser-speed-history.json``, which the
speed log shows (``<!-- speed:history -->``, overrides/hooks/speed_figures.py).
Each row comes from a published record by :func:`row`, and from nothing else.

The runs published before this file existed are in git's history of the
published record: ``python -m tests.bench.history --from-git`` rebuilds the
file from it (every commit that changed the record, each run once).
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

PUBLISHED = ROOT / "docs" / "evidence" / "chooser-speed.json"
HISTORY = ROOT / "docs" / "evidence" / "chooser-speed-history.json"


class HistoryError(SystemExit):
    """A published record lacks what a row needs (the message says what)."""


def _at(document: dict[str, Any], *keys: str) -> Any:
    """``document["figures"][keys...]``, or None where the record has no such entry."""
    value: Any = document.get("figures")
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _median(document: dict[str, Any], *keys: str) -> float | None:
    """``document["figures"][keys...]["median"]``, or None where a run did not measure it."""
    return _number(_at(document, *keys, "median"))


# The figures whose spread a row keeps beside the median (the speed log's
# table of spreads): the row's keys, with {stat} for "min" or "max", and
# where the record holds the figure.
SPREADS = {
    "fast_4g_{stat}_ms": ("fast_4g_cold", "ours_ms"),
    "lighthouse_home_{stat}": ("lighthouse", "home"),
    "lighthouse_docs_{stat}": ("lighthouse", "docs"),
    "lighthouse_chooser_{stat}": ("lighthouse", "chooser"),
}


def _host(machine: str) -> str:
    """The processor's maker, from the record's machine line ("2 CPUs (AMD EPYC), ...")."""
    for maker in ("AMD", "Intel"):
        if maker in machine:
            return maker
    return "other"


def _heaviest_docs_page(document: dict[str, Any]) -> int | None:
    """The bytes the heaviest docs page transferred, or None where a run did not measure it."""
    value = _at(document, "transfer_bytes", "docs_heaviest", "bytes")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def row(document: dict[str, Any]) -> dict[str, Any]:
    """One run's headline figures, from its published record.

    Raises HistoryError when the record has no time or no cold start, the two
    figures every published run has; any other figure a run did not measure
    is None.
    """
    generated = document.get("generated")
    cold, stock = _median(document, "cold", "ours_ms"), _median(document, "cold", "stock_ms")
    if not isinstance(generated, str) or cold is None or stock is None:
        raise HistoryError(
            "a published speed record needs 'generated' and figures.cold's two medians "
            f"(ours_ms, stock_ms); got generated={generated!r}, cold={cold}, stock={stock}"
        )
    targets = [r.get("met") for r in document.get("table", []) if r.get("met") is not None]
    return {
        "generated": generated,
        "host": _host(str(document.get("machine", ""))),
        "cold_ms": cold,
        "stock_cold_ms": stock,
        "warm_ms": _median(document, "warm", "ours_ms"),
        "fast_4g_ms": _median(document, "fast_4g_cold", "ours_ms"),
        "stock_fast_4g_ms": _median(document, "fast_4g_cold", "stock_ms"),
        "answerable_4g_ms": _median(document, "answerable_ms", "fast_4g_cold"),
        **{
            f"lighthouse_{page}": _median(document, "lighthouse", page)
            for page in ("home", "docs", "chooser")
        },
        **{
            name.format(stat=stat): _number(_at(document, *keys, stat))
            for name, keys in SPREADS.items()
            for stat in ("min", "max")
        },
        "docs_heaviest_bytes": _heaviest_docs_page(document),
        "targets_met": sum(1 for met in targets if met),
        "targets": len(targets),
    }


def with_row(history: list[dict[str, Any]], new: dict[str, Any]) -> list[dict[str, Any]]:
    """``history`` with ``new`` in it, once, in the order the runs were made."""
    kept = [old for old in history if old["generated"] != new["generated"]]
    return sorted([*kept, new], key=lambda r: str(r["generated"]))


def read(path: Path = HISTORY) -> list[dict[str, Any]]:
    """The rows in ``path``; none if it does not exist yet."""
    if not path.exists():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise HistoryError(f"{path} is not a JSON list of runs")
    return rows


def write(rows: list[dict[str, Any]], path: Path = HISTORY) -> None:
    """Write ``rows`` whole: to a file beside ``path`` first, then put in its place."""
    text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def record(document: dict[str, Any], path: Path = HISTORY) -> None:
    """Add a just-published run to the history (or replace its row, if published again)."""
    write(with_row(read(path), row(document)), path)
    print(f"Run added to {path}")


def from_git(repo: Path = ROOT, published: Path = PUBLISHED) -> list[dict[str, Any]]:
    """A row for every version of the published record in ``repo``'s git history.

    Oldest first, so a run whose record was changed after it was published
    (6 December: its stages added) keeps the latest version's row.
    """
    relative = published.relative_to(repo).as_posix()
    commits = subprocess.run(
        ["git", "log", "--reverse", "--format=%H", "--", relative],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    rows: list[dict[str, Any]] = []
    for commit in commits:
        text = subprocess.run(
            ["git", "show", f"{commit}:{relative}"],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows = with_row(rows, row(json.loads(text)))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--from-git",
        action="store_true",
        help="rebuild the history from every version of the published record in git",
    )
    args = parser.parse_args(argv)
    if not args.from_git:
        parser.error("nothing to do: --publish in make bench adds each run; --from-git rebuilds")
    rows = from_git()
    write(rows)
    print(f"{len(rows)} runs written to {HISTORY}")


if __name__ == "__main__":
    main()
