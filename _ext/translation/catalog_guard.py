"""Refuse a translated build whose catalogs are broken or carry raw HTML.

MyST passes inline HTML through, and Sphinx parses a translation with the
page's own parser, so a msgstr such as ``text <img src=x onerror=...>``
would reach the page as HTML. Before a translated build
(``-D language=ja``) reads any page, this extension checks every catalog of
its language and stops the build, whatever its options, when

* ``msgfmt --check`` finds an error (a broken quote, a bad header), or polib
  cannot read the file;
* a translation holds raw HTML, a ``raw`` role or directive that its
  English does not (read with the parser of the catalog's page, see
  ``i18n_markup``), in its text, a link's text or title, or a reference's
  title;
* a translation of a reST page links to a target its English does not
  have, or to a scheme other than http, https and mailto;
* an entry of a page catalog has no ``#:`` line naming its page;
* a translation in the interface catalog (``sphinx.po``) holds a ``<``,
  ``>``, ``"`` or ``&`` that its English does not.

Each problem is named by catalog file and line. Without GNU msgfmt the
syntax is checked by polib alone, with a note saying so. The source
language's build checks nothing. A catalog found clean is not read again
until it changes (its size and time are kept beside the doctrees).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sphinx.errors import SphinxError
from sphinx.util import logging

from . import catalogs, markup as i18n_markup

logger = logging.getLogger(__name__)

# Part of the memo's key: a catalog found clean under older rules is checked again.
RULES = 2


class CatalogError(SphinxError):
    category = "Translation catalog error"


def catalog_problems(path: Path, extensions: tuple[str, ...], syntax: str) -> list[str]:
    """``file:line: problem`` for each reason not to build from this catalog.

    ``syntax`` comes from the catalog's path (``i18n_markup.catalog_syntax``).
    """
    shown = catalogs.display(path)
    checked = catalogs.msgfmt_check(path)
    if checked is not None and checked[0] != 0:
        return [f"{shown}:{line}: {message}" for line, message in checked[1]]
    try:
        po = catalogs.read(path)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        return [f"{shown}:{catalogs.error_line(err)}: cannot read the catalog: {err}"]
    problems = []
    for entry in po.translated_entries():
        for _kind, detail in i18n_markup.entry_problems(entry, syntax):
            problems.append(f"{shown}:{entry.linenum}: {detail}")
        for msgstr in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            for detail in i18n_markup.raw_problems(entry.msgid, msgstr, syntax, extensions):
                problems.append(f"{shown}:{entry.linenum}: {detail}")
    return problems


def check_catalogs(app) -> None:
    config = app.config
    if config.language == config.translation_source_language:
        return
    if shutil.which("msgfmt") is None:
        logger.info("catalog_guard: msgfmt not found; catalog syntax checked by polib only (install GNU gettext)")
    extensions = tuple(sorted(config.myst_enable_extensions))
    memo = Path(app.doctreedir, "clean-catalogs.json")
    try:
        clean = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        clean = {}
    key = f"{RULES}|{' '.join(extensions)}|{shutil.which('msgfmt') is not None}"
    problems, now_clean = [], {}
    for locale_dir in config.locale_dirs:
        root = Path(app.srcdir, locale_dir, config.language, "LC_MESSAGES")
        for path in sorted(root.rglob("*.po")):
            stat = path.stat()
            seen = f"{key}|{stat.st_size}|{stat.st_mtime_ns}"
            page = path.relative_to(root).with_suffix("").as_posix()
            syntax = i18n_markup.catalog_syntax(page, Path(app.srcdir))
            found = [] if clean.get(str(path)) == seen else catalog_problems(path, extensions, syntax)
            problems += found
            if not found:
                now_clean[str(path)] = seen
    Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps(now_clean, indent=0), encoding="utf-8")
    if problems:
        raise CatalogError(
            "the catalogs cannot be built into pages (make intl-check tells more):\n" + "\n".join(problems)
        )


def setup(app):
    catalogs.add_source_language(app)
    app.setup_extension("myst_parser")
    app.connect("builder-inited", check_catalogs, priority=100)  # before the gallery runs
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
