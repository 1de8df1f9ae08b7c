"""The chooser's scorer wheel is built from the package and its core metadata alone.

Its bundle's hash names the folder the site serves it from, and a returning
reader's saved Python memory and cached standard library are kept under that
folder's URL. So an edit to the README or a development pin must leave the
hash as it was, and an edit to the scorer or its version must change it.
Fast checks on the hooks' functions (no site build); the built wheel's own
contents are checked in tests/chooser/test_pyodide_parity.py.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT, load_hook


@pytest.fixture(scope="module")
def runtime_hook() -> ModuleType:
    return load_hook("pyodide_runtime.py")


@pytest.fixture(scope="module")
def project_hook() -> ModuleType:
    return load_hook("scorer_wheel_project.py")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what the scorer's wheel could be made from."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "scorer", root / "scorer", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, root / name)
    return root


def _key(hook: ModuleType, root: Path) -> str:
    key: str = hook._content_key(root, ROOT / "node_modules" / "pyodide")
    return key


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_wheel_keeps_the_projects_name_and_version_and_no_pins(
    project_hook: ModuleType,
) -> None:
    text = project_hook.browser_pyproject(ROOT)
    staged = tomllib.loads(text)
    with (ROOT / "pyproject.toml").open("rb") as file:
        real = tomllib.load(file)
    assert staged["build-system"] == real["build-system"]
    assert staged["project"] == {
        field: real["project"][field]
        for field in project_hook.KEPT_FIELDS
        if field in real["project"]
    }
    assert staged["tool"]["hatch"]["build"]["targets"]["wheel"] == {"packages": ["scorer"]}
    assert "optional-dependencies" in real["project"] and "readme" in real["project"]
    assert "==" not in text.split("[project]")[1], "a pin reached the wheel's metadata"


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("README.md", "make test", "make  test"),
        ("pyproject.toml", '"pytest==', '"pytest>='),
        ("pyproject.toml", "[tool.ruff]\nline-length = 100", "[tool.ruff]\nline-length = 99"),
    ],
    ids=["readme", "a development pin", "a tool's settings"],
)
def test_an_edit_outside_the_wheel_keeps_the_bundles_key(
    runtime_hook: ModuleType, project: Path, file: str, old: str, new: str
) -> None:
    before = _key(runtime_hook, project)
    _edit(project / file, old, new)
    assert _key(runtime_hook, project) == before


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("scorer/knowledge.toml", "\n", "\n\n"),
        ("scorer/engine.py", '"""', '"""\n'),
        ("pyproject.toml", 'version = "1.0.0"', 'version = "1.0.1"'),
        ("pyproject.toml", 'requires-python = ">=3.11"', 'requires-python = ">=3.12"'),
    ],
    ids=["the knowledge", "a module", "the version", "the Python it needs"],
)
def test_an_edit_to_what_the_wheel_holds_changes_the_key(
    runtime_hook: ModuleType, project: Path, file: str, old: str, new: str
) -> None:
    before = _key(runtime_hook, project)
    _edit(project / file, old, new)
    assert _key(runtime_hook, project) != before


def test_local_bytecode_is_neither_staged_nor_hashed(
    runtime_hook: ModuleType, project_hook: ModuleType, project: Path, tmp_path: Path
) -> None:
    before = _key(runtime_hook, project)
    cache = project / "scorer" / "__pycache__"
    cache.mkdir()
    (cache / "engine.cpython-311.pyc").write_bytes(b"\x00" * 16)
    (project / "scorer" / "stray.pyc").write_bytes(b"\x00" * 16)
    assert _key(runtime_hook, project) == before
    target = tmp_path / "staged"
    target.mkdir()
    project_hook.stage(project, target)
    staged = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    expected = [p.relative_to(ROOT).as_posix() for p in project_hook.package_files(ROOT)]
    assert staged == sorted([*expected, "pyproject.toml"])


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('version = "1.0.0"\n', "", "project.version"),
        ("[build-system]", "[not-the-build-system]", "build-system"),
        ('name = "node-or-flask-scorer"', "name = [1]", "project.name"),
        ('version = "1.0.0"', "version = ", "cannot be read as TOML"),
    ],
    ids=["no version", "no build system", "a name that is not a string", "broken TOML"],
)
def test_a_pyproject_the_wheel_cannot_use_is_named_in_the_builds_error(
    runtime_hook: ModuleType, project: Path, old: str, new: str, named: str
) -> None:
    _edit(project / "pyproject.toml", old, new)
    with pytest.raises(PluginError, match=re.escape(named)) as caught:
        _key(runtime_hook, project)
    assert "pyproject.toml" in str(caught.value)
