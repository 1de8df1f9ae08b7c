"""The scorer gives the same answers under Pyodide as under CPython.

The chooser runs the scorer in the reader's browser under Pyodide (Python
3.14 compiled to WebAssembly), the CLI and the site build under CPython. This
runs the runtime files, the wheel + lock and the precompiled standard library
exactly as the built site ships them, in Node (pyodide_evaluate.mjs), on more
than a thousand random answer sets drawn with a fixed seed plus a table of
malformed links, and requires byte-identical JSON from ``scorer.api.evaluate``.
"""

from __future__ import annotations

import base64
import email.parser
import hashlib
import io
import json
import random
import subprocess
import tomllib
import traceback
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import pytest

from scorer import api, encode_share, load_knowledge, share
from tests.conftest import node_executable

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.pyodide

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("pyodide_evaluate.mjs")
SEED = 20261124
RANDOM_CASES = 1200

# Links a reader may paste: outdated, mistyped, truncated or hostile.
MALFORMED = [
    "",
    "v=1",
    "?v=1&a=team.python#reasons",
    "https://example.org/node-or-flask/chooser/?v=1&a=ml.core",
    "v=2&a=team.python",
    "v=1&a=team.pyhton,traffik.high",
    "v=1&a=team.python,team.javascript",
    "v=1&a=team",
    "v=1&w=performance.9,structure.-1,real-time.nan,scalability.1e3",
    "v=1&w=performance.0.5,performance.2",
    "v=1&a=size.large&a=size.small",
    "utm_source=wiki&v=1&a=deploy.serverless",
    "%ZZ&&==&a=%74eam.python",
    "v=1&a=" + ",".join(["team.python"] * 400),
    "a=ml.core&w=machine-learning.3&extra=" + "x" * 3000,
]


def random_queries(seed: int, count: int) -> list[str]:
    """Share strings for random answer sets and importance weights."""
    knowledge = load_knowledge()
    grid = api.questions(knowledge)["weights"]["grid"]
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        answers = {
            q.id: rng.choice(q.options).id for q in knowledge.questions if rng.random() < 0.7
        }
        weights = {c.id: rng.choice(grid) for c in knowledge.criteria if rng.random() < 0.25}
        queries.append(encode_share(answers, weights))
    return queries


def shipped_runtime(site_dir: Path) -> tuple[Path, Path, Path, str]:
    """Runtime folder, lock file, stdlib and package name as the built site ships them."""
    version = json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"]
    runtime = site_dir / "assets/pyodide" / version
    locks = sorted((site_dir / "assets/pyodide").glob("scorer-*/pyodide-lock.json"))
    stdlibs = sorted((site_dir / "assets/pyodide").glob("stdlib-*/python_stdlib.zip"))
    assert runtime.is_dir(), f"no runtime in the built site at {runtime}"
    assert len(locks) == 1, f"expected one scorer lock file in the built site, found {locks}"
    assert len(stdlibs) == 1, f"expected one standard library in the built site, found {stdlibs}"
    (package,) = json.loads(locks[0].read_text())["packages"]
    return runtime, locks[0], stdlibs[0], package


@pytest.fixture(scope="module")
def queries() -> list[str]:
    return random_queries(SEED, RANDOM_CASES) + MALFORMED


