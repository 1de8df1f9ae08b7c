"""The evidence_page hook: what it renders, and the errors that fail the build.

Fast checks on the hook's own functions with stand-ins for MkDocs' config and
page (no build); test_evidence_page.py shows the built page end to end.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from tests.conftest import load_hook

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "evidence" / "results.json"


def _load() -> ModuleType:
    return load_hook("evidence_page.py")


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    module = _load()
    module.on_pre_build(SimpleNamespace(docs_dir=str(ROOT / "docs")))
    return module


def _page(src: str = "evidence/index.md", url: str = "evidence/") -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src), url=url)


def _files(use_directory_urls: bool = True) -> Files:
    page = File("evidence/index.md", "docs", "site", use_directory_urls=use_directory_urls)
    return Files([page])


def _render(hook: ModuleType, markdown: str, *, directory_urls: bool = True, **page: str) -> str:
    files = _files(directory_urls)
    html: str = hook.on_page_markdown(markdown, page=_page(**page), config=None, files=files)
    return html


def test_pages_without_markers_are_untouched(hook: ModuleType) -> None:
    text = "# Title\n\nNo markers, just `evidence:` in code.\n"
    assert _render(hook, text) == text


def test_a_marker_in_a_code_block_is_left_alone(hook: ModuleType) -> None:
    text = "```html\n<!-- evidence:headline -->\n```\n"
    assert _render(hook, text) == text


def test_code_inside_a_tab_keeps_the_tab_indentation(hook: ModuleType) -> None:
    marker = "    <!-- evidence:code tests/evidence/servers/python/quart_app.py quart -->"
    out = _render(hook, f'=== "Quart"\n\n{marker}\n')
    fence = [line for line in out.split("\n") if line.strip().startswith("```")]
    assert fence[0].startswith('    ```python title="tests/evidence/servers/python/quart_app.py"')
    assert "    async def io() -> str:" in out


def test_the_measured_box_links_to_the_evidence_page(hook: ModuleType) -> None:
    out = _render(
        hook,
        "<!-- evidence:measured real-time -->",
        src="questions/real-time.md",
        url="questions/real-time/",
    )
    assert 'href="../../evidence/#websockets"' in out
    assert "Measured here" in out


def test_in_the_file_copy_the_measured_box_links_to_the_html_file(hook: ModuleType) -> None:
    out = _render(
        hook,
        "<!-- evidence:measured performance -->",
        directory_urls=False,
        src="questions/performance.md",
        url="questions/performance.html",
    )
    assert 'href="../evidence/index.html#io"' in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("<!-- evidence:chart io -->", "unknown marker or arguments"),
        ("<!-- evidence:charts http -->", "needs one workload of io, cpu, json"),
        ("<!-- evidence:measured speed -->", "needs one topic of performance"),
        ("<!-- evidence:code tests/evidence/servers/python/quart_app.py nope -->", "no section"),
        ("<!-- evidence:code ../../etc/passwd x -->", "outside the project"),
        ("text <!-- evidence:headline -->", "not a well-formed evidence marker"),
    ],
)
def test_a_bad_marker_fails_naming_page_line_and_problem(
    hook: ModuleType, line: str, message: str
) -> None:
    with pytest.raises(PluginError, match=r"evidence/index\.md:3: ") as info:
        _render(hook, f"# T\n\n{line}\n")
    assert message in str(info.value)


def test_a_broken_results_file_fails_the_build_with_its_problem(tmp_path: Path) -> None:
    data = json.loads(RESULTS.read_text("utf-8"))
    del data["runs"][2]["rss_mb"]
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "results.json").write_text(json.dumps(data))
    with pytest.raises(PluginError, match=r"runs\[2\]: missing field 'rss_mb'"):
        _load().on_pre_build(SimpleNamespace(docs_dir=str(tmp_path)))


def test_a_missing_results_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="cannot read"):
        _load().on_pre_build(SimpleNamespace(docs_dir=str(tmp_path)))
