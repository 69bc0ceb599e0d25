"""The catalogs against the English: stale catalogs, and msgids that change between runs.

The English message templates come from Sphinx's gettext builder, run twice
side by side with ``--gettext`` (see ``RUN_ENV``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

from intl_catalog import Catalog, header_line_of
from intl_report import ROOT, Problem, display, short
from sphinx_cli import sphinx_command


def _location(occurrence_file: str, pot_dir: Path, site_root: Path) -> str:
    # Sphinx writes source paths relative to the output folder.
    path = Path(os.path.normpath(pot_dir / occurrence_file))
    try:
        return path.relative_to(site_root).as_posix()
    except ValueError:
        return path.as_posix()


def read_templates(pot_dir: Path, site_root: Path) -> dict[str, dict[str, str]]:
    """page -> {msgid: "file:line" of its first occurrence} from the .pot files."""
    templates = {}
    for pot_path in sorted(pot_dir.rglob("*.pot")):
        page = pot_path.relative_to(pot_dir).with_suffix("").as_posix()
        messages = {}
        for entry in polib.pofile(str(pot_path), wrapwidth=0):
            where = ""
            if entry.occurrences:
                file, line = entry.occurrences[0]
                where = _location(file, pot_dir, site_root) + (f":{line}" if line else "")
            messages[entry.msgid] = where
        templates[page] = messages
    return templates


def staleness_problems(
    catalogs_by_page: dict[str, Catalog], templates: dict[str, dict[str, str]], locale_root: Path
) -> list[Problem]:
    problems = []
    for page in sorted(set(templates) | set(catalogs_by_page)):
        catalog = catalogs_by_page.get(page)
        if page not in templates:
            if catalog is not None:
                problems.append(Problem(
                    display(catalog.path), 1, "stale", f"no page {page!r} in the English source; delete the catalog"
                ))  # fmt: skip
            continue
        if catalog is None:
            problems.append(Problem(
                display(locale_root / f"{page}.po"), 1, "stale",
                "no catalog for this page: run make intl-update, then translate it",
            ))  # fmt: skip
            continue
        if catalog.po is None:
            continue
        current = {e.msgid: e for e in catalog.po if not e.obsolete}
        for msgid, where in templates[page].items():
            if msgid not in current:
                problems.append(Problem(
                    display(catalog.path), catalog.header_line, "stale",
                    f"English text not in the catalog ({where}): run make intl-update", msgid,
                ))  # fmt: skip
        for msgid, entry in current.items():
            if msgid not in templates[page]:
                problems.append(Problem(
                    display(catalog.path), entry.linenum or 1, "stale",
                    "no longer in the English source: run make intl-update", msgid,
                ))  # fmt: skip
    return problems


# -- msgids that change from run to run -----------------------------------------


def _gettext_command(srcroot: Path, outdir: Path, doctrees: Path, sphinxopts: list[str]) -> list[str]:
    return sphinx_command("gettext", outdir, doctrees, opts=sphinxopts, root=srcroot)


# Two runs differ the way two real runs can: the first sees a time zone
# fourteen hours east of UTC, the second twelve hours west, so their local
# dates always differ (26 hours apart); the second runs from another folder
# and with another hash seed.
RUN_ENV = ({"TZ": "UTC-14", "PYTHONHASHSEED": "0"}, {"TZ": "UTC+12", "PYTHONHASHSEED": "1"})


@dataclass(frozen=True)
class Run:
    root: Path  # the site the run read
    pot_dir: Path  # where it wrote the templates


def run_gettext_twice(build_dir: Path, sphinxopts: list[str], tmp: Path) -> tuple[Run, Run]:
    """Extract the English messages twice, side by side (the second in a copy under tmp)."""
    from sitecopy import copy_site

    first = Run(ROOT, build_dir / "intl-check" / "gettext")
    copy = copy_site(tmp / "site")
    second = Run(copy, copy / "_build" / "intl-check" / "gettext")
    doctrees = [build_dir / "intl-check" / "doctrees", copy / "_build" / "intl-check" / "doctrees"]
    for path in (first.pot_dir, doctrees[0]):
        shutil.rmtree(path, ignore_errors=True)  # a cached environment would not read the pages again

    procs = []
    for run, doctree_dir, extra in zip((first, second), doctrees, RUN_ENV):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env.update(extra)
        procs.append(subprocess.Popen(
            _gettext_command(run.root, run.pot_dir, doctree_dir, sphinxopts), cwd=run.root, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
        ))  # fmt: skip
    failed = False
    for proc in procs:
        output, _ = proc.communicate()
        if proc.returncode != 0:
            failed = True
            print(output[-4000:], file=sys.stderr)
    if failed:
        print("intl-check: the gettext builder failed (see above)", file=sys.stderr)
        raise SystemExit(2)
    return first, second


def stability_problems(first: Run, second: Run, locale_root: Path) -> list[Problem]:
    problems = []
    a = read_templates(first.pot_dir, first.root)
    b = read_templates(second.pot_dir, second.root)
    for page in sorted(set(a) | set(b)):
        only_a = {m: w for m, w in a.get(page, {}).items() if m not in b.get(page, {})}
        only_b = {m: w for m, w in b.get(page, {}).items() if m not in a.get(page, {})}
        by_place = {w: m for m, w in only_b.items()}
        po_path = locale_root / f"{page}.po"
        po, line = display(po_path), header_line_of(po_path)
        for msgid, where in only_a.items():
            other = by_place.pop(where, None)
            detail = f"msgid differs between two runs of the gettext builder, at {where}"
            if other is not None:
                detail += f"; the other run gave {short(other)}"
            problems.append(Problem(po, line, "unstable", detail, msgid))
        for where, msgid in by_place.items():
            problems.append(Problem(
                po, line, "unstable", f"msgid appears in only one of two runs of the gettext builder, at {where}", msgid
            ))  # fmt: skip
    return problems
