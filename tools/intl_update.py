"""Bring the translation catalogs in step with the English templates.

    python tools/intl_update.py [--pot-dir _build/gettext] [--locale-dir locale] [--language ja]

``make intl-update`` runs it after ``make gettext``. For each template
(``<page>.pot``) it merges the page's catalog (``<lang>/LC_MESSAGES/<page>.po``)
with GNU gettext's ``msgmerge --previous``, which keeps what a translator
needs:

* a message whose English changed keeps its translation, marked ``fuzzy``,
  with the old English in ``#|`` lines above it;
* a message that left the English stays at the end as an obsolete ``#~``
  entry until the translator deletes it;
* a new message arrives with an empty ``msgstr``.

The merged catalog is then written by polib with the catalogs' own line
width (the format they are kept in), so lines change only where a message
changed. A catalog whose messages did not change is not written at all, even
where their line numbers moved: its creation date stays, and running the
command twice changes nothing. A page without a catalog gets a new one from
its template, header marked fuzzy for the translator to fill in. A catalog
without a page is reported, not deleted.

Locations (``#: ../../docs/tensors.md:12``) are written as ``make gettext``
writes them into ``_build/gettext/``, whatever folder the templates are in,
so the catalogs do not depend on ``BUILDDIR``.
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

WIDTH = 76  # the line width the catalogs are written with
# The template folder that locations are relative to, below the repository.
STANDARD_POT_DIR = Path("_build") / "gettext"
NEW_CATALOG_METADATA = {
    "Language": None,  # set per language
    "Last-Translator": "",
    "Language-Team": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def msgmerge(po_path: Path, pot_path: Path) -> polib.POFile:
    """GNU msgmerge's merge of a catalog with its template, read back with polib."""
    with tempfile.TemporaryDirectory(prefix="intl-update-") as tmp:
        out = Path(tmp) / po_path.name
        result = subprocess.run(
            ["msgmerge", "--quiet", "--previous", "--no-wrap", "--output-file", str(out), str(po_path), str(pot_path)],
            capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise SystemExit(f"{po_path}: msgmerge failed:\n{result.stderr}")
        return polib.pofile(str(out), wrapwidth=WIDTH)


def keep_catalog_style(old: polib.POFile, merged: polib.POFile, move_location) -> None:
    """Undo what msgmerge changes in a message that did not change.

    Flags: msgmerge takes format flags (python-brace-format, ...) from the
    template, and Sphinx's templates have none, so every flag a catalog had
    would vanish; each unchanged message keeps its own, in their order.
    Locations: a message without a line number is written ``file:0`` in the
    template and plain ``file`` in the catalogs, and move_location makes a
    path relative to the standard template folder.
    """
    flags = {(e.msgctxt, e.msgid): e.flags for e in old if not e.obsolete}
    for entry in merged:
        if not entry.obsolete:
            entry.occurrences = [(move_location(file), "" if line == "0" else line) for file, line in entry.occurrences]
        kept = flags.get((entry.msgctxt, entry.msgid))
        if kept is not None and not entry.obsolete:
            entry.flags = list(kept) + [f for f in entry.flags if f not in kept]


def location_mover(pot_dir: Path, root: Path):
    """A function that rewrites a location written for pot_dir as if it were root/_build/gettext.

    Sphinx writes every location relative to the folder it extracts into,
    in sub-folders too.
    """
    here, standard = pot_dir.resolve(), (root / STANDARD_POT_DIR).resolve()
    if here == standard:
        return lambda file: file
    return lambda file: Path(os.path.relpath(here / file, standard)).as_posix()


def messages_of(po: polib.POFile) -> list[str]:
    """The catalog's entries as written, without their locations.

    Only a change of the messages (English, translation, flags, old English,
    obsolete entries) is a reason to write a catalog. Locations follow the
    English line by line (and a generated gallery page has more lines when
    its example ran), so a catalog whose messages stayed keeps its old ones.
    """
    entries = []
    for entry in po:
        entry = copy.copy(entry)
        entry.occurrences = []
        entries.append(str(entry))
    return entries


def update_catalog(po_path: Path, pot_path: Path, move_location=lambda file: file) -> str:
    """Merge one catalog with its template; what happened ("unchanged", "updated: ...")."""
    old = polib.pofile(str(po_path), wrapwidth=WIDTH)
    merged = msgmerge(po_path, pot_path)
    # The header is the translator's: keep it as it was, so that only the
    # messages decide whether the catalog changed.
    merged.header, merged.metadata = old.header, dict(old.metadata)
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy
    keep_catalog_style(old, merged, move_location)
    if messages_of(merged) == messages_of(old):
        return "unchanged"
    pot = polib.pofile(str(pot_path))
    if "POT-Creation-Date" in pot.metadata:
        merged.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    merged.save(str(po_path))
    before = {e.msgid for e in old if not e.obsolete}
    added = sum(1 for e in merged if not e.obsolete and e.msgid not in before)
    fuzzy = sum(1 for e in merged if not e.obsolete and e.previous_msgid is not None)
    obsolete = sum(1 for e in merged if e.obsolete) - sum(1 for e in old if e.obsolete)
    return f"updated: {added} new ({fuzzy} fuzzy with the old English), {max(obsolete, 0)} newly obsolete"


def new_catalog(po_path: Path, pot_path: Path, language: str, move_location=lambda file: file) -> str:
    po = polib.pofile(str(pot_path), wrapwidth=WIDTH)
    keep_catalog_style(polib.POFile(), po, move_location)
    po.metadata.update({**NEW_CATALOG_METADATA, "Language": language})
    po.metadata_is_fuzzy = True  # the translator fills in the header, then removes the flag
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))
    return f"new catalog: {len(po)} messages to translate"


def update(pot_dir: Path, locale_dir: Path, language: str, root: Path = Path(".")) -> list[tuple[Path, str]]:
    """Update every catalog of language from the templates in pot_dir; (catalog, what happened) each.

    root is the repository, whose _build/gettext the locations are written for.
    """
    catalogs = locale_dir / language / "LC_MESSAGES"
    results = []
    pages = set()
    move = location_mover(pot_dir, root)
    for pot_path in sorted(pot_dir.rglob("*.pot")):
        page = pot_path.relative_to(pot_dir).with_suffix("")
        pages.add(page)
        po_path = catalogs / page.with_suffix(".po")
        if po_path.exists():
            results.append((po_path, update_catalog(po_path, pot_path, move)))
        else:
            results.append((po_path, new_catalog(po_path, pot_path, language, move)))
    for po_path in sorted(catalogs.rglob("*.po")):
        if po_path.relative_to(catalogs).with_suffix("") not in pages:
            results.append((po_path, "no such page in the English source: delete this catalog"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pot-dir", type=Path, default=Path("_build/gettext"))
    parser.add_argument("--locale-dir", type=Path, default=Path("locale"))
    parser.add_argument("--language", default="ja")
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository (locations are written for its _build/gettext)")
    args = parser.parse_args(argv)
    if not any(args.pot_dir.rglob("*.pot")):
        print(f"intl-update: no templates in {args.pot_dir}: run make gettext first", file=sys.stderr)
        return 1
    results = update(args.pot_dir, args.locale_dir, args.language, args.root)
    for po_path, what in results:
        if what != "unchanged":
            print(f"{po_path}: {what}")
    changed = sum(1 for _, what in results if what != "unchanged")
    print(f"intl-update: {len(results)} catalogs, {changed} changed or to look at")
    return 0


if __name__ == "__main__":
    sys.exit(main())
