"""The workflows give away nothing: GPU runners, tokens, write permissions, shell lines.

A pull request from a fork runs its own copy of the workflow files, so no
workflow but ``record.yml`` may name a self-hosted runner, and
``record.yml`` runs only by hand from the default branch. Checkouts keep no
token on disk; only the last step of the collect job gets one; Pages
write permissions belong to the deploy job alone. Inputs, matrix values and
step outputs reach shell lines through ``env:``, never as ``${{ }}`` inside
``run:`` (where they would be pasted into the script). Every action is
pinned by a commit. Each problem names the workflow file and its line, and
each check is seen failing on a planted fault.
"""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from test_workflows import WORKFLOWS, load, triggers, uses

COMMIT = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
DEFAULT_BRANCH_ONLY = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"


def lines(name: str) -> dict[tuple, int]:
    """The line of every mapping key and list item of a workflow, by its path of keys."""
    found: dict[tuple, int] = {}

    def walk(node, path):
        found.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                found[path + (key.value,)] = key.start_mark.line + 1
                walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, path + (i,))

    walk(yaml.compose((WORKFLOWS / name).read_text(encoding="utf-8")), ())
    return found


def where(name: str, *path) -> str:
    """``.github/workflows/NAME:LINE`` of a key (its nearest known parent if planted)."""
    known = lines(name)
    while path and path not in known:
        path = path[:-1]
    return f".github/workflows/{name}:{known.get(path, 1)}"


def labels(job: dict) -> list[str]:
    runs_on = job.get("runs-on", [])
    if isinstance(runs_on, dict):  # {group: ..., labels: [...]}
        return [str(x) for x in [runs_on.get("group", "")] + list(runs_on.get("labels", []))]
    return [str(x) for x in ([runs_on] if isinstance(runs_on, str) else runs_on)]


def runner_problems(workflows: dict[str, dict]) -> list[str]:
    problems = []
    for name, workflow in workflows.items():
        for job_name, job in workflow["jobs"].items():
            if name != "record.yml" and any("self-hosted" in label or "${{" in label for label in labels(job)):
                problems.append(
                    f"{where(name, 'jobs', job_name, 'runs-on')}: job {job_name} names a self-hosted runner; "
                    "only record.yml may (forks' pull requests run this file): use a hosted runner"
                )
    record = workflows["record.yml"]
    if set(triggers(record)) != {"workflow_dispatch"}:
        problems.append(f"{where('record.yml', 'on')}: record.yml must run only on workflow_dispatch, not {sorted(triggers(record))}")
    jobs = record["jobs"]

    def guarded(job_name: str, seen=()) -> bool:
        job = jobs[job_name]
        if DEFAULT_BRANCH_ONLY in str(job.get("if", "")):
            return True
        needs = job.get("needs", [])
        return any(guarded(n, seen + (job_name,)) for n in ([needs] if isinstance(needs, str) else needs) if n not in seen)

    for job_name, job in jobs.items():
        if any("self-hosted" in label for label in labels(job)) and not guarded(job_name):
            problems.append(
                f"{where('record.yml', 'jobs', job_name)}: job {job_name} can run from any branch: "
                f"make it (or a job it needs) run only if {DEFAULT_BRANCH_ONLY}"
            )
    return problems


def all_workflows() -> dict[str, dict]:
    return {p.name: load(p.name) for p in sorted(WORKFLOWS.glob("*.yml"))}


def test_only_record_names_self_hosted_runners_and_only_from_the_default_branch():
    assert runner_problems(all_workflows()) == []


def _ci_on_the_gpu(workflows):
    workflows["ci.yml"]["jobs"]["test"]["runs-on"] = ["self-hosted", "linux", "cuda"]
    return workflows


def _ci_on_a_runner_group(workflows):
    workflows["ci.yml"]["jobs"]["test"]["runs-on"] = {"group": "gpu", "labels": ["self-hosted"]}
    return workflows


def _record_on_pull_requests(workflows):
    workflows["record.yml"]["on"] = {"workflow_dispatch": None, "pull_request": None}
    workflows["record.yml"].pop(True, None)
    return workflows


def _record_from_any_branch(workflows):
    del workflows["record.yml"]["jobs"]["plan"]["if"]
    return workflows


@pytest.mark.parametrize(
    "plant, problem",
    [
        (_ci_on_the_gpu, "ci.yml:"),
        (_ci_on_a_runner_group, "job test names a self-hosted runner"),
        (_record_on_pull_requests, "record.yml must run only on workflow_dispatch"),
        (_record_from_any_branch, "job record-rocm can run from any branch"),
    ],
    ids=["ci-self-hosted", "ci-runner-group", "record-on-pull-request", "record-any-branch"],
)
def test_planted_runner_faults_are_caught(plant, problem):
    problems = runner_problems(plant(copy.deepcopy(all_workflows())))
    assert any(problem in p for p in problems), problems


