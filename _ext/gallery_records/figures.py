"""Figure text: which words on a recorded figure are translated, and how.

Figures are recorded as SVG with their text kept as text. A word on a figure
is translatable when the example's source holds it as a plain string literal
(a title, an axis label, a legend entry): numbers, device names and other
values the run computed are not, so no output ever enters a catalog. A page
in another language gets a copy of each figure with those strings replaced
by their translations; the rest of the file is left byte for byte.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

# matplotlib writes each text element on one line, its content as escaped text.
_TEXT = re.compile(r"(<text\b[^>]*>)([^<]*)(</text>)")


def thumbnail_number(source: str) -> int | None:
    """Which figure sphinx-gallery makes the thumbnail from (1 = the first,
    negative counts from the end), or None when the example names a picture."""
    from sphinx_gallery.py_source_parser import extract_file_config

    settings = extract_file_config(source)
    return None if "thumbnail_path" in settings else settings.get("thumbnail_number", 1)


def source_strings(script: Path) -> set[str]:
    """Every string literal in an example's source (parsed with ``ast``)."""
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


# Calls whose first argument is a figure's words, and calls whose first
# argument is a list of them (bar labels, tick labels, legend entries).
_TEXT_CALLS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "set_label", "annotate"}
_TEXT_CALLS |= {"title", "xlabel", "ylabel"}  # the same through pyplot
_LIST_CALLS = {"bar", "barh", "set_xticklabels", "set_yticklabels", "legend", "xticks", "yticks"}


def figure_words(script: Path) -> list[str]:
    """The words an example hands to matplotlib, on every branch, in source order.

    A record holds only the words of the figures its run drew; these are also
    the words of branches that did not run here (a GPU's legend entries), so
    that the catalogs have them before a record shows them.
    """
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    found: list[ast.AST] = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = getattr(call.func, "attr", getattr(call.func, "id", ""))
        found += [k.value for k in call.keywords if k.arg in ("label", "title")]
        if call.args and name in _TEXT_CALLS:
            found.append(call.args[0])
        if call.args and name in _LIST_CALLS and isinstance(call.args[0], (ast.List, ast.Tuple)):
            found += call.args[0].elts
    words = [n for n in found if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.strip()]
    return list(dict.fromkeys(n.value for n in sorted(words, key=lambda n: (n.lineno, n.col_offset))))


def svg_texts(svg: str) -> list[str]:
    """The text elements of an SVG, in document order."""
    return [html.unescape(m.group(2)) for m in _TEXT.finditer(svg)]


def translatable(svg: str, literals: set[str]) -> list[str]:
    """The figure's words that the source spells out, in order, once each."""
    seen: list[str] = []
    for text in svg_texts(svg):
        if text.strip() and text in literals and text not in seen:
            seen.append(text)
    return seen


def translate_svg(svg: str, translations: dict[str, str], font_family: str | None = None) -> str:
    """The SVG with each translated string replaced; nothing else changes."""

    def swap(match: re.Match) -> str:
        text = html.unescape(match.group(2))
        new = translations.get(text)
        if not new or new == text:
            return match.group(0)
        start = match.group(1)
        if font_family:
            start = re.sub(r"font-family: [^;\"]+", f"font-family: {font_family}", start)
        return start + html.escape(new, quote=False) + match.group(3)

    return _TEXT.sub(swap, svg)
