"""Time a clean build of the site against its limit, and print a table.

    python tools/bench.py [--repeat 3]

Everything runs in a fresh copy of the site in a temporary folder, so the
working tree's own build is left alone. Measured, each the median of
``--repeat`` runs:

* the clean ``make html`` (both languages, gallery executed);
* the limit: every gallery example run once as a plain script, plus the
  slower of the two single-language renders with examples not executed;
* their ratio (goal: at most 1.1);
* a rebuild after touching one lesson (goal: under 5 s, no example re-run);
* ``make doctest`` (goal: under 30 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitecopy import build_command, copy_site, doctest_command  # noqa: E402

ENV = dict(os.environ, MPLBACKEND="Agg")


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{result.stdout[-4000:]}")
    return elapsed


def clean(site: Path) -> None:
    shutil.rmtree(site / "_build", ignore_errors=True)
    shutil.rmtree(site / "docs" / "gallery", ignore_errors=True)


def render_one(site: Path, lang: str) -> float:
    shutil.rmtree(site / "_build" / "html" / lang, ignore_errors=True)
    shutil.rmtree(site / "_build" / "doctrees" / "html" / lang, ignore_errors=True)
    return timed(build_command("--languages", lang, "--noplot"), site)


def gallery_state(site: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in (site / "docs" / "gallery").glob("*.md5")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    examples = sorted((Path(__file__).resolve().parent.parent / "gallery").glob("plot_*.py"))

    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        site = copy_site(Path(tmp) / "site")
        full, scripts, renders, rebuilds, doctests = [], [], [], [], []
        for _ in range(args.repeat):
            clean(site)
            full.append(timed(build_command(), site))
            scripts.append(sum(timed([sys.executable, p.name], site / "gallery") for p in examples))
            renders.append(max(render_one(site, lang) for lang in ("en", "ja")))
            timed(build_command(), site)  # bring both languages up to date again
            before = gallery_state(site)
            (site / "docs" / "tensors.md").touch()
            rebuilds.append(timed(build_command(), site))
            if gallery_state(site) != before:
                sys.exit("bench: the rebuild re-ran a gallery example")
            shutil.rmtree(site / "_build" / "doctrees" / "doctest", ignore_errors=True)
            doctests.append(timed(doctest_command(), site))

    med = statistics.median
    t_full, t_scripts, t_render = med(full), med(scripts), med(renders)
    limit = t_scripts + t_render
    ratio = t_full / limit
    rows = [
        ("clean make html (en + ja, gallery run)", f"{t_full:.2f} s", ""),
        (f"gallery as plain scripts ({len(examples)} examples)", f"{t_scripts:.2f} s", ""),
        ("slower single-language render, no examples", f"{t_render:.2f} s", ""),
        ("limit (scripts + render)", f"{limit:.2f} s", ""),
        ("ratio clean / limit", f"{ratio:.2f}", "ok" if ratio <= 1.1 else "over goal 1.1"),
        ("rebuild after touching one lesson", f"{med(rebuilds):.2f} s", "ok" if med(rebuilds) < 5 else "over goal 5 s"),
        ("make doctest", f"{med(doctests):.2f} s", "ok" if med(doctests) < 30 else "over goal 30 s"),
    ]
    print(f"\nMedian of {args.repeat} runs on {os.cpu_count()} cores\n")
    print("| measurement | time | goal |")
    print("|---|---:|---|")
    for name, value, goal in rows:
        print(f"| {name} | {value} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
