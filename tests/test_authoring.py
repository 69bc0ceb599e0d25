"""The author's loop: live preview, strict builds that stay strict, one message once."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, build_cmd, make_cmd, run

sys.path.insert(0, str(ROOT / "tools"))

import prereqs  # noqa: E402


def test_failed_build_fails_again_with_the_same_message(site):
    lesson = site / "docs" / "tensors.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nSee {doc}`no-such-page`.\n", encoding="utf-8")
    first = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    second = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    for result in (first, second):
        assert result.returncode != 0
        assert "tensors.md" in result.stdout and "no-such-page" in result.stdout


def test_doctest_count_is_printed_once_and_last(site):
    result = run(make_cmd(site, "doctest"), cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]
    counts = [line for line in result.stdout.splitlines() if line.startswith("doctest: ")]
    assert len(counts) == 1, counts
    own = [l for l in result.stdout.splitlines() if l.strip() and not l.startswith("make")]
    assert own[-1] == counts[0]


def test_intl_check_reports_each_problem_once(site):
    po = site / "locale" / "ja" / "LC_MESSAGES" / "tensors.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "テンソル', 'msgstr "', 1), encoding="utf-8")
    result = run([sys.executable, "tools/intl_check.py", "--gettext"], cwd=site)
    assert result.returncode != 0
    problems = [l for l in result.stdout.splitlines() if "tensors.po:" in l]
    assert problems and len(problems) == len(set(problems)), problems
    assert not any("/tmp" in l for l in problems), problems


def test_missing_prerequisites_are_named(monkeypatch):
    monkeypatch.setattr(prereqs.shutil, "which", lambda name: None)
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    lacking = [what for what, _ in prereqs.missing()]
    assert lacking == ["msgfmt (GNU gettext)", "npm (Node.js)", "Chromium", "a CJK font (Noto Sans CJK)"]


def test_prerequisites_message_says_how_to_install(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path), CHROMIUM="/nonexistent")  # nothing on PATH
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "prereqs.py")], env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 1
    assert "make test needs msgfmt (GNU gettext), npm (Node.js), Chromium" in result.stderr
    assert "apt-get install gettext npm chromium fonts-noto-cjk fontconfig" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or mid-rebuild
        return None


def test_livehtml_shows_a_saved_edit(site):
    port = _free_port()
    cmd = make_cmd(site, "livehtml", f"PORT={port}")
    proc = subprocess.Popen(cmd, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/tensors.html"
    try:
        deadline = time.monotonic() + 300
        while (page := _get(url)) is None or "Tensors" not in page:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.poll() else "timeout"
            time.sleep(0.5)
        lesson = site / "docs" / "tensors.md"
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA sentence saved a moment ago.\n", encoding="utf-8")
        saved = time.monotonic()
        while "A sentence saved a moment ago." not in (_get(url) or ""):
            assert time.monotonic() - saved < 30, "the edit never reached the served page"
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert not Path(site, "_build", "records").exists()  # every example came from its record


def test_one_sphinx_command_line():
    # Every tool starts Sphinx through tools/sphinx_cli.py; the Makefile names no sphinx-build options itself.
    recipe = [l for l in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines() if not l.lstrip().startswith("#")]
    assert not [l for l in recipe if "-m sphinx " in l or "--keep-going" in l]
    for tool in sorted((ROOT / "tools").glob("*.py")):
        if tool.name != "sphinx_cli.py":
            assert '"-m", "sphinx"' not in tool.read_text(encoding="utf-8"), tool.name


def test_unchanged_language_is_skipped_and_any_change_rebuilds_it(site):
    first = run(build_cmd(site, "--languages", "en", "ja"), cwd=site)
    assert first.returncode == 0, first.stdout[-3000:]
    again = run(build_cmd(site, "--languages", "en", "ja"), cwd=site)
    assert "html [en]: up to date" in again.stdout and "html [ja]: up to date" in again.stdout
    # A catalog is an input of the Japanese build (and, through the same
    # fingerprint of all inputs, of the English one).
    catalog = site / "locale" / "ja" / "LC_MESSAGES" / "tensors.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = run(build_cmd(site, "--languages", "ja"), cwd=site)
    assert "html [ja]: ok" in changed.stdout, changed.stdout[-3000:]
    # Another setting is another build.
    required = run(build_cmd(site, "--languages", "ja"), cwd=site, env={"RECORDS": "require"})
    assert "html [ja]: ok" in required.stdout, required.stdout[-3000:]
