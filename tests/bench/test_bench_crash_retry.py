"""crash_retry: a run in which a page crashed is measured again once, and only then.

On made-up errors with the messages Playwright gives (no browser): the first
is the one a fresh-clone `make test` printed on 6 December 2026.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.bench.crash_retry import is_crash, once_more_after_a_crash

CRASHES = [
    'Page.expect_console_message: Page crashed\n=== logs ===\nwaiting for event "console"',
    "Page.goto: Navigation failed because page crashed!",
    "Page.evaluate: Target crashed",
]


def failing(*errors: BaseException, result: str = "figures") -> tuple[Callable[[], str], list[int]]:
    """A measurement that raises ``errors`` in turn, then returns ``result``; its call count."""
    calls = [0]

    def measure() -> str:
        calls[0] += 1
        if calls[0] <= len(errors):
            raise errors[calls[0] - 1]
        return result

    return measure, calls


@pytest.mark.parametrize("message", CRASHES)
def test_playwrights_crash_messages_are_crashes(message: str) -> None:
    assert is_crash(PlaywrightError(message))


@pytest.mark.parametrize(
    "error",
    [
        PlaywrightTimeoutError("Timeout 60000ms exceeded"),
        PlaywrightError("Page.goto: net::ERR_CONNECTION_REFUSED"),
        RuntimeError("Page crashed"),  # not Playwright's
    ],
)
def test_other_errors_are_not(error: BaseException) -> None:
    assert not is_crash(error)


def test_a_run_without_a_crash_is_measured_once(capsys: pytest.CaptureFixture[str]) -> None:
    measure, calls = failing()
    crashes: list[str] = []
    assert once_more_after_a_crash(measure, "run 1/5", crashes) == "figures"
    assert calls == [1] and crashes == []
    assert capsys.readouterr().err == ""


def test_one_crash_measures_the_run_again_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    measure, calls = failing(PlaywrightError(CRASHES[0]))
    crashes: list[str] = []
    assert once_more_after_a_crash(measure, "fast round 1/8", crashes) == "figures"
    assert calls == [2]
    assert crashes == ["fast round 1/8: Page.expect_console_message: Page crashed"]
    err = capsys.readouterr().err
    assert "fast round 1/8: a page crashed in Chromium" in err
    assert "measured again from the start" in err


def test_a_second_crash_stops_with_a_message_naming_the_run() -> None:
    measure, calls = failing(PlaywrightError(CRASHES[0]), PlaywrightError(CRASHES[1]))
    with pytest.raises(SystemExit) as stopped:
        once_more_after_a_crash(measure, "run 3/5", [])
    assert calls == [2]
    message = str(stopped.value)
    assert message.startswith("run 3/5: a page crashed in Chromium twice")
    assert "Navigation failed because page crashed!" in message
    assert "no figures were written" in message


def test_any_other_error_is_raised_at_once() -> None:
    measure, calls = failing(PlaywrightTimeoutError("Timeout 60000ms exceeded"))
    crashes: list[str] = []
    with pytest.raises(PlaywrightTimeoutError):
        once_more_after_a_crash(measure, "run 1/1", crashes)
    assert calls == [1] and crashes == []


def test_another_error_after_a_crash_is_raised_as_it_was() -> None:
    measure, calls = failing(
        PlaywrightError(CRASHES[2]), PlaywrightError("Page.goto: net::ERR_CONNECTION_REFUSED")
    )
    with pytest.raises(PlaywrightError, match="ERR_CONNECTION_REFUSED"):
        once_more_after_a_crash(measure, "run 1/1", [])
    assert calls == [2]
