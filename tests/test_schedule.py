"""`make test` hands the long test files to its two processes first.

pytest-xdist's ``--dist loadfile`` sorts files by their number of tests
unless told ``--no-loadscope-reorder``; the one-test quick bench then went
out last and kept one process busy alone for minutes. These tests check the
order the processes get: the Makefile keeps the collection order, and the
collection puts every file marked ``long`` before the rest.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def _collected(*options: str) -> list[str]:
    """Node ids, in collection order, as `pytest --collect-only` lists them."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_make_test_keeps_the_collection_order() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    parallel = re.search(r"^PYTEST_PARALLEL \?= (.*)$", makefile, re.MULTILINE)
    assert parallel is not None
    assert parallel.group(1).split() == [
        "--numprocesses",
        "2",
        "--dist",
        "loadfile",
        "--no-loadscope-reorder",
    ]


def test_long_files_are_collected_first() -> None:
    every = _collected()
    long_ids = set(_collected("-m", "long"))
    long_files = {node.split("::")[0] for node in long_ids}
    # The quick bench (one test, about three minutes) is the reason for the order.
    assert "tests/bench/test_bench_quick.py" in long_files
    assert len(every) > len(long_ids) > 0
    assert set(every[: len(long_ids)]) == long_ids
