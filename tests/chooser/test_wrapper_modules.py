"""Pyodide's glue as the site serves it: one compiled wrapper module per signature.

``overrides/hooks/pyodide_glue.py`` changes Emscripten's
``convertJsFunctionToWasm`` in the served ``pyodide.asm.mjs`` so that it
compiles the tiny module that wraps a JavaScript function for the function
table once per signature, not once per function. These tests check the
change on the pinned glue, that a glue it does not fit stops the build with
a message saying what to do, and, in Chromium's own trace of the chooser's
start, that the runtime now compiles a few such modules instead of hundreds.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from chooser_page import CHOOSER, wait_until_settled
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT, BuiltSite, load_hook
from tests.support.chrome_trace import traced_visit

STOCK_GLUE = ROOT / "node_modules" / "pyodide" / "pyodide.asm.mjs"
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
    assert served.read_text(encoding="utf-8") == glue_hook.remember_wrapper_modules(stock)


@pytest.mark.parametrize(
    ("glue", "expected"),
    [
        ("var other=1;", "has 0 copies of convertJsFunctionToWasm"),
        (
            "var convertJsFunctionToWasm=(func,sig)=>{var bytes=Uint8Array.of(0);"
            "var module=compileSomehowElse(bytes);",
            "does not compile its module as expected",
        ),
        (
            "var convertJsFunctionToWasm=(func,sig)=>{var bytes=1;"
            "var module=new WebAssembly.Module(bytes);" * 2,
            "has 2 copies of convertJsFunctionToWasm",
        ),
    ],
)
def test_a_glue_it_does_not_fit_stops_the_build(
    glue_hook: ModuleType, glue: str, expected: str
) -> None:
    with pytest.raises(PluginError) as raised:
        glue_hook.remember_wrapper_modules(glue, "pyodide.asm.mjs (test)")
    message = str(raised.value)
    assert expected in message
    assert "pyodide.asm.mjs (test)" in message
    assert "update overrides/hooks/pyodide_glue.py" in message


def test_a_glue_that_already_uses_the_name_stops_the_build(glue_hook: ModuleType) -> None:
    glue = f"var {glue_hook.MODULES}=0;{glue_hook.FUNCTION_HEAD}1{glue_hook.COMPILE}var instance=1;"
    with pytest.raises(PluginError, match=f"already uses the name {glue_hook.MODULES}"):
        glue_hook.remember_wrapper_modules(glue)


def settled_ready(page) -> None:
    assert wait_until_settled(page) == "ready"


@pytest.mark.browser
def test_the_chooser_start_compiles_few_wrapper_modules(site_browser) -> None:
    """A first visit's start, traced: npm's glue compiles 261 small modules here."""
    events = traced_visit(site_browser, site_browser.url(CHOOSER), TRACED, settled_ready)
    compiled = [event for event in events if event.get("name") == SYNC_COMPILE]
    # One per signature plus the runtime's own three small modules: 54 with
    # Pyodide 314.0.8, where npm's glue compiles 261 (one per function).
    assert 0 < len(compiled) <= 120, len(compiled)
    assert site_browser.external_requests == []
