"""``make check-records``: the CPU records hold what the examples print, line by line.

Each test runs the command a user runs (``python -m tools.check_records``),
on the committed records or on a copy with one planted fault.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

RECORDS = ROOT / "records" / "cpu"


def check(*args: str):
    return run([sys.executable, "-m", "tools.check_records", *args], cwd=ROOT)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(RECORDS, tmp_path / "cpu"))


def edit(records: Path, example: str, change) -> None:
    path = records / example / "record.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def replace_line(data: dict, old: str, new: str) -> None:
    found = [out["text"] for cell in data["cells"] for out in cell if old in out.get("text", [])]
    assert found, f"{old!r} is not in the record"
    found[0][found[0].index(old)] = new


def test_committed_records_match_a_new_run(tmp_path):
    """Every CPU example prints, apart from its measured values, what its record holds."""
    result = check("--out", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "7 examples run" in result.stdout and "all output lines match" in result.stdout


def test_hand_edited_line_is_named(copy, tmp_path):
    name = "plot_06_linear_fit_watched"
    edit(copy, name, lambda d: replace_line(d, "w = 2.997, b = 2.011", "w = 3.000, b = 2.000"))
    result = check("--examples", name, "--records", str(copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stdout
    assert (
        f"{name}/record.json: cell 1 (gallery/{name}.py:37), output line 6: "
        "recorded 'w = 3.000, b = 2.000', this run printed 'w = 2.997, b = 2.011'"
    ) in result.stdout
    assert "1 problem(s) found" in result.stdout


def test_measured_values_vary_but_the_text_around_them_does_not(copy, tmp_path):
    name = "plot_04_train_vs_infer_cost"
    path = copy / name / "record.json"
    line = next(l for l in json.loads(path.read_text(encoding="utf-8"))["cells"][2][0]["text"] if "⟪" in l)
    edit(copy, name, lambda d: replace_line(d, line, line.replace("⟪", "⟪99")))
    result = check("--examples", name, "--records", str(copy), "--out", str(tmp_path / "a"))
    assert result.returncode == 0, result.stdout  # another measured value is not a difference
    plain = line.replace("⟪", "").replace("⟫", "")
    edit(copy, name, lambda d: replace_line(d, line.replace("⟪", "⟪99"), plain))
    result = check("--examples", name, "--records", str(copy), "--out", str(tmp_path / "b"))
    assert result.returncode == 1, result.stdout  # a measured value typed in as fixed text is
    assert f"{name}/record.json: cell 2" in result.stdout and "output line 1" in result.stdout


def test_cpu_record_with_a_gpu_stamp_is_refused(copy, tmp_path):
    name = "plot_03_inference_flow"

    def to_gpu(data):
        data["stamp"].update(device="NVIDIA H100 80GB HBM3", backend="CUDA 12.8")

    edit(copy, name, to_gpu)
    result = check("--examples", name, "--records", str(copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stdout
    said = f"{name}/record.json: refused: its stamp names 'NVIDIA H100 80GB HBM3' (CUDA 12.8), not a CPU"
    assert said in result.stdout


def test_missing_or_extra_output_line_is_named(copy, tmp_path):
    name = "plot_02_training_flow"
    edit(copy, name, lambda d: d["cells"][2][0]["text"].append("model.training = False"))
    result = check("--examples", name, "--records", str(copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stdout
    assert "output line 2: recorded 'model.training = False', this run printed None" in result.stdout


def test_makefile_target_and_make_test_run_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "check-records:" in makefile and "-m tools.check_records" in makefile


def test_time_compares_the_check_with_the_examples_run_plainly(tmp_path):
    result = check("--time", "--examples", "plot_03", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert re.search(r"examples run plainly: [\d.]+ s wall, [\d.]+ s CPU", result.stdout)
    assert re.search(r"ratio: [\d.]+ \(wall\), [\d.]+ \(CPU\)", result.stdout)
