"""Where a page's translation catalog is, and how complete it is.

Not an extension: a helper shared by the translation extensions
(``translation_notice``, ``translation_status``, ``translated_downloads``)
and by ``tools/intl_check.py``, so that the notice on a page, the status
page and the catalog gate all count the same way. Catalogs are read with
polib, never parsed by hand.

Counts leave out the header and obsolete (``#~``) entries. An entry is
*translated* when it has a translation and is not fuzzy, *fuzzy* when it is
flagged ``fuzzy`` (Sphinx does not use fuzzy translations, so the reader sees
the English), and *untranslated* otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib


@dataclass(frozen=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0

    def percent(self, part: int) -> int:
        """``part`` as a whole percentage of the total, rounded down.

        Rounding down keeps 199 of 200 from showing as 100%.
        """
        return part * 100 // self.total if self.total else 0

    @property
    def done(self) -> int:
        """Percent translated; a catalog with nothing to translate is done."""
        return self.percent(self.translated) if self.total else 100

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
        )


def domain(docname: str, compact: bool | str = False) -> str:
    """The catalog name of a page (what ``gettext_compact`` makes of it)."""
    if isinstance(compact, str):
        return compact
    return docname.partition("/")[0] if compact else docname


def catalog_path(
    srcdir: Path, locale_dirs: list[str], language: str, docname: str, compact: bool | str = False
) -> Path | None:
    """The ``.po`` file holding a page's messages, or None if there is none."""
    for locale_dir in locale_dirs:
        path = Path(srcdir, locale_dir, language, "LC_MESSAGES", domain(docname, compact) + ".po")
        if path.is_file():
            return path
    return None


def display(path: Path) -> str:
    """A path as the reader typed the command: relative to the working folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def error_line(err: Exception, default: int = 1) -> int:
    """The line polib names in a read error (it says "(line N)")."""
    where = re.search(r"\(line (\d+)\)", str(err))
    return int(where.group(1)) if where else default


def read(path: Path, logger=None) -> polib.POFile | None:
    """The catalog, or None (with a warning to ``logger``) if polib cannot read it."""
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        if logger is None:
            raise
        logger.warning(
            "cannot read the catalog: %s (make intl-check tells more)", err,
            location=f"{display(path)}:{error_line(err)}", type="i18n", subtype="catalog",
        )  # fmt: skip
        return None


# GNU msgfmt reports what polib and Babel read without a word (an unclosed
# quote, for one), so it is the judge of a catalog's syntax.
MSGFMT_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<message>.*)$")
MSGFMT_SUMMARY = re.compile(r"^\S*msgfmt: found \d+ fatal errors?$")
MSGFMT_FILE_ONLY = re.compile(r"^(?P<file>.*?): (?P<message>(?:warning|error): .*)$")


def msgfmt_check(path: Path, header_line: int = 1) -> tuple[int, list[tuple[int, str]]] | None:
    """``msgfmt --check`` of a catalog: (exit status, [(line, message)]), or None without msgfmt."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return None
    result = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        env=dict(os.environ, LC_ALL="C", LANGUAGE=""),
    )  # fmt: skip
    found: list[tuple[int, str]] = []
    for line in result.stderr.splitlines():
        if not line.strip() or MSGFMT_SUMMARY.match(line):
            continue
        if line[:1].isspace() and found:  # continuation of the previous message
            number, message = found.pop()
            found.append((number, f"{message} {line.strip()}"))
            continue
        match = MSGFMT_LINE.match(line)
        if match and match.group("file") == str(path):
            number, message = int(match.group("line")), match.group("message")
            if message == "end-of-line within string":
                number -= 1  # msgfmt counts the newline that ends the string first
            found.append((number, message))
            continue
        match = MSGFMT_FILE_ONLY.match(line)
        found.append((header_line, match.group("message") if match and match.group("file") == str(path) else line.strip()))
    if result.returncode != 0 and not found:
        found.append((header_line, f"failed with exit status {result.returncode}"))
    return result.returncode, found


def counts(po: polib.POFile) -> Counts:
    # polib leaves obsolete entries out of all three lists, and the header is
    # its metadata, not an entry.
    return Counts(
        translated=len(po.translated_entries()),
        fuzzy=len(po.fuzzy_entries()),
        untranslated=len(po.untranslated_entries()),
    )


def translations(po: polib.POFile) -> dict[str, str]:
    """msgid -> msgstr for the entries Sphinx uses (translated, not fuzzy)."""
    return {e.msgid: e.msgstr for e in po.translated_entries() if e.msgstr and not e.msgid_plural}


def add_source_language(app) -> None:
    """Declare ``translation_source_language`` (English unless conf.py says)."""
    if "translation_source_language" not in app.config:
        app.add_config_value("translation_source_language", "en", "env", types=[str])
