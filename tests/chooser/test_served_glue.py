"""Pyodide's glue as the site serves it: two changes that save start-up work.

``overrides/hooks/pyodide_glue.py`` changes the served ``pyodide.asm.mjs``:

- Emscripten's ``convertJsFunctionToWasm`` compiles the tiny module that
  wraps a JavaScript function for the function table once per signature,
  not once per function;
- the symbol table (``GOT``) makes an export's entry when it is first read,
  not for all 8,554 exports at once, with the same values and the same
  function-table slots.

These tests check each change on the pinned glue, that a glue it does not
fit stops the build with a message saying what to do, in Node that every
entry and slot is what npm's glue gives, and, in Chromium's own trace of the
chooser's start, that the runtime compiles a few wrapper modules instead of
hundreds.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from mkdocs.exceptions import PluginError

from tests.chooser.chooser_page import CHOOSER, wait_until_settled
from tests.conftest import ROOT, BuiltSite, load_hook, node_executable
from tests.support.chrome_trace import traced_visit

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.conftest import SiteBrowser

STOCK_RUNTIME = ROOT / "node_modules" / "pyodide"
STOCK_GLUE = STOCK_RUNTIME / "pyodide.asm.mjs"
COMPARE_IN_NODE = Path(__file__).with_name("symbol_table_compare.mjs")
# The trace's events for a module compiled by `new WebAssembly.Module(bytes)`.
TRACED = "v8.wasm"
SYNC_COMPILE = "wasm.SyncCompile"


@pytest.fixture(scope="module")
def glue_hook() -> ModuleType:
    return load_hook("pyodide_glue.py")


@pytest.fixture(scope="module")
def stock() -> str:
    return STOCK_GLUE.read_text(encoding="utf-8")


def test_the_pinned_glue_compiles_each_signature_once(glue_hook: ModuleType, stock: str) -> None:
    served = glue_hook.remember_wrapper_modules(stock)
    head = stock.index(glue_hook.FUNCTION_HEAD)
    # Only the function changes: what comes before it and after it is npm's.
    assert served[:head] == stock[:head]
    after = stock.index(glue_hook.COMPILE, head) + len(glue_hook.COMPILE)
    assert served.endswith(stock[after:])
    function = served[head : len(served) - len(stock) + after]
    assert function.startswith(f"var {glue_hook.MODULES}=new Map;")
    assert f"var module={glue_hook.MODULES}.get(sig);" in function
    assert f"{glue_hook.MODULES}.set(sig,module)" in function
    assert "var bytes=" not in function
    # The bytes are built as npm's glue builds them, inside the new branch.
    bytes_expression = stock[head + len(glue_hook.FUNCTION_HEAD) : after - len(glue_hook.COMPILE)]
    assert f"new WebAssembly.Module({bytes_expression})" in function


def test_the_built_site_serves_the_changed_glue(
    glue_hook: ModuleType, stock: str, built_site: BuiltSite
) -> None:
    [served] = (built_site.site_dir / "assets" / "pyodide").glob("*/pyodide.asm.mjs")
    assert served.read_text(encoding="utf-8") == glue_hook.served_glue(stock)


@pytest.mark.parametrize(
    ("change", "glue", "expected"),
    [
        ("remember_wrapper_modules", "var other=1;", "has 0 copies of convertJsFunctionToWasm"),
        (
            "remember_wrapper_modules",
            "var convertJsFunctionToWasm=(func,sig)=>{var bytes=Uint8Array.of(0);"
            "var module=compileSomehowElse(bytes);",
            "does not compile its module as expected",
        ),
        (
            "remember_wrapper_modules",
            "var convertJsFunctionToWasm=(func,sig)=>{var bytes=1;"
            "var module=new WebAssembly.Module(bytes);" * 2,
            "has 2 copies of convertJsFunctionToWasm",
        ),
        ("got_entries_on_demand", "var other=1;", "has 0 copies of the symbol table"),
        ("got_entries_on_demand", "var GOT={};var GOT={};", "has 2 copies of the symbol table"),
        (
            "got_entries_on_demand",
            "var GOT={};GOT[symName]=1;",
            "has 0 copies of updateGOT's entry",
        ),
    ],
)
def test_a_glue_a_change_does_not_fit_stops_the_build(
    glue_hook: ModuleType, change: str, glue: str, expected: str
) -> None:
    with pytest.raises(PluginError) as raised:
        getattr(glue_hook, change)(glue, "pyodide.asm.mjs (test)")
    message = str(raised.value)
    assert expected in message
    assert "pyodide.asm.mjs (test)" in message
    assert "update overrides/hooks/pyodide_glue.py" in message


@pytest.mark.parametrize(
    ("change", "name", "glue"),
    [
        ("remember_wrapper_modules", "MODULES", "{FUNCTION_HEAD}1{COMPILE}var instance=1;"),
        ("got_entries_on_demand", "LAZY_ENTRIES", "{GOT_DECLARATION}{GOT_ENTRY}"),
    ],
)
def test_a_glue_that_already_uses_a_changes_name_stops_the_build(
    glue_hook: ModuleType, change: str, name: str, glue: str
) -> None:
    identifier = getattr(glue_hook, name)
    glue = f"var {identifier}=0;" + glue.format(**vars(glue_hook))
    with pytest.raises(PluginError, match=f"already uses the name {identifier}"):
        getattr(glue_hook, change)(glue)


def settled_ready(page: Page) -> None:
    assert wait_until_settled(page) == "ready"


@pytest.mark.browser
def test_the_chooser_start_compiles_few_wrapper_modules(site_browser: SiteBrowser) -> None:
    """A first visit's start, traced: npm's glue compiles 261 small modules here."""
    events = traced_visit(site_browser, site_browser.url(CHOOSER), TRACED, settled_ready)
    compiled = [event for event in events if event.get("name") == SYNC_COMPILE]
    # One per signature plus the runtime's own three small modules: 54 with
    # Pyodide 314.0.8, where npm's glue compiles 261 (one per function).
    assert 0 < len(compiled) <= 120, len(compiled)
    assert site_browser.external_requests == []


def test_the_pinned_glue_makes_symbol_table_entries_on_demand(
    glue_hook: ModuleType, stock: str
) -> None:
    served = glue_hook.got_entries_on_demand(stock)
    table = stock.index(glue_hook.GOT_DECLARATION)
    entry = stock.index(glue_hook.GOT_ENTRY)
    assert table < entry
    # Only the two statements change; everything around them is npm's.
    assert served.startswith(stock[:table])
    assert served.endswith(stock[entry + len(glue_hook.GOT_ENTRY) :])
    lazy = glue_hook.LAZY_ENTRIES
    assert served.count(f"var {lazy}=new Map;var GOT=Object.create(new Proxy(") == 1
    assert served.count(f"{lazy}.set(symName,+newValue)") == 1
    assert glue_hook.GOT_DECLARATION not in served
    assert glue_hook.GOT_ENTRY not in served
    # What lies between them (updateGOT's loop, addFunction) is untouched.
    between = stock[table + len(glue_hook.GOT_DECLARATION) : entry]
    assert between in served


@pytest.mark.pyodide
def test_the_served_glue_links_as_npm_glue_does_and_restores_its_snapshots(
    glue_hook: ModuleType, stock: str
) -> None:
    """Memory restored from a snapshot holds slot numbers: they must not move.

    A reader's browser may have saved its snapshot under an earlier deploy's
    glue; the new glue restores it.
    """
    node = node_executable("starts Pyodide to compare the served glue with npm's")
    with tempfile.TemporaryDirectory() as folder:
        served_runtime = Path(folder)
        for file in STOCK_RUNTIME.iterdir():
            if file.is_file() and file.name != STOCK_GLUE.name:
                (served_runtime / file.name).symlink_to(file)
        served = glue_hook.served_glue(stock)
        (served_runtime / STOCK_GLUE.name).write_text(served, encoding="utf-8")
        run = subprocess.run(
            [node, str(COMPARE_IN_NODE), f"{STOCK_RUNTIME}/", f"{served_runtime}/"],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert result["python"] == 45
    # A snapshot saved under npm's glue (an earlier deploy) restores under the new one.
    assert result["restored"] == '{"answer": 42}', result
    # npm's glue makes an entry for each of Pyodide 314.0.8's 8,554 exports
    # and the 280 symbols the runtime imports; the served one only the 280.
    assert result["entries"] > 5000, result
    assert result["differing"] == [], result
    assert result["madeAtStart"]["served"] < result["madeAtStart"]["stock"] / 10, result
    assert result["slots"]["served"] == result["slots"]["stock"], result
    assert result["slots"]["differing"] == 0, result
