"""Hypothesis inputs shared by the scorer's property tests: the shipped
knowledge, the settings they run under, and any set of answers to it.
Each test module draws importance weights its own way."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from scorer import load_knowledge

KNOWLEDGE = load_knowledge()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def answers(draw: st.DrawFn) -> dict[str, str]:
    """Any answers to the knowledge's questions, each question maybe unanswered."""
    result = {}
    for question in KNOWLEDGE.questions:
        choice = draw(st.sampled_from([None, *(o.id for o in question.options)]))
        if choice is not None:
            result[question.id] = choice
    return result
