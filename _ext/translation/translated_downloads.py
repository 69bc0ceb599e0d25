"""Gallery downloads in the reader's language.

sphinx-gallery writes each example's ``.py``, ``.ipynb`` and ``.zip`` in
English; Sphinx copies them to ``_downloads/`` in every language. At the end
of a translated build this extension puts translated ones in their place,
computing nothing that Sphinx or sphinx-gallery computes: the text blocks
are sphinx-gallery's (``split_code_and_text_blocks``), the messages of each
are Sphinx's (``extract_messages`` on the block parsed by the reST parser in
the build's environment, as for the gettext builder and the Locale
transform), and the notebook comes from sphinx-gallery's writer. Each
message's lines are replaced by its translation from the page's catalog; a
section title's adornment is made as wide as docutils measures the title.

A message without a translation stays English; code stays byte for byte.
If sphinx-gallery does not split the translated script into the same code
blocks and the expected text blocks, or Sphinx a text block into the
translated messages, the English downloads stay and a warning says why.
Results are kept in the doctree folder, keyed on the script, its catalog,
the English notebook and this module: Sphinx copies the English files on
every build, and a build with no change only puts the kept files back.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import shutil
import tempfile
import tokenize
import zipfile
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import docutils
import sphinx
import sphinx_gallery
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import column_width, new_document
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import sphinx_domains
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages
from sphinx_gallery import py_source_parser
from sphinx_gallery.notebook import jupyter_notebook, save_notebook

from gallery_records.paths import gallery_dirs

from . import catalogs

logger = logging.getLogger(__name__)

Lookup = Callable[[str], "str | None"]
Edit = tuple[int, int, list[str]]  # replace lines [start, end) with these


class Untranslatable(Exception):
    """The translated script would not be what the English one is, translated."""


# -- one reST text block ---------------------------------------------------------


@functools.cache
def _settings():
    settings = get_default_settings(Parser)
    settings.report_level = settings.halt_level = 5
    return settings


def parse(text: str, env=None) -> nodes.document:
    """The block's doctree, parsed as Sphinx parses a page."""
    settings = copy.copy(_settings())
    settings.env = env
    document = new_document("<gallery text>", settings)
    # The page itself was built from this text and reported its problems.
    with sphinx_domains(env) if env is not None else nullcontext(), logging.suppress_logging():
        Parser().parse(text, document)
    return document


def messages(text: str, env=None) -> list[tuple[nodes.Element, str]]:
    """The block's messages, as Sphinx extracts them (literal blocks are not translated)."""
    return [(n, m) for n, m in extract_messages(parse(text, env)) if not isinstance(n, LITERAL_TYPE_NODES)]


def _find(lines: list[str], wanted: list[str], start: int) -> tuple[int, str] | None:
    """Where the lines of a message begin at or after ``start``, and what precedes it there."""
    first, *rest = (w.strip() for w in wanted)
    for i in range(start, len(lines) - len(rest)):
        line = lines[i].rstrip()
        if line.endswith(first) and all(lines[i + 1 + k].strip() == w for k, w in enumerate(rest)):
            return i, line[: len(line) - len(first)]
    return None


def _title_edit(lines: list[str], node: nodes.title, found: str) -> Edit | None:
    """A section title and its adornment, as wide as docutils measures the translation."""
    under = (node.line or 0) - 1  # docutils numbers a section title by its underline
    if not 1 <= under < len(lines) or lines[under - 1].strip() != node.rawsource.strip():
        return None
    rule = lines[under].strip()
    indent = lines[under - 1][: len(lines[under - 1]) - len(lines[under - 1].lstrip())]
    text = indent + found.replace("\n", " ")
    new_rule = rule[0] * max(column_width(text), 2)
    if under >= 2 and lines[under - 2].rstrip() == lines[under].rstrip():  # an overline too
        return under - 2, under + 1, [new_rule, text, new_rule]
    return under - 1, under + 1, [text, new_rule]


def rst_edits(text: str, lookup: Lookup, env=None) -> list[Edit]:
    """The line replacements that translate a reST block, in order."""
    lines = text.split("\n")
    edits: list[Edit] = []
    cursor = 0
    for node, msg in messages(text, env):
        found = lookup(msg)
        if found is None or found == msg:
            continue
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            edit = _title_edit(lines, node, found)
        else:
            raw = str(node.rawsource)
            wanted = (raw if " ".join(raw.split()) == " ".join(msg.split()) else msg).split("\n")
            # docutils numbers a paragraph by its first line; the text decides
            where = _find(lines, wanted, max(cursor, (node.line or 1) - 1)) or _find(lines, wanted, cursor)
            if where is None:
                raise Untranslatable(f"cannot find the lines of the message {msg!r}")
            at, prefix = where
            hang = " " * len(prefix) if prefix.strip() else prefix  # under a list marker
            first, *more = found.split("\n")
            edit = at, at + len(wanted), [prefix + first] + [hang + m for m in more]
        if edit is None or edit[0] < cursor:
            raise Untranslatable(f"cannot find the lines of the message {msg!r}")
        edits.append(edit)
        cursor = edit[1]
    return edits


