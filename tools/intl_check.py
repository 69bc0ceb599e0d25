"""Check the translation catalogs: the gate behind ``make intl-check``.

    python tools/intl_check.py [--gettext] [--pot-dir DIR] [--todo]
                               [--locale-dir locale] [--language ja]

Reads every catalog under ``locale/<language>/LC_MESSAGES/`` with polib and
never writes one. Prints a table, one row per page (messages, translated,
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
* a translation holds raw HTML, a ``raw`` directive or role, or ``<script>``;
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
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

import i18n_catalogs as catalogs  # noqa: E402

# -- problems ------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    kind: str
    detail: str
    msgid: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.kind}: {self.detail}"
        if self.msgid is not None:
            text += f": msgid {_short(self.msgid)}"
        return text


def _short(msgid: str, width: int = 72) -> str:
    one_line = " ".join(msgid.split())
    if len(one_line) > width:
        one_line = one_line[: width - 1] + "…"
    return '"' + one_line.replace('"', '\\"') + '"'


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


# -- markup in a message -------------------------------------------------------
# These expressions read message strings (a msgid or a msgstr), never .po text.

MYST_ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w.:+-]*)\}(?P<ticks>`+)(?P<body>.+?)(?P=ticks)", re.S)
REST_ROLE = re.compile(r"(?<![\w\\]):(?P<name>[A-Za-z][\w.:+-]*):`(?P<body>[^`]+)`(?!`)")
REST_LINK = re.compile(r"`(?P<text>[^`<]*?)\s*<(?P<url>[^`<>]+)>`__?")
REST_REF = re.compile(r"`(?P<name>[^`<>]+)`__?")
LITERAL2 = re.compile(r"``(?P<body>[^`]+(?:`[^`]+)*)``")
LITERAL1 = re.compile(r"`(?P<body>[^`]+)`")
MD_LINK = re.compile(r"!?\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<url>[^()\s]+)(?:\s+\"[^\"]*\")?\)")
MD_REF_LINK = re.compile(r"!?\[(?P<text>[^\[\]]+)\]\[(?P<label>[^\[\]]+)\]")
AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^<>\s]+)>")
MATH2 = re.compile(r"\$\$(?P<body>.+?)\$\$", re.S)
MATH1 = re.compile(r"(?<![\\$\w])\$(?=[^\s$])(?P<body>(?:[^$\\]|\\.)+?)(?<=[^\s\\])\$(?![\d$])")
SUBSTITUTION = re.compile(r"(?<![\w|\\])\|(?P<name>[^\s|](?:[^|]*[^\s|])?)\|(?:__?)?(?![\w|])")
MYST_SUBSTITUTION = re.compile(r"\{\{\s*(?P<name>[^{}]+?)\s*\}\}")
BARE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+")
EXPLICIT_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
SCRIPT = re.compile(r"<\s*script\b", re.I)
SCRIPT_TAG = re.compile(r"<\s*/?\s*script\b", re.I)
RAW_DIRECTIVE = re.compile(r"(?:^|\s)\.\.\s+raw\s*::|```+\s*\{raw\}|:::+\s*\{raw\}")

# Roles whose whole content must stay as it is (it is code or math, not a
# title with a target).
VERBATIM_ROLES = {"math", "eq", "code", "kbd", "samp", "literal", "abbr", "file", "command"}
RAW_ROLES = re.compile(r"^raw(?:-\w+)?$")
_MASK = "\x00"


@dataclass
class Markup:
    # what must be kept, as (kind, key) pairs, with how each was written
    items: Counter = field(default_factory=Counter)
    written: dict = field(default_factory=dict)
    raw_roles: list = field(default_factory=list)
    rest: str = ""  # the message with all markup masked out

    def add(self, kind: str, key: str, text: str) -> None:
        self.items[(kind, key)] += 1
        self.written.setdefault((kind, key), text)


def _role_key(name: str, body: str) -> str:
    if name.split(":")[-1] in VERBATIM_ROLES:
        return body
    match = EXPLICIT_TARGET.match(body)
    return match.group("target").strip() if match else body.strip()


def markup(message: str) -> Markup:
    """The markup a translation must keep: roles, literals, links, math, ..."""
    found = Markup()
    text = message

    def take(pattern: re.Pattern, kind: str, key) -> None:
        nonlocal text

        def mask(match: re.Match) -> str:
            found.add(kind, key(match), match.group(0))
            return _MASK

        text = pattern.sub(mask, text)

    def myst_role(m: re.Match) -> str:
        if RAW_ROLES.match(m.group("name")):
            found.raw_roles.append(m.group(0))
        return f"{{{m.group('name')}}} {_role_key(m.group('name'), m.group('body'))}"

    def rest_role(m: re.Match) -> str:
        if RAW_ROLES.match(m.group("name")):
            found.raw_roles.append(m.group(0))
        return f":{m.group('name')}: {_role_key(m.group('name'), m.group('body'))}"

    take(MYST_ROLE, "role", myst_role)
    take(REST_ROLE, "role", rest_role)
    take(REST_LINK, "link", lambda m: m.group("url").strip())
    take(REST_REF, "reference", lambda m: m.group(0))
    take(LITERAL2, "literal", lambda m: m.group(0))
    take(LITERAL1, "literal", lambda m: m.group(0))
    take(MD_LINK, "link", lambda m: m.group("url"))
    take(MD_REF_LINK, "reference", lambda m: m.group("label"))
    take(AUTOLINK, "link", lambda m: m.group("url"))
    take(MATH2, "math", lambda m: m.group("body").strip())
    take(MATH1, "math", lambda m: m.group("body").strip())
    take(SUBSTITUTION, "substitution", lambda m: m.group("name"))
    take(MYST_SUBSTITUTION, "substitution", lambda m: m.group("name"))
    take(BARE_URL, "link", lambda m: m.group(0).rstrip(".,;:!?"))
    found.rest = text
    return found


def markup_problems(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """(kind, detail) for every markup difference and raw content in msgstr."""
    source, target = markup(msgid), markup(msgstr)
    out: list[tuple[str, str]] = []
    lost = source.items - target.items
    invented = target.items - source.items
    for key, n in sorted(lost.items()):
        out += [("markup", f"lost {source.written[key]}")] * n
    for key, n in sorted(invented.items()):
        out += [("markup", f"invented {target.written[key]}")] * n
    for role in target.raw_roles:
        out.append(("raw", f"raw role in translation: {role}"))
    if RAW_DIRECTIVE.search(target.rest):
        out.append(("raw", "raw directive in translation"))
    if SCRIPT.search(target.rest):
        out.append(("raw", "<script> in translation"))
    html_invented = Counter(HTML_TAG.findall(target.rest)) - Counter(HTML_TAG.findall(source.rest))
    for tag in sorted(html_invented):
        if not SCRIPT_TAG.match(tag):  # reported above
            out.append(("raw", f"raw HTML in translation: {tag}"))
    return out


# -- one catalog ---------------------------------------------------------------


@dataclass
class Catalog:
    path: Path
    page: str
    header_line: int = 1
    po: polib.POFile | None = None  # None when the file cannot be trusted
    problems: list[Problem] = field(default_factory=list)

    @property
    def counts(self) -> catalogs.Counts | None:
        return catalogs.counts(self.po) if self.po is not None else None


MSGFMT_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<message>.*)$")
MSGFMT_SUMMARY = re.compile(r"^\S*msgfmt: found \d+ fatal errors?$")
MSGFMT_FILE_ONLY = re.compile(r"^(?P<file>.*?): (?P<message>(?:warning|error): .*)$")


def msgfmt_problems(path: Path, header_line: int) -> tuple[bool, list[Problem]]:
    """Run ``msgfmt --check``; returns (fatal, problems)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        print("intl-check: msgfmt not found; install GNU gettext (Debian: apt-get install gettext)", file=sys.stderr)
        raise SystemExit(2)
    result = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        env=dict(os.environ, LC_ALL="C", LANGUAGE=""),
    )  # fmt: skip
    problems: list[Problem] = []
    shown = _display(path)
    for line in result.stderr.splitlines():
        if not line.strip() or MSGFMT_SUMMARY.match(line):
            continue
        if line[:1].isspace() and problems:  # continuation of the previous message
            last = problems.pop()
            problems.append(Problem(last.path, last.line, last.kind, f"{last.detail} {line.strip()}"))
            continue
        match = MSGFMT_LINE.match(line)
        if match and match.group("file") == str(path):
            number, message = int(match.group("line")), match.group("message")
            if message == "end-of-line within string":
                number -= 1  # msgfmt counts the newline that ends the string first
            problems.append(Problem(shown, number, "msgfmt", message))
            continue
        match = MSGFMT_FILE_ONLY.match(line)
        message = match.group("message") if match and match.group("file") == str(path) else line.strip()
        problems.append(Problem(shown, header_line, "msgfmt", message))
    if result.returncode != 0 and not problems:
        problems.append(Problem(shown, header_line, "msgfmt", f"failed with exit status {result.returncode}"))
    return result.returncode != 0, problems


def _header_line(path: Path) -> int:
    """The line of the header entry's msgid (1 if there is none).

    Only to point at the header in messages; the catalog is read by polib.
    """
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                if line.strip() == 'msgid ""':
                    return number
    except OSError:
        pass
    return 1


PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(?P<n>\d+)\s*;\s*plural\s*=\s*(?P<expr>[^;]+);?\s*$")
CHARSET = re.compile(r"charset\s*=\s*(?P<charset>[\w.-]+)", re.I)


def header_problems(po: polib.POFile, language: str, shown: str, line: int) -> tuple[list[Problem], int | None]:
    problems = []
    meta = po.metadata
    if po.metadata_is_fuzzy:
        problems.append(Problem(shown, line, "header", "the header is marked fuzzy: fill it in and remove the flag"))
    if meta.get("Language", "").replace("-", "_") != language:
        problems.append(
            Problem(shown, line, "header", f"Language is {meta.get('Language', '')!r}, not {language!r}")
        )
    charset = CHARSET.search(meta.get("Content-Type", ""))
    if not charset or charset.group("charset").lower().replace("-", "") != "utf8":
        problems.append(Problem(shown, line, "header", "Content-Type must say charset=UTF-8"))
    nplurals = None
    match = PLURAL_FORMS.match(meta.get("Plural-Forms", ""))
    if match is None:
        problems.append(
            Problem(shown, line, "header", f"Plural-Forms is not valid: {meta.get('Plural-Forms', '(missing)')!r}")
        )
    else:
        nplurals = int(match.group("n"))
    return problems, nplurals


