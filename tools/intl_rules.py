"""The rules of ``make intl-lint`` that textlint cannot check (used by tools/intl_lint.py).

textlint reads each msgstr alone, as Markdown. These rules need more: the
English beside the Japanese, or the page a link leads to. Each returns
``(offset in the msgstr, rule, what)``; intl_lint turns the offset into the
catalog's line.

* ``doc-link-text``: a ``{doc}`` (MyST) or ``:doc:`` (reST) link without
  its own text shows the linked page's whole title. Inside a Japanese
  sentence that title does not read as part of the sentence, so the link
  needs words of its own (``{doc}`前のレッスン <models>`で``). A message
  that is the link alone (a list of pages) may show the title.
* ``link-spacing``: a space between Japanese text and a link whose visible
  text is Japanese shows on the page as a gap. The visible text is what the
  page shows: the role's own text or, for a link without it, the Japanese
  title of the page it leads to (from that page's catalog), which the source
  alone does not show.
* ``alt-style``: a figure's alt text (its ``:alt:`` in the page's source)
  is read aloud as part of the page, so it is written in です・ます like the
  page: every sentence ends in a polite form.
* ``term``: spellings that depend on the English beside them: "default" is
  既定 (標準 is "standard"), a "Next" heading is 次に読むもの, autograd in
  prose is 自動微分 (a sentence that says 自動微分 may name autograd too).
"""

from __future__ import annotations

import ast
import posixpath
import re
import unicodedata
from functools import cache
from pathlib import Path

import polib
from markdown_it import MarkdownIt
from sphinx_gallery.gen_rst import extract_intro_and_title

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GALLERY = ROOT / "gallery"
LOCALE = ROOT / "locale" / "ja" / "LC_MESSAGES"

# A MyST role, {name}`body`, or a reST one, :name:`body`; and a body's target.
ROLE = re.compile(r"(?:\{(?P<myst>[A-Za-z][\w.:+-]*)\}|(?<![\w\\]):(?P<rest>[A-Za-z][\w.:+-]*):)`(?P<body>[^`]+)`")
TARGET = re.compile(r"\s*<(?P<target>[^<>]*)>\s*$")
LITERAL = re.compile(r"``[^`]+``|`[^`]+`")
# Kana and kanji: the words of a Japanese sentence (punctuation is not one).
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")

# (the English word, as a pattern; the Japanese it must have; the spelling it must not use).
TERMS = [
    ("default", re.compile(r"\bdefaults?\b", re.I), "既定", "標準"),
]
NEXT_HEADING = ("Next", "次に読むもの")
ALT_OPTION = re.compile(r"^\s*:alt:\s*(.+?)\s*$", re.M)
# The polite endings of a sentence: です, ます and their past, negative and guessing forms, ください.
POLITE_END = re.compile(r"(です|ます|ました|でした|ません|でしょう|ください)[」』）)]*$")
AUTOGRAD = re.compile(r"(?<![\w.])autograd(?![\w.])", re.A)


def wide(char: str) -> bool:
    """A Japanese character: kana, kanji, full-width punctuation."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def docname(occurrence: str) -> str:
    """The page of a catalog entry's source, from its ``#:`` path: ``../../docs/concepts/x.md`` -> ``concepts/x``."""
    path = occurrence.replace("\\", "/")
    path = path.split("docs/", 1)[1] if "docs/" in path else path.rsplit("/", 1)[-1]
    return posixpath.splitext(path)[0]


def link_target(doc: str, target: str) -> str:
    """The page a ``{doc}`` target names, from the page doc links from."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc), target))


@cache
def english_title(page: str) -> str | None:
    """The title of a page as its English source writes it: MyST's first heading, a gallery docstring's title."""
    md = DOCS / f"{page}.md"
    if md.is_file():
        tokens = MarkdownIt().parse(md.read_text(encoding="utf-8"))
        return next((tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"), None)
    if page.startswith("gallery/"):
        name = page.removeprefix("gallery/")
        source = GALLERY / f"{name}.py"
        if source.is_file():
            text = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or ""
        elif name == "index" and (GALLERY / "GALLERY_HEADER.rst").is_file():
            source, text = GALLERY / "GALLERY_HEADER.rst", (GALLERY / "GALLERY_HEADER.rst").read_text(encoding="utf-8")
        else:
            return None
        return extract_intro_and_title(str(source), text)[1]
    return None


@cache
def japanese_title(page: str, locale: Path = LOCALE) -> str | None:
    """The title a Japanese page shows: the page catalog's translation of its English title."""
    english = english_title(page)
    catalog = locale / f"{page}.po"
    if english is None or not catalog.is_file():
        return english
    entry = polib.pofile(str(catalog)).find(english)
    return entry.msgstr if entry and entry.msgstr and not entry.fuzzy else english


