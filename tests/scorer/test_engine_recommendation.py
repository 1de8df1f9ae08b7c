"""recommend(): scores, fit, margin, contributions, reasons and input checks."""

from __future__ import annotations

import pytest

from scorer import InvalidWeightError, Knowledge, ScorerError, UnknownIdError, recommend
from scorer.wording import robustness_sentence, summary, verdict_label


def test_scores_are_weighted_sums(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python"})
    for option in knowledge.options:
        expected = sum(
            result.weights[c.id] * knowledge.rating(option.id, c.id).score
            for c in knowledge.criteria
        )
        assert result.scores[option.id] == pytest.approx(expected)
        assert result.fit[option.id] == pytest.approx(100 * expected / result.max_score)


def test_margin_is_fit_difference_of_primaries(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "javascript"})
    assert result.leader == "nodejs"
    assert result.margin == pytest.approx(result.fit["nodejs"] - result.fit["flask"])


def test_importance_multiplies_the_weight(knowledge: Knowledge) -> None:
    plain = recommend(knowledge, {"realtime": "core"})
    doubled = recommend(knowledge, {"realtime": "core"}, {"real-time": 2})
    assert doubled.weights["real-time"] == 2 * plain.weights["real-time"]
    ignored = recommend(knowledge, {"realtime": "core"}, {"real-time": 0})
    assert ignored.weights["real-time"] == 0
    assert all(c.criterion != "real-time" for c in ignored.contributions)


def test_contributions_link_sections_and_sort_by_gap(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"ml": "core", "team": "python"})
    gaps = [c.gap for c in result.contributions]
    assert gaps == sorted(gaps, reverse=True)
    for contribution in result.contributions:
        assert contribution.section == knowledge.criterion(contribution.criterion).section
    assert result.compared == ("flask", "fastapi-quart")  # the verdict and its runner-up
    assert all(c.favours in (*result.compared, None) for c in result.contributions)
    assert result.reasons[0].criterion == "team-python"
    assert {r.favours for r in result.reasons} == {"flask"}


def test_default_weights_are_dropped(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python"}, {"ecosystem": 1.0, "deployment": 2})
    assert dict(result.importance) == {"deployment": 2.0}


def test_weight_without_effect_gets_a_note(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python"}, {"real-time": 3})
    assert any("you gave Real-time features has no effect" in note for note in result.notes)


def test_no_answers_is_a_close_call_that_says_so_once_in_each_place(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {})
    assert result.verdict == "close-call"
    assert verdict_label(knowledge, result) == "No verdict yet: answer the questions"
    assert summary(knowledge, result).startswith("No answers yet: on the general criteria alone ")
    assert robustness_sentence(knowledge, result).startswith("Open: ")
    assert result.notes == ()  # no fourth telling of the same


@pytest.mark.parametrize(
    ("answers", "weights", "error", "message"),
    [
        (
            {"teams": "python"},
            None,
            UnknownIdError,
            "unknown question 'teams' (did you mean 'team'?)",
        ),
        (
            {"team": "pyhton"},
            None,
            UnknownIdError,
            "unknown option 'pyhton' for question 'team' (did you mean 'python'?)",
        ),
        (
            {},
            {"realtime": 2},
            UnknownIdError,
            "unknown criterion 'realtime' (did you mean 'real-time'?)",
        ),
        (
            {},
            {"real-time": 4},
            InvalidWeightError,
            "weight for 'real-time' must be a number from 0 to 3, got 4",
        ),
        ({}, {"real-time": float("nan")}, InvalidWeightError, "weight for 'real-time'"),
        ({}, {"real-time": True}, InvalidWeightError, "weight for 'real-time'"),
    ],
)
def test_bad_input_raises_with_a_suggestion(
    knowledge: Knowledge,
    answers: dict[str, str],
    weights: dict[str, float] | None,
    error: type[ScorerError],
    message: str,
) -> None:
    with pytest.raises(error) as info:
        recommend(knowledge, answers, weights)
    assert message in str(info.value)


def test_unknown_id_error_keeps_value_and_suggestion(knowledge: Knowledge) -> None:
    with pytest.raises(UnknownIdError) as info:
        recommend(knowledge, {"team": "pyhton"})
    assert (info.value.kind, info.value.value, info.value.suggestion) == (
        "option",
        "pyhton",
        "python",
    )
