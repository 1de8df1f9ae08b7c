"""Jinja environments for the hooks' own templates (``templates/``), compiled once.

The hooks render tables, forms, charts and cards from templates in
``templates/``. Like the theme's templates (``template_cache.py``), their
compiled code is kept on disk between builds, under ``build/jinja/`` (or
``$TEMPLATE_CACHE``); a template whose source changed is compiled again.

Jinja keys that cache by a template's name and source alone, yet the same
template compiles differently under different options (``_macros.html`` is
shared by environments that escape HTML and one that does not). So each set
of options gets a folder of its own, named after the options, and the
options can be given only through :func:`environment`.

Hooks import this module by name: MkDocs puts a hook's folder on
``sys.path`` while it loads the hook.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"
ROOT = Path(__file__).resolve().parents[2]
CACHE = "build/jinja"  # in the project; $TEMPLATE_CACHE instead, when set

Escape = Literal["all", "none", "html-files"]
_AUTOESCAPE: dict[str, bool | object] = {
    "all": True,
    "none": False,  # Markdown and YAML output; values are quoted by their templates
    "html-files": jinja2.select_autoescape(["html"]),
}


def cache_root(project: Path) -> Path:
    """Where compiled templates are kept, the theme's (template_cache.py) and the hooks'."""
    return Path(os.environ.get("TEMPLATE_CACHE") or project / CACHE)


def cache_folder(escape: Escape, trim: bool, trailing_newline: bool) -> Path:
    """Where templates compiled under these options are kept."""
    name = f"hooks-escape-{escape}-trim-{int(trim)}-newline-{int(trailing_newline)}"
    return cache_root(ROOT) / name


def environment(
    *, escape: Escape, trim: bool = False, trailing_newline: bool = False
) -> jinja2.Environment:
    """An environment over ``templates/``: undefined names are errors.

    Args:
        escape: Escape HTML in every template, in none, or in ``*.html`` only.
        trim: Drop the newline after a block tag and the spaces before it
            (Jinja's ``trim_blocks`` and ``lstrip_blocks``).
        trailing_newline: Keep a template's final newline.
    """
    folder = cache_folder(escape, trim, trailing_newline)
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=_AUTOESCAPE[escape],  # type: ignore[arg-type]
        undefined=jinja2.StrictUndefined,
        trim_blocks=trim,
        lstrip_blocks=trim,
        keep_trailing_newline=trailing_newline,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(folder)),
    )
