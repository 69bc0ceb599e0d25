"""Expose a host Python's torch, and only what torch needs, to the site's venv.

    python tools/host_torch.py DEST   (run with the host Python)

Links into DEST the top-level modules of torch's distribution and of every
distribution it requires (followed through their own requirements, with
the markers of this platform), and prints DEST. The Makefile writes DEST
into a ``.pth`` file of the venv, so the venv imports the host's GPU build
of torch without seeing the host's other packages (its pytest plugins, for
one). The venv's own packages come first on ``sys.path``.
"""

from __future__ import annotations

import re
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


def link(dest: Path) -> list[str]:
    dest.mkdir(parents=True, exist_ok=True)
    linked = []
    for dist in closure():
        base = Path(dist.locate_file(""))
        for top in sorted({Path(f).parts[0] for f in dist.files or [] if not str(f).startswith("..")}):
            if top == "__pycache__" or top.endswith(".pth"):
                continue
            target = dest / top
            if not target.exists() and (base / top).exists():
                target.symlink_to(base / top)
                linked.append(top)
    return linked


if __name__ == "__main__":
    dest = Path(sys.argv[1]).resolve()
    link(dest)
    print(dest)
