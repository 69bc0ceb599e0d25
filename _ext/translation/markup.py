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
and a ``raw`` role or directive is refused.

``markup_problems(msgid, msgstr, syntax)`` lists what a translation lost,
invented, or brought in raw: the markup must be the same, the visible title
of a role with an explicit target may change, its target may not.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

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


def rest_markup(message: str) -> Markup:
    found = Markup()
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


def syntax_of(occurrences: list[tuple[str, str]]) -> str:
    """``"md"`` or ``"rst"``: how the page a message comes from is parsed."""
    files = [file for file, _ in occurrences]
    return "md" if files and files[0].endswith(".md") else "rst"


def markup(message: str, syntax: str, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> Markup:
    return myst_markup(message, extensions) if syntax == "md" else rest_markup(message)


def raw_problems(msgid: str, msgstr: str, syntax: str, extensions=DEFAULT_EXTENSIONS) -> list[str]:
    """Raw content of msgstr that its msgid does not hold, as "detail: text"."""
    source = Counter(markup(msgid, syntax, extensions).raw)
    target = Counter(markup(msgstr, syntax, extensions).raw)
    return [f"{detail}: {text}" for (detail, text), n in sorted((target - source).items()) for _ in range(n)]


def markup_problems(msgid: str, msgstr: str, syntax: str, extensions=DEFAULT_EXTENSIONS) -> list[tuple[str, str]]:
    """(kind, detail) for every markup difference and raw content in msgstr."""
    source, target = markup(msgid, syntax, extensions), markup(msgstr, syntax, extensions)
    out: list[tuple[str, str]] = []
    for key, n in sorted((source.items - target.items).items()):
        out += [("markup", f"lost {source.written[key]}")] * n
    for key, n in sorted((target.items - source.items).items()):
        out += [("markup", f"invented {target.written[key]}")] * n
    out += [("raw", detail) for detail in raw_problems(msgid, msgstr, syntax, extensions)]
    return out
