"""The ``translation-status`` directive: how far each page is translated.

    ```{translation-status} ja
    ```

writes a table with one row per page of the site: how many messages the
page's catalog for that language holds, and how many of them are
translated, fuzzy and untranslated, with percentages, then a total row. The
numbers are read from the ``.po`` files with polib when the page is read,
in every language's build; the column headings follow the build's language.

The table is generated, not written in the source, so none of it reaches the
message catalogs: numbers that change with every translation must never
become msgids. The page that holds the directive is read again whenever a
catalog changes or a page is added.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import catalogs

logger = logging.getLogger(__name__)

# Column headings and the words the table uses, per build language.
LABELS = {
    "en": {
        "page": "Page",
        "messages": "Messages",
        "translated": "Translated",
        "fuzzy": "Fuzzy",
        "untranslated": "Untranslated",
        "total": "All pages",
        "none": "no catalog",
        "unreadable": "catalog cannot be read",
    },
    "ja": {
        "page": "ページ",
        "messages": "メッセージ数",
        "translated": "翻訳済み",
        "fuzzy": "要確認 (fuzzy)",
        "untranslated": "未翻訳",
        "total": "全ページ",
        "none": "カタログなし",
        "unreadable": "カタログを読めません",
    },
}
COLUMNS = ("page", "messages", "translated", "fuzzy", "untranslated")


def _cell(content: str | nodes.Node) -> nodes.entry:
    para = nodes.paragraph()
    para += nodes.Text(content) if isinstance(content, str) else content
    return nodes.entry("", para)


def _row(cells: list) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += _cell(cell)
    return row


def _page_link(docname: str, fromdoc: str) -> addnodes.pending_xref:
    # Resolved to the page's title in the reader's language.
    return addnodes.pending_xref(
        "", nodes.inline("", docname), refdomain="std", reftype="doc",
        reftarget="/" + docname, refexplicit=False, refdoc=fromdoc,
    )  # fmt: skip


def _numbers(counts: catalogs.Counts) -> list[str]:
    return [
        str(counts.total),
        f"{counts.translated} ({counts.percent(counts.translated)}%)",
        f"{counts.fuzzy} ({counts.percent(counts.fuzzy)}%)",
        f"{counts.untranslated} ({counts.percent(counts.untranslated)}%)",
    ]


class TranslationStatus(SphinxDirective):
    required_arguments = 1  # the language whose catalogs are counted
    has_content = False

    def run(self) -> list[nodes.Node]:
        language = self.arguments[0]
        config = self.config
        labels = LABELS.get(config.language, LABELS["en"])
        _docs(self.env).add(self.env.docname)

        table = nodes.table(classes=["translation-status"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        for width in (40, 15, 15, 15, 15):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row([labels[c] for c in COLUMNS])
        group += head
        body = nodes.tbody()
        group += body

        total = catalogs.Counts()
        for docname in sorted(self.env.found_docs):
            path = catalogs.catalog_path(
                self.env.srcdir, config.locale_dirs, language, docname, config.gettext_compact
            )
            if path is None:
                body += _row([_page_link(docname, self.env.docname), labels["none"], "", "", ""])
                continue
            self.env.note_dependency(str(path))
            po = catalogs.read(path, logger)
            if po is None:
                body += _row([_page_link(docname, self.env.docname), labels["unreadable"], "", "", ""])
                continue
            counts = catalogs.counts(po)
            total += counts
            body += _row([_page_link(docname, self.env.docname), *_numbers(counts)])
        body += _row([labels["total"], *_numbers(total)])
        return [table]


def _docs(env) -> set[str]:
    """The pages that hold the directive (kept in the environment)."""
    if not hasattr(env, "translation_status_docs"):
        env.translation_status_docs = set()
    return env.translation_status_docs


def _purge(app, env, docname: str) -> None:
    _docs(env).discard(docname)


def _merge(app, env, docnames, other) -> None:
    _docs(env).update(_docs(other) & set(docnames))


def _outdated_when_pages_change(app, env, added, changed, removed) -> list[str]:
    # A page that came or went changes the table; a changed catalog is a
    # dependency of the page already (note_dependency above).
    return sorted(_docs(env) - set(removed)) if added or removed else []


def setup(app):
    app.add_directive("translation-status", TranslationStatus)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated_when_pages_change)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
