"""Run a benchmark as `make` runs it: `python -m tests.bench.<name>`, in a process of its own.

Playwright's synchronous API cannot start while another test's browser is
open in the test process, so the tests that prove a benchmark works run it
apart. Returns what it printed; a failing run fails the test with its output.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run_bench(name: str, *args: str, timeout: float) -> str:
    """Run ``tests.bench.<name>`` with ``args``; its standard output."""
    run = subprocess.run(
        [sys.executable, "-m", f"tests.bench.{name}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout
