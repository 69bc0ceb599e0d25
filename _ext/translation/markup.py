"""The markup of a message, read with the parser that will read it.

Not an extension: a helper shared by ``catalog_guard`` (the build) and
``tools/intl_check.py`` (the catalog gate), so that both see a translation
the way the site's parsers do.

A message from a MyST page is parsed with MyST's own markdown-it parser
(``myst_parser.parsers.mdit.create_md_parser``, with the site's
``myst_enable_extensions``): roles, inline code, links (their text is parsed
too, so raw HTML inside it is found), images, math and raw HTML are tokens
of that parser, not guesses. A message from a reST page (the gallery's
generated pages) cannot hold inline HTML, since reST prints it as text; its
roles, literals, links and substitutions are read with the patterns below,
and a ``raw`` role or directive is refused. Its link targets are read by
docutils itself (a bare ``javascript:...`` becomes a link there): every
target must be one of the msgid's, and a scheme other than http, https and
mailto is refused.

Which parser reads a message is decided by the catalog's own path (the page
it belongs to, ``catalog_syntax``), never by its ``#:`` comments, which the
translator controls; an entry of a page catalog without a ``#:`` line is
refused. The interface catalog (domain ``sphinx``) is printed into HTML
templates, attributes and scripts as it is: its translations may hold no
``<``, ``>``, ``"`` or ``&`` that the msgid lacks (``interface_problems``).

``markup_problems(msgid, msgstr, syntax)`` lists what a translation lost,
invented, or brought in raw: the markup must be the same, the visible title
of a role with an explicit target may change, its target may not.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Roles whose whole content is code or math, not a title with a target.
VERBATIM_ROLES = {"math", "eq", "code", "kbd", "samp", "literal", "abbr", "file", "command"}
RAW_ROLE = re.compile(r"^raw(?:-\w+)?$")
EXPLICIT_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
DEFAULT_EXTENSIONS = ("colon_fence", "deflist", "dollarmath")


@dataclass
class Markup:
    """What a message holds: markup to keep, as (kind, key), and raw content."""

    items: Counter = field(default_factory=Counter)
    written: dict = field(default_factory=dict)
    raw: list = field(default_factory=list)  # (detail, text) of raw content

    def add(self, kind: str, key: str, text: str) -> None:
        self.items[(kind, key)] += 1
        self.written.setdefault((kind, key), text)


def _split_role(name: str, body: str) -> tuple[str, str]:
    """(title, key) of a role's content: the key is what must not change."""
    if name.split(":")[-1] in VERBATIM_ROLES:
        return "", body
    match = EXPLICIT_TARGET.match(body)
    return (match.group("title"), match.group("target").strip()) if match else ("", body.strip())


# -- MyST ----------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _parser(extensions: tuple[str, ...]):
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def _html_in(text: str, extensions: tuple[str, ...]) -> list[str]:
    """The raw HTML that MyST would pass through from a piece of inline text."""
    tokens = _parser(extensions).parseInline(text)
    return [t.content for tok in tokens for t in (tok.children or []) if t.type == "html_inline"]


def _walk(tokens, found: Markup, extensions: tuple[str, ...]) -> None:
    for token in tokens:
        kind = token.type
        if kind == "myst_role":
            name = token.meta.get("name", "")
            written = f"{{{name}}}`{token.content}`"
            if RAW_ROLE.match(name):
                found.raw.append(("raw role in translation", written))
            title, key = _split_role(name, token.content)
            found.add("role", f"{{{name}}} {key}", written)
            found.raw += [("raw HTML in a reference title", html) for html in _html_in(title, extensions)]
        elif kind == "code_inline":
            found.add("literal", token.content, f"`{token.content}`")
        elif kind in ("math_inline", "math_block", "math_inline_double", "math_block_label"):
            found.add("math", token.content.strip(), f"${token.content}$")
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            found.add("link", href, f"<{href}>" if token.markup == "autolink" else f"[...]({href})")
            title = str(token.attrs.get("title", ""))
            found.raw += [("raw HTML in a link title", html) for html in _html_in(title, extensions)]
        elif kind == "image":
            src = str(token.attrs.get("src", ""))
            found.add("image", src, f"![...]({src})")
        elif kind in ("html_inline", "html_block"):
            found.raw.append(("raw HTML in translation", token.content.strip()))
        elif kind in ("fence", "colon_fence") and token.info.strip().startswith("{raw}"):
            found.raw.append(("raw directive in translation", token.info.strip()))
        if token.children:
            _walk(token.children, found, extensions)


def myst_markup(message: str, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> Markup:
    found = Markup()
    _walk(_parser(tuple(sorted(extensions))).parse(message), found, tuple(sorted(extensions)))
    return found


# -- reST ------------------------------------------------------------------------
# reST prints "<b>" as text, so only roles, literals, links and substitutions
# are markup to keep. These expressions read message strings, never .po text.

REST_ROLE = re.compile(r"(?<![\w\\]):(?P<name>[A-Za-z][\w.:+-]*):`(?P<body>[^`]+)`(?!`)")
REST_LINK = re.compile(r"`(?P<text>[^`<]*?)\s*<(?P<url>[^`<>]+)>`__?")
REST_REF = re.compile(r"`(?P<name>[^`<>]+)`__?")
REST_LITERAL = re.compile(r"``(?P<body>[^`]+(?:`[^`]+)*)``")
REST_INTERPRETED = re.compile(r"`(?P<body>[^`]+)`")
REST_SUBSTITUTION = re.compile(r"(?<![\w|\\])\|(?P<name>[^\s|](?:[^|]*[^\s|])?)\|(?:__?)?(?![\w|])")
REST_RAW_DIRECTIVE = re.compile(r"(?:^|\s)\.\.\s+raw\s*::")


ALLOWED_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^\s*(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")


@functools.lru_cache(maxsize=1)
def _rest_parser():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.report_level = settings.halt_level = 5  # unknown roles are Sphinx's, not errors here
    settings.warning_stream = False
    return Parser(), settings


def rest_targets(message: str) -> list[str]:
    """Every link target and image URI docutils finds in a reST message."""
    from docutils import nodes
    from docutils.parsers.rst import directives, roles
    from docutils.utils import new_document

    parser, settings = _rest_parser()
    document = new_document("<message>", settings)
    # Only docutils' own roles and directives: those Sphinx registered need
    # its environment, and an unknown role is no link anyway.
    saved = roles._roles, directives._directives
    roles._roles, directives._directives = {}, {}
    try:
        parser.parse(message, document)
    finally:
        roles._roles, directives._directives = saved
    out = []
    for node in document.findall(lambda n: isinstance(n, (nodes.reference, nodes.target, nodes.image))):
        uri = node.get("uri") if isinstance(node, nodes.image) else node.get("refuri")
        if uri:
            out.append(uri)
    return out


def rest_markup(message: str) -> Markup:
    found = Markup()
    for target in rest_targets(message):
        found.add("target", target, target)
        scheme = SCHEME.match(target)
        if scheme and scheme.group("scheme").lower() not in ALLOWED_SCHEMES:
            found.raw.append(("link to a scheme other than http, https or mailto", target))
    text = message

    def take(pattern: re.Pattern, kind: str, key) -> None:
        nonlocal text

        def mask(match: re.Match) -> str:
            found.add(kind, key(match), match.group(0))
            return "\x00"

        text = pattern.sub(mask, text)

    def role(m: re.Match) -> str:
        if RAW_ROLE.match(m.group("name")):
            found.raw.append(("raw role in translation", m.group(0)))
        return f":{m.group('name')}: {_split_role(m.group('name'), m.group('body'))[1]}"

    take(REST_ROLE, "role", role)
    take(REST_LINK, "link", lambda m: m.group("url").strip())
    take(REST_REF, "reference", lambda m: m.group(0))
    take(REST_LITERAL, "literal", lambda m: m.group(0))
    take(REST_INTERPRETED, "literal", lambda m: m.group(0))
    take(REST_SUBSTITUTION, "substitution", lambda m: m.group("name"))
    if REST_RAW_DIRECTIVE.search(text):
        found.raw.append(("raw directive in translation", ".. raw::"))
    return found


# -- comparing a msgid with its msgstr --------------------------------------------


INTERFACE_DOMAIN = "sphinx"  # the catalog of the site's interface strings
HTML_SPECIAL = '<>"&'


def catalog_syntax(page: str, srcdir: Path) -> str:
    """How the messages of a catalog are read, from its path: ``"interface"``,
    ``"md"`` (the page is MyST) or ``"rst"`` (a reST page, or a gallery page
    that sphinx-gallery writes as reST)."""
    if page == INTERFACE_DOMAIN:
        return "interface"
    return "md" if Path(srcdir, page + ".md").is_file() else "rst"


def interface_problems(msgid: str, msgstr: str) -> list[str]:
    """HTML-special characters of an interface translation that its msgid lacks."""
    return [
        f"interface string with {char!r} its English lacks (write it without {char!r})"
        for char in HTML_SPECIAL if msgstr.count(char) > msgid.count(char)
    ]  # fmt: skip


def entry_problems(entry, syntax: str) -> list[tuple[str, str]]:
    """(kind, detail) that keep an entry out of a page, whatever its markup."""
    if syntax != "interface" and not entry.occurrences:
        return [("location", "no #: line naming the page: restore it (make intl-update writes it)")]
    return []


def markup(message: str, syntax: str, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> Markup:
    if syntax == "interface":
        return Markup()
    return myst_markup(message, extensions) if syntax == "md" else rest_markup(message)


def raw_problems(msgid: str, msgstr: str, syntax: str, extensions=DEFAULT_EXTENSIONS) -> list[str]:
    """What of msgstr may not reach a page, as "detail: text": raw content its
    msgid does not hold, and (reST) a link target its msgid does not have."""
    if syntax == "interface":
        return interface_problems(msgid, msgstr)
    source, target = markup(msgid, syntax, extensions), markup(msgstr, syntax, extensions)
    out = [f"{detail}: {text}" for (detail, text), n in sorted((Counter(target.raw) - Counter(source.raw)).items()) for _ in range(n)]
    invented = {key for kind, key in target.items if kind == "target"} - {key for kind, key in source.items if kind == "target"}
    out += [f"link target its English does not have: {key}" for key in sorted(invented)]
    return out


def markup_problems(msgid: str, msgstr: str, syntax: str, extensions=DEFAULT_EXTENSIONS) -> list[tuple[str, str]]:
    """(kind, detail) for every markup difference and raw content in msgstr."""
    source, target = markup(msgid, syntax, extensions), markup(msgstr, syntax, extensions)
    out: list[tuple[str, str]] = []
    for key, n in sorted((source.items - target.items).items()):
        out += [("markup", f"lost {source.written[key]}")] * n
    for key, n in sorted((target.items - source.items).items()):
        if key[0] != "target":  # an invented link target is one of raw_problems
            out += [("markup", f"invented {target.written[key]}")] * n
    out += [("raw", detail) for detail in raw_problems(msgid, msgstr, syntax, extensions)]
    return out