def apply(lines: list[str], edits: list[Edit], leads: list[str] | None = None, cont: str = "") -> list[str]:
    """The lines with the edits made; ``leads`` prefix an edit's first line, ``cont`` the others."""
    out = list(lines)
    for start, end, new in reversed(edits):
        if leads is not None:
            new = [((leads[start] if k == 0 else cont) + line).rstrip() for k, line in enumerate(new)]
        out[start:end] = new
    return out


# -- a gallery script ----------------------------------------------------------------


def _place(view: list[str], block: list[str], start: int) -> tuple[int, list[str]]:
    """Where a block's lines are in ``view``, and what precedes each there."""
    block = "\n".join(block).rstrip().split("\n")  # trailing blank lines hold no message
    for base in range(start, len(view) - len(block) + 1):
        src = [line.rstrip() for line in view[base : base + len(block)]]
        if all(s.endswith(b.rstrip()) if b.strip() else s.strip() in ("", "#") for s, b in zip(src, block)):
            return base, [s[: len(s) - len(b.rstrip())] for s, b in zip(src, block)]
    raise Untranslatable(f"cannot find the text block that begins {block[0]!r}")


def _translate_view(view: list[str], content: str, start: int, lookup: Lookup, env, escape) -> tuple[list[str], str]:
    """``view`` with one text block translated, and the block's translated text."""
    edits = rst_edits(content, lookup, env)
    if not edits:
        return view, content
    block = content.split("\n")
    base, leads = _place(view, block, start)
    n = len(leads)
    body = [lead for lead, line in zip(leads, block) if line.strip()]
    cont = body[-1] if body else ""
    escaped = [(s, e, [escape(line) for line in new]) for s, e, new in edits]
    view = view[:base] + apply(view[base : base + n], escaped, leads, cont) + view[base + n :]
    return view, "\n".join(apply(block, edits))


def _translate_docstring(source: str, block, lookup: Lookup, env) -> tuple[str, str]:
    """The source with its module docstring translated, and the block's new text."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    token = next(t for t in tokens if t.type == tokenize.STRING)
    literal = token.string
    at = next(i for i, c in enumerate(literal) if c in "'\"")
    quote = literal[at : at + 3] if literal[at : at + 3] in ('"""', "'''") else literal[at]
    if "r" in literal[:at].lower():  # a raw string holds the text as it is (or the check refuses it)
        escape = str
    else:
        escape = lambda text: text.replace("\\", "\\\\").replace(quote, "\\" + "\\".join(quote))  # noqa: E731
    inner = literal[at + len(quote) : len(literal) - len(quote)].split("\n")
    inner, text = _translate_view(inner, block.content, 0, lookup, env, escape)
    begin = sum(len(line) + 1 for line in source.split("\n")[: token.start[0] - 1]) + token.start[1]
    new_literal = literal[: at + len(quote)] + "\n".join(inner) + quote
    return source[:begin] + new_literal + source[begin + len(literal) :], text


def translate_script(script: Path, lookup: Lookup, env=None) -> str:
    """The script with its prose translated; raises ``Untranslatable`` if that cannot be done safely."""
    _, blocks = py_source_parser.split_code_and_text_blocks(script)
    expected = [b.content for b in blocks]
    lines = script.read_text(encoding="utf-8").split("\n")
    for i in reversed(range(1, len(blocks))):  # from the end: earlier line numbers stay right
        if blocks[i].type == "text":
            lines, expected[i] = _translate_view(lines, blocks[i].content, blocks[i].lineno - 1, lookup, env, str)
    translated, expected[0] = _translate_docstring("\n".join(lines), blocks[0], lookup, env)
    _check(script, translated, blocks, expected, lookup, env)
    return translated


