"""MkDocs hook: keep the theme's compiled page templates between builds.

MkDocs compiles the theme's Jinja templates (Material's and ``overrides/``)
afresh on every build. Jinja can keep the compiled code on disk, keyed by
each template's name and a checksum of its source, so a changed template is
compiled again and an unchanged one is read back
(`jinja2.FileSystemBytecodeCache`). The cache lives in ``build/jinja/``
(or ``$TEMPLATE_CACHE``), like the social cards' cache; deleting it only
costs the next build its compile time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hook_templates import cache_root
from jinja2 import Environment, FileSystemBytecodeCache


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    """Give the theme's template environment a bytecode cache on disk."""
    folder = cache_root(Path(config.docs_dir).parent)
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
