"""How Sphinx is started for this site: the one place that says it.

    python tools/sphinx_cli.py doctest [--build-dir _build] [--sphinxopts "..."]
    python tools/sphinx_cli.py gettext [--build-dir _build] [--sphinxopts "..."]

``sphinx_command`` is used by the build driver (``build.py``, one process
per language), by ``make doctest`` and ``make gettext`` (this file's command
line), by the catalog gate (``intl_english.py``) and by the site copies of
the tests and the benchmark (``sitecopy.py``). ``SPHINXOPTS`` is the strict
default every one of them uses: warnings are errors, every reference must
resolve, and all warnings are reported before the build fails.

The two commands here:

* ``doctest`` runs every snippet and ends with the count
  ``doctest: N passed, N failed, N skipped``; when every snippet passed it
  writes this backend's doctest record, ``records/<backend>/doctest.json``
  (``--no-record``: not); ``--require-gpu`` refuses a machine without a GPU
  and fails on any skipped snippet;
* ``gettext`` writes the English message catalogs to ``<build-dir>/gettext``.

A failed run drops its environment, so that the next run reports the same
warnings again instead of passing because nothing changed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPHINXOPTS = "-n -W --keep-going"


def sphinx_command(
    builder: str, outdir: Path, doctrees: Path, *, language: str | None = None,
    opts: list[str] | None = None, root: Path = ROOT,
) -> list[str]:  # fmt: skip
    """``python -m sphinx`` for ``builder`` over ``root/docs`` with ``root/conf.py``."""
    return [
        sys.executable, "-m", "sphinx", "-b", builder, "-c", str(root), "-d", str(doctrees),
        *(["-D", f"language={language}"] if language else []),
        *(shlex.split(SPHINXOPTS) if opts is None else opts),
        str(root / "docs"), str(outdir),
    ]  # fmt: skip


def drop_environment(doctrees: Path) -> None:
    """Forget what was read, so that the next build reads (and warns) again."""
    (doctrees / "environment.pickle").unlink(missing_ok=True)


def doctest_options(record: bool = True, require_gpu: bool = False) -> list[str]:
    """The switches of ``snippets.record_run`` for a doctest run."""
    return ["-D", f"snippets_write_record={int(record)}", "-D", f"snippets_require_gpu={int(require_gpu)}"]


def run(builder: str, build_dir: Path, opts: list[str], root: Path = ROOT) -> int:
    doctrees = build_dir / "doctrees" / builder
    env = dict(os.environ, SITE_DOCTEST_COUNT_LAST="1")
    code = subprocess.run(sphinx_command(builder, build_dir / builder, doctrees, opts=opts, root=root), env=env).returncode
    if builder == "doctest":
        summary = build_dir / "doctest" / "summary.txt"
        if summary.exists():  # the count comes last, once
            print(summary.read_text(encoding="utf-8").rstrip().splitlines()[-1])
    if code != 0:
        drop_environment(doctrees)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("builder", choices=["doctest", "gettext"])
    parser.add_argument("--build-dir", default=str(ROOT / "_build"))
    parser.add_argument("--sphinxopts", default=SPHINXOPTS)
    parser.add_argument("--no-record", action="store_true", help="doctest: write no doctest record")
    parser.add_argument("--require-gpu", action="store_true", help="doctest: refuse without a GPU, fail on any skip")
    args = parser.parse_args(argv)
    opts = shlex.split(args.sphinxopts)
    if args.builder == "doctest":
        opts += doctest_options(not args.no_record, args.require_gpu)
    return run(args.builder, Path(args.build_dir), opts)


if __name__ == "__main__":
    sys.exit(main())
