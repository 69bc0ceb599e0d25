"""The code cells of a generated example page, and the output of each.

sphinx-gallery writes an example's page as reStructuredText in which every
block of the script is introduced by a comment ``GENERATED FROM PYTHON
SOURCE LINES a-b``. A code block's page segment holds the code (a Python
``literal_block``) and what the run printed or drew: usually after the code,
and before it when the script has a single code block. Recording reads
those outputs from the page of an example that ran; rendering puts the
recorded ones back after the same cells of a page that did not run.

A cell that held only configuration comments (``# sphinx_gallery_thumbnail_path
= ...``) is empty once sphinx-gallery has removed them, and would show as an
empty code box: ``drop_empty_code`` takes such cells out of the page, after the
outputs are in place (a record counts every cell of the script).
"""

from __future__ import annotations

from docutils import nodes

MARKER = "GENERATED FROM PYTHON SOURCE LINES"
OUTPUT_CLASS = "sphx-glr-script-out"


def _is_marker(node: nodes.Node) -> bool:
    return isinstance(node, nodes.comment) and node.astext().startswith(MARKER)


def _segment(marker: nodes.comment) -> list[nodes.Node]:
    found = []
    node = marker.next_node(descend=False, siblings=True)
    while node is not None and not _is_marker(node) and not isinstance(node, nodes.section):
        found.append(node)
        node = node.next_node(descend=False, siblings=True)
    return found


def _is_output(node: nodes.Node) -> bool:
    return isinstance(node, nodes.literal_block) and OUTPUT_CLASS in node["classes"]


def _is_code(node: nodes.Node) -> bool:
    return isinstance(node, nodes.literal_block) and not _is_output(node) and node.get("language") == "Python"


def _outputs(node: nodes.Node) -> list[dict]:
    if _is_output(node):
        return [{"text": node.astext()}]
    images = [n for n in node.findall(nodes.Element) if n.tagname == "imgsgnode"]
    return [{"image": img["uri"], "alt": img.get("alt", "")} for img in images]


def cells(doctree: nodes.document) -> list[tuple[nodes.literal_block, list[dict]]]:
    """Each code cell in script order, with the outputs found in its segment."""
    found = []
    for marker in list(doctree.findall(_is_marker)):
        segment = _segment(marker)
        code = next((n for n in segment if _is_code(n)), None)
        if code is not None:
            found.append((code, [out for n in segment if not _is_code(n) for out in _outputs(n)]))
    return found


def code_cells(doctree: nodes.document) -> list[nodes.literal_block]:
    """The page's code cells in script order."""
    return [code for code, _ in cells(doctree)]


def drop_empty_code(app, doctree: nodes.document) -> None:
    """Remove the code cells that hold nothing but blank lines."""
    for code in code_cells(doctree):
        if not code.astext().strip():
            code.parent.remove(code)