def _split(text: str, name: str) -> list:
    """sphinx-gallery's blocks of a script held as text (its parser reads a file)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        try:
            return py_source_parser.split_code_and_text_blocks(path)[1]
        except ExtensionError as err:  # no docstring left
            raise Untranslatable(f"sphinx-gallery cannot read the translated script: {err}") from None


def _check(script: Path, translated: str, blocks: list, expected: list[str], lookup: Lookup, env) -> None:
    """sphinx-gallery and Sphinx read the translated script as the English one, translated."""
    new_blocks = _split(translated, script.name)
    shape = lambda bs: [(b.type, b.content if b.type == "code" else "") for b in bs]  # noqa: E731
    if shape(new_blocks) != shape(blocks):
        raise Untranslatable("the translated script does not keep the code blocks of the English one")
    for old, new, want in zip(blocks, new_blocks, expected):
        if new.content != want:
            raise Untranslatable(f"the text block at line {old.lineno} does not read back as translated")
        if old.type == "text" and new.content != old.content:
            got = [" ".join(m.split()) for _, m in messages(new.content, env)]
            if got != [" ".join((lookup(m) or m).split()) for _, m in messages(old.content, env)]:
                raise Untranslatable(f"the text block at line {old.lineno} splits into other messages")


def notebook(text: str, name: str, gallery_conf: dict, target_dir: Path) -> str:
    """The notebook sphinx-gallery makes from a script, cleaned as it cleans it, as text."""
    clean = py_source_parser.remove_config_comments if gallery_conf.get("remove_config_comments") else str
    blocks = [
        py_source_parser.Block(kind, clean(py_source_parser.remove_ignore_blocks(content)), lineno)
        for kind, content, lineno in _split(text, name)
    ]
    if blocks and blocks[-1].content.isspace():
        blocks.pop()
    with tempfile.TemporaryDirectory() as tmp:
        save_notebook(jupyter_notebook(blocks, gallery_conf, target_dir), Path(tmp) / "example.ipynb")
        return (Path(tmp) / "example.ipynb").read_text(encoding="utf-8")


# -- the build ------------------------------------------------------------------------


def _files(app, script: Path) -> dict[str, bytes]:
    """Translated ``.py`` and ``.ipynb`` of one example ({}: keep the English), made again
    only when what they depend on changed: the inputs, this module, the parsers' versions."""
    config = app.config
    docname = script.relative_to(Path(app.srcdir).resolve()).with_suffix("").as_posix()
    catalog = catalogs.catalog_path(app.srcdir, config.locale_dirs, config.language, docname, config.gettext_compact)
    digest = hashlib.sha256(f"{sphinx.__version__} {sphinx_gallery.__version__} {docutils.__version__}".encode())
    for path in (Path(__file__), script, script.with_suffix(".ipynb"), catalog):
        digest.update(path.read_bytes() if path is not None and path.is_file() else b"-")
    cache, key = Path(app.doctreedir) / "translated_downloads" / script.stem, digest.hexdigest()
    if (cache / "key").is_file() and (cache / "key").read_text(encoding="utf-8") == key:
        return {p.suffix: p.read_bytes() for p in cache.glob("file.*")}
    po = catalogs.read(catalog, logger) if catalog else None
    found = catalogs.translations(po) if po is not None else {}
    try:
        translated = translate_script(script, found.get, app.env) if found else None
    except (Untranslatable, SyntaxError, ValueError, tokenize.TokenError) as err:
        logger.warning("translated download: %s; the downloads of %s stay English", err, script.name,
                       location=str(script), type="i18n", subtype="download")  # fmt: skip
        return {}  # not kept: the warning comes again on the next build
    files = {}
    if translated is not None and translated != script.read_text(encoding="utf-8"):
        ipynb = notebook(translated, script.name, config.sphinx_gallery_conf, script.parent)
        files = {".py": translated.encode("utf-8"), ".ipynb": ipynb.encode("utf-8")}
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    for suffix, data in files.items():
        (cache / f"file{suffix}").write_bytes(data)
    (cache / "key").write_text(key, encoding="utf-8")
    return files


def _rezip(original: Path, members: dict[str, bytes], dest: Path) -> None:
    with zipfile.ZipFile(original) as old, zipfile.ZipFile(dest, "w") as new:
        for info in old.infolist():
            data = members.get(Path(info.filename).suffix)
            new.writestr(info, data if data is not None else old.read(info))


def translate_downloads(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if app.config.language == app.config.translation_source_language:
        return
    galleries, downloads = gallery_dirs(app), Path(app.outdir) / "_downloads"
    done, results = 0, {}
    for src, (_docnames, dest) in sorted(app.env.dlfiles.items()):
        src_path = Path(app.srcdir, src).resolve()
        script = src_path.with_suffix(".py")
        wanted = src_path.suffix in (".py", ".ipynb", ".zip") and src_path.parent in galleries
        if not (wanted and script.is_file() and (downloads / dest).is_file()):
            continue
        files = results[script] = results[script] if script in results else _files(app, script)
        if not files:
            continue
        if src_path.suffix == ".zip":
            _rezip(src_path, files, downloads / dest)
        else:
            (downloads / dest).write_bytes(files[src_path.suffix])
        done += 1
    if done:
        logger.info("translated downloads: %d gallery files in %s", done, app.config.language)


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    catalogs.add_source_language(app)
    app.connect("build-finished", translate_downloads)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