def roles(msgstr: str, doc: str, locale: Path = LOCALE):
    """Each role of msgstr: (match, its own text or None, the text the page shows)."""
    for m in ROLE.finditer(msgstr):
        body, name = m.group("body"), m.group("myst") or m.group("rest")
        own = TARGET.search(body)
        if own:
            yield m, body[: own.start()].strip(), body[: own.start()].strip()
        elif name == "doc":
            yield m, None, japanese_title(link_target(doc, body.strip()), locale) or body.strip()
        else:
            yield m, None, body.strip()


def doc_link_text(msgstr: str, doc: str) -> list[tuple[int, str, str]]:
    """A ``{doc}``/``:doc:`` link with no text of its own inside a Japanese sentence."""
    links = [m for m in ROLE.finditer(msgstr) if "doc" in (m.group("myst"), m.group("rest"))]
    bare = [m for m in links if not TARGET.search(m.group("body"))]
    if not bare or not JAPANESE.search(LITERAL.sub("", ROLE.sub("", msgstr))):
        return []  # no such link, or the link alone (a list of pages)
    return [(m.start(), "doc-link-text", f"give {m.group(0)} words of its own that fit the sentence") for m in bare]


def link_spacing(msgstr: str, doc: str, locale: Path = LOCALE) -> list[tuple[int, str, str]]:
    """Spaces between Japanese text and a link whose visible text (as the page shows it) is Japanese.

    In MyST the role needs no space; in reST an escaped space (backslash,
    space) stands in for it.
    """
    found = []
    for m, own, visible in roles(msgstr, doc, locale):
        start, end = m.start(), m.end()
        shown = "" if own is not None else f" (it shows 「{visible}」)"
        if msgstr[start - 1 : start] == " " and wide(msgstr[start - 2 : start - 1]) and wide(visible[:1]):
            found.append((start, "link-spacing", f"space before {m.group(0)}{shown}"))
        if msgstr[end : end + 1] == " " and wide(msgstr[end + 1 : end + 2]) and wide(visible[-1:]):
            found.append((end, "link-spacing", f"space after {m.group(0)}{shown}"))
    return found


@cache
def alt_texts(page: str) -> frozenset[str]:
    """The alt texts of the figures of a MyST page, as its source writes them."""
    md = DOCS / f"{page}.md"
    return frozenset(ALT_OPTION.findall(md.read_text(encoding="utf-8"))) if md.is_file() else frozenset()


def alt_style(msgid: str, msgstr: str, doc: str) -> list[tuple[int, str, str]]:
    """An alt text's Japanese with a sentence that does not end in です・ます (one finding, at the first)."""
    if " ".join(msgid.split()) not in alt_texts(doc):
        return []
    plain, start, first = [], 0, 0
    for sentence in msgstr.split("。"):
        if sentence.strip() and not POLITE_END.search(sentence.strip()):
            first = first if plain else start
            plain.append(sentence.strip())
        start += len(sentence) + 1
    if not plain:
        return []
    return [(first, "alt-style", f"an alt text is written in です・ます; {len(plain)} sentence(s) end otherwise, "
                                 f"the first: 「{plain[0][-12:]}。」")]


def terms(msgid: str, msgstr: str) -> list[tuple[int, str, str]]:
    """Spellings that depend on the English: 既定, 次に読むもの, 自動微分."""
    found = []
    for word, english, wanted, wrong in TERMS:
        if english.search(msgid) and wrong in msgstr and wanted not in msgstr:
            found.append((msgstr.index(wrong), "term", f'"{word}" is {wanted}, not {wrong}'))
    if msgid.strip() == NEXT_HEADING[0] and msgstr.strip() != NEXT_HEADING[1]:
        found.append((0, "term", f"the heading 「Next」 is {NEXT_HEADING[1]}, not {msgstr.strip()}"))
    prose = LITERAL.sub(lambda m: " " * len(m.group(0)), ROLE.sub(lambda m: keep_text(m), msgstr))
    if JAPANESE.search(prose) and "自動微分" not in prose:  # a sentence that names it says both
        found += [(m.start(), "term", "autograd in Japanese prose is 自動微分 (「自動微分 (autograd)」 names it)")
                  for m in AUTOGRAD.finditer(prose)]  # fmt: skip
    return found


def keep_text(m: re.Match) -> str:
    """A role as the words it shows, padded to the role's length (offsets stay those of the msgstr).

    A link to a page or a section without its own text shows a title, not its target: blank.
    """
    own = TARGET.search(m.group("body"))
    if own:
        text = m.group("body")[: own.start()]
    else:
        text = " " if {m.group("myst"), m.group("rest")} & {"doc", "ref"} else m.group("body")
    return text.ljust(len(m.group(0)))[: len(m.group(0))]


def check(msgid: str, msgstr: str, doc: str, locale: Path = LOCALE) -> list[tuple[int, str, str]]:
    """Every finding of these rules in one message."""
    found = doc_link_text(msgstr, doc) + link_spacing(msgstr, doc, locale) + alt_style(msgid, msgstr, doc)
    return found + terms(msgid, msgstr)
