"""A notice on translated pages whose translation is not complete.

When a page of a translated build (``-D language=ja``) shows some English,
its top says so in the page's language and links to the English page. A
page counts as incomplete when

* its catalog has fuzzy or untranslated entries (read with polib), or
* it has no catalog at all but has text to translate, or
* some of its text found no translation when the page was read (the
  catalog is out of date: the English changed after the last
  ``make intl-update``). Sphinx marks every translatable node
  ``translated`` or not; those marks are what this counts.

Nothing is shown on complete pages, nor in the source language
(``translation_source_language``, English by default). The English page is
``../<source>/<pagename>.html`` from the language root, because the
languages are built side by side (see ``language_links.py``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.nodes import NodeMatcher, extract_messages

from layout.language_links import page_in_language

from . import catalogs

logger = logging.getLogger(__name__)

# (title, text before the link, link text, text after the link), per language.
# A language without an entry here gets the English wording.
MESSAGES = {
    "en": (
        "This translation is incomplete",
        "Parts of this page have not been translated yet and are shown in English. See the ",
        "English page",
        " for the current text.",
    ),
    "ja": (
        "翻訳が完了していません",
        "このページには、まだ翻訳していない文があり、その部分は英語で表示しています。最新の内容は",
        "英語版のページ",
        "をご覧ください。",
    ),
}


def _untranslated_nodes(doctree: nodes.document, translated: dict[str, str]) -> int:
    count = 0
    for node in NodeMatcher(nodes.Element, translated=False).findall(doctree):
        # Sphinx translates toctree captions and image alt texts in place and
        # leaves them marked False: look at what they hold instead.
        if isinstance(node, addnodes.translatable):
            count += any(m not in translated for m in node.extract_original_messages())
        elif isinstance(node, nodes.image):
            count += node.get("alt") not in translated.values()
        else:
            count += 1
    return count


def _has_messages(doctree: nodes.document) -> bool:
    return next(iter(extract_messages(doctree)), None) is not None


def page_is_incomplete(app, docname: str, doctree: nodes.document) -> bool:
    config = app.config
    path = catalogs.catalog_path(
        app.srcdir, config.locale_dirs, config.language, docname, config.gettext_compact
    )
    if path is None:
        return _has_messages(doctree)
    app.env.note_dependency(str(path))  # re-read the page when the catalog changes
    po = catalogs.read(path, logger)
    if po is None or not catalogs.counts(po).complete:
        return True
    return _untranslated_nodes(doctree, catalogs.translations(po)) > 0


def english_url(app, docname: str) -> str:
    return page_in_language(app, docname, app.config.translation_source_language)


def make_notice(app, docname: str) -> nodes.admonition:
    title, before, link, after = MESSAGES.get(app.config.language, MESSAGES["en"])
    para = nodes.paragraph()
    para += nodes.Text(before)
    para += nodes.reference("", link, refuri=english_url(app, docname), internal=False)
    para += nodes.Text(after)
    notice = nodes.admonition("", nodes.title("", title), para, classes=["translation-notice", "warning"])
    return notice


def add_notice(app, doctree: nodes.document) -> None:
    if app.config.language == app.config.translation_source_language:
        return
    docname = app.env.docname
    if not page_is_incomplete(app, docname, doctree):
        return
    logger.info("translation: %s is not completely translated; it carries a notice", docname)
    notice = make_notice(app, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, notice)
    else:
        doctree.insert(0, notice)


def setup(app):
    catalogs.add_source_language(app)
    # doctree-read comes after the i18n transforms that mark nodes translated.
    app.connect("doctree-read", add_notice)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
