"""Expose a host Python's torch, and only what torch needs, to the site's venv.

    python tools/host_torch.py DEST   (run with the host Python)

Links into DEST, file by file, the files that torch's distribution and
every distribution it requires (followed through their own requirements,
with the markers of this platform) own by their ``RECORD``, in the same
folders, and prints DEST. Only those files: a folder that several
distributions share (``nvidia/``, a namespace package) shows only the
required distributions' parts, never the host's other packages under it.
DEST is made afresh each time; it must be empty, absent or made by this
tool before. The Makefile writes DEST
into a ``.pth`` file of the venv, so the venv imports the host's GPU build
of torch without seeing the host's other packages (its pytest plugins, for
one). The venv's own packages come first on ``sys.path``.
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path


def _name(requirement: str) -> str | None:
    """The distribution a requirement names, or None if its marker excludes it here."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # a Python without packaging still has pip's copy
        from pip._vendor.packaging.requirements import Requirement

    req = Requirement(requirement)
    if req.marker is not None and not req.marker.evaluate({"extra": ""}):
        return None
    return req.name


def closure(root: str = "torch") -> list[metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency this host does not have
        seen[name] = dist
        todo += [n for n in map(_name, dist.requires or []) if n]
    return list(seen.values())


MARKER = ".host-torch"


def _fresh(dest: Path) -> None:
    """Empty DEST if this tool made it (or an older one, which linked only folders)."""
    if dest.is_dir() and any(dest.iterdir()):
        ours = (dest / MARKER).exists() or all(p.is_symlink() for p in dest.iterdir())
        if not ours:
            raise SystemExit(f"{dest}: exists and was not made by tools/host_torch.py; remove it or choose another folder")
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / MARKER).write_text("made by tools/host_torch.py; remade on every run\n", encoding="utf-8")


def link(dest: Path) -> list[str]:
    """Link every file the required distributions own; returns them, relative to DEST."""
    _fresh(dest)
    linked = []
    for dist in closure():
        base = Path(dist.locate_file(""))
        for file in dist.files or []:
            rel = Path(str(file))
            if rel.is_absolute() or ".." in rel.parts or "__pycache__" in rel.parts or rel.suffix == ".pth":
                continue  # scripts outside site-packages, caches, path hooks
            source, target = base / rel, dest / rel
            if source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(source)
                linked.append(rel.as_posix())
    return linked


if __name__ == "__main__":
    dest = Path(sys.argv[1]).resolve()
    link(dest)
    print(dest)
