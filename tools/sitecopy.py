"""Copy the files a build needs into another folder (for tests and the benchmark).

Build output, the generated gallery pages and compiled catalogs stay behind,
so a build in the copy starts clean.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ["conf.py", "Makefile", "requirements.txt", "_ext", "docs", "gallery", "locale", "tools"]
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
