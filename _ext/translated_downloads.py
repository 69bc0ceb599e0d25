"""Gallery downloads in the reader's language.

sphinx-gallery writes each example's ``.py``, ``.ipynb`` and ``.zip`` once,
in English, next to the generated page; every language's build links to
those files, and Sphinx copies them to ``_downloads/<hash>/<name>``. At the
end of a translated build this extension overwrites those copies with
translated ones, computing nothing that Sphinx or sphinx-gallery computes:

* the script's text blocks (module docstring, ``# %%`` comments) are the
  ones sphinx-gallery's ``split_code_and_text_blocks`` finds;
* each block is parsed with the reST parser, in the build's environment,
  and its messages are those of ``sphinx.util.nodes.extract_messages``, the
  function the gettext builder and the Locale transform use; each message's
  lines are replaced by its translation from the page's catalog, a title's
  adornment made as wide as docutils measures the translated title;
* the ``.ipynb`` is made by sphinx-gallery's notebook writer from the
  translated script, the ``.zip`` holds the translated files.

A message without a translation stays English; code stays byte for byte.
The translated script is checked before it is used: sphinx-gallery must
split it into the same code blocks and the expected text blocks, and each
text block must yield the translated messages. Otherwise the English
downloads are kept and a warning says why. Results are kept in the
doctree folder, keyed on the script, its catalog, the English notebook and
this module, so a build with no change only copies them into place (Sphinx
copies the English files again on every build).
"""

from __future__ import annotations

import hashlib
import io
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
from sphinx.util import logging
from sphinx.util.docutils import sphinx_domains
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages
from sphinx_gallery import py_source_parser
from sphinx_gallery.notebook import jupyter_notebook, save_notebook

import i18n_catalogs as catalogs
from gallery_paths import gallery_dirs

logger = logging.getLogger(__name__)

Lookup = Callable[[str], "str | None"]
Edit = tuple[int, int, list[str]]  # replace lines [start, end) with these


class Untranslatable(Exception):
    """The translated script would not be what the English one is, translated."""


# -- one reST text block ---------------------------------------------------------


def parse(text: str, env=None) -> nodes.document:
    """The block's doctree, parsed as Sphinx parses a page (quietly: the page reports)."""
    settings = get_default_settings(Parser)
    settings.report_level = settings.halt_level = 5
    settings.env = env
    document = new_document("<gallery text>", settings)
    with sphinx_domains(env) if env is not None else nullcontext():
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
            raw = node.rawsource if " ".join(str(node.rawsource).split()) == " ".join(msg.split()) else msg
            wanted = str(raw).split("\n")
            # docutils numbers a paragraph by its first line; the text decides
            where = _find(lines, wanted, max(cursor, (node.line or 1) - 1)) or _find(lines, wanted, cursor)
            edit = None
            if where is not None:
                at, prefix = where
                hang = " " * len(prefix) if prefix.strip() else prefix
                first, *more = found.split("\n")
                edit = at, at + len(str(raw).split("\n")), [prefix + first] + [hang + m for m in more]
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


def translate_rst(text: str, lookup: Lookup, env=None) -> str:
    """A reST block with every message that has a translation translated."""
    return "\n".join(apply(text.split("\n"), rst_edits(text, lookup, env)))


# -- a gallery script ----------------------------------------------------------------


def _docstring(source: str) -> tokenize.TokenInfo | None:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return next((t for t in tokens if t.type == tokenize.STRING), None)


def _place(view: list[str], block: list[str], start: int) -> tuple[int, list[str]]:
    """Where a block's lines are in ``view``, and what precedes each there."""
    while block and not block[-1].strip():
        block = block[:-1]
    for base in range(start, len(view) - len(block) + 1):
        leads = []
        for k, line in enumerate(block):
            src = view[base + k].rstrip()
            if not line.strip():
                if src.strip() not in ("", "#"):
                    break
                leads.append(src)
            elif src.endswith(line.rstrip()):
                leads.append(src[: len(src) - len(line.rstrip())])
            else:
                break
        else:
            return base, leads
    raise Untranslatable(f"cannot find the text block that begins {block[0]!r}" if block else "empty block")


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


def translate_script(script: Path, lookup: Lookup, env=None) -> str:
    """The script with its prose translated; raises ``Untranslatable`` if that cannot be done safely."""
    source = script.read_text(encoding="utf-8")
    _, blocks = py_source_parser.split_code_and_text_blocks(script)
    expected = [b.content for b in blocks]
    lines = source.split("\n")
    for i, block in reversed(list(enumerate(blocks))):
        if block.type != "text" or i == 0:
            continue
        lines, expected[i] = _translate_view(lines, block.content, block.lineno - 1, lookup, env, str)
    translated = "\n".join(lines)
    token = _docstring(translated)
    if blocks and blocks[0].type == "text" and token is not None:
        literal = token.string
        at = next(i for i, c in enumerate(literal) if c in "'\"")
        quote = literal[at : at + 3] if literal[at : at + 3] in ('"""', "'''") else literal[at]
        raw = "r" in literal[:at].lower()

        def escape(text: str) -> str:
            return text if raw else text.replace("\\", "\\\\").replace(quote, "\\" + "\\".join(quote))

        inner = literal[at + len(quote) : len(literal) - len(quote)].split("\n")
        inner, expected[0] = _translate_view(inner, blocks[0].content, 0, lookup, env, escape)
        offset = sum(len(line) + 1 for line in lines[: token.start[0] - 1])
        begin, end = offset + token.start[1], offset + token.start[1] + len(literal)
        translated = translated[:begin] + literal[: at + len(quote)] + "\n".join(inner) + quote + translated[end:]
    _check(script, translated, blocks, expected, lookup, env)
    return translated


