"""The Makefile's environment step: a torch the chosen Python has is kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run

# These tests build throwaway environments: pip need not compile their
# bytecode (about half of each install), which changes nothing they check.
FAST_PIP = "PIP_ARGS=--no-compile"


def test_venv_uses_the_torch_of_the_chosen_python(tmp_path):
    # The Python running these tests has torch (as a ROCm or CUDA Python would).
    import torch

    host_site = Path(torch.__file__).resolve().parent.parent
    venv = tmp_path / "venv"
    result = run(["make", "-C", str(ROOT), "venv", f"PYTHON={sys.executable}", f"VENV={venv}", FAST_PIP], cwd=ROOT, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:]
    assert f"Using the torch installed for {sys.executable}" in result.stdout
    venv_python = venv / "bin" / "python"
    where = subprocess.run(
        [str(venv_python), "-c", "import torch, sys; print(torch.__file__); print(sys.prefix)"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert Path(where[0]).resolve().parent.parent == host_site  # the same torch, not a new one
    assert not any((venv / "lib").glob("python*/site-packages/torch"))


def test_venv_sees_no_other_package_of_the_chosen_python(tmp_path):
    # A host Python with torch and a pytest plugin: the plugin must stay out.
    host = tmp_path / "host"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(host)], check=True)
    host_site = Path(subprocess.run(
        [str(host / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())  # fmt: skip
    (host_site / "planted_pytest_plugin.py").write_text("PLANTED = True\n", encoding="utf-8")
    assert subprocess.run([str(host / "bin" / "python"), "-c", "import planted_pytest_plugin"]).returncode == 0
    venv = tmp_path / "venv"
    result = run(["make", "-C", str(ROOT), "venv", f"PYTHON={host / 'bin' / 'python'}", f"VENV={venv}", FAST_PIP], cwd=ROOT, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:]
    venv_python = str(venv / "bin" / "python")
    assert subprocess.run([venv_python, "-c", "import torch, sympy"]).returncode == 0
    leaked = subprocess.run([venv_python, "-c", "import planted_pytest_plugin"], capture_output=True)
    assert leaked.returncode != 0, "a package of the host Python leaked into the venv"
