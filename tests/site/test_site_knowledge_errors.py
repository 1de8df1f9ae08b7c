"""A malformed knowledge file fails the site build, naming file, entry and field.

Every malformed variant the validator's own tests know
(tests/scorer/test_knowledge_validation.py) is written into a copy of the
project, which is then built with ``mkdocs build --strict``. The build must
fail with the validator's message (file, entry, field) in MkDocs' error
output, and must leave no site folder behind: validation runs before MkDocs
cleans or writes the site folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.scorer.test_knowledge_validation import CASES
from tests.site.site_html import ROOT

if TYPE_CHECKING:
    from tests.conftest import SiteBuilder

pytestmark = pytest.mark.site

KNOWLEDGE = (ROOT / "scorer" / "knowledge.toml").read_text(encoding="utf-8")


def _project_with(tmp_path: Path, text: str) -> Path:
    """A copy of the project whose scorer/knowledge.toml is ``text`` (the rest linked)."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(ROOT / "scorer", copy / "scorer", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "scorer" / "knowledge.toml").write_text(text, encoding="utf-8")
    for name in ("docs", "overrides", "node_modules", "pyproject.toml", "README.md", "build"):
        if (ROOT / name).exists():
            (copy / name).symlink_to(ROOT / name)
    return copy


@pytest.mark.parametrize(("replacements", "append", "message"), CASES)
def test_malformed_knowledge_fails_the_build_without_a_site(
    site_builder: SiteBuilder,
    tmp_path: Path,
    replacements: list[tuple[str, str]],
    append: str,
    message: str,
) -> None:
    text = KNOWLEDGE
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    project = _project_with(tmp_path, text + append)
    out = tmp_path / "site"
    result = site_builder(out, "http://127.0.0.1:8000/", cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    where = project / "scorer" / "knowledge.toml"
    lines = [line for line in output.splitlines() if f"knowledge data: {where}: " in line]
    assert len(lines) == 1 and message in lines[0], output
    assert not out.exists(), f"a partial site was left in {out}: {list(out.iterdir())}"
