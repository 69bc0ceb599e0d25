"""Shared fixtures: copies of the site to build and to plant faults in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from sitecopy import build_command, copy_site, doctest_command  # noqa: E402


def run(cmd: list[str], cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a command, returning its exit status and its output (stdout + stderr)."""
    full_env = dict(os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1")
    full_env.update(env or {})
    return subprocess.run(
        cmd, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, encoding="utf-8", errors="replace", timeout=timeout,
    )  # fmt: skip


def build_cmd(site: Path, *extra: str) -> list[str]:
    """The build of a site copy, with the copy's own tools; run it with ``cwd=site``."""
    return build_command(*extra, site=site)


def doctest_cmd(site: Path) -> list[str]:
    """The doctest run of a site copy; run it with ``cwd=site``."""
    return doctest_command(site)


def make_cmd(site: Path, *targets: str) -> list[str]:
    """``make`` in a site copy, with the Python running the tests.

    The environment step is marked done (its stamp is a fresh file in the
    copy), so make installs nothing.
    """
    stamp = site / "_build" / "venv-ready"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return ["make", "-C", str(site), f"PY={sys.executable}", f"STAMP={stamp}", *targets]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the site, to plant a fault in."""
    return copy_site(tmp_path / "site")


# The title of the example the test build adds, which has no translation: the
# course column lists it on every page of the test build.
COUNTER_TITLE = "Run counter"

COUNTER_EXAMPLE = '''"""
Run counter
===========

Counts how often the gallery runs it (a test fixture).
"""

import os

with open(os.environ["RUN_COUNTER_FILE"], "a", encoding="utf-8") as f:
    f.write("ran\\n")
print("counted")
'''


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> dict:
    """One full build of a copy of the site (both languages, gallery run).

    The copy has one extra example that records every run of it, so the tests
    can see how often the gallery executed.
    """
    base = tmp_path_factory.mktemp("built")
    site = copy_site(base / "site")
    (site / "gallery" / "plot_99_run_counter.py").write_text(COUNTER_EXAMPLE, encoding="utf-8")
    counter = base / "runs.txt"
    env = {"RUN_COUNTER_FILE": str(counter)}
    result = run(build_cmd(site), cwd=site, env=env)
    assert result.returncode == 0, result.stdout[-6000:]
    return {
        "site": site,
        "html": site / "_build" / "html",
        "counter": counter,
        "first_build_runs": counter.read_text().splitlines(),
        "env": env,
        "output": result.stdout,
    }


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test of the session (Playwright allows one per process)."""
    from playwright.sync_api import sync_playwright

    import browser_checks as bc

    with sync_playwright() as playwright:
        chromium = bc.launch(playwright)
        yield chromium
        chromium.close()