def _check(script: Path, translated: str, blocks: list, expected: list[str], lookup: Lookup, env) -> None:
    """sphinx-gallery reads the translated script as the English one, translated."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / script.name
        copy.write_text(translated, encoding="utf-8")
        _, new_blocks = py_source_parser.split_code_and_text_blocks(copy)
    if [(b.type, b.content if b.type == "code" else None) for b in new_blocks] != [
        (b.type, b.content if b.type == "code" else None) for b in blocks
    ]:
        raise Untranslatable("the translated script does not keep the code blocks of the English one")
    for old, new, want in zip(blocks, new_blocks, expected):
        if new.content != want:
            raise Untranslatable(f"the text block at line {old.lineno} does not read back as translated")
        if old.type == "text" and new.content != old.content:
            got = [" ".join(m.split()) for _, m in messages(new.content, env)]
            if got != [" ".join((lookup(m) or m).split()) for _, m in messages(old.content, env)]:
                raise Untranslatable(f"the text block at line {old.lineno} splits into other messages")


def _blocks(path: Path, gallery_conf: dict) -> list:
    """The script's blocks, cleaned as sphinx-gallery cleans them for the notebook."""
    _, blocks = py_source_parser.split_code_and_text_blocks(path)
    cleaned = []
    for label, content, lineno in blocks:
        content = py_source_parser.remove_ignore_blocks(content)
        if gallery_conf.get("remove_config_comments"):
            content = py_source_parser.remove_config_comments(content)
        cleaned.append(py_source_parser.Block(label, content, lineno))
    if cleaned and cleaned[-1].content.isspace():
        cleaned = cleaned[:-1]
    return cleaned


def notebook(script: Path, gallery_conf: dict, target_dir: Path) -> str:
    """The notebook sphinx-gallery makes from a script, as text."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "example.ipynb"
        save_notebook(jupyter_notebook(_blocks(script, gallery_conf), gallery_conf, target_dir), out)
        return out.read_text(encoding="utf-8")


# -- the build ------------------------------------------------------------------------


def _translated_files(app, script: Path, catalog: Path | None) -> dict[str, bytes] | None:
    """Translated ``.py`` and ``.ipynb`` of one example, by suffix (None: keep the English)."""
    po = catalogs.read(catalog, logger) if catalog else None
    found = catalogs.translations(po) if po is not None else {}
    if not found:
        return None
    try:
        translated = translate_script(script, found.get, app.env)
    except (Untranslatable, SyntaxError, ValueError, tokenize.TokenError) as err:
        logger.warning(
            "translated download: %s; the downloads of %s stay English",
            err, script.name, location=str(script), type="i18n", subtype="download",
        )  # fmt: skip
        return None
    if translated == script.read_text(encoding="utf-8"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / script.name
        copy.write_text(translated, encoding="utf-8")
        ipynb = notebook(copy, app.config.sphinx_gallery_conf, script.parent)
    return {".py": translated.encode("utf-8"), ".ipynb": ipynb.encode("utf-8")}


def _key(script: Path, catalog: Path | None) -> str:
    """What the translated files depend on: the inputs, this module, the parsers' versions."""
    digest = hashlib.sha256(f"{sphinx.__version__} {sphinx_gallery.__version__} {docutils.__version__}".encode())
    for path in (Path(__file__), script, script.with_suffix(".ipynb"), catalog):
        digest.update(path.read_bytes() if path is not None and path.is_file() else b"-")
    return digest.hexdigest()


def _cached(app, script: Path, catalog: Path | None) -> dict[str, bytes] | None:
    """The translated files, made again only when what they depend on changed."""
    cache = Path(app.doctreedir) / "translated_downloads" / script.stem
    key = _key(script, catalog)
    if (cache / "key").is_file() and (cache / "key").read_text(encoding="utf-8") == key:
        return {s: (cache / f"file{s}").read_bytes() for s in (".py", ".ipynb") if (cache / f"file{s}").is_file()} or None
    files = _translated_files(app, script, catalog)
    if files is not None:  # a failure is not kept: its warning comes again next time
        cache.mkdir(parents=True, exist_ok=True)
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
    config = app.config
    if config.language == config.translation_source_language:
        return
    galleries = gallery_dirs(app)
    downloads = Path(app.outdir) / "_downloads"
    srcdir = Path(app.srcdir).resolve()
    done = 0
    results: dict[Path, dict[str, bytes] | None] = {}
    for src, (_docnames, dest) in sorted(app.env.dlfiles.items()):
        src_path = Path(app.srcdir, src).resolve()
        script = src_path.with_suffix(".py")
        if src_path.suffix not in (".py", ".ipynb", ".zip") or src_path.parent not in galleries:
            continue
        if not script.is_file() or not (downloads / dest).is_file():
            continue
        if script not in results:
            docname = script.relative_to(srcdir).with_suffix("").as_posix()
            catalog = catalogs.catalog_path(
                app.srcdir, config.locale_dirs, config.language, docname, config.gettext_compact
            )
            results[script] = _cached(app, script, catalog)
        files = results[script]
        if files is None:
            continue
        if src_path.suffix == ".zip":
            _rezip(src_path, files, downloads / dest)
        else:
            (downloads / dest).write_bytes(files[src_path.suffix])
        done += 1
    if done:
        logger.info("translated downloads: %d gallery files in %s", done, config.language)


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    catalogs.add_source_language(app)
    app.connect("build-finished", translate_downloads)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
