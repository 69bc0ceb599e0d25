"""tools/host_torch.py shows the venv torch and what torch requires, and nothing else of the host.

Planted with fake distributions in a fake host ``site-packages``: ``torch``
requires ``nvidia-foo``, whose files live under the namespace folder
``nvidia/``, which the host's unrelated ``nvidia-bar`` shares. The command
the Makefile runs must link only the files the required distributions own
(their ``RECORD``), so ``nvidia/bar`` stays out of sight.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def fake_distribution(site: Path, name: str, version: str, files: dict[str, str], requires: list[str] = ()) -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"] + [f"Requires-Dist: {r}" for r in requires]
    (info / "METADATA").write_text("\n".join(metadata) + "\n", encoding="utf-8")
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    record = [f"{rel},," for rel in files] + [f"{info.name}/METADATA,,", f"{info.name}/RECORD,,"]
    (info / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")


def test_only_the_files_of_the_required_distributions_are_linked(tmp_path):
    host = tmp_path / "host-site-packages"
    fake_distribution(host, "torch", "2.13.0", {"torch/__init__.py": "__version__ = 'fake'\n"}, ["nvidia-foo"])
    fake_distribution(host, "nvidia-foo", "1.0", {"nvidia/foo/__init__.py": "", "nvidia/foo/lib/libfoo.so": "elf"})
    fake_distribution(host, "nvidia-bar", "1.0", {"nvidia/bar/__init__.py": "", "nvidia/bar/lib/libbar.so": "elf"})
    fake_distribution(host, "pytest-host-plugin", "1.0", {"host_plugin.py": ""})
    dest = tmp_path / "venv" / "host-torch"
    env = dict(os.environ, PYTHONPATH=str(host))
    for _ in range(2):  # made afresh on every run
        result = subprocess.run([sys.executable, str(ROOT / "tools" / "host_torch.py"), str(dest)],
                                env=env, capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == str(dest)
    linked = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_symlink())
    assert "torch/__init__.py" in linked and "nvidia/foo/lib/libfoo.so" in linked
    assert not (dest / "nvidia" / "bar").exists(), "a host package under the shared nvidia/ folder is visible"
    assert not (dest / "host_plugin.py").exists()
    assert not [p for p in dest.rglob("*") if p.is_symlink() and p.is_dir()], "a folder was linked whole"


def test_a_folder_it_did_not_make_is_left_alone(tmp_path):
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep me", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "host_torch.py"), str(dest)], capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{dest}: exists and was not made by tools/host_torch.py" in result.stderr
    assert (dest / "notes.txt").read_text(encoding="utf-8") == "keep me"
