"""The template_cache hook: the theme's compiled templates kept on disk between builds.

Fast checks with a stand-in for MkDocs' config (no build); every site build
in the other tests runs with the hook on.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import jinja2
import jinja2.nodes
import pytest

from tests.conftest import load_hook


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return load_hook("template_cache.py")


def theme_env(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates))


def count_compiles(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Names of the templates ``env`` compiles from source from now on."""
    compiled: list[str | None] = []
    real = env.compile

    def compile_and_count(
        source: str | jinja2.nodes.Template, name: str | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        compiled.append(name)
        return real(source, name, *args, **kwargs)

    monkeypatch.setattr(env, "compile", compile_and_count)
    return compiled


def test_a_second_build_reads_the_compiled_template_back(
    hook: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEMPLATE_CACHE", raising=False)
    (tmp_path / "docs").mkdir()
    templates = tmp_path / "theme"
    templates.mkdir()
    (templates / "main.html").write_text("Hello {{ name }}")
    config = SimpleNamespace(docs_dir=str(tmp_path / "docs"))

    first = hook.on_env(theme_env(templates), config, None)
    assert first.get_template("main.html").render(name="first") == "Hello first"
    cached = list((tmp_path / "build" / "jinja").iterdir())
    assert len(cached) == 1

    # A new build (a new environment) reads the code back instead of compiling.
    second = hook.on_env(theme_env(templates), config, None)
    compiled = count_compiles(second, monkeypatch)
    assert second.get_template("main.html").render(name="again") == "Hello again"
    assert compiled == []

    # A changed template is compiled again.
    (templates / "main.html").write_text("Hi {{ name }}")
    third = hook.on_env(theme_env(templates), config, None)
    compiled = count_compiles(third, monkeypatch)
    assert third.get_template("main.html").render(name="there") == "Hi there"
    assert compiled == ["main.html"]


def test_the_cache_folder_can_be_moved(
    hook: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEMPLATE_CACHE", str(tmp_path / "elsewhere"))
    env = hook.on_env(theme_env(tmp_path), SimpleNamespace(docs_dir=str(tmp_path / "docs")), None)
    assert isinstance(env.bytecode_cache, jinja2.FileSystemBytecodeCache)
    assert env.bytecode_cache.directory == str(tmp_path / "elsewhere")
    assert not (tmp_path / "build").exists()
