"""A run of measurements made again, once, when Chromium's renderer for a page crashed.

A renderer that dies in the middle of a visit measured nothing: Playwright
then raises "Page crashed", "Navigation failed because page crashed!" or
"Target crashed". The benchmarks measure that run (or round) again from the
start, in fresh profiles as before, once; they say so on standard error and
list it in their JSON (``crashes``). A second crash in the same run stops
the benchmark with a message naming the run, and any other error is raised
as it was.

Seen once, on 6 December 2026: the quick rivals run crashed a page in a
fresh-clone `make test`, beside the quick bench, and passed in nine runs
after it, alone and beside the same tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Error as PlaywrightError

T = TypeVar("T")


def is_crash(error: BaseException) -> bool:
    """Whether ``error`` is Playwright's report of a crashed page or target."""
    return isinstance(error, PlaywrightError) and "crashed" in str(error).lower()


def first_line(error: BaseException) -> str:
    """The first line of the error's message (Playwright appends its call log)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def once_more_after_a_crash(measure: Callable[[], T], label: str, crashes: list[str]) -> T:
    """``measure()``; if a page crashed in it, noted in ``crashes`` and measured once more."""
    try:
        return measure()
    except PlaywrightError as error:
        if not is_crash(error):
            raise
        what = first_line(error)
    crashes.append(f"{label}: {what}")
    print(
        f"  {label}: a page crashed in Chromium ({what}); measured again from the start",
        file=sys.stderr,
    )
    try:
        return measure()
    except PlaywrightError as error:
        if is_crash(error):
            raise SystemExit(
                f"{label}: a page crashed in Chromium twice ({what}, then"
                f" {first_line(error)}); no figures were written"
            ) from None
        raise
