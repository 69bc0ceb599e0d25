"""Records and runs that cannot reach past their place: figures, and examples that never finish.

On the tiny site of ``test_records.py``: a record's figure must be a plain
file name in the record's own folder (Sphinx would copy whatever an image
names into the site), and an example that runs past ``GALLERY_TIMEOUT`` is
stopped by ``make record`` and ``make html``, which fail naming the example,
its line and the limit, and keep nothing of its run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, make_cmd, run
from test_records import build, make_tiny, record, record_json

SLEEPER = '''"""
Sleeper
=======

Waits far longer than any limit (a test fixture).
"""

import time

print("started")
time.sleep(100000)
print("finished")
'''
SLEEP_LINE = 11


@pytest.fixture(scope="module")
def recorded_tiny(tmp_path_factory) -> Path:
    site = make_tiny(tmp_path_factory.mktemp("gates") / "tiny")
    for name in ("Makefile", "requirements.txt"):  # for make_cmd (it installs nothing)
        shutil.copy2(ROOT / name, site)
    result = record(site)
    assert result.returncode == 0, result.stdout
    return site


@pytest.fixture
def tiny(recorded_tiny: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(recorded_tiny, tmp_path / "tiny", ignore=shutil.ignore_patterns("_build", "__pycache__")))


def _outside(folder: Path) -> str:
    return "../../../requirements-torch.txt"


def _absolute(folder: Path) -> str:
    return str((folder / "../../../requirements-torch.txt").resolve())


def _link(folder: Path) -> str:
    (folder / "linked.svg").symlink_to((folder / "../../../requirements-torch.txt").resolve())
    return "linked.svg"


@pytest.mark.parametrize(
    "plant, said",
    [
        (_outside, "which is not a plain file name in the record's folder"),
        (_absolute, "which is not a plain file name in the record's folder"),
        (_link, "a link to a file outside the record's folder"),
    ],
    ids=["relative-path", "absolute-path", "symlink"],
)
def test_a_record_naming_a_figure_outside_its_folder_is_refused(tiny, plant, said):
    path = record_json(tiny)
    data = json.loads(path.read_text(encoding="utf-8"))
    figure = next(out for cell in data["cells"] for out in cell if "figure" in out)
    figure["figure"] = plant(path.parent)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if '"figure"' in text)
    result = build(tiny, env={"RECORDS": "require"})
    assert result.returncode != 0
    assert f"records/cpu/plot_01_tiny/record.json:{line}: names figure" in result.stdout, result.stdout[-3000:]
    assert said in result.stdout
    assert "re-record it with 'make record EXAMPLES=plot_01_tiny'" in result.stdout
    assert not list((tiny / "_build").rglob("requirements-torch.txt"))


def _timed_out(result, limit: str) -> None:
    assert result.returncode != 0
    expected = (f"gallery/plot_02_sleeper.py:{SLEEP_LINE}: TimeoutError: gallery/plot_02_sleeper.py "
                f"was stopped after {limit} s (GALLERY_TIMEOUT={limit})")  # fmt: skip
    assert expected in result.stdout, result.stdout[-3000:]


def test_make_record_stops_an_example_that_never_finishes(tiny):
    (tiny / "gallery" / "plot_02_sleeper.py").write_text(SLEEPER, encoding="utf-8")
    before = sorted(p.relative_to(tiny).as_posix() for p in (tiny / "records").rglob("*"))
    result = run(make_cmd(tiny, "record", "BACKEND=cpu", "GALLERY_TIMEOUT=3"), cwd=tiny, timeout=300)
    _timed_out(result, "3")
    assert sorted(p.relative_to(tiny).as_posix() for p in (tiny / "records").rglob("*")) == before, "a record was kept"


def test_make_html_stops_an_example_that_never_finishes_with_the_limit_from_the_environment(tiny):
    (tiny / "gallery" / "plot_02_sleeper.py").write_text(SLEEPER, encoding="utf-8")
    result = run(make_cmd(tiny, "html", "LANGUAGES=en"), cwd=tiny, env={"GALLERY_TIMEOUT": "2"}, timeout=300)
    _timed_out(result, "2")
    assert "nothing was built" in result.stdout
    assert not (tiny / "_build" / "records" / "cpu" / "plot_02_sleeper").exists()
    assert not (tiny / "_build" / "html" / "en").exists()
