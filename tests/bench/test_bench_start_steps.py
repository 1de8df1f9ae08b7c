"""start_steps: the step times a page marks, checked, summarised and laid out.

On made-up marks (no browser); the quick benchmark test reads real ones.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.bench.start_steps import (
    READY_MARK,
    STAGES,
    STEPS,
    StepsError,
    stages_of,
    steps_of,
    steps_table,
    summarise_steps,
)


def mark(at: float | None = 590.0, **steps: Any) -> dict[str, Any]:
    times = steps or {"began": 220.0, "snapshot": 300.0, "runtime": 480.0, "python": 560.0}
    return {"at": at, "detail": {"start": "snapshot", "steps": times}}


def test_a_mark_gives_each_step_then_the_pages_two_in_order() -> None:
    times = steps_of(mark(), 621.0)
    assert list(times) == ["began", "snapshot", "runtime", "python", "told", "verdict"]
    assert times["told"] == 590.0 and times["verdict"] == 621.0
    assert list(times) == [name for name in STEPS if name in times]  # STEPS order


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (None, f"without marking the worker's ready reply ({READY_MARK})"),
        ({"at": 1.0, "detail": None}, "carries no step times (detail.steps)"),
        ({"at": 1.0, "detail": {"steps": {}}}, "carries no step times (detail.steps)"),
        (mark(began=1.0, warmed=2.0), "names unknown steps ['warmed']"),
        (mark(began=None), "step 'began' has no time: None"),
        (mark(began=float("nan")), "step 'began' has no time: nan"),
        (mark(at=None), "step 'told' has no time: None"),
        (mark(began=-50.0), "step 'began' ended at -50.0 ms, outside navigation to the verdict"),
        (mark(began=700.0), "step 'began' ended at 700.0 ms, outside navigation"),
    ],
    ids=[
        "no mark",
        "no detail",
        "no steps",
        "unknown step",
        "no time",
        "not a number",
        "no time told",
        "before navigation",
        "after the verdict",
    ],
)
def test_a_mark_that_makes_no_sense_stops_with_what_is_wrong(
    given: dict[str, Any] | None, message: str
) -> None:
    with pytest.raises(StepsError, match=re.escape(message)):
        steps_of(given, 621.0)


def test_the_clocks_rounding_apart_is_allowed_for() -> None:
    # The worker's and the page's clocks are each rounded: a step may read a
    # fraction of a millisecond before navigation or after the verdict.
    times = steps_of(mark(at=621.4, began=-0.3), 621.0)
    assert times["began"] == -0.3 and times["told"] == 621.4


def test_each_step_is_summarised_over_the_visits_that_have_it() -> None:
    visits = [
        {"began": 200.0, "downloaded": 500.0, "verdict": 1500.0},
        {"began": 300.0, "verdict": 1700.0},
        {"began": 250.0, "verdict": 1600.0},
    ]
    summary = summarise_steps(visits)
    assert list(summary) == ["began", "downloaded", "verdict"]
    assert summary["began"] == {"median": 250.0, "min": 200.0, "max": 300.0, "n": 3}
    assert summary["downloaded"] == {"median": 500.0, "min": 500.0, "max": 500.0, "n": 1}
    assert summarise_steps([]) == {}


def test_the_table_lays_the_kinds_of_visit_side_by_side() -> None:
    first = summarise_steps([{"began": 308.0, "downloaded": 559.4, "verdict": 1601.0}])
    first["verdict"]["max"] = 2412.0  # thousands are grouped
    back = summarise_steps([{"began": 249.0, "snapshot": 322.0, "verdict": 609.0}])
    table = steps_table({"first": first, "return": back})
    assert table["kinds"] == ["first", "return"]
    assert [row["step"] for row in table["rows"]] == ["began", "downloaded", "snapshot", "verdict"]
    downloaded, snapshot = table["rows"][1], table["rows"][2]
    assert downloaded["meaning"] == STEPS["downloaded"]
    assert (downloaded["first"], downloaded["return"]) == ("559 ms (559-559)", "-")
    assert (snapshot["first"], snapshot["return"]) == ("-", "322 ms (322-322)")
    assert table["rows"][-1]["first"] == "1,601 ms (1,601-2,412)"


def test_a_visits_stages_are_its_steps_each_less_the_step_before() -> None:
    visit = {"began": 220.0, "snapshot": 290.0, "runtime": 430.0, "python": 490.0, "verdict": 540.0}
    stages = stages_of(visit)
    assert stages == {
        "began": 220.0,  # from navigation
        "snapshot": 70.0,
        "runtime": 140.0,
        "python": 60.0,
        "verdict": 50.0,
    }
    assert sum(stages.values()) == visit["verdict"]


def test_a_step_that_ended_before_an_earlier_one_took_no_time_of_its_own() -> None:
    # The download runs beside Pyodide's loading: were the WebAssembly linked
    # before the last byte (of the standard library) came, the link's stage
    # counts from the download's end and takes nothing, and the stages still
    # add up to the verdict.
    visit = {"began": 200.0, "downloaded": 700.0, "runtime": 650.0, "python": 1200.0}
    stages = stages_of(visit)
    assert stages == {"began": 200.0, "downloaded": 500.0, "runtime": 0.0, "python": 500.0}
    assert sum(stages.values()) == 1200.0


def test_stages_are_summarised_and_laid_out_as_steps_are() -> None:
    first = summarise_steps([stages_of({"began": 200.0, "downloaded": 350.0, "verdict": 1500.0})])
    back = summarise_steps([stages_of({"began": 210.0, "snapshot": 280.0, "verdict": 540.0})])
    table = steps_table({"first": first, "return": back}, STAGES)
    assert [row["step"] for row in table["rows"]] == ["began", "downloaded", "snapshot", "verdict"]
    assert table["rows"][1]["meaning"] == STAGES["downloaded"]
    assert (table["rows"][1]["first"], table["rows"][1]["return"]) == ("150 ms (150-150)", "-")
    assert table["rows"][-1]["first"] == "1,150 ms (1,150-1,150)"
    assert set(STAGES) == set(STEPS)  # a stage per step
