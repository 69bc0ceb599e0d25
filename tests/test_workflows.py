"""The GitHub workflows: they parse, and nothing is published past the checks.

``make test`` is what CI runs (``.ci/run`` ends with it). The deploy
workflow must run it, unconditionally, before it builds and uploads the
site, and the publishing job must wait for that build.
"""

from __future__ import annotations

import copy
import shlex
import subprocess

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
        assert records and "EXAMPLES=$EXAMPLES" in records[0], records
        step = next(s for s in job["steps"] if "make record" in str(s.get("run")))
        assert step["env"]["EXAMPLES"] == "${{ matrix.shard.examples }}"
        assert any(uses(s, "actions/upload-artifact") and s["with"]["path"] == f"records/{backend}/" for s in job["steps"])
    steps = jobs["collect"]["steps"]
    check = next(i for i, s in enumerate(steps) if builds_html(s))
    assert "RECORDS=require" in steps[check]["run"]
    pull_request = next(i for i, s in enumerate(steps) if "gh pr create" in str(s.get("run")))
    assert check < pull_request


GPU_BACKENDS = ("rocm", "cuda")


def doctest_problems(workflow: dict) -> list[str]:
    """Why the record workflow would not check every snippet once on each GPU
    backend (REQUIRE_GPU=1 make doctest) and bring its doctest record back."""
    problems = []
    jobs = workflow["jobs"]
    collect = jobs["collect"]
    needs = collect.get("needs", [])
    download = next((s for s in collect["steps"] if uses(s, "actions/download-artifact")), {})
    pattern = str(download.get("with", {}).get("pattern", ""))
    for backend in GPU_BACKENDS:
        runner = ["self-hosted", "linux", backend]
        checking = [
            name for name, job in jobs.items()
            if job.get("runs-on") == runner
            and any(w[:3] == ["REQUIRE_GPU=1", "make", "doctest"] for s in job["steps"] for w in commands(s))
        ]  # fmt: skip
        if len(checking) != 1:
            problems.append(f"{backend}: {len(checking)} jobs run REQUIRE_GPU=1 make doctest on the GPU runner, not 1")
            continue
        name = checking[0]
        job = jobs[name]
        if "matrix" in job.get("strategy", {}):
            problems.append(f"{backend}: job {name} runs the doctest once per shard")
        uploads = [s["with"] for s in job["steps"] if uses(s, "actions/upload-artifact")]
        if not any(u.get("path") == f"records/{backend}/doctest.json" for u in uploads):
            problems.append(f"{backend}: job {name} does not upload records/{backend}/doctest.json")
        artifact = next((str(u.get("name")) for u in uploads), "")
        if name not in needs:
            problems.append(f"{backend}: the collect job does not wait for job {name}")
        if not (pattern.endswith("*") and artifact.startswith(pattern[:-1])) or not artifact.startswith(f"records-{backend}-"):
            problems.append(f"{backend}: the collect job does not bring back artifact {artifact!r} into records/{backend}/")
    return problems


def test_gpu_jobs_check_every_snippet_once_per_backend_and_bring_the_record_back():
    assert doctest_problems(load("record.yml")) == []


def _doctest_in_every_shard(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    del planted["jobs"]["doctest-rocm"]
    planted["jobs"]["record-rocm"]["steps"].insert(1, {"run": "REQUIRE_GPU=1 make doctest"})
    planted["jobs"]["record-rocm"]["steps"].append(
        {"uses": "actions/upload-artifact@x", "with": {"name": "doctest-rocm", "path": "records/rocm/doctest.json"}}
    )
    return planted


def _not_collected(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    planted["jobs"]["collect"]["needs"].remove("doctest-cuda")
    return planted


def _skips_allowed(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    for step in planted["jobs"]["doctest-cuda"]["steps"]:
        if "run" in step:
            step["run"] = step["run"].replace("REQUIRE_GPU=1 make doctest", "make doctest")
    return planted


def _record_not_uploaded(workflow: dict) -> dict:
    planted = copy.deepcopy(workflow)
    for step in planted["jobs"]["doctest-rocm"]["steps"]:
        if uses(step, "actions/upload-artifact"):
            step["with"]["path"] = "records/rocm/"
    return planted


@pytest.mark.parametrize(
    "plant, problem",
    [
        (_doctest_in_every_shard, "rocm: job record-rocm runs the doctest once per shard"),
        (_not_collected, "cuda: the collect job does not wait for job doctest-cuda"),
        (_skips_allowed, "cuda: 0 jobs run REQUIRE_GPU=1 make doctest"),
        (_record_not_uploaded, "rocm: job doctest-rocm does not upload records/rocm/doctest.json"),
    ],
    ids=["per-shard", "not-collected", "no-require-gpu", "not-uploaded"],
)
def test_planted_doctest_faults_are_caught(plant, problem):
    problems = doctest_problems(plant(load("record.yml")))
    assert any(problem in p for p in problems), problems


def test_the_collect_job_puts_each_doctest_record_beside_the_gallery_records(tmp_path):
    # Run the collect job's own copy step on artifacts laid out as
    # download-artifact lays them out (one folder per artifact).
    step = next(s for s in load("record.yml")["jobs"]["collect"]["steps"] if "artifacts/records-" in str(s.get("run")))
    for artifact, name in [("records-rocm-doctest", "doctest.json"), ("records-rocm-1", "plot_01/record.json"),
                           ("records-cuda-doctest", "doctest.json"), ("records-cpu-2", "plot_03/record.json")]:  # fmt: skip
        (tmp_path / "artifacts" / artifact / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "artifacts" / artifact / name).write_text(artifact, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, check=True, capture_output=True)
    found = {p.relative_to(tmp_path / "records").as_posix(): p.read_text() for p in (tmp_path / "records").rglob("*.json")}
    assert found == {
        "rocm/doctest.json": "records-rocm-doctest",
        "rocm/plot_01/record.json": "records-rocm-1",
        "cuda/doctest.json": "records-cuda-doctest",
        "cpu/plot_03/record.json": "records-cpu-2",
    }
