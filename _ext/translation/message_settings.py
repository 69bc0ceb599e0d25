"""Translated messages: build MyST's default docutils settings once, not per message.

Sphinx publishes each translated message as a small document of its own
(``sphinx.transforms.i18n._publish_msgstr``), and for a Markdown page MyST
parses it. MyST's renderer starts every parse with
``options.get("document", make_document())``: the default argument is
evaluated even though Sphinx always passes the document, so each of the
site's ~1,200 translated messages builds a complete set of docutils default
settings (``docutils.frontend.get_default_settings``, an optparse parser
over every docutils component) only to throw it away. That was about a
seventh of the Japanese render.

**What is reused.** This extension replaces
``myst_parser.mdit_to_docutils.base.make_document`` with a version that
computes ``get_default_settings(parser_cls)`` once per parser class and hands
each new document a deep copy of it. Nothing else changes: the document,
its reporter and its source are new each time, as before.

**Why it is safe.** ``get_default_settings`` reads no configuration file, no
environment variable and no Sphinx config: its result depends only on the
``settings_spec`` of the docutils components, which are fixed once they are
imported. The copy is deep, so a caller that changes its document's
settings changes only its own. And in both places MyST calls
``make_document`` during a Sphinx build, the settings are not used at all:
``setup_render`` discards the document when Sphinx passes its own, and
``render_restructuredtext`` replaces the settings and the reporter with the
page's at once.

Neither Sphinx nor MyST has a hook for this, hence the replacement; setup
refuses to run against a MyST whose ``make_document`` no longer has the
signature it replaces, so that an upgrade is noticed rather than patched
blindly.
"""

from __future__ import annotations

import copy
import inspect

from docutils import frontend, nodes
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from myst_parser.mdit_to_docutils import base
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

_DEFAULTS: dict[type, frontend.Values] = {}
# The signature of the MyST function this module replaces.
EXPECTED_PARAMETERS = ["source_path", "parser_cls"]


def default_settings(parser_cls: type = RSTParser) -> frontend.Values:
    """A fresh copy of the docutils default settings for ``parser_cls``, computed once."""
    if parser_cls not in _DEFAULTS:
        _DEFAULTS[parser_cls] = frontend.get_default_settings(parser_cls)
    return copy.deepcopy(_DEFAULTS[parser_cls])


def make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    """MyST's ``make_document``, with the default settings computed once."""
    return new_document(source_path, settings=default_settings(parser_cls))


def setup(app: Sphinx) -> dict:
    current = base.make_document
    if current is not make_document:
        if list(inspect.signature(current).parameters) != EXPECTED_PARAMETERS:
            raise ExtensionError(
                f"translation.message_settings: myst_parser's make_document{inspect.signature(current)} "
                f"is not the one this extension replaces ({', '.join(EXPECTED_PARAMETERS)})"
            )
        base.make_document = make_document
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
