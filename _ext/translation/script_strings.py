"""Sphinx's own script strings in the page's language: ``_static/translations.js``.

The search page's status line ("Search finished, found 3 pages matching the
search query."), its title and progress words, and the link that removes the
highlighting of search words come from Sphinx's scripts (``searchtools.js``,
``doctools.js``, ``sphinx_highlight.js``). They read their strings from
``_static/translations.js``, which Sphinx copies as it ships it
(``sphinx/locale/<lang>/LC_MESSAGES/sphinx.js``) and never makes from a
catalog of the site. Its Japanese file maps the search result line to an
empty string, so the line stays blank whatever the count.

When an HTML build has finished, this extension writes that file again:
every string of those scripts (``SCRIPT_MESSAGES``, compared with the
installed Sphinx's scripts by a test), translated by the translator the
templates use, which reads the site's interface catalog
(``locale/interface/<lang>/LC_MESSAGES/sphinx.po``) before Sphinx's own.
A plural string gets one form for each of the catalog's plural forms, and
the catalog's ``Plural-Forms`` expression picks one in the browser, as in
Sphinx's own file. The page loads the file because Sphinx's own file for
the language exists (Japanese has one).
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translator

# Every string Sphinx's scripts translate: a singular string, or
# (singular, plural) for the ones they pass to Documentation.ngettext.
SCRIPT_MESSAGES = (
    "Search Results",
    "Your search did not match any documents. Please make sure that all words are spelled correctly and that "
    "you've selected enough categories.",
    (
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
    ),
    "Searching",
    "Preparing search...",
    ", in ",
    "Hide Search Matches",
)

PLURAL_EXPR = re.compile(r"plural\s*=\s*([^;]+)")
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def script_catalog(language: str, translator: gettext.NullTranslations) -> dict:
    """The object Documentation.addTranslations takes: locale, messages, plural_expr."""
    forms = translator.info().get("plural-forms", "nplurals=2; plural=(n != 1);")
    nplurals = int(NPLURALS.search(forms).group(1))
    plural_expr = PLURAL_EXPR.search(forms).group(1).strip()
    plural = gettext.c2py(plural_expr)
    # A count that selects each form, e.g. 1 and 2 for English.
    counts = [next(n for n in range(1000) if plural(n) == form) for form in range(nplurals)]
    messages: dict[str, str | list[str]] = {}
    for message in SCRIPT_MESSAGES:
        if isinstance(message, tuple):
            singular, plural_text = message
            messages[singular] = [translator.ngettext(singular, plural_text, n) for n in counts]
        else:
            messages[message] = translator.gettext(message)
    return {"locale": language, "messages": messages, "plural_expr": plural_expr}


def write_translations_js(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.language or app.config.language == "en":
        return
    catalog = script_catalog(app.config.language, get_translator("sphinx"))
    target = Path(app.outdir) / "_static" / "translations.js"
    target.write_text(f"Documentation.addTranslations({json.dumps(catalog, indent=2)});\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", write_translations_js)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
