"""MkDocs hook: a static page per chooser outcome, so shared results unfurl with their verdict.

A chooser result's share link points at its outcome's page with the answers
in the query (``chooser/flask/?v=1&a=...``; ``scorer.wiki``). Link previews
read the page without running JavaScript, so each outcome gets a page of its
own whose title, description and social card name the verdict. In a browser
the page is the full chooser (the form marker below is rendered by
``chooser_form.py``) and restores the answers from the query.

The pages are generated from the knowledge file, one per
``scorer.wiki.outcome_ids()`` (each option, and a close call), through the
Markdown template ``templates/chooser_outcome.md``, and are not in the nav.
"""

from __future__ import annotations

from pathlib import Path

from hook_templates import environment as template_environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from scorer import KnowledgeError, load_knowledge
from scorer.model import CLOSE_CALL
from scorer.wiki import outcome_headline, outcome_ids, outcome_path

KNOWLEDGE = "scorer/knowledge.toml"

# Markdown, not HTML; values go into YAML through `tojson`.
_environment = template_environment(escape="none", trailing_newline=True)


# Add one generated Markdown page per outcome (chooser/<outcome>.md -> chooser/<outcome>/).
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Generate the outcome pages from the knowledge file."""
    path = Path(config.docs_dir).parent / KNOWLEDGE
    try:
        knowledge = load_knowledge(path)
    except KnowledgeError as error:
        raise PluginError(f"chooser_outcomes: {error}") from error
    template = _environment.get_template("chooser_outcome.md")
    for outcome in outcome_ids(knowledge):
        src = outcome_path(outcome).rstrip("/") + ".md"
        if files.get_file_from_path(src) is not None:
            raise PluginError(
                f"chooser_outcomes: docs/{src} exists, but that path belongs to the "
                f"generated page of the chooser outcome '{outcome}'"
            )
        content = template.render(
            outcome=outcome,
            headline=outcome_headline(knowledge, outcome),
            option=None if outcome == CLOSE_CALL else knowledge.option(outcome),
        )
        files.append(
            File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files