@pytest.fixture(scope="module")
def pyodide_run(built_site: BuiltSite, queries: list[str]) -> dict[str, Any]:
    """What pyodide_evaluate.mjs printed: the results, and how the scorer was imported."""
    runtime, lock, stdlib, package = shipped_runtime(built_site.site_dir)
    node = node_executable("runs the scorer under Pyodide")
    completed = subprocess.run(
        [node, str(SCRIPT), f"{runtime}/", str(lock), str(stdlib), package],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    output: dict[str, Any] = json.loads(completed.stdout)
    print(completed.stderr.strip())
    return output


@pytest.fixture(scope="module")
def pyodide_results(pyodide_run: dict[str, Any]) -> list[str]:
    results: list[str] = pyodide_run["results"]
    return results


def test_same_json_as_cpython_for_every_case(
    queries: list[str], pyodide_results: list[str]
) -> None:
    assert len(pyodide_results) == len(queries)
    differing = [
        query
        for query, under_pyodide in zip(queries, pyodide_results, strict=True)
        if under_pyodide != json.dumps(api.evaluate(query))
    ]
    assert differing == [], f"{len(differing)} cases differ, first: {differing[0]!r}"


def test_random_cases_reach_every_kind_of_verdict(pyodide_results: list[str]) -> None:
    verdicts = {json.loads(text)["recommendation"]["verdict"] for text in pyodide_results}
    assert {"nodejs", "flask", "close-call", "consider-others"} <= verdicts


def test_malformed_links_are_reported_not_fatal(
    queries: list[str], pyodide_results: list[str]
) -> None:
    malformed = pyodide_results[-len(MALFORMED) :]
    for query, text in zip(MALFORMED, malformed, strict=True):
        result = json.loads(text)
        assert result["recommendation"] is not None, query
        assert "error" not in result, query
    assert sum(bool(json.loads(text)["problems"]) for text in malformed) >= 10


def test_the_scorer_runs_from_the_bytecode_its_wheel_ships(
    built_site: BuiltSite, pyodide_run: dict[str, Any]
) -> None:
    """The build precompiles the scorer in the pinned runtime, so the page
    does not compile it at start; the wheel stays a valid wheel for its lock."""
    assert pyodide_run["loaders"] == ["SourcelessFileLoader"]
    _, lock_file, _, package = shipped_runtime(built_site.site_dir)
    entry = json.loads(lock_file.read_text())["packages"][package]
    wheel = lock_file.with_name(entry["file_name"]).read_bytes()
    assert entry["sha256"] == hashlib.sha256(wheel).hexdigest()
    assert entry["imports"] == ["scorer"]
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        names = archive.namelist()
        assert not [name for name in names if name.endswith(".py")]
        assert "scorer/api.pyc" in names
        (metadata,) = [name for name in names if name.endswith(".dist-info/METADATA")]
        fields = email.parser.HeaderParser().parsestr(archive.read(metadata).decode())
        # Its core metadata alone: no development pins, no README as description.
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert (fields["Name"], fields["Version"]) == (project["name"], project["version"])
        assert fields.get_all("Requires-Dist") is None
        assert not str(fields.get_payload()).strip(), "the README reached the wheel"
        (record,) = [name for name in names if name.endswith(".dist-info/RECORD")]
        listed = {}
        for line in archive.read(record).decode().splitlines():
            name, digest, size = line.rsplit(",", 2)
            listed[name] = (digest, size)
        assert sorted(listed) == sorted(names)
        for name in names:
            if name == record:
                continue
            data = archive.read(name)
            hashed = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert listed[name] == (f"sha256={hashed.decode()}", str(len(data))), name


def test_the_trimmed_stdlib_holds_only_what_the_chooser_imports(
    pyodide_run: dict[str, Any],
) -> None:
    """Every module in the shipped archive is imported by the questions and the
    evaluations; one that only the build's own script imports
    (pyodide_precompile.py) would be downloaded by every first visit for nothing."""
    assert pyodide_run["unusedStdlib"] == [], (
        f"the shipped stdlib holds modules the chooser never imports: {pyodide_run['unusedStdlib']}"
    )


def test_tracebacks_from_the_shipped_bytecode_name_the_line(pyodide_run: dict[str, Any]) -> None:
    """The build keeps line numbers in the bytecode and drops only the columns
    (pyodide_precompile.lines_only): an error in the page still names file,
    line and function, in the scorer's wheel and in the trimmed stdlib."""
    (scorer_frame, stdlib_frame) = pyodide_run["tracebacks"]
    try:
        share._short(None)  # type: ignore[arg-type]
        raise AssertionError("share._short(None) did not raise")
    except TypeError as error:
        expected = traceback.extract_tb(error.__traceback__)[-1]
    filename, line, name, column, text = scorer_frame
    assert (PurePosixPath(filename).name, line, name) == ("share.py", expected.lineno, "_short")
    assert column is None and expected.colno is not None  # columns dropped, only there
    assert f'share.py", line {expected.lineno}, in _short' in text
    filename, line, name, column, text = stdlib_frame
    assert filename.endswith("/json/decoder.py") and isinstance(line, int) and line > 0, filename
    assert column is None
    assert f'decoder.py", line {line}, in {name}' in text
