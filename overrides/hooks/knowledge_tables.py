"""MkDocs hook: render the comparison tables and verdict boxes from the knowledge data.

Content pages place markers, each an HTML comment on a line of its own::

    <!-- scorer:at-a-glance -->            every criterion, Node.js against Flask
    <!-- scorer:verdict CRITERION -->      verdict box for one criterion
    <!-- scorer:ratings CRITERION -->      all four options on one criterion
    <!-- scorer:alternatives -->           the alternatives and where they lead
    <!-- scorer:versions -->               the releases compared
    <!-- scorer:criteria -->               the criteria and the rating scale

This hook replaces them with HTML rendered from ``scorer/knowledge.toml``
through the Jinja templates in ``templates/``, so the pages and the chooser
read the same data. ``scorer:chooser-form`` belongs to the chooser's own hook
and is left alone here; any other ``scorer:`` marker, a missing or unknown
criterion id, or a marker that is not on a line of its own fails the build.
The data shaping lives in ``site_views.py`` (importable, no MkDocs).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
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
# The scorer is normally installed (`pip install -e .`); a checkout whose
# environment lacks it still builds, from the package next to mkdocs.yml.
if importlib.util.find_spec("scorer") is None and (ROOT / "scorer").is_dir():
    sys.path.append(str(ROOT))

from scorer import Knowledge, ScorerError, load_knowledge  # noqa: E402

# Markers other hooks own: left in place for them (the chooser renders its form).
DELEGATED = frozenset({"chooser-form"})
# A marker on a line of its own: <!-- scorer:NAME [ARGUMENT] -->
MARKER = re.compile(r"^<!--\s*scorer:(?P<name>[a-z][a-z-]*)(?:\s+(?P<arg>\S+?))?\s*-->$")
LOOSE = re.compile(r"<!--\s*scorer:")
INLINE_CODE = re.compile(r"(`+).+?\1")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")


# Import site_views.py from this folder (MkDocs loads hooks by path, not as a package);
# afresh each time, as MkDocs reloads the hook on every `mkdocs serve` rebuild.
def _load_views() -> ModuleType:
    name = "node_or_flask_site_views"
    spec = importlib.util.spec_from_file_location(name, HERE / "site_views.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the hook
        raise PluginError(f"cannot load {HERE / 'site_views.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


views = _load_views()


@dataclass(frozen=True)
class Marker:
    """A marker's name, whether it takes an argument, and its template."""

    name: str
    takes_criterion: bool
    template: str


# The markers this hook renders (the one registry; DELEGATED lists the others').
MARKERS = {
    m.name: m
    for m in (
        Marker("at-a-glance", False, "at_a_glance.html"),
        Marker("verdict", True, "verdict.html"),
        Marker("ratings", True, "ratings.html"),
        Marker("alternatives", False, "alternatives.html"),
        Marker("versions", False, "versions.html"),
        Marker("criteria", False, "criteria.html"),
    )
}


@dataclass
class _State:
    """What one build shares between events."""

    knowledge: Knowledge | None = None
    env: jinja2.Environment | None = None


state = _State()


# The knowledge file, read fresh on every build so `mkdocs serve` picks up edits.
def knowledge_path() -> Path:
    """Path of the packaged knowledge file (the one ``load_knowledge()`` reads)."""
    return Path(str(resources.files("scorer").joinpath("knowledge.toml")))


# Load and validate the knowledge data and set up the templates before each build.
def on_pre_build(config: MkDocsConfig) -> None:
    """Read the knowledge data; a broken file fails the build with its own message."""
    try:
        state.knowledge = load_knowledge(knowledge_path())
    except ScorerError as error:
        raise PluginError(f"knowledge data: {error}") from error
    state.env = template_environment(escape="all", trim=True)


# Replace this hook's markers in a page's Markdown with rendered HTML.
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render every ``scorer:`` marker of the page (except delegated ones)."""
    if "scorer:" not in markdown:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        # Leave code blocks alone: a page may show a marker as an example.
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group("fence")
        elif fence is not None and line.strip().startswith(fence[0] * len(fence)):
            fence = None
        # A marker quoted in inline code is prose about markers, not a marker.
        if fence is not None or opening or not LOOSE.search(INLINE_CODE.sub("", line)):
            out.append(line)
            continue
        out.append(_replace(line, page, files, number))
    return "\n".join(out)


# One marker line -> its HTML (or the line unchanged for a delegated marker).
def _replace(line: str, page: Page, files: Files, number: int) -> str:
    where = f"{page.file.src_uri}:{number}"
    match = MARKER.match(line)
    if match is None:
        raise PluginError(
            f"{where}: a scorer marker must be an HTML comment alone on its line, "
            f"not indented, e.g. '<!-- scorer:verdict performance -->'; found {line.strip()!r}"
        )
    name, arg = match.group("name"), match.group("arg")
    if name in DELEGATED:
        return line
    marker = MARKERS.get(name)
    if marker is None:
        known = ", ".join(sorted([*MARKERS, *DELEGATED]))
        raise PluginError(f"{where}: unknown marker 'scorer:{name}' (known: {known})")
    if marker.takes_criterion and not arg:
        raise PluginError(f"{where}: marker 'scorer:{name}' needs a criterion id")
    if not marker.takes_criterion and arg:
        raise PluginError(f"{where}: marker 'scorer:{name}' takes no argument, got {arg!r}")
    try:
        html = _render(marker, arg, page, files)
    except ScorerError as error:
        raise PluginError(f"{where}: marker 'scorer:{name} {arg}': {error}") from error
    return f"\n{html.strip()}\n"


# Render one marker's template with the shaped data and a link helper for this page.
def _render(marker: Marker, arg: str | None, page: Page, files: Files) -> str:
    assert state.knowledge is not None and state.env is not None, "on_pre_build runs first"
    knowledge = state.knowledge
    context: dict[str, Any] = {
        "knowledge": knowledge,
        "link": _linker(page, files),
        "page_id": page.file.src_uri,
    }
    data: dict[str, Callable[[], Any]] = {
        "at-a-glance": lambda: views.at_a_glance(knowledge),
        "verdict": lambda: views.verdict_view(knowledge, arg),
        "ratings": lambda: views.ratings_view(knowledge, arg),
        "alternatives": lambda: views.alternatives_view(knowledge),
        "versions": lambda: views.versions_view(knowledge),
        "criteria": lambda: views.criteria_view(knowledge),
    }
    context["view"] = data[marker.name]()
    return state.env.get_template(marker.template).render(context)


# A function for templates: site path ("questions/x/#anchor") -> URL relative to the page.
# The data names pages by their directory URL; the file:// copy (use_directory_urls
# off) serves the same page as "questions/x.html", so the link takes the page's real URL.
def _linker(page: Page, files: Files) -> Callable[[str], str]:
    urls = {_directory_url(f.src_uri): f.url for f in files.documentation_pages()}

    def link(section: str) -> str:
        path, _, anchor = section.partition("#")
        if path not in urls:
            raise PluginError(
                f"{page.file.src_uri}: the knowledge data links to '{section}', "
                "but no page of the site has that URL"
            )
        target = urls[path]
        fragment = f"#{anchor}" if anchor else ""
        if target == page.url and fragment:
            return fragment
        url = get_relative_url(target, page.url)
        if target.endswith("/") and not url.endswith("/"):
            url += "/"
        return url + fragment

    return link


# "questions/x.md" -> "questions/x/", "questions/index.md" -> "questions/", "index.md" -> "".
def _directory_url(src_uri: str) -> str:
    path = src_uri.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"
