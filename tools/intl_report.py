"""What intl-check found, and how it prints it: problems, the table, the to-do list."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from translation import catalogs  # noqa: E402

display = catalogs.display

if TYPE_CHECKING:
    from intl_catalog import Catalog


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
            text += f": msgid {short(self.msgid)}"
        return text


def short(msgid: str, width: int = 72) -> str:
    one_line = " ".join(msgid.split())
    if len(one_line) > width:
        one_line = one_line[: width - 1] + "…"
    return '"' + one_line.replace('"', '\\"') + '"'


def print_table(language: str, locale_root: Path, catalogs_found: list[Catalog]) -> None:
    print(f"Catalogs for {language!r} in {display(locale_root)}/")
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
            print(f"\n{catalog.page} ({display(catalog.path)}): cannot be read; run make intl-check")
            continue
        entries = [e for e in catalog.po if not e.obsolete and (e.fuzzy or not e.translated())]
        if not entries:
            continue
        counts = catalog.counts
        print(f"\n{catalog.page} ({display(catalog.path)}): "
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
