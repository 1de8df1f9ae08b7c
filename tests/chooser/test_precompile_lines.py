"""The chooser's bytecode keeps its line numbers and drops its columns.

``overrides/hooks/pyodide_precompile.py`` rewrites each code object's
location table to lines only before writing the ``.pyc`` files the page
imports (a third fewer bytes to download, packed). It runs in Pyodide's
Python at build time; the table's format is the same in this CPython, so
its behaviour is checked here on code with nested functions, a class, a
comprehension and an expression split over lines.
"""

from __future__ import annotations

import traceback
import types

import pytest

from tests.conftest import load_hook

SOURCE = """\
import math

class Shape:
    def area(self, side):
        total = [
            side * k for k in range(3)
        ]
        return math.sqrt(
            sum(total)
            / side
        )

def outer(value):
    def inner():
        return {"v": value}[
            "missing"
        ]
    return inner()
"""


@pytest.fixture(scope="module")
def precompile() -> types.ModuleType:
    return load_hook("pyodide_precompile.py")


def code_objects(code: types.CodeType) -> list[types.CodeType]:
    nested = [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return [code] + [inner for c in nested for inner in code_objects(c)]


def test_every_instruction_keeps_its_line_and_loses_its_columns(
    precompile: types.ModuleType,
) -> None:
    original = compile(SOURCE, "shapes.py", "exec", optimize=2)
    stripped = precompile.lines_only(original)
    pairs = list(zip(code_objects(original), code_objects(stripped), strict=True))
    assert len(pairs) >= 5  # module, class, method, comprehension or lambda, two functions
    for before, after in pairs:
        assert after.co_code == before.co_code and after.co_name == before.co_name
        assert [p[0] for p in after.co_positions()] == [p[0] for p in before.co_positions()]
        assert list(after.co_lines()) == list(before.co_lines())
        assert {p[2] for p in after.co_positions()} == {None}
        assert len(after.co_linetable) < len(before.co_linetable)


def last_frame(code: types.CodeType, call: str) -> tuple[traceback.FrameSummary, str]:
    """Run ``code``, then ``call`` in its namespace; the last frame of the error it raises."""
    namespace: dict[str, object] = {}
    exec(code, namespace)
    with pytest.raises((ZeroDivisionError, KeyError)) as raised:
        exec(call, namespace)
    frame = traceback.extract_tb(raised.value.__traceback__)[-1]
    return frame, "".join(traceback.format_exception(raised.value))


@pytest.mark.parametrize(("call", "name"), [("Shape().area(0)", "area"), ("outer(1)", "inner")])
def test_a_traceback_names_the_same_line_as_before(
    precompile: types.ModuleType, call: str, name: str
) -> None:
    original = compile(SOURCE, "shapes.py", "exec", optimize=2)
    before, _ = last_frame(original, call)
    after, text = last_frame(precompile.lines_only(original), call)
    assert (after.filename, after.lineno, after.name) == ("shapes.py", before.lineno, name)
    assert before.lineno in (9, 15) and before.colno is not None
    assert after.colno is None
    assert f'File "shapes.py", line {before.lineno}, in {name}' in text