def read_catalog(path: Path, locale_root: Path, language: str) -> Catalog:
    page = path.relative_to(locale_root).with_suffix("").as_posix()
    catalog = Catalog(path, page)
    shown = _display(path)
    line = catalog.header_line = _header_line(path)
    fatal, catalog.problems = msgfmt_problems(path, line)
    if fatal:
        return catalog  # polib reads some broken files without a word; do not trust it
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        where = re.search(r"\(line (\d+)\)", str(err))
        catalog.problems.append(
            Problem(shown, int(where.group(1)) if where else line, "syntax", f"cannot read the catalog: {err}")
        )
        return catalog
    catalog.po = po
    problems, nplurals = header_problems(po, language, shown, line)
    catalog.problems += problems
    for entry in po:
        if entry.obsolete:
            continue
        where = entry.linenum or line
        if entry.fuzzy:
            catalog.problems.append(Problem(shown, where, "fuzzy", "needs checking", entry.msgid))
            continue
        if not entry.translated():
            catalog.problems.append(Problem(shown, where, "untranslated", "no translation", entry.msgid))
            continue
        if entry.msgid_plural:
            if nplurals is not None and len(entry.msgstr_plural) != nplurals:
                catalog.problems.append(Problem(
                    shown, where, "plural",
                    f"{len(entry.msgstr_plural)} plural forms, the header says {nplurals}", entry.msgid,
                ))  # fmt: skip
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for msgstr in translations:
            for kind, detail in markup_problems(entry.msgid, msgstr):
                catalog.problems.append(Problem(shown, where, kind, detail, entry.msgid))
    return catalog


# -- catalogs against the English ------------------------------------------------


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
                    _display(catalog.path), 1, "stale", f"no page {page!r} in the English source; delete the catalog"
                ))  # fmt: skip
            continue
        if catalog is None:
            problems.append(Problem(
                _display(locale_root / f"{page}.po"), 1, "stale",
                "no catalog for this page: run make intl-update, then translate it",
            ))  # fmt: skip
            continue
        if catalog.po is None:
            continue
        current = {e.msgid: e for e in catalog.po if not e.obsolete}
        for msgid, where in templates[page].items():
            if msgid not in current:
                problems.append(Problem(
                    _display(catalog.path), catalog.header_line, "stale",
                    f"English text not in the catalog ({where}): run make intl-update", msgid,
                ))  # fmt: skip
        for msgid, entry in current.items():
            if msgid not in templates[page]:
                problems.append(Problem(
                    _display(catalog.path), entry.linenum or 1, "stale",
                    "no longer in the English source: run make intl-update", msgid,
                ))  # fmt: skip
    return problems


