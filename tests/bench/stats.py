"""Median and spread: how every benchmark here summarises its repeated measurements."""

from __future__ import annotations

import statistics


def summary(values: list[float]) -> dict[str, float]:
    """Median and spread (min, max) of a list of numbers."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def spread(s: dict[str, float], scale: float = 1000, unit: str = "s", digits: int = 2) -> str:
    """'median unit (min-max)'."""
    unit = f" {unit}" if unit else ""
    return (
        f"{s['median'] / scale:.{digits}f}{unit} "
        f"({s['min'] / scale:.{digits}f}-{s['max'] / scale:.{digits}f})"
    )
