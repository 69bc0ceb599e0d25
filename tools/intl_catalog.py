"""One catalog on its own: its syntax (GNU msgfmt), its header, its entries.

Reads the catalog with polib only when ``msgfmt --check`` finds no fatal
error, since polib reads some broken files without a word. Each entry's
markup is compared with its msgid by ``i18n_markup``, with the parser of the
page the message comes from.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

from intl_report import Problem, display

from translation import catalogs
from translation import markup as i18n_markup


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


def msgfmt_problems(path: Path, header_line: int) -> tuple[bool, list[Problem]]:
    """Run ``msgfmt --check``; returns (fatal, problems)."""
    checked = catalogs.msgfmt_check(path, header_line)
    if checked is None:
        print("intl-check: msgfmt not found; install GNU gettext (Debian: apt-get install gettext)", file=sys.stderr)
        raise SystemExit(2)
    status, found = checked
    return status != 0, [Problem(display(path), line, "msgfmt", message) for line, message in found]


def header_line_of(path: Path) -> int:
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


def read_catalog(
    path: Path, locale_root: Path, language: str, extensions=i18n_markup.DEFAULT_EXTENSIONS, srcdir: Path | None = None
) -> Catalog:
    """Check one catalog; its messages are read as its page is (``srcdir/<page>.md`` is MyST)."""
    page = path.relative_to(locale_root).with_suffix("").as_posix()
    syntax = i18n_markup.catalog_syntax(page, srcdir if srcdir is not None else Path(__file__).resolve().parent.parent / "docs")
    catalog = Catalog(path, page)
    shown = display(path)
    line = catalog.header_line = header_line_of(path)
    fatal, catalog.problems = msgfmt_problems(path, line)
    if fatal:
        return catalog  # polib reads some broken files without a word; do not trust it
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        catalog.problems.append(
            Problem(shown, catalogs.error_line(err, line), "syntax", f"cannot read the catalog: {err}")
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
        for kind, detail in i18n_markup.entry_problems(entry, syntax):
            catalog.problems.append(Problem(shown, where, kind, detail, entry.msgid))
        for msgstr in translations:
            for kind, detail in i18n_markup.markup_problems(entry.msgid, msgstr, syntax, extensions):
                catalog.problems.append(Problem(shown, where, kind, detail, entry.msgid))
    return catalog
