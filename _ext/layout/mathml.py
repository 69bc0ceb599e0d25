"""Render math as MathML when the HTML is written.

``$...$`` and ``$$...$$`` become MathML, which browsers typeset natively:
no script and no font is fetched, so a reader without network access sees
the same page. Select it with ``html_math_renderer = "mathml"``. LaTeX that
latex2mathml cannot convert is reported at its file and line.
"""

from __future__ import annotations

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _to_mathml(latex: str, display: str, node: nodes.Node) -> str | None:
    try:
        return convert(latex.strip(), display=display)
    except Exception as exc:  # latex2mathml raises many types
        logger.warning("cannot render math %r: %s", latex, exc, location=node, type="math")
        return None


def visit_math(self, node: nodes.math) -> None:
    latex = node.astext()
    mathml = _to_mathml(latex, "inline", node)
    if mathml is None:
        self.body.append(self.starttag(node, "code", "", CLASS="math-error"))
        self.body.append(self.encode(latex) + "</code>")
    else:
        self.body.append(mathml)
    raise nodes.SkipNode


def visit_math_block(self, node: nodes.math_block) -> None:
    latex = node.astext()
    self.body.append(self.starttag(node, "div", CLASS="math-display"))
    if node.get("number"):
        self.body.append(f'<span class="eqno">({node["number"]})</span>')
    mathml = _to_mathml(latex, "block", node)
    if mathml is None:
        self.body.append("<pre>" + self.encode(latex) + "</pre>")
    else:
        self.body.append(mathml)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_math_block, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
