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


def read(path: Path, logger=None) -> polib.POFile | None:
    """The catalog, or None (with a warning to ``logger``) if polib cannot read it."""
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        if logger is None:
            raise
        logger.warning("cannot read %s: %s (make intl-check tells more)", path, err, type="i18n", subtype="catalog")
        return None


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
