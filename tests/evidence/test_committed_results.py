"""The committed docs/evidence/results.json is complete, valid and physically possible."""

from __future__ import annotations

from tests.evidence.catalog import BY_NAME, FULL, SERVERS
from tests.evidence.results import ceiling_violations, load_results
from tests.evidence.runner import http_cases

from .conftest import RESULTS


def test_the_committed_results_are_valid_and_within_their_ceilings() -> None:
    data = load_results(RESULTS)
    assert data["mode"] == "full"
    assert ceiling_violations(data) == []


def test_every_server_and_case_of_the_full_plan_was_measured() -> None:
    data = load_results(RESULTS)
    measured = {(r["server"], r["workload"], r["concurrency"]) for r in data["runs"]}
    expected = set()
    for server in SERVERS:
        if server.protocol == "http":
            expected |= {(server.name, w, c) for w, c in http_cases(server, FULL)}
        else:
            for level in FULL.ws_connections:
                if level <= (server.max_connections or level):
                    expected |= {(server.name, w, level) for w in ("ws-idle", "ws-broadcast")}
    assert measured == expected


def test_each_run_repeats_at_least_three_times_and_names_its_setup() -> None:
    data = load_results(RESULTS)
    for run in data["runs"]:
        assert run["repeats"] >= 3, run["server"]
        assert run["setup"] == BY_NAME[run["server"]].setup
        assert len(run["samples"]) == run["repeats"]


def test_the_machine_load_and_versions_are_recorded() -> None:
    data = load_results(RESULTS)
    machine = data["machine"]
    assert len(machine["load_before"]) == 3 and len(machine["load_after"]) == 3
    assert machine["server_cpus"] != machine["generator_cpus"]
    for name in ("node", "python", "wrk", "flask", "gunicorn", "express", "fastify", "ws"):
        assert data["versions"][name]
