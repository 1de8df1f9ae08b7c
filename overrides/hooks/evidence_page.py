"""MkDocs hook: render the load benchmark's results on the evidence page.

The page places markers, each an HTML comment on a line of its own (indented
inside a content tab, the output keeps the indentation)::

    <!-- evidence:headline -->             best Node.js and Flask setup per measure
    <!-- evidence:findings -->             what the figures say, figures from the data
    <!-- evidence:charts WORKLOAD -->      bar charts, one per concurrency
    <!-- evidence:table WORKLOAD -->       every run of the workload, all figures
    <!-- evidence:sanity -->               the io ceiling check of blocking servers
    <!-- evidence:machine -->              machine, pinning, load, date and method
    <!-- evidence:versions -->             the versions that ran
    <!-- evidence:code PATH SECTION -->    a marked section of a server file
    <!-- evidence:measured TOPIC -->       "Measured here" box for a question page
                                           (performance, scalability, real-time)

This hook replaces them with HTML (code as a fenced block) rendered from
``docs/evidence/results.json`` through the Jinja templates in ``templates/``;
nothing is measured at build time. A broken results file, a run above its
physical ceiling, an unknown marker or a missing code section fails the build.
The shaping lives in ``evidence_views.py`` (importable, no MkDocs).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
from hook_templates import environment as template_environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# The results schema lives with the harness that writes the file (tests/evidence).
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from tests.evidence.results import ResultsError, ceiling_violations, load_results  # noqa: E402

RESULTS = Path("evidence") / "results.json"  # inside docs_dir
MARKER = re.compile(r"^<!--\s*evidence:(?P<name>[a-z-]+)(?P<args>(?:\s+\S+?)*)\s*-->$")
LOOSE = re.compile(r"<!--\s*evidence:")
WORKLOADS = ("io", "cpu", "json", "ws-idle", "ws-broadcast")
TOPICS = ("performance", "scalability", "real-time")
EVIDENCE_PAGE = "evidence/index.md"


# Import evidence_views.py from this folder afresh (MkDocs loads hooks by path).
def _load_views() -> ModuleType:
    name = "node_or_flask_evidence_views"
    spec = importlib.util.spec_from_file_location(name, HERE / "evidence_views.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the hook
        raise PluginError(f"cannot load {HERE / 'evidence_views.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


views = _load_views()


@dataclass
class _State:
    """What one build shares between events."""

    data: dict[str, Any] | None = None
    env: jinja2.Environment | None = None


state = _State()


# Read and check the results before each build; a broken file fails the build.
def on_pre_build(config: MkDocsConfig) -> None:
    """Load ``docs/evidence/results.json`` and run its sanity check."""
    path = Path(config.docs_dir) / RESULTS
    try:
        data = load_results(path)
    except ResultsError as error:
        raise PluginError(f"evidence: {error}") from error
    problems = ceiling_violations(data)
    if problems:
        raise PluginError("evidence: results fail the sanity check: " + "; ".join(problems))
    state.data = data
    state.env = template_environment(escape="html-files", trim=True)


# Replace the page's evidence markers with rendered HTML or Markdown.
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render every ``evidence:`` marker of the page (outside code blocks)."""
    if "evidence:" not in markdown:
        return markdown
    out, fence = [], None
    for number, line in enumerate(markdown.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence else stripped[:3]
            out.append(line)
        elif fence is None and LOOSE.search(line) and not stripped.startswith("`"):
            out.append(_render(line, f"{page.file.src_uri}:{number}", page, files))
        else:
            out.append(line)
    return "\n".join(out)


# One marker line -> its rendered block.
def _render(line: str, where: str, page: Page, files: Files) -> str:
    assert state.data is not None and state.env is not None, "on_pre_build runs first"
    match = MARKER.match(line.strip())
    if match is None:
        raise PluginError(
            f"{where}: not a well-formed evidence marker (an HTML comment alone on its line): "
            + repr(line.strip())
        )
    name, args = match.group("name"), match.group("args").split()
    data = state.data
    if name in {"charts", "table"}:
        if len(args) != 1 or args[0] not in WORKLOADS:
            raise PluginError(
                f"{where}: 'evidence:{name}' needs one workload of {', '.join(WORKLOADS)}"
            )
        context: dict[str, Any] = {"workload": args[0]}
        context["view"] = (views.charts if name == "charts" else views.table)(data, args[0])
    elif name == "code":
        if len(args) != 2:
            raise PluginError(f"{where}: 'evidence:code' needs a file path and a section name")
        try:
            context = {"view": views.code_snippet(ROOT, *args)}
        except ValueError as error:
            raise PluginError(f"{where}: {error}") from error
    elif name == "measured":
        if len(args) != 1 or args[0] not in TOPICS:
            topics = ", ".join(TOPICS)
            raise PluginError(f"{where}: 'evidence:measured' needs one topic of {topics}")
        name = f"measured_{args[0].replace('-', '_')}"
        # The page's real URL: "evidence/", or "evidence/index.html" in the file:// copy.
        evidence = files.get_file_from_path(EVIDENCE_PAGE)
        if evidence is None:
            raise PluginError(
                f"{where}: 'evidence:measured' links to {EVIDENCE_PAGE}, which is missing"
            )
        url = get_relative_url(evidence.url, page.url)
        context = {
            "url": url + "/" if evidence.url.endswith("/") and not url.endswith("/") else url
        }
    elif name in {"headline", "findings", "sanity", "machine", "versions"} and not args:
        shaped = {"headline": views.headline, "sanity": views.sanity}.get(name)
        context = {"view": shaped(data) if shaped else None}
    else:
        raise PluginError(f"{where}: unknown marker or arguments: {line.strip()!r}")
    context.update(data=data, stack_names=views.STACK_NAMES, fmt=views.fmt)
    context.update(figure=views.figure, best=views.best, times=views.times)
    context.update(had_own_core=views.had_own_core)
    template = "evidence_code.md" if name == "code" else f"evidence_{name}.html"
    try:
        rendered = state.env.get_template(template).render(context).strip()
    except jinja2.UndefinedError as error:
        message = f"{where}: results.json lacks a run this marker shows: {error}"
        raise PluginError(message) from error
    # Keep the marker's indentation, so a block inside a content tab stays in it.
    indent = line[: len(line) - len(line.lstrip())]
    return "\n" + "\n".join(indent + part if part else part for part in rendered.split("\n")) + "\n"