def step_problems(workflows: dict[str, dict]) -> list[str]:
    """Expressions in shell lines, actions not pinned by commit, checkouts that keep the token."""
    problems = []
    for name, workflow in workflows.items():
        for job_name, job in workflow["jobs"].items():
            for i, step in enumerate(job.get("steps", [])):
                at = where(name, "jobs", job_name, "steps", i)
                if "${{" in str(step.get("run", "")):
                    problems.append(f"{at}: ${{{{ }}}} inside run: pass the value through env: and quote it (\"$NAME\")")
                action = str(step.get("uses", ""))
                if action and not COMMIT.match(action):
                    problems.append(f"{at}: {action} is not pinned by a commit: write owner/name@<sha> # <tag>")
                if uses(step, "actions/checkout") and step.get("with", {}).get("persist-credentials") is not False:
                    problems.append(f"{at}: checkout keeps the token in .git/config: set persist-credentials: false")
    return problems


def test_no_expression_in_shell_lines_every_action_pinned_no_token_on_disk():
    assert step_problems(all_workflows()) == []


def _expression_in_run(workflows):
    steps = workflows["record.yml"]["jobs"]["plan"]["steps"]
    steps[1]["run"] = steps[1]["run"].replace('"$PER_SHARD"', '"${{ inputs.per_shard }}"')
    return workflows


def _tag_not_commit(workflows):
    workflows["ci.yml"]["jobs"]["test"]["steps"][0]["uses"] = "actions/checkout@v4"
    return workflows


def _token_kept(workflows):
    del workflows["record.yml"]["jobs"]["collect"]["steps"][0]["with"]["persist-credentials"]
    return workflows


@pytest.mark.parametrize(
    "plant, problem",
    [
        (_expression_in_run, "record.yml:"),
        (_tag_not_commit, "actions/checkout@v4 is not pinned by a commit"),
        (_token_kept, "checkout keeps the token"),
    ],
    ids=["expression-in-run", "tag", "persist-credentials"],
)
def test_planted_step_faults_are_caught(plant, problem):
    problems = step_problems(plant(copy.deepcopy(all_workflows())))
    assert any(problem in p for p in problems), problems


TOKEN = re.compile(r"\$\{\{\s*(?:github\.token|secrets\.)")
WRITE = {"write", "write-all"}


def permission_problems(workflows: dict[str, dict]) -> list[str]:
    """Write permissions or a token where third-party code runs."""
    problems = []
    for name, workflow in workflows.items():
        top = workflow.get("permissions", {})
        if (top if isinstance(top, str) else "") in WRITE or (isinstance(top, dict) and WRITE & set(map(str, top.values()))):
            problems.append(f"{where(name, 'permissions')}: a write permission for every job: grant it to the one job that needs it")
        for job_name, job in workflow["jobs"].items():
            granted = job.get("permissions", {})
            steps = job.get("steps", [])
            if isinstance(granted, dict) and {"pages", "id-token"} & {k for k, v in granted.items() if v == "write"}:
                if not all(uses(s, "actions/deploy-pages") for s in steps):
                    problems.append(f"{where(name, 'jobs', job_name, 'permissions')}: job {job_name} runs more than deploy-pages with Pages write permissions")
            handed = [i for i, s in enumerate(steps) if TOKEN.search(str(s.get("env", "")) + str(s.get("with", "")))]
            if handed and handed != [len(steps) - 1]:
                problems.append(f"{where(name, 'jobs', job_name, 'steps', handed[0])}: job {job_name} hands the token to a step that is not its last")
    return problems


def test_write_permissions_and_the_token_only_where_nothing_else_runs():
    assert permission_problems(all_workflows()) == []


def _pages_for_every_job(workflows):
    workflows["deploy.yml"]["permissions"] = {"contents": "read", "pages": "write", "id-token": "write"}
    return workflows


def _pages_for_the_build(workflows):
    workflows["deploy.yml"]["jobs"]["build"]["permissions"] = {"contents": "read", "pages": "write", "id-token": "write"}
    return workflows


def _token_before_the_build(workflows):
    steps = workflows["record.yml"]["jobs"]["collect"]["steps"]
    check = next(s for s in steps if "make html" in str(s.get("run")))
    check["env"] = {"GH_TOKEN": "${{ github.token }}"}
    return workflows


@pytest.mark.parametrize(
    "plant, problem",
    [
        (_pages_for_every_job, "deploy.yml:"),
        (_pages_for_the_build, "job build runs more than deploy-pages"),
        (_token_before_the_build, "job collect hands the token to a step that is not its last"),
    ],
    ids=["workflow-level", "build-job", "token-early"],
)
def test_planted_permission_faults_are_caught(plant, problem):
    problems = permission_problems(plant(copy.deepcopy(all_workflows())))
    assert any(problem in p for p in problems), problems
