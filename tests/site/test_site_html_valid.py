"""Every built page is valid HTML for the Nu HTML Checker (vnu).

vnu.jar comes from the pinned npm package ``vnu-jar`` and runs on the
machine's Java (``make java`` installs one on Debian). Errors fail the test,
except the entries of ``IGNORED``: theme markup we cannot change without
copying Material's templates, each with its reason. Each entry must still
match something, so the list cannot outlive its cause.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

from tests.site.site_html import ROOT

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (message pattern, extract pattern): why it is theme markup we keep.
IGNORED = {
    # Material's base.html puts autocomplete="off" on its drawer and search
    # checkboxes (id __drawer, __search) so Firefox does not restore them
    # on reload; HTML allows autocomplete only on text-like inputs. Fixing
    # it means copying base.html, the theme's largest template.
    "material-toggle-autocomplete": (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
    ),
    # Material's partials/nav-item.html writes tabindex="" on the label of a
    # nav section that has an index page (navigation.indexes); browsers treat
    # it as no tabindex. Fixing it means copying that 150-line partial.
    "material-nav-section-tabindex": (
        r"^Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*" for="__nav_\d+" id="__nav_\d+_label" tabindex="">',
    ),
}


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        message = "no Java runtime: run `make java` (Debian's default-jre-headless)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java


def test_every_page_is_valid_html(built_site: BuiltSite) -> None:
    java = _java()
    pages = sorted(str(p) for p in built_site.site_dir.rglob("*.html") if "assets" not in p.parts)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    used: set[str] = set()
    left = []
    for m in messages:
        name = next(
            (
                name
                for name, (message, extract) in IGNORED.items()
                if re.search(message, m["message"]) and re.search(extract, m.get("extract", ""))
            ),
            None,
        )
        if name:
            used.add(name)
        else:
            left.append(
                f"{m['url'].split('/node-or-flask/')[-1]}:{m.get('lastLine')}: {m['message']}"
            )
    assert len(pages) >= 15
    assert left == [], "\n".join(left)
    assert used == set(IGNORED), f"ignore entries that no longer match: {set(IGNORED) - used}"
    print(f"\nvnu: {len(pages)} pages, {len(messages)} errors, all theme markup: {sorted(used)}")
