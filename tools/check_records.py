"""Run the CPU examples again and compare what they print with the CPU records.

    python -m tools.check_records [--examples PATTERN] [--records DIR] [--out DIR]

A record says what one run of an example printed; its fingerprint ties it to
the example's source, not to that output, so only running the example again
shows that a record was not edited by hand and that the example prints the
same on every run and every CPU. This tool runs every example whose name
matches PATTERN once, on the CPU, all in this process, block by block as
sphinx-gallery runs them, writes what each block printed to
``<out>/<example>.json`` (a scratch folder, never ``records/``), and compares
every printed line with the same line of ``records/cpu/<example>/record.json``.

Values that differ by nature (times, rates) are printed by the examples
through ``_support.measured``; the record keeps each one between marks, and
the comparison skips what lies between them, never the text around them. A
CPU record whose stamp names a GPU is refused. Any difference is reported
with the record's file, the cell, the line and both values; the exit status
is 1 when there is one.

``--time`` runs the examples once plainly (``--plain``: no capture, no
comparison) and then the check, each in a new process, and prints both times
and their ratio.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import re
import sys
import textwrap
import time
import traceback
import warnings
from itertools import zip_longest
from pathlib import Path

from tools import ROOT

sys.path.insert(0, str(ROOT / "_ext"))

from gallery_records import plan as planning, store  # noqa: E402
from tools.record import HIDE_GPU, author_error  # noqa: E402

# A GPU's name in a stamp's device: what torch.cuda.get_device_name() says.
GPU_NAME = re.compile(r"NVIDIA|GeForce|Tesla|Quadro|RTX|Radeon|Instinct|\bGPU\b", re.I)


def stamp_problem(record: store.Record) -> str | None:
    """Why a CPU record's stamp cannot come from a CPU run, or None."""
    stamp = record.stamp
    if stamp["backend"] != "CPU" or GPU_NAME.search(stamp["device"]):
        return f"its stamp names {stamp['device']!r} ({stamp['backend']}), not a CPU"
    return None


def blocks(script: Path) -> list[tuple[int, str]]:
    """The code blocks of an example as sphinx-gallery splits them: (first line, code)."""
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    _, found = split_code_and_text_blocks(str(script))
    return [(b.lineno, b.content) for b in found if b.type == "code"]


def shown_lines(printed: str) -> list[str]:
    """What a page's output block holds for this printed text (as docutils reads it)."""
    lines = [line.rstrip() for line in printed.expandtabs().split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    return textwrap.dedent("\n".join(lines)).rstrip("\n").split("\n") if any(lines) else []


def run_block(code: str, first_line: int, script: Path, namespace: dict) -> list[str]:
    """Run one block in the example's namespace; its output lines, as recorded."""
    tree = ast.parse(code, filename=str(script))
    ast.increment_lineno(tree, first_line - 1)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, str(script), "exec"), namespace)
        if last is not None:  # sphinx-gallery shows the value of a block's last expression
            value = eval(compile(ast.Expression(last.value), str(script), "eval"), namespace)
            if value is not None and repr(value) != "None":
                print("\n" + repr(value), end="")
    return shown_lines(out.getvalue())


def run_example(script: Path) -> list[list[str]]:
    """Run an example block by block in a fresh namespace; each block's output lines."""
    import matplotlib.pyplot as plt

    namespace = {"__name__": "__main__", "__file__": str(script)}
    here = os.getcwd()
    os.chdir(script.parent)
    try:
        return [run_block(code, line, script, namespace) for line, code in blocks(script)]
    finally:
        os.chdir(here)
        plt.close("all")


def recorded_lines(record: store.Record) -> list[list[str]]:
    return [[line for out in cell if "text" in out for line in out["text"]] for cell in record.cells]


