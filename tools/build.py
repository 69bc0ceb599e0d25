"""Build the site in every language from the gallery's records.

    python tools/build.py [--builder html] [--languages en ja] [--noplot]
                          [--examples PATTERN] [--sphinxopts "-n -W --keep-going"]
                          [--gallery-timeout 600] [--define NAME=VALUE ...]

First the gallery is planned (``_ext/gallery_records/plan.py``): an example
with no fresh record runs once on this machine (``tools/record.py
--local``), or, with ``RECORDS=require``, the build stops and names it.
``--examples`` runs the matching examples whatever their records say;
``--noplot`` runs none; an example running longer than
``--gallery-timeout`` seconds is stopped and fails the build. Then each language is a separate ``sphinx-build``
process with its own output (``_build/<builder>/<lang>``) and doctree
(``_build/doctrees/<builder>/<lang>``) folders, started side by side; they
execute nothing. The last writes the gallery pages, the others wait for it
(``_ext/gallery_records/order.py``). Every process's exit status is checked:
one failing language fails the build, and its environment is dropped so
that the next build reports the same warnings again.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LANGUAGES = ["en", "ja"]
sys.path.insert(0, str(ROOT / "_ext"))

sys.path.insert(0, str(ROOT / "tools"))

from gallery_records import plan as planning  # noqa: E402
from gallery_records.store import RecordError  # noqa: E402
import uptodate  # noqa: E402
from sphinx_cli import SPHINXOPTS, drop_environment, sphinx_command  # noqa: E402


def prepare_gallery(build_dir: Path, pattern: str, noplot: bool, timeout: float | None = None) -> int:
    """Run what has to run before the languages render; print the gallery line."""
    require = os.environ.get("RECORDS", "") == "require"
    try:
        plans = planning.make_plan(ROOT, build_dir / "records", pattern, require)
    except RecordError as exc:
        print(f"gallery: {exc}", file=sys.stderr)
        return 1
    if require and (refused := planning.refusal(plans, ROOT)):
        print(f"gallery: {refused}", file=sys.stderr)
        return 1
    to_run = [] if noplot else [p.name for p in plans if p.run]
    if to_run:
        if subprocess.run(planning.record_command(ROOT, build_dir, to_run, timeout), cwd=ROOT).returncode != 0:
            print("gallery: an example failed to run (see above); nothing was built", file=sys.stderr)
            return 1
        plans = planning.make_plan(ROOT, build_dir / "records", "", require)
    print(planning.summary(plans, set(to_run)), flush=True)
    return 0


def language_command(builder: str, lang: str, build_dir: Path, opts: list[str]) -> list[str]:
    # An environment serves one builder and one language.
    doctrees = build_dir / "doctrees" / builder / lang
    return sphinx_command(builder, build_dir / builder / lang, doctrees, language=lang, opts=opts)


def _pump(proc: subprocess.Popen, prefix: str, lock: threading.Lock) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        with lock:
            sys.stdout.write(f"{prefix} {line}")
            sys.stdout.flush()


def build(
    builder: str, languages: list[str], opts: list[str], noplot: bool, build_dir: Path, pattern: str = "",
    timeout: float | None = None,
) -> int:
    build_dir = build_dir.resolve()
    if builder != "gettext" and prepare_gallery(build_dir, pattern, noplot, timeout) != 0:
        return 1
    # A language whose last successful build saw these very inputs is skipped.
    prints = {lang: uptodate.fingerprint(ROOT, build_dir, language_command(builder, lang, build_dir, opts)) for lang in languages}
    current = [lang for lang in languages
               if uptodate.is_current(build_dir / "doctrees" / builder / lang, build_dir / builder / lang, prints[lang])]  # fmt: skip
    for lang in current:
        print(f"{builder} [{lang}]: up to date (no input changed since its last build) -> {build_dir / builder / lang}")
    languages = [lang for lang in languages if lang not in current]
    if not languages:
        if builder == "html":
            copy_root_files(build_dir / builder)
        return 0
    lock = threading.Lock()
    marker_dir = Path(tempfile.mkdtemp(prefix="site-gallery-"))
    marker = marker_dir / "gallery.json"
    procs: dict[str, subprocess.Popen] = {}
    started = time.monotonic()
    try:
        for i, lang in enumerate(languages):
            env = dict(os.environ, PYTHONUNBUFFERED="1", SITE_GALLERY_PLANNED="1", SITE_BUILD_DIR=str(build_dir))
            lang_opts = list(opts)
            if builder != "gettext" and os.environ.get("RECORDS", "") == "require":
                # Every page's snippets must be proven by a doctest record (_ext/snippets/proof_line.py).
                lang_opts += ["-D", "records_require=1"]
            # One build writes the gallery pages, the others wait, then read them.
            # The last language writes: a translated build is the slower one, so
            # it starts at once and the faster ones wait.
            env["SITE_GALLERY_ROLE"] = "run" if i == len(languages) - 1 else "wait"
            env["SITE_GALLERY_MARKER"] = str(marker)
            procs[lang] = subprocess.Popen(
                language_command(builder, lang, build_dir, lang_opts),
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, encoding="utf-8", errors="replace",
            )  # fmt: skip
        pumps = [
            threading.Thread(target=_pump, args=(p, f"[{lang}]", lock), daemon=True)
            for lang, p in procs.items()
        ]
        for t in pumps:
            t.start()
        runner = procs[languages[-1]]
        results: dict[str, tuple[int, float]] = {}
        while len(results) < len(procs):
            for lang, proc in procs.items():
                if lang not in results and proc.poll() is not None:
                    results[lang] = (proc.returncode, time.monotonic() - started)
            if runner.poll() is not None and not marker.exists():
                # The gallery build ended before it could report: release the
                # waiting builds with a failure rather than leaving them hanging.
                marker.write_text(
                    json.dumps({"ok": False, "reason": f"the {languages[-1]} build exited early"}),
                    encoding="utf-8",
                )
            time.sleep(0.05)
        for t in pumps:
            t.join()
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
        shutil.rmtree(marker_dir, ignore_errors=True)

    failed = [lang for lang, (code, _) in results.items() if code != 0]
    for lang in languages:
        code, seconds = results[lang]
        state = "ok" if code == 0 else f"FAILED (exit status {code})"
        print(f"{builder} [{lang}]: {state} in {seconds:.1f} s -> {build_dir / builder / lang}")
    if builder == "html" and not failed:
        copy_root_files(build_dir / builder)
    for lang in languages:
        doctrees = build_dir / "doctrees" / builder / lang
        if lang in failed:
            uptodate.forget(doctrees)
        else:
            uptodate.remember(doctrees, prints[lang])
    if failed:
        for lang in failed:
            # Sphinx re-reads only changed pages and would not repeat this
            # build's warnings: without its environment, the next one does.
            drop_environment(build_dir / "doctrees" / builder / lang)
        print(f"{builder}: the build failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def copy_root_files(html_root: Path) -> None:
    """The pages that sit above the languages (the language chooser)."""
    root_pages = ROOT / "docs" / "_root"
    for src in sorted(root_pages.iterdir()) if root_pages.is_dir() else []:
        if src.is_file():
            shutil.copy2(src, html_root / src.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builder", default="html")
    parser.add_argument("--languages", nargs="+", default=DEFAULT_LANGUAGES)
    parser.add_argument("--noplot", action="store_true", help="run no gallery example, even one without a record")
    parser.add_argument("--examples", default="", help="run the examples whose name matches this regular expression")
    parser.add_argument("--sphinxopts", default=SPHINXOPTS, help=f"sphinx-build options (default: {SPHINXOPTS})")
    parser.add_argument("--build-dir", default=str(ROOT / "_build"))
    parser.add_argument("--gallery-timeout", type=float, help="seconds an example may run (default 600)")
    parser.add_argument("--define", action="append", default=[], metavar="NAME=VALUE",
                        help="a config value for every language (sphinx-build -D); may be repeated")  # fmt: skip
    args = parser.parse_args(argv)
    if args.gallery_timeout is not None and args.gallery_timeout <= 0:
        parser.error(f"--gallery-timeout must be a number of seconds above 0, not {args.gallery_timeout:g}")
    opts = shlex.split(args.sphinxopts) + [arg for pair in args.define for arg in ("-D", pair)]
    return build(
        args.builder, args.languages, opts, args.noplot, Path(args.build_dir), args.examples, args.gallery_timeout,
    )


if __name__ == "__main__":
    sys.exit(main())
