"""The pyodide_runtime hook's cache: builds running at once take turns at it.

`make test` runs the tests in two processes, and each builds the site; on a
fresh clone both find ``build/pyodide/`` empty. Without turns, both would
build the scorer bundle and the later one would replace it while the other
copied it into its site. Fast checks on the lock itself (no build); every
site build in the other tests runs through it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import load_hook


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return load_hook("pyodide_runtime.py")


def test_a_second_build_waits_until_the_first_has_filled_the_cache(
    hook: ModuleType, tmp_path: Path
) -> None:
    cache = tmp_path / "build" / "pyodide"
    events: list[str] = []
    first_inside = threading.Event()
    release_first = threading.Event()

    def first() -> None:
        with hook._cache_turn(cache):
            events.append("first in")
            first_inside.set()
            release_first.wait(10)
            events.append("first out")

    def second() -> None:
        with hook._cache_turn(cache):
            events.append("second in")

    one = threading.Thread(target=first)
    one.start()
    assert first_inside.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.3)  # long enough for the second to get in, were it not held
    assert events == ["first in"]
    release_first.set()
    one.join(10)
    two.join(10)
    assert events == ["first in", "first out", "second in"]


def test_the_lock_is_given_back_when_a_build_fails(hook: ModuleType, tmp_path: Path) -> None:
    cache = tmp_path / "pyodide"
    with pytest.raises(RuntimeError), hook._cache_turn(cache):
        raise RuntimeError("the bundle could not be built")
    done = threading.Event()

    def next_build() -> None:
        with hook._cache_turn(cache):
            done.set()

    threading.Thread(target=next_build, daemon=True).start()
    assert done.wait(10), "the next build never got its turn"
