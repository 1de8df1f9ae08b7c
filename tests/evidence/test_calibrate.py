"""The timing of the cpu loop before a run: what a timing command prints, and bad output."""

from __future__ import annotations

import pytest

from tests.evidence.calibrate import median_ms
from tests.evidence.processes import HarnessError


def test_the_median_of_the_printed_times() -> None:
    assert median_ms(b'{"ms": [19.84, 20.31, 20.02]}', "nodejs") == 20.0


@pytest.mark.parametrize(
    ("printed", "why"),
    [
        (b"", "Expecting value"),
        (b"Traceback (most recent call last):", "Expecting value"),
        (b'{"seconds": [0.02]}', "'ms'"),
        (b'{"ms": []}', "no positive times"),
        (b'{"ms": [20.1, -1]}', "no positive times"),
        (b'{"ms": "20"}', "no positive times"),
    ],
)
def test_bad_output_names_the_runtime_and_what_it_printed(printed: bytes, why: str) -> None:
    with pytest.raises(HarnessError) as raised:
        median_ms(printed, "flask")
    message = str(raised.value)
    assert "(flask)" in message and repr(printed[:200]) in message and why in message
