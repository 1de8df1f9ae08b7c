"""The Pages workflow keeps the properties CI depends on.

Actions pinned by full commit SHA, minimal permissions (write only where
deploying needs it), timeouts, one deployment at a time, no persisted
credentials, and the same `make` targets a developer runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "pages.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
# The workflow as YAML 1.1 reads it: the key `on` becomes True.
Workflow = dict[str | bool, Any]


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    data: Workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _steps(workflow: Workflow) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_runs_on_push_to_main_and_by_hand(workflow: Workflow) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_every_action_is_pinned_by_commit_sha_with_a_version_comment(workflow: Workflow) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = [step["uses"] for step in _steps(workflow) if "uses" in step]
    assert uses, "no actions used?"
    for action in uses:
        assert PINNED.match(action), f"{action} is not pinned by a full commit SHA"
        assert re.search(re.escape(action) + r" # v\d+\.\d+\.\d+", text), f"{action}: no version"


def test_permissions_are_minimal(workflow: Workflow) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        if name == "deploy":
            assert granted == {"pages": "write", "id-token": "write"}
        else:
            assert not granted, f"job {name} should not widen permissions"


def test_jobs_have_timeouts_and_deployments_do_not_overlap(workflow: Workflow) -> None:
    assert workflow["concurrency"]["group"] == "pages"
    for name, job in workflow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 60, name


def test_checkout_does_not_persist_credentials(workflow: Workflow) -> None:
    checkouts = [s for s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_ci_runs_the_developer_targets_and_deploys_the_built_site(workflow: Workflow) -> None:
    runs = "\n".join(step.get("run", "") for step in _steps(workflow))
    assert "make test" in runs
    assert "make build" in runs
    build = next(s for s in _steps(workflow) if s.get("run") == "make build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    upload = next(s for s in _steps(workflow) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"


def test_the_offline_copy_is_built_before_the_site_that_publishes_its_zip(
    workflow: Workflow,
) -> None:
    runs = [step.get("run", "") for step in _steps(workflow)]
    assert "make offline" in runs, "the Pages workflow must build the offline copy"
    assert runs.index("make offline") < runs.index("make build")
