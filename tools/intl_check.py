"""Check the translation catalogs: the gate behind ``make intl-check``.

    python tools/intl_check.py [--gettext] [--pot-dir DIR] [--todo]
                               [--locale-dir locale] [--language ja]

Reads every catalog under ``locale/<language>/LC_MESSAGES/`` and the
interface catalog ``locale/interface/<language>/LC_MESSAGES/sphinx.po`` with
polib and never writes one. Prints a table, one row per page (messages, translated,
fuzzy, untranslated), then every problem, one a line::

    locale/ja/LC_MESSAGES/tensors.po:52: markup: lost `x`: msgid "Adding two tensors..."

``path:line`` is the entry (its first line) or, for problems of a whole
file, its header. The check fails (exit status 1) when

* an entry is untranslated or fuzzy (obsolete entries and the header do
  not count);
* ``msgfmt --check`` reports anything, warnings included: broken quoting, a
  bad header, plural forms that do not match the header;
* the header does not name the catalog's language, UTF-8 and a valid
  ``Plural-Forms``, or is still marked fuzzy;
* a translation loses or invents markup of its msgid: a role or reference
  and its target (the visible text of ``{doc}`Title <target>``` may change,
  the target may not), an inline literal, a link's URL, math, a
  substitution;
* a translation holds raw HTML (in its text, a link's text or title, or a
  reference's title), a ``raw`` directive or role;
* a translation of a reST page links to a target its English lacks or to a
  scheme other than http, https and mailto; an entry of a page catalog has
  no ``#:`` line;
* an interface translation holds a ``<``, ``>``, ``"`` or ``&`` its msgid
  lacks (the theme prints these strings into attributes and scripts).

A message of a MyST page's catalog is read with MyST's own markdown-it
parser, one of a reST page's (the gallery) as reST; the page is the
catalog's path, not its ``#:`` comments (``_ext/translation/markup.py``). The jobs
live in their own modules: ``intl_catalog`` (msgfmt, header, entries),
``intl_english`` (staleness, msgid stability) and ``intl_report`` (output).
* with ``--pot-dir DIR``: a catalog is out of step with the English
  message templates in DIR (run ``make intl-update``);
* with ``--gettext``: the English text is extracted twice, side by side, in
  conditions that differ the way two real runs can (time zone, so the local
  date; folder, so absolute paths; hash seed, so set order), and a msgid
  that is not the same in both is reported: it would change the catalogs on
  every run. The first run's templates are then used as with ``--pot-dir``.

``--todo`` prints what is left to translate instead, page by page, and
exits 0. Exit status 2 means the check itself could not run (no msgfmt,
the gettext builder failed).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

from intl_catalog import read_catalog
from intl_english import read_templates, run_gettext_twice, stability_problems, staleness_problems
from intl_report import ROOT, Problem, print_table, print_todo
from sphinx_cli import SPHINXOPTS


def myst_extensions() -> tuple[str, ...]:
    """The MyST extensions conf.py enables, so messages parse as on the pages."""
    import runpy

    return tuple(sorted(runpy.run_path(str(ROOT / "conf.py")).get("myst_enable_extensions", ())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locale-dir", type=Path, default=ROOT / "locale")
    parser.add_argument("--language", action="append", help="check only this language (default: every one)")
    parser.add_argument("--pot-dir", type=Path, help="also compare the catalogs with these message templates")
    parser.add_argument("--gettext", action="store_true",
                        help="extract the English twice, check the msgids are stable, compare the catalogs")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build")
    parser.add_argument("--sphinxopts", default=SPHINXOPTS)
    parser.add_argument("--todo", action="store_true", help="list what is left to translate; never fails")
    args = parser.parse_args(argv)

    languages = args.language or sorted(p.name for p in args.locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir())
    problems: list[Problem] = []
    unstable: list[Problem] = []
    runs = None
    templates = read_templates(args.pot_dir, ROOT) if args.pot_dir else None
    with tempfile.TemporaryDirectory(prefix="intl-check-") as tmp:
        if args.gettext:
            runs = run_gettext_twice(args.build_dir.resolve(), shlex.split(args.sphinxopts), Path(tmp))
            templates = read_templates(runs[0].pot_dir, runs[0].root)
            unstable = [
                p for language in languages
                for p in stability_problems(*runs, args.locale_dir / language / "LC_MESSAGES")
            ]  # fmt: skip

    extensions = myst_extensions()
    for language in languages:
        locale_root = args.locale_dir / language / "LC_MESSAGES"
        found = [read_catalog(p, locale_root, language, extensions) for p in sorted(locale_root.rglob("*.po"))]
        stale = staleness_problems({c.page: c for c in found}, templates, locale_root) if templates else []
        if args.todo:
            print_table(language, locale_root, found)
            print_todo(found, stale)
            continue
        print_table(language, locale_root, found)
        problems += [p for c in found for p in c.problems] + stale
        interface_root = args.locale_dir / "interface" / language / "LC_MESSAGES"
        for path in sorted(interface_root.glob("*.po")):
            problems += read_catalog(path, interface_root, language, extensions).problems
    if args.todo:
        return 0
    problems += unstable
    print()
    for problem in problems:
        print(problem)
    checked = "catalogs" + (", the catalogs against the English" if templates else "")
    checked += ", msgid stability" if runs else ""
    if problems:
        files = len({p.path for p in problems})
        print(f"intl-check: {len(problems)} problem(s) in {files} file(s)")
        return 1
    print(f"intl-check: ok ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
