"""wrk's report line is read into figures; a run without one is a clear error."""

from __future__ import annotations

import pytest

from tests.evidence.processes import HarnessError
from tests.evidence.wrk import parse_report

LINE = (
    '{"requests":1200,"duration_us":5000000,"bytes":96000,"connect":0,"read":2,'
    '"write":0,"status":3,"timeout":5,"p50_us":51234,"p99_us":80500,"max_us":99000}'
)


def test_the_report_line_becomes_figures() -> None:
    result = parse_report("Running 5s test @ http://127.0.0.1:1/io\n" + LINE + "\n")
    assert result.rps == 240.0
    assert result.p50_ms == pytest.approx(51.234)
    assert result.p99_ms == pytest.approx(80.5)
    assert result.errors == 10  # read + status + timeout


def test_no_completed_request_means_no_latency() -> None:
    empty = LINE.replace('"requests":1200', '"requests":0')
    result = parse_report(empty)
    assert result.rps == 0.0
    assert result.p50_ms is None and result.p99_ms is None


def test_output_without_a_report_is_an_error() -> None:
    with pytest.raises(HarnessError, match="wrk printed no report line"):
        parse_report("unable to connect to 127.0.0.1:1 Connection refused\n")
