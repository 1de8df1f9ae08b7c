"""Every fenced code block on the site names its example, and a test runs each example."""

from __future__ import annotations

from pathlib import Path

from tests.examples.collect import blocks

HERE = Path(__file__).parent


def test_every_code_block_names_its_example() -> None:
    unnamed = [f"{b.page}:{b.line}" for b in blocks() if b.example is None]
    assert not unnamed, f"code blocks without data-example: {unnamed}"


def test_every_example_group_is_run_by_a_test() -> None:
    tests = "".join(p.read_text() for p in HERE.glob("test_*.py") if p.name != Path(__file__).name)
    groups = {b.example.split("/", 1)[0] for b in blocks() if b.example}
    untested = sorted(g for g in groups if f'example("{g}")' not in tests)
    assert not untested, f"example groups no test runs: {untested}"
    assert len(groups) >= 10
