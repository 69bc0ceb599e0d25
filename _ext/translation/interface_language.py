"""The site's interface in the page's language: theme options, footer, copy button.

Most interface strings reach a page through Sphinx's message catalogs
(domain ``sphinx``): Sphinx's own, the theme's, and the site's
``locale/interface/<lang>/LC_MESSAGES/sphinx.po``, which Sphinx reads first
because ``conf.py`` lists its folder in ``locale_dirs``. Three kinds of
strings do not go through a catalog on their own, and this extension sends
them through the same one:

* the theme options ``search_bar_text`` and ``header_dropdown_text``, which
  pydata-sphinx-theme prints as they are;
* ``copyright``, the footer's text, which the theme puts inside its own
  translated sentence;
* sphinx-copybutton's tooltip and icon titles, which live in a table of
  languages inside its script (``messages``, chosen by ``<html lang>``).
  For a language the table lacks, a small script placed right after
  ``copybutton.js`` adds the catalog's strings to that table and selects
  them.

The catalog is checked before any page is written (``catalog_guard``), and
what goes out is escaped where it goes: the theme options with
``html.escape`` (the theme prints them into an attribute and a button as
they are), the copy button's strings as JSON with ``<``, ``>`` and ``&``
written as JSON escapes (``\\u003c``...), so that no ``</script>`` can end
the script. The copyright line is escaped by the theme's own template.
"""

from __future__ import annotations

import html
import json

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation

_ = get_translation("sphinx")

# The theme's defaults (its theme.conf), used when conf.py does not set them.
THEME_TEXT_OPTIONS = {"search_bar_text": "Search the docs ...", "header_dropdown_text": "More"}

# sphinx-copybutton's message keys and their English text (copybutton.js_t).
COPYBUTTON_MESSAGES = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}

# Runs after copybutton.js, before the page has loaded (when the buttons are
# made). "messages", "locale", "iconCopy" and "iconCheck" are copybutton.js's
# own top-level names; the icons were drawn with the English titles already.
COPYBUTTON_SCRIPT = """(function (lang, strings) {
  if (typeof messages !== "object" || document.documentElement.lang !== lang) return;
  messages[lang] = strings;
  locale = lang;
  const escaped = text => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const retitle = (svg, text) => svg.replace(/<title>[^<]*<\\/title>/, "<title>" + escaped(text) + "</title>");
  iconCopy = retitle(iconCopy, strings.copy_to_clipboard);
  iconCheck = retitle(iconCheck, strings.copy_success);
})(%s, %s);"""


def translate_options(app: Sphinx, config: Config) -> None:
    """Theme options and the copyright line, through the interface catalog."""
    if not config.language or config.language == "en":
        return
    options = dict(config.html_theme_options)
    for name, default in THEME_TEXT_OPTIONS.items():
        options[name] = html.escape(str(_(options.get(name, default))))
    config.html_theme_options = options
    if config.copyright:
        config.copyright = str(_(config.copyright))


def script_json(value) -> str:
    """JSON that can stand inside an HTML ``<script>``: no ``<``, ``>`` or ``&`` as such."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def copybutton_script(language: str) -> str | None:
    """The script that gives sphinx-copybutton its strings in language; None if none is translated."""
    strings = {key: str(_(text)) for key, text in COPYBUTTON_MESSAGES.items()}
    if strings == COPYBUTTON_MESSAGES:
        return None
    return COPYBUTTON_SCRIPT % (script_json(language), script_json(strings))


def add_copybutton_strings(app: Sphinx) -> None:
    if app.builder.format != "html" or not app.config.language or app.config.language == "en":
        return
    script = copybutton_script(app.config.language)
    if script:
        app.add_js_file(None, body=script)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_copybutton")  # its script must come first
    app.setup_extension("translation.script_strings")  # Sphinx's own script strings
    app.connect("config-inited", translate_options)
    app.connect("builder-inited", add_copybutton_strings)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
