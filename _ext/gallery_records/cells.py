"""The code cells of a generated example page, and the output after each.

sphinx-gallery writes an example's page as reStructuredText in which every
block of the script is introduced by a comment ``GENERATED FROM PYTHON
SOURCE LINES a-b``; a code block is the ``literal_block`` right after such a
comment, and what the run printed or drew follows it as siblings. Recording
reads those outputs from the page of an example that ran; rendering puts the
recorded ones back after the same cells of a page that did not run.
"""

from __future__ import annotations

from docutils import nodes

MARKER = "GENERATED FROM PYTHON SOURCE LINES"
OUTPUT_CLASS = "sphx-glr-script-out"


def _is_marker(node: nodes.Node) -> bool:
    return isinstance(node, nodes.comment) and node.astext().startswith(MARKER)


def code_cells(doctree: nodes.document) -> list[nodes.literal_block]:
    """The page's code cells in script order."""
    cells = []
    for comment in doctree.findall(_is_marker):
        after = comment.next_node(descend=False, siblings=True)
        if isinstance(after, nodes.literal_block) and OUTPUT_CLASS not in after["classes"]:
            cells.append(after)
    return cells


def _images(node: nodes.Node) -> list[nodes.Element]:
    return [n for n in node.findall(nodes.Element) if n.tagname == "imgsgnode"]


def outputs_after(cell: nodes.literal_block) -> list[dict]:
    """What sphinx-gallery placed after one executed cell: text and figures."""
    found: list[dict] = []
    node = cell.next_node(descend=False, siblings=True)
    while node is not None and not _is_marker(node):
        if isinstance(node, nodes.literal_block) and OUTPUT_CLASS in node["classes"]:
            found.append({"text": node.astext()})
        elif node.tagname == "imgsgnode" or isinstance(node, nodes.bullet_list):
            found.extend({"image": img["uri"], "alt": img.get("alt", "")} for img in _images(node) or [node])
        else:
            break  # the next block of prose or code
        node = node.next_node(descend=False, siblings=True)
    return found
