"""hook_templates: the hooks' Jinja environments keep compiled templates, one folder per options.

Jinja keys its bytecode cache by a template's name and source alone, so two
environments that compile the same file under different options must never
share a folder: one would read the other's code back.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import jinja2
import pytest

from tests.conftest import load_hook

if TYPE_CHECKING:
    from pathlib import Path

# One template, compiled under two sets of options: escaping changes the output.
SOURCE = "{{ value }}\n"


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("TEMPLATE_CACHE", str(tmp_path / "cache"))
    module = load_hook("hook_templates.py")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "probe.html").write_text(SOURCE, encoding="utf-8")
    monkeypatch.setattr(module, "TEMPLATES", folder)
    return module


def test_each_set_of_options_has_its_own_folder(templates: ModuleType, tmp_path: Path) -> None:
    escaped = templates.environment(escape="all").get_template("probe.html")
    plain = templates.environment(escape="none").get_template("probe.html")
    assert escaped.render(value="<b>") == "&lt;b&gt;"
    assert plain.render(value="<b>") == "<b>"
    folders = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert folders == [
        "hooks-escape-all-trim-0-newline-0",
        "hooks-escape-none-trim-0-newline-0",
    ]
    for folder in (tmp_path / "cache").iterdir():
        assert len(list(folder.iterdir())) == 1  # the probe's compiled code

    # Environments made afresh (the next build) read the code back, each its own.
    again = templates.environment(escape="all")
    again.compile = _refuse
    assert again.get_template("probe.html").render(value="<b>") == "&lt;b&gt;"
    assert (
        templates.environment(escape="none").get_template("probe.html").render(value="<b>") == "<b>"
    )


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("compiled from source, not read back from the cache")


def test_a_changed_template_is_compiled_again(templates: ModuleType, tmp_path: Path) -> None:
    assert templates.environment(escape="all").get_template("probe.html").render(value=1) == "1"
    (templates.TEMPLATES / "probe.html").write_text("[{{ value }}]", encoding="utf-8")
    assert templates.environment(escape="all").get_template("probe.html").render(value=1) == "[1]"


def test_undefined_names_are_errors(templates: ModuleType) -> None:
    with pytest.raises(jinja2.UndefinedError):
        templates.environment(escape="all").get_template("probe.html").render()
