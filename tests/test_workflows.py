"""The GitHub workflows: they parse, and nothing is published past the checks.

``make test`` is what CI runs (``.ci/run`` ends with it). The deploy
workflow must run it, unconditionally, before it builds and uploads the
site, and the publishing job must wait for that build.
"""

from __future__ import annotations

import copy
import shlex

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK_COMMANDS = ({".ci/run"}, {"make", "test"})


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key "on" as True.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else dict.fromkeys(on) if isinstance(on, list) else on


def commands(step: dict) -> list[list[str]]:
    """The shell commands of a step's ``run``, split into words (one per line)."""
    out = []
    for line in str(step.get("run", "")).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(shlex.split(line))
    return out


def runs_the_checks(step: dict) -> bool:
    return any(
        words[:1] == [".ci/run"] or words[:2] == ["make", "test"] for words in commands(step)
    )


def builds_html(step: dict) -> bool:
    return any(words[-2:] == ["make", "html"] for words in commands(step))


def uses(step: dict, action: str) -> bool:
    return str(step.get("uses", "")).startswith(action + "@")


def publish_problems(workflow: dict) -> list[str]:
    """Why this deploy workflow could publish a site that failed a check."""
    problems = []
    jobs = workflow["jobs"]
    publishing = [name for name, job in jobs.items() if any(uses(s, "actions/deploy-pages") for s in job.get("steps", []))]
    if not publishing:
        return ["no job deploys the site"]
    for name, job in jobs.items():
        steps = job.get("steps", [])
        upload = next((i for i, s in enumerate(steps) if uses(s, "actions/upload-pages-artifact")), None)
        if upload is None:
            continue
        check = next((i for i, s in enumerate(steps) if runs_the_checks(s)), None)
        build = next((i for i, s in enumerate(steps) if builds_html(s)), None)
        if check is None:
            problems.append(f"job {name} uploads the site without running make test")
            continue
        step = steps[check]
        if check > upload or (build is not None and check > build):
            problems.append(f"job {name} runs the checks after it builds or uploads the site")
        if step.get("continue-on-error") or "if" in step or job.get("continue-on-error"):
            problems.append(f"job {name} can go on when the checks fail")
        if build is None or not any("RECORDS=require" in w for w in map(" ".join, commands(steps[build]))):
            problems.append(f"job {name} does not build from the records (RECORDS=require make html)")
        for publisher in publishing:
            needs = jobs[publisher].get("needs", [])
            if name not in ([needs] if isinstance(needs, str) else needs):
                problems.append(f"job {publisher} does not wait for job {name}")
    if not any("actions/upload-pages-artifact" in str(s.get("uses")) for j in jobs.values() for s in j.get("steps", [])):
        problems.append("no job uploads the site")
    return problems


def test_every_workflow_parses():
    names = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
    assert names == ["ci.yml", "deploy.yml", "record.yml"]
    for name in names:
        assert load(name)["jobs"], name


def test_ci_script_runs_make_test():
    lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[-1] == "make test"


def test_ci_runs_on_every_push_and_pull_request():
    workflow = load("ci.yml")
    assert {"push", "pull_request"} <= set(triggers(workflow))
    assert any(runs_the_checks(step) for job in workflow["jobs"].values() for step in job["steps"])


def test_deploy_runs_the_checks_before_publishing():
    assert publish_problems(load("deploy.yml")) == []


def _without(workflow: dict, predicate) -> dict:
    planted = copy.deepcopy(workflow)
    planted["jobs"]["build"]["steps"] = [s for s in planted["jobs"]["build"]["steps"] if not predicate(s)]
    return planted


def _moved_last(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    steps = planted["jobs"]["build"]["steps"]
    steps.append(steps.pop(next(i for i, s in enumerate(steps) if runs_the_checks(s))))
    return planted


def _allowed_to_fail(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    next(s for s in planted["jobs"]["build"]["steps"] if runs_the_checks(s))["continue-on-error"] = True
    return planted


def _not_waited_for(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    del planted["jobs"]["deploy"]["needs"]
    return planted


def _built_on_the_spot(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    for step in planted["jobs"]["build"]["steps"]:
        if builds_html(step):
            step["run"] = step["run"].replace("RECORDS=require ", "")
    return planted


@pytest.mark.parametrize(
    "plant, problem",
    [
        (lambda w: _without(w, runs_the_checks), "uploads the site without running make test"),
        (_moved_last, "runs the checks after"),
        (_allowed_to_fail, "can go on when the checks fail"),
        (_not_waited_for, "does not wait for job build"),
        (_built_on_the_spot, "does not build from the records"),
    ],
    ids=["no-check", "check-after-upload", "continue-on-error", "deploy-not-waiting", "no-records"],
)
def test_planted_deploy_faults_are_caught(plant, problem):
    problems = publish_problems(plant(load("deploy.yml")))
    assert any(problem in p for p in problems), problems


def test_record_workflow_records_every_backend_and_checks_before_the_pull_request():
    workflow = load("record.yml")
    assert set(triggers(workflow)) == {"workflow_dispatch"}
    jobs = workflow["jobs"]
    assert jobs["record-rocm"]["runs-on"] == ["self-hosted", "linux", "rocm"]
    assert jobs["record-cuda"]["runs-on"] == ["self-hosted", "linux", "cuda"]
    assert jobs["record-cpu"]["runs-on"] == "ubuntu-latest"
    for backend in ("rocm", "cuda", "cpu"):
        job = jobs[f"record-{backend}"]
        assert "shard" in job["strategy"]["matrix"]
        records = [w for s in job["steps"] for w in commands(s) if w[:2] == ["make", "record"] or w[1:3] == ["make", "record"]]
        assert records and any("EXAMPLES=${{ matrix.shard.examples }}" in w for w in records[0]), records
        assert any(uses(s, "actions/upload-artifact") and s["with"]["path"] == f"records/{backend}/" for s in job["steps"])
    steps = jobs["collect"]["steps"]
    check = next(i for i, s in enumerate(steps) if builds_html(s))
    assert "RECORDS=require" in steps[check]["run"]
    pull_request = next(i for i, s in enumerate(steps) if "gh pr create" in str(s.get("run")))
    assert check < pull_request
