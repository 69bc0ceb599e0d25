"""Run gallery examples on this machine and keep what they produced as records.

    python tools/record.py [--examples PATTERN] [--backend auto|cpu]
                           [--local] [--build-dir _build] [--gallery-timeout 600]

Without ``--local`` (``make record``) every example whose name matches
PATTERN (a regular expression, all examples by default) runs, and its record
is written to ``records/<backend>/<example>/``, where ``<backend>`` is what
torch reports: ``rocm``, ``cuda`` or ``cpu``. ``--backend cpu`` hides the GPU
from torch, so one GPU machine can record both.

With ``--local`` (what ``make html`` uses) the records go to
``<build-dir>/records/`` instead: output of this machine for the examples
that have no fresh record yet, shown on the pages as not recorded.

The examples run through sphinx-gallery in one Sphinx build that reads only
the gallery pages (see ``_ext/gallery_records/capture.py``). An example that
raises is reported as the author's error, by file and line, and leaves no
record; so is one that runs longer than ``--gallery-timeout`` seconds
(``GALLERY_TIMEOUT`` in the Makefile, default 600), which is stopped
(``_ext/gallery_records/time_limit.py``).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from gallery_records import plan as planning  # noqa: E402

HIDE_GPU = {"CUDA_VISIBLE_DEVICES": "", "HIP_VISIBLE_DEVICES": "", "ROCR_VISIBLE_DEVICES": ""}


def author_error(path: str, traceback: str) -> str:
    """``gallery/x.py:LINE: Exception: message`` from a formatted traceback."""
    name = Path(path).name
    lines = [l for l in traceback.strip().splitlines() if l.strip()]
    where = [m for m in re.finditer(rf'File "[^"]*{re.escape(name)}", line (\d+)', traceback)]
    line = where[-1].group(1) if where else "1"
    return f"gallery/{name}:{line}: {lines[-1].strip() if lines else 'the example failed'}"


def run_examples(names: list[str], out: Path, build_dir: Path, timeout: float | None = None) -> int:
    """Run the named examples in one Sphinx build; write their records to ``out``."""
    os.environ["SITE_RECORD_DIR"] = str(out)
    os.environ["SITE_RECORD_EXAMPLES"] = ",".join(names)
    os.environ.setdefault("MPLBACKEND", "Agg")
    from sphinx.application import Sphinx

    # sphinx-gallery's progress, and warnings about the pages: the build that
    # renders them reports those once. Failures are reported below.
    status = io.StringIO()
    app = Sphinx(
        srcdir=ROOT / "docs", confdir=ROOT, outdir=build_dir / "record", doctreedir=build_dir / "doctrees" / "record",
        buildername="dummy", confoverrides={"include_patterns": "gallery/**", "root_doc": "gallery/index", "language": "en",
                       **({} if timeout is None else {"gallery_timeout": timeout})},
        status=status, warning=status, freshenv=False,
    )  # fmt: skip
    app.build()
    conf = app.config.sphinx_gallery_conf
    gallery = ROOT / "docs" / conf["gallery_dirs"][0]
    for name in names:  # the pages that render from records must not keep this run's output
        (gallery / f"{name}.py.md5").unlink(missing_ok=True)
    failed = conf.get("failing_examples", {})
    for path, traceback in sorted(failed.items()):
        print(author_error(path, traceback), file=sys.stderr)
    written = app._record["written"]  # type: ignore[attr-defined]
    missing = sorted(set(names) - set(written) - {Path(p).stem for p in failed})
    for name in missing:
        print(f"gallery/{name}.py: ran, but no record was written (was its page read?)", file=sys.stderr)
    backend = app._record["backend"]  # type: ignore[attr-defined]
    print(f"record: {len(written)} of {len(names)} examples recorded for {backend} in {out}")
    return 1 if failed or missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", default="", help="regular expression matched against example names")
    parser.add_argument("--backend", choices=["auto", "cpu"], default="auto")
    parser.add_argument("--local", action="store_true", help="write to <build-dir>/records (make html)")
    parser.add_argument("--build-dir", default=str(ROOT / "_build"))
    parser.add_argument("--gallery-timeout", type=float, help="seconds an example may run (default: conf.py's gallery_timeout, 600)")
    args = parser.parse_args(argv)
    if args.gallery_timeout is not None and args.gallery_timeout <= 0:
        parser.error(f"--gallery-timeout must be a number of seconds above 0, not {args.gallery_timeout:g}")
    if args.backend == "cpu":
        os.environ.update(HIDE_GPU)  # before anything imports torch
    build_dir = Path(args.build_dir).resolve()
    names = [p.stem for p in planning.examples(ROOT / "gallery") if re.search(args.examples, p.stem)]
    if not names:
        print(f"record: no example matches {args.examples!r}", file=sys.stderr)
        return 1
    out = build_dir / "records" if args.local else ROOT / "records"
    return run_examples(names, out, build_dir, args.gallery_timeout)


if __name__ == "__main__":
    sys.exit(main())
