"""Shared paths for the load-benchmark tests."""

from __future__ import annotations

from tests.evidence.catalog import ROOT

RESULTS = ROOT / "docs" / "evidence" / "results.json"