def compare(name: str, record: store.Record, fresh: list[list[str]], script: Path) -> list[str]:
    """Every difference between a record's output and a new run's, one message each."""
    where = record.file(store.RECORD_FILE)
    where = where.relative_to(ROOT) if where.is_relative_to(ROOT) else where
    kept = recorded_lines(record)
    if len(kept) != len(fresh):
        return [f"{where}: {len(kept)} cells recorded, gallery/{name}.py has {len(fresh)}; re-record it"]
    starts = [line for line, _ in blocks(script)]
    problems = []
    for cell, (old, new) in enumerate(zip(kept, fresh)):
        for number, (a, b) in enumerate(zip_longest(old, new), 1):
            if a is None or b is None or store.masked(a) != store.masked(b):
                problems.append(
                    f"{where}: cell {cell} (gallery/{name}.py:{starts[cell]}), output line {number}: "
                    f"recorded {a!r}, this run printed {b!r}"
                )
    return problems


def check(names: list[str], records: Path, out: Path) -> list[str]:
    """Run each example and compare; the list of problems found."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from gallery_records import capture

    gallery = ROOT / "gallery"
    sys.path.insert(0, str(gallery))
    capture.mark_measured(gallery)  # the examples' own helper, marking measured values
    warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() under Agg
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    for name in names:
        script = gallery / f"{name}.py"
        try:
            record = store.load(records / name, "cpu", name)
        except store.RecordError as exc:
            problems.append(str(exc))
            continue
        if (why := stamp_problem(record)) is not None:
            redo = f"make record BACKEND=cpu EXAMPLES={name}"
            problems.append(f"{record.file(store.RECORD_FILE)}: refused: {why}; re-record it with '{redo}'")
            continue
        try:
            fresh = run_example(script)
        except Exception:  # the example's own error, named by its file and line
            problems.append(author_error(str(script), traceback.format_exc()))
            continue
        (out / f"{name}.json").write_text(json.dumps(fresh, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        problems += compare(name, record, fresh, script)
    return problems


def run_plainly(names: list[str]) -> None:
    """Only run the examples, one after the other in this process: the time to compare with."""
    import runpy

    import matplotlib.pyplot as plt

    os.environ.setdefault("MPLBACKEND", "Agg")
    warnings.filterwarnings("ignore", message=".*non-interactive.*")
    gallery = ROOT / "gallery"
    sys.path.insert(0, str(gallery))
    here = os.getcwd()
    for name in names:
        os.chdir(gallery)
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(str(gallery / f"{name}.py"), run_name="__main__")
        os.chdir(here)
        plt.close("all")


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m tools.check_records ARGV`` in a new process."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "tools.check_records", *argv]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu


def compare_times(argv: list[str]) -> int:
    """Time the examples run plainly, then this check, each in a fresh process; print the ratios."""
    plain, check_ = timed([*argv, "--plain"]), timed(argv)
    print(f"examples run plainly: {plain[0]:.1f} s wall, {plain[1]:.1f} s CPU")
    print(f"check-records:        {check_[0]:.1f} s wall, {check_[1]:.1f} s CPU")
    print(f"ratio: {check_[0] / plain[0]:.2f} (wall), {check_[1] / plain[1]:.2f} (CPU)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", default="", help="regular expression matched against example names")
    parser.add_argument("--records", default=str(ROOT / "records" / "cpu"), help="the CPU records to compare with")
    parser.add_argument("--out", default=str(ROOT / "_build" / "check-records"), help="where this run's output goes")
    parser.add_argument("--plain", action="store_true", help="only run the examples, compare nothing (a baseline)")
    parser.add_argument("--time", action="store_true", help="time --plain and the check, each in a new process")
    args = parser.parse_args(argv)
    if args.time:
        return compare_times([a for a in (argv if argv is not None else sys.argv[1:]) if a != "--time"])
    os.environ.update(HIDE_GPU)  # the CPU records are compared with a CPU run, also on a GPU machine
    names = [p.stem for p in planning.examples(ROOT / "gallery") if re.search(args.examples, p.stem)]
    if not names:
        print(f"check-records: no example matches {args.examples!r}", file=sys.stderr)
        return 1
    if args.plain:
        run_plainly(names)
        return 0
    start = time.perf_counter()
    problems = check(names, Path(args.records).resolve(), Path(args.out).resolve())
    for problem in problems:
        print(problem, file=sys.stderr)
    verdict = f"{len(problems)} problem(s) found" if problems else "all output lines match"
    print(f"check-records: {len(names)} examples run in {time.perf_counter() - start:.1f} s; {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
