"""Time the site's builds against their goals, and print a table.

    python tools/bench.py [--repeat 3]

Everything runs in a fresh copy of the site in a temporary folder, so the
working tree's own build is left alone. Measured, each the median of
``--repeat`` runs, with the ratios taken within the same run:

* a clean ``make html`` from the records (both languages) against the slower
  single-language render: goal at most 1.1;
* a clean ``make record BACKEND=cpu`` against every example run once in one
  Python process: goal at most 1.1;
* ``make check-records`` (the CPU examples run again and compared with their
  records) against the same: goal at most 1.2;
* a ``make html`` with nothing changed, and one after touching one lesson
  (both languages): goal at most 1.2 s each, and neither runs an example;
* ``make doctest``: goal under 30 s;
* ``make livehtml``: from saving a lesson to the served page showing the
  edit, goal at most 2 s.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitecopy import build_command, copy_site, doctest_command  # noqa: E402

ENV = dict(os.environ, MPLBACKEND="Agg")


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env={**ENV, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{result.stdout[-4000:]}")
    return elapsed, result.stdout


def clean(site: Path) -> None:
    shutil.rmtree(site / "_build", ignore_errors=True)
    shutil.rmtree(site / "docs" / "gallery", ignore_errors=True)


def render_one(site: Path, lang: str) -> float:
    shutil.rmtree(site / "_build" / "html" / lang, ignore_errors=True)
    shutil.rmtree(site / "_build" / "doctrees" / "html" / lang, ignore_errors=True)
    shutil.rmtree(site / "docs" / "gallery", ignore_errors=True)
    return timed(build_command("--languages", lang), site)[0]


ONE_PROCESS = """
import os, runpy, sys
os.chdir(sys.argv[1]); sys.path.insert(0, sys.argv[1])
import matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt
for script in sys.argv[2:]:
    runpy.run_path(script, run_name="__main__"); plt.close("all")
"""


def livehtml_round_trip(site: Path, repeat: int) -> list[float]:
    """Seconds from saving a lesson to the live server serving the change."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/tensors.html"
    stamp = site / "_build" / "venv-ready"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    proc = subprocess.Popen(["make", "-C", str(site), f"PY={sys.executable}", f"STAMP={stamp}", "livehtml", f"PORT={port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, start_new_session=True)  # fmt: skip

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except (OSError, http.client.HTTPException):  # the server may be mid-rebuild
            return ""

    times = []
    try:
        deadline = time.monotonic() + 300
        while "Tensors" not in page():
            if time.monotonic() > deadline:
                sys.exit("bench: make livehtml never served the site")
            time.sleep(0.2)
        time.sleep(3)  # let the server settle after its first build
        lesson = site / "docs" / "tensors.md"
        for i in range(repeat):
            marker = f"Saved for the benchmark, edit {i}."
            lesson.write_text(lesson.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            saved = time.perf_counter()
            while marker not in page():
                time.sleep(0.05)
            times.append(time.perf_counter() - saved)
            time.sleep(2)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return times


def nothing_ran(output: str) -> bool:
    return ", 0 executed" in output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    examples = sorted((Path(__file__).resolve().parent.parent / "gallery").glob("plot_*.py"))
    cpu = {"CUDA_VISIBLE_DEVICES": "", "HIP_VISIBLE_DEVICES": ""}

    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        site = copy_site(Path(tmp) / "site")
        rows: dict[str, list[float]] = {k: [] for k in ("full", "render", "record", "scripts", "check", "nochange", "lesson", "doctest")}
        for _ in range(args.repeat):
            clean(site)
            seconds, out = timed(build_command(), site)
            if not nothing_ran(out):
                sys.exit("bench: a clean build from the records ran an example")
            rows["full"].append(seconds)
            rows["render"].append(max(render_one(site, lang) for lang in ("en", "ja")))
            timed(build_command(), site)  # both languages up to date again
            seconds, out = timed(build_command(), site)
            rows["nochange"].append(seconds)
            (site / "docs" / "tensors.md").touch()
            seconds, out2 = timed(build_command(), site)
            rows["lesson"].append(seconds)
            if not (nothing_ran(out) and nothing_ran(out2)):
                sys.exit("bench: a rebuild ran an example")
            shutil.rmtree(site / "_build" / "doctrees" / "doctest", ignore_errors=True)
            rows["doctest"].append(timed(doctest_command(), site)[0])
            shutil.rmtree(site / "_build" / "doctrees" / "record", ignore_errors=True)
            rows["record"].append(timed([sys.executable, "tools/record.py", "--backend", "cpu",
                                         "--build-dir", str(site / "_build" / "bench")], site, cpu)[0])  # fmt: skip
            rows["scripts"].append(timed([sys.executable, "-c", ONE_PROCESS, str(site / "gallery"),
                                          *[p.name for p in examples]], site, cpu)[0])  # fmt: skip
            rows["check"].append(timed([sys.executable, "-m", "tools.check_records",
                                        "--out", str(site / "_build" / "check-records")], site, cpu)[0])  # fmt: skip

        rows["livehtml"] = livehtml_round_trip(site, args.repeat)

    med = {k: statistics.median(v) for k, v in rows.items()}
    r_html, r_record = med["full"] / med["render"], med["record"] / med["scripts"]
    r_check = med["check"] / med["scripts"]

    def goal(ok: bool, text: str) -> str:
        return "ok" if ok else f"over goal {text}"

    table = [
        ("clean make html from records (en + ja)", f"{med['full']:.2f} s", ""),
        ("slower single-language render", f"{med['render']:.2f} s", ""),
        ("ratio clean html / single render", f"{r_html:.2f}", goal(r_html <= 1.1, "1.1")),
        (f"clean make record ({len(examples)} examples, CPU)", f"{med['record']:.2f} s", ""),
        ("the examples in one Python process", f"{med['scripts']:.2f} s", ""),
        ("ratio record / one process", f"{r_record:.2f}", goal(r_record <= 1.1, "1.1")),
        ("make check-records (CPU records)", f"{med['check']:.2f} s", ""),
        ("ratio check-records / one process", f"{r_check:.2f}", goal(r_check <= 1.2, "1.2")),
        ("make html, nothing changed", f"{med['nochange']:.2f} s", goal(med["nochange"] <= 1.2, "1.2 s")),
        ("make html after touching one lesson", f"{med['lesson']:.2f} s", goal(med["lesson"] <= 1.2, "1.2 s")),
        ("make doctest", f"{med['doctest']:.2f} s", goal(med["doctest"] < 30, "30 s")),
        ("make livehtml: lesson saved to page served", f"{med['livehtml']:.2f} s", goal(med["livehtml"] <= 2, "2 s")),
    ]
    print(f"\nMedian of {args.repeat} runs on {os.cpu_count()} cores\n")
    print("| measurement | time | goal |")
    print("|---|---:|---|")
    for name, value, note in table:
        print(f"| {name} | {value} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