# -- msgids that change from run to run -----------------------------------------


def _gettext_command(srcroot: Path, outdir: Path, doctrees: Path, sphinxopts: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "sphinx", "-b", "gettext", "-c", str(srcroot),
        "-d", str(doctrees), "-D", "plot_gallery=0", *sphinxopts,
        str(srcroot / "docs"), str(outdir),
    ]  # fmt: skip


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
        po, line = _display(po_path), _header_line(po_path)
        for msgid, where in only_a.items():
            other = by_place.pop(where, None)
            detail = f"msgid differs between two runs of the gettext builder, at {where}"
            if other is not None:
                detail += f"; the other run gave {_short(other)}"
            problems.append(Problem(po, line, "unstable", detail, msgid))
        for where, msgid in by_place.items():
            problems.append(Problem(
                po, line, "unstable", f"msgid appears in only one of two runs of the gettext builder, at {where}", msgid
            ))  # fmt: skip
    return problems


# -- output --------------------------------------------------------------------


def print_table(language: str, locale_root: Path, catalogs_found: list[Catalog]) -> None:
    print(f"Catalogs for {language!r} in {_display(locale_root)}/")
    headings = ("page", "messages", "translated", "fuzzy", "untranslated", "done")
    rows = []
    total = catalogs.Counts()
    for catalog in catalogs_found:
        counts = catalog.counts
        if counts is None:
            rows.append((catalog.page, "-", "-", "-", "-", "unreadable"))
            continue
        total += counts
        rows.append((
            catalog.page, str(counts.total), str(counts.translated), str(counts.fuzzy),
            str(counts.untranslated), f"{counts.done}%",
        ))  # fmt: skip
    rows.append(("total", str(total.total), str(total.translated), str(total.fuzzy),
                 str(total.untranslated), f"{total.done}%"))  # fmt: skip
    widths = [max(len(str(r[i])) for r in (headings, *rows)) for i in range(len(headings))]
    line = "  ".join(h.ljust(widths[0]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(headings))
    print(line)
    print("-" * len(line))
    for n, row in enumerate(rows):
        if n == len(rows) - 1:
            print("-" * len(line))
        print("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))


def print_todo(catalogs_found: list[Catalog], stale: list[Problem]) -> None:
    left = 0
    for catalog in catalogs_found:
        if catalog.po is None:
            print(f"\n{catalog.page} ({_display(catalog.path)}): cannot be read; run make intl-check")
            continue
        entries = [e for e in catalog.po if not e.obsolete and (e.fuzzy or not e.translated())]
        if not entries:
            continue
        counts = catalog.counts
        print(f"\n{catalog.page} ({_display(catalog.path)}): "
              f"{counts.untranslated} untranslated, {counts.fuzzy} fuzzy")  # fmt: skip
        for entry in entries:
            left += 1
            state = "fuzzy" if entry.fuzzy else "untranslated"
            print(f"  line {entry.linenum}, {state}: {entry.msgid}")
            if entry.fuzzy and entry.previous_msgid:
                print(f"    (the English was: {entry.previous_msgid})")
    if stale:
        print("\nThe catalogs are behind the English source; run make intl-update first:")
        for problem in stale:
            print(f"  {problem}")
    if not left and not stale:
        print("\nNothing left to translate.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locale-dir", type=Path, default=ROOT / "locale")
    parser.add_argument("--language", action="append", help="check only this language (default: every one)")
    parser.add_argument("--pot-dir", type=Path, help="also compare the catalogs with these message templates")
    parser.add_argument("--gettext", action="store_true",
                        help="extract the English twice, check the msgids are stable, compare the catalogs")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build")
    parser.add_argument("--sphinxopts", default="-n -W --keep-going")
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

    for language in languages:
        locale_root = args.locale_dir / language / "LC_MESSAGES"
        found = [read_catalog(p, locale_root, language) for p in sorted(locale_root.rglob("*.po"))]
        stale = staleness_problems({c.page: c for c in found}, templates, locale_root) if templates else []
        if args.todo:
            print_table(language, locale_root, found)
            print_todo(found, stale)
            continue
        print_table(language, locale_root, found)
        problems += [p for c in found for p in c.problems] + stale
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
