"""Which records each example page shows, and which examples must run here.

Pure bookkeeping over files: no Sphinx, torch or matplotlib, so the build
driver can decide in milliseconds that nothing needs to run.

For each example:

* the **fresh committed records** (``records/<backend>/``) are shown;
* a **local record** (``_build/records/<backend>/``, made by a build on this
  machine) is shown for a backend that has no fresh committed record, with a
  note that it is not recorded yet;
* the example **runs here** when it has nothing fresh to show, or when the
  author asked for it by name (``EXAMPLES=<pattern>``); with a pattern, only
  matching examples run;
* with ``RECORDS=require`` (hosting) local records are ignored, nothing runs,
  and every example needs a fresh committed record and no stale one.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import store


@dataclass
class ExamplePlan:
    name: str
    script: Path
    shown: list[store.Record] = field(default_factory=list)
    stale: list[store.Record] = field(default_factory=list)
    run: bool = False

    @property
    def from_records(self) -> bool:
        return any(not r.local for r in self.shown)


def examples(gallery: Path) -> list[Path]:
    """The example scripts, as sphinx-gallery finds them (``plot_*.py``)."""
    return sorted(gallery.glob("plot_*.py"))


def make_plan(
    root: Path,
    local_root: Path | None,
    pattern: str = "",
    require: bool = False,
    known=store.BACKENDS,
) -> list[ExamplePlan]:
    torch_minor = store.pinned_torch(root)
    plans = []
    for script in examples(root / "gallery"):
        name = script.stem
        wanted = store.fingerprint(script, torch_minor)
        committed = store.find(root / "records", name, wanted, known)
        plan = ExamplePlan(name, script)
        plan.shown = [r for r in committed if not r.stale]
        plan.stale = [r for r in committed if r.stale]
        if not require:
            have = {r.backend for r in plan.shown}
            local = store.find(local_root, name, wanted, known, local=True) if local_root else []
            plan.shown += [r for r in local if not r.stale and r.backend not in have]
            order = store.backend_order([r.backend for r in plan.shown], known)
            plan.shown.sort(key=lambda r: order.index(r.backend))
            plan.run = bool(re.search(pattern, name)) if pattern else not plan.shown
        plans.append(plan)
    return plans


def problems(plans: list[ExamplePlan], root: Path) -> list[str]:
    """Why ``RECORDS=require`` refuses: each example, backend and what changed."""
    lines = []
    for plan in plans:
        rel = plan.script.relative_to(root).as_posix()
        for record in plan.stale:
            title = store.backend_title(record.backend)
            where = "" if record.backend == "cpu" else f" on a {title} machine"
            cpu = " BACKEND=cpu" if record.backend == "cpu" else ""
            lines.append(
                f"{rel}: the {title} record ({(record.folder / store.RECORD_FILE).relative_to(root).as_posix()}) "
                f"is stale: {', '.join(record.stale)} changed; re-record it{where}: "
                f"make record EXAMPLES={plan.name}{cpu}"
            )
        if not plan.shown and not plan.stale:
            lines.append(f"{rel}: no record for any backend; record it: make record EXAMPLES={plan.name}")
    return lines


def refusal(plans: list[ExamplePlan], root: Path) -> str:
    """What ``RECORDS=require`` stops with, or "" when every example has a fresh record."""
    lines = problems(plans, root)
    return "RECORDS=require, and not every example has a fresh record:\n  " + "\n  ".join(lines) if lines else ""


def record_command(root: Path, build_dir: Path, names: list[str], timeout: float | None = None) -> list[str]:
    """``tools/record.py`` running exactly these examples into ``<build_dir>/records``
    (each stopped after ``timeout`` seconds; None: the default limit)."""
    limit = [] if timeout is None else ["--gallery-timeout", f"{timeout:g}"]
    return [sys.executable, str(root / "tools" / "record.py"), "--local", "--build-dir", str(build_dir),
            "--examples", "^(" + "|".join(names) + ")$", *limit]  # fmt: skip


def summary(plans: list[ExamplePlan], executed: set[str]) -> str:
    from_records = sum(1 for p in plans if p.name not in executed and p.shown)
    line = f"gallery: {from_records} examples from records, {len(executed)} executed"
    missing = [p.name for p in plans if p.name not in executed and not p.shown]
    if missing:
        line += f", {len(missing)} without output ({', '.join(missing)})"
    return line
