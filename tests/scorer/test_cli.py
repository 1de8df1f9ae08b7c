"""The command line, run as a reader would: python -m scorer ..."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scorer", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_questions_json() -> None:
    done = run("questions", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    ids = [q["id"] for q in data["questions"]]
    assert "team" in ids
    assert all(q["prompt"] and q["options"][0]["id"] for q in data["questions"])


def test_questions_plain() -> None:
    done = run("questions")
    assert done.returncode == 0
    assert "team: Which language does the team know best?" in done.stdout


def test_recommend_json() -> None:
    done = run("recommend", "--answer", "team=python", "--answer", "ml=core", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["verdict"] == "flask"
    assert set(data["scores"]) >= {"nodejs", "flask"}
    assert data["reasons"]


def test_recommend_human_readable_by_default() -> None:
    done = run("recommend", "-a", "team=javascript", "-a", "realtime=core", "-a", "traffic=high")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Verdict: Node.js\n")
    for heading in ("Why Node.js:", "Against it:", "How firm:", "What would change it:"):
        assert f"\n{heading}\n" in done.stdout
    assert "  Node.js " in done.stdout and "<- verdict" in done.stdout
    assert "(try: --answer team=python)" in done.stdout


def test_fit_lines_show_scores_to_one_decimal_against_the_maximum() -> None:
    answers = ("-a", "traffic=high", "-a", "realtime=some", "-a", "team=python", "-a", "ml=some")
    data = json.loads(run("recommend", *answers, "--json").stdout)
    done = run("recommend", *answers)
    assert f"Fit (share of the maximum possible score, {data['max_score']:.1f}):" in done.stdout
    assert re.findall(r"score +(\S+)", done.stdout) == [f"{v:.1f}" for v in data["scores"].values()]


def test_recommend_without_answers_claims_no_verdict() -> None:
    done = run("recommend")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Verdict: No verdict yet: answer the questions\n")
    for heading in ("Where Flask leads:", "Where the others lead:", "What would give a verdict:"):
        assert f"\n{heading}\n" in done.stdout
    assert "<- leads" in done.stdout and "<- verdict" not in done.stdout
    assert "\n  Open: " in done.stdout
    assert "would give a verdict; the smallest" in " ".join(done.stdout.split())
    assert "Fragile" not in done.stdout and "Why" not in done.stdout


def test_recommend_markdown_with_weight() -> None:
    done = run("recommend", "-a", "team=python", "-w", "deployment=2", "--markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Backend stack: Flask\n")
    assert "w=deployment.2" in done.stdout


def test_from_url_keeps_valid_parts_and_warns() -> None:
    done = run("recommend", "--from-url", "?v=1&a=team.python,ml.core,tem.x", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["answers"] == {"ml": "core", "team": "python"}
    assert "warning: unknown question 'tem' dropped (did you mean 'team'?)" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--answer", "teams=python"], "error: unknown question 'teams' (did you mean 'team'?)"),
        (
            ["--answer", "team=pyhton"],
            "error: unknown option 'pyhton' for question 'team' (did you mean 'python'?)",
        ),
        (
            ["--answer", "team=python", "--weight", "realtime=2"],
            "error: unknown criterion 'realtime' (did you mean 'real-time'?)",
        ),
        (["--weight", "real-time=9"], "error: weight for 'real-time' must be a number from 0 to 3"),
        (["--weight", "real-time=lots"], "error: weight for 'real-time' must be a number"),
        (["--answer", "team"], "error: --answer 'team' must look like NAME=VALUE"),
        (["--json", "--markdown"], "not allowed with argument"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    done = run("recommend", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert message in lines[-1]
    if message.startswith("error:"):
        assert len(lines) == 1


def test_changed_rating_shows_in_the_cli(write_knowledge: Callable[..., Path]) -> None:
    """A reader edits one rating in the TOML and sees it without touching code."""
    args = ("recommend", "-a", "team=python", "-a", "ml=core", "--json")
    before = json.loads(run(*args).stdout)
    old = "[ratings.machine-learning.nodejs]\nscore = 2\n"
    path = write_knowledge((old, old.replace("2", "5")))
    after = json.loads(run("--knowledge", str(path), *args).stdout)
    assert after["scores"]["nodejs"] > before["scores"]["nodejs"]


def test_broken_knowledge_file_exits_1(write_knowledge: Callable[..., Path]) -> None:
    path = write_knowledge(
        ("[ratings.performance.nodejs]\nscore = 5", "[ratings.performance.nodejs]\nscore = 9")
    )
    done = run("--knowledge", str(path), "questions")
    assert done.returncode == 1
    assert "rating nodejs/performance, field 'score': 9 is out of range 1 to 5" in done.stderr
