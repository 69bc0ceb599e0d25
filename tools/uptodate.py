"""Whether a language's last successful build saw the inputs there are now.

A Sphinx build that finds nothing to do still costs about a second per
language (starting Python, importing Sphinx and the theme, loading the
environment). The build driver skips a language instead when the
fingerprint of everything the build reads is the one it wrote after the
last successful build of that language:

* every file under the site's inputs (``INPUTS``): size and modification
  time; the pages sphinx-gallery generates and compiled catalogs are
  outputs, not inputs;
* the local records (``<build-dir>/records``);
* the command: builder, language, options, the relevant environment
  variables, the Python and the versions of the packages that render.

A failed build writes no fingerprint, so it runs (and fails) again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

INPUTS = ["conf.py", "requirements.txt", "requirements-torch.txt", "_ext", "docs", "gallery", "locale", "records", "tools"]
SKIP_DIRS = {"__pycache__", ".pytest_cache"}
SKIP_SUFFIXES = (".mo", ".pyc")
GENERATED = Path("docs") / "gallery"
PACKAGES = ["sphinx", "myst-parser", "sphinx-gallery", "pydata-sphinx-theme", "sphinx-design",
            "sphinx-copybutton", "janome", "docutils"]  # fmt: skip
ENVIRONMENT = ["RECORDS", "EXAMPLES", "REQUIRE_GPU", "SOURCE_DATE_EPOCH"]


def _files(root: Path, top: Path):
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and Path(folder, d).relative_to(root) != GENERATED)
        for name in sorted(files):
            if not name.endswith(SKIP_SUFFIXES):
                yield Path(folder, name)


def fingerprint(root: Path, build_dir: Path, command: list[str]) -> str:
    digest = hashlib.sha256()
    for top in [root / name for name in INPUTS] + [build_dir / "records"]:
        paths = [top] if top.is_file() else list(_files(root, top)) if top.is_dir() else []
        for path in paths:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    context = {
        "command": command,
        "python": sys.executable,
        "versions": versions,
        "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
    }
    digest.update(json.dumps(context, sort_keys=True).encode())
    return digest.hexdigest()


def stamp_file(doctrees: Path) -> Path:
    return doctrees / "inputs.sha256"


def is_current(doctrees: Path, outdir: Path, value: str) -> bool:
    stamp = stamp_file(doctrees)
    return outdir.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == value


def remember(doctrees: Path, value: str) -> None:
    doctrees.mkdir(parents=True, exist_ok=True)
    stamp_file(doctrees).write_text(value + "\n", encoding="utf-8")


def forget(doctrees: Path) -> None:
    stamp_file(doctrees).unlink(missing_ok=True)
