"""Copies of the site, and the commands that build them (for tests and the benchmark).

Build output, the generated gallery pages and compiled catalogs stay behind,
so a build in the copy starts clean. The commands name the copy's own files
(its ``tools/build.py``, its ``conf.py`` and ``docs/``), so they build that
copy wherever they run; run them with the copy as the working directory so
that messages name files as ``docs/...``. The Sphinx command line and its
strict default ``SPHINXOPTS`` come from ``sphinx_cli``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sphinx_cli import SPHINXOPTS, sphinx_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ["conf.py", "Makefile", "requirements.txt", "requirements-torch.txt", "_ext", "docs", "gallery", "locale", "records", "tools"]
_IGNORE = shutil.ignore_patterns("__pycache__", "*.mo", "_build")
_IGNORE_IN_DOCS = shutil.ignore_patterns("__pycache__", "_build", "gallery")


def copy_site(dest: Path, root: Path = ROOT) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=_IGNORE_IN_DOCS if name == "docs" else _IGNORE)
        else:
            shutil.copy2(src, dest / name)
    return dest


def build_command(*extra: str, site: Path | None = None) -> list[str]:
    """``site``'s tools/build.py for every language (``extra`` adds its options).

    Without ``site``, the paths are relative to the working directory.
    """
    return [sys.executable, str(Path(site or ".") / "tools" / "build.py"), "--sphinxopts", SPHINXOPTS, *extra]


def doctest_command(site: Path | None = None) -> list[str]:
    """The doctest run of ``site`` (as ``make doctest`` starts Sphinx), without the virtual environment step."""
    site = Path(site or ".")
    build = site / "_build"
    return sphinx_command("doctest", build / "doctest", build / "doctrees" / "doctest", root=site)
