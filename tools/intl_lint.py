"""Lint the Japanese of every catalog with textlint: the gate behind ``make intl-lint``.

    python tools/intl_lint.py [CATALOG.po ...] [--locale-dir locale/ja/LC_MESSAGES]

Reads the catalogs with polib (never writes one) and copies the msgstrs of
each catalog into one temporary Markdown file, a paragraph per message, so
that textlint sees a page at a time (``no-mix-dearu-desumasu`` compares the
sentences of a page) and reads inline literals and the bodies of roles as
code, not prose. A message whose English does not end as a sentence does
(a title, a table cell, a label) becomes a heading, which need not end with
「。」. A msgstr equal to its msgid (math, code, a name) is left out.
textlint runs once over all the files with the project's ``.textlintrc.yml``
(``preset-ja-technical-writing`` and the spelling dictionary
``.textlint/prh.yml``). Each error is reported at the line of the catalog
that holds it, one a line::

    locale/ja/LC_MESSAGES/glossary.po:57: ja-technical-writing/max-ten: ...

The tool's own rules (``tools/intl_rules.py``) need the English or the
linked page beside the Japanese: ``doc-link-text`` (a ``{doc}`` link in a
Japanese sentence needs its own text), ``link-spacing`` (a space between
Japanese text and a link whose text, as the page shows it, is Japanese:
MyST needs no space there; reST takes an escaped space, backslash and
space, which it drops), ``alt-style`` (a figure's alt text in です・ます)
and ``term`` (既定 for "default", 次に読むもの for "Next", 自動微分 for
autograd). The count per catalog follows. Exit status
1 on any error, 2 when textlint could not run (``npm ci`` installs it).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

import intl_rules

ROOT = Path(__file__).resolve().parent.parent
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
CONFIG = ROOT / ".textlintrc.yml"


@dataclass
class Message:
    """Where a msgstr sits in the temporary file and in its catalog."""

    first_line: int  # 1-based line of the temporary file
    text: str
    msgid: str
    doc: str  # the page the catalog entry comes from (intl_rules.docname)
    prefix: str  # what the temporary file adds before the text
    chunk_lines: list[tuple[int, int]]  # (offset in msgstr, line in .po) of each quoted piece


def msgstr_chunks(po_lines: list[str], entry: polib.POEntry) -> list[tuple[int, int]]:
    """Offsets into the msgstr where each quoted line of the .po file starts."""
    i = entry.linenum - 1
    while not po_lines[i].startswith("msgstr "):
        i += 1
    chunks, offset = [], 0
    first = po_lines[i][len("msgstr ") :]
    pieces = [(i + 1, first)]
    j = i + 1
    while j < len(po_lines) and po_lines[j].startswith('"'):
        pieces.append((j + 1, po_lines[j]))
        j += 1
    for line_no, quoted in pieces:
        text = polib.unescape(quoted.strip()[1:-1])
        if text:
            chunks.append((offset, line_no))
        offset += len(text)
    return chunks or [(0, i + 1)]


def is_sentence(msgid: str) -> bool:
    """Whether the English ends as a sentence does, so the Japanese must end with 。.

    A question mark is left out: "What is PyTorch?" is a title, and its
    Japanese, 「PyTorch とは」, rightly has no 「。」.
    """
    return msgid.rstrip().endswith((".", ":"))


def extract(po_path: Path) -> tuple[str, list[Message]]:
    """The Markdown text textlint reads for one catalog, and where each message went."""
    po_lines = po_path.read_text(encoding="utf-8").split("\n")
    parts, messages, line = [], [], 1
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or not entry.msgid or entry.msgstr.strip() in ("", entry.msgid.strip()):
            continue  # nothing translated: math, code, names
        text = entry.msgstr.strip("\n")
        prefix = "" if is_sentence(entry.msgid) or "\n" in text else "# "
        doc = intl_rules.docname(entry.occurrences[0][0]) if entry.occurrences else po_path.stem
        messages.append(Message(line, text, entry.msgid, doc, prefix, msgstr_chunks(po_lines, entry)))
        parts.append(prefix + text)
        line += text.count("\n") + 2
    return "\n\n".join(parts) + "\n", messages


def po_line(messages: list[Message], line: int, column: int) -> int:
    """The catalog line of the character at (line, column) of the temporary file."""
    message = max((m for m in messages if m.first_line <= line), key=lambda m: m.first_line)
    rows = message.text.split("\n")
    row = min(line - message.first_line, len(rows) - 1)
    offset = sum(len(r) + 1 for r in rows[:row]) + max(column - 1 - (len(message.prefix) if row == 0 else 0), 0)
    return line_of_offset(message, offset)


def line_of_offset(message: Message, offset: int) -> int:
    """The catalog line that shows the character at offset of the msgstr."""
    return max((c for c in message.chunk_lines if c[0] <= offset), key=lambda c: c[0])[1]


def own_rules(message: Message, locale: Path) -> list[tuple[int, str, str]]:
    """The findings of tools/intl_rules.py in one message: (catalog line, rule, what)."""
    return [
        (line_of_offset(message, offset), rule, what)
        for offset, rule, what in intl_rules.check(message.msgid, message.text, message.doc, locale)
    ]


def run_textlint(files: list[Path]) -> list[dict]:
    if not TEXTLINT.exists():
        print(f"intl-lint: {TEXTLINT.relative_to(ROOT)} is missing; run `npm ci`", file=sys.stderr)
        sys.exit(2)
    cmd = [str(TEXTLINT), "--config", str(CONFIG), "--format", "json", *map(str, files)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout + done.stderr, file=sys.stderr)
        sys.exit(2)


def lint(catalogs: list[Path], locale: Path = intl_rules.LOCALE) -> list[tuple[Path, int, str, str]]:
    """Every error as (catalog, line, rule, message), in catalog order."""
    errors = []
    with tempfile.TemporaryDirectory(prefix="intl-lint-") as tmp:
        where: dict[str, tuple[Path, list[Message]]] = {}
        files = []
        for n, po_path in enumerate(catalogs):
            text, messages = extract(po_path)
            md = Path(tmp) / f"{n:03d}-{po_path.stem}.md"
            md.write_text(text, encoding="utf-8")
            where[str(md.resolve())] = (po_path, messages)
            files.append(md)
            errors += [(po_path, line, rule, what) for m in messages for line, rule, what in own_rules(m, locale)]
        for result in run_textlint(files):
            po_path, messages = where[str(Path(result["filePath"]).resolve())]
            for m in result["messages"]:
                line = po_line(messages, m["line"], m["column"])
                text = re.sub(r"^Line \d+ ", "", " ".join(m["message"].split()))  # a line of the temporary file
                errors.append((po_path, line, m["ruleId"], text))
    order = {p: i for i, p in enumerate(catalogs)}
    return sorted(errors, key=lambda e: (order[e[0]], e[1]))


def shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalogs", nargs="*", type=Path, help="catalogs to lint (default: all of --locale-dir)")
    parser.add_argument("--locale-dir", type=Path, default=ROOT / "locale" / "ja" / "LC_MESSAGES")
    args = parser.parse_args(argv)
    catalogs = args.catalogs or sorted(args.locale_dir.rglob("*.po"))
    errors = lint(catalogs, args.locale_dir)
    for po_path, line, rule, message in errors:
        print(f"{shown(po_path)}:{line}: {rule}: {message}")
    counts = Counter(shown(e[0]) for e in errors)
    for name, n in sorted(counts.items()):
        print(f"  {n:4d}  {name}")
    print(f"intl-lint: {len(errors)} error(s) in {len(counts)} of {len(catalogs)} catalog(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
