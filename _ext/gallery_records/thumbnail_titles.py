"""Gallery thumbnails titled in the page's language.

sphinx-gallery writes each thumbnail's title as raw HTML, next to a link to
the example whose text is the example's (translated) title, and it puts the
English summary in a ``tooltip`` attribute. Raw HTML is not translated, so
on the Japanese site the thumbnails would stay English. This extension
rewrites the raw title with the text of the link beside it and drops the
tooltip, once references are resolved.
"""

from __future__ import annotations

import re
from html import escape

from docutils import nodes

_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)(.*?)(</div>)', re.S)
_TOOLTIP = re.compile(r'(<div class="sphx-glr-thumbcontainer")\s+tooltip="[^"]*"')


def _raw(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


def retitle_thumbnails(app, doctree: nodes.document, docname: str) -> None:
    link_text = None
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.reference) or _raw(n))):
        if isinstance(node, nodes.reference):
            link_text = node.astext()
            continue
        html = node.astext()
        new = _TOOLTIP.sub(r"\1", html)
        if link_text is not None and _TITLE.search(new):
            new = _TITLE.sub(lambda m: m.group(1) + escape(link_text) + m.group(3), new)
            link_text = None
        if new != html:
            node.replace_self(nodes.raw("", new, format="html"))


def setup(app):
    app.connect("doctree-resolved", retitle_thumbnails)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
