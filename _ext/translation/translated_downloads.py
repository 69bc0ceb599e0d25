"""Gallery downloads in the reader's language.

sphinx-gallery writes each example's ``.py``, ``.ipynb`` and ``.zip`` once,
in English, next to the generated page; every language's build links to
those files, and Sphinx copies them to ``_downloads/<hash>/<name>``. In a
translated build this extension then overwrites those copies with
translated ones:

* the ``.py``: each paragraph and section title of the module docstring
  and of the ``# %%`` text blocks is replaced by its translation from the
  page's catalog (the same messages the translated page shows); code lines
  stay byte for byte as they were;
* the ``.ipynb``: made by sphinx-gallery's own notebook writer from the
  translated script, exactly as it makes the English one;
* the ``.zip``: the same members, translated.

A paragraph without a translation stays English. The downloads are found
through the build environment (``env.dlfiles``), so every example in the
gallery folders is handled and none is named here. If the translated script
does not split into the same code blocks as the English one, the English
download is kept and a warning says why.
"""

from __future__ import annotations

import ast
import io
import tempfile
import textwrap
import tokenize
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from sphinx.util import logging
from sphinx_gallery import py_source_parser
from sphinx_gallery.notebook import jupyter_notebook, save_notebook

from gallery_records.paths import gallery_dirs

from . import catalogs

logger = logging.getLogger(__name__)

Lookup = Callable[[str], "str | None"]

_ADORNMENT = set("=`:.'\"~^_*+#<>-")
_BULLETS = ("- ", "* ", "+ ", "• ")


# -- reST text, paragraph by paragraph -----------------------------------------


def _width(text: str) -> int:
    """Columns the text takes in a monospaced font (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _is_adornment(line: str) -> bool:
    s = line.strip()
    return len(s) >= 2 and s[0] in _ADORNMENT and s == s[0] * len(s)


def _message(lines: list[str]) -> str:
    """A paragraph's msgid, as Sphinx extracts it: lines joined by spaces."""
    return " ".join(line.strip() for line in lines).strip()


def _lookup_paragraph(lines: list[str], lookup: Lookup) -> str | None:
    msg = _message(lines)
    found = lookup(msg)
    if found is not None:
        return found
    # "Text::" introduces a literal block; the paragraph's message is "Text:".
    if msg.endswith(" ::"):
        found = lookup(msg[:-3])
        return None if found is None else found + " ::"
    if msg.endswith("::"):
        found = lookup(msg[:-1])
        return None if found is None else found + ":"
    return None


def _list_marker(line: str) -> str | None:
    if line.startswith(_BULLETS):
        return line[:2]
    head, dot, rest = line.partition(". ")
    if dot and (head.isdigit() or head == "#") and rest:
        return head + dot
    return None


def _translate_list(body: list[str], lookup: Lookup) -> list[str] | None:
    items: list[tuple[str, list[str]]] = []
    for line in body:
        marker = _list_marker(line)
        if marker is not None:
            items.append((marker, [line[len(marker):]]))
        elif items and line.startswith(" "):
            items[-1][1].append(line)
        else:
            return None  # not a plain list
    out, changed = [], False
    for marker, lines in items:
        found = _lookup_paragraph(lines, lookup)
        if found is None:
            out.append(marker + lines[0])
            out += lines[1:]
        else:
            changed = True
            hang = " " * len(marker)
            first, *more = found.split("\n")
            out.append(marker + first)
            out += [hang + line for line in more]
    return out if changed else None


def _translate_chunk(chunk: list[str], lookup: Lookup) -> list[str]:
    """Translate lines that are not separated by a blank line."""
    indent = min(len(line) - len(line.lstrip(" ")) for line in chunk)
    pad = " " * indent
    body = [line[indent:] for line in chunk]
    new: list[str] | None = None

    if len(body) in (2, 3) and _is_adornment(body[-1]) and not _is_adornment(body[-2]) and (
        len(body) == 2 or _is_adornment(body[0])
    ):  # a section title, with or without an overline
        found = lookup(body[-2].strip())
        if found is not None:
            rule = body[-1].strip()[0] * max(_width(found), 2)
            new = [rule, found, rule] if len(body) == 3 else [found, rule]
    elif body[0].startswith(".."):
        # A directive, target or comment: keep its first line and options,
        # translate the paragraph in its body (if any).
        keep = 1
        while keep < len(body) and body[keep].lstrip().startswith(":"):
            keep += 1
        if keep < len(body):
            new = body[:keep] + _translate_chunk(body[keep:], lookup)
    elif _list_marker(body[0]) is not None:
        new = _translate_list(body, lookup)
    else:
        found = _lookup_paragraph(body, lookup)
        if found is not None:
            new = found.split("\n")
    if new is None:
        return chunk
    return [pad + line if line else line for line in new]


def translate_rst(text: str, lookup: Lookup) -> str:
    """Replace every paragraph and title of reST text that has a translation."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        out += _translate_chunk(lines[i:j], lookup)
        i = j
    return "\n".join(out)


# -- a gallery script ----------------------------------------------------------


def _is_text_header(line: str) -> bool:
    # The lines sphinx-gallery takes as the start of a text block.
    return line.startswith("#" * 20) or line.startswith("# %%") or line.startswith("#%%")


def _translate_docstring(source: str, lookup: Lookup) -> str:
    """The script with its module docstring translated."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    token = next((t for t in tokens if t.type == tokenize.STRING), None)
    if token is None:
        return source
    literal = token.string
    value = ast.literal_eval(literal)
    new_value = translate_rst(value, lookup)
    if new_value == value:
        return source
    quote_at = next(i for i, c in enumerate(literal) if c in "'\"")
    prefix, quote = literal[:quote_at], literal[quote_at : quote_at + 3]
    if quote not in ('"""', "'''"):
        quote = quote[0]
    if "r" in prefix.lower():
        if quote in new_value or new_value.endswith("\\"):
            return source  # a raw string cannot hold it; keep the English
    else:
        new_value = new_value.replace("\\", "\\\\").replace(quote, "".join("\\" + c for c in quote))
        if len(quote) == 1:
            new_value = new_value.replace("\n", "\\n")
    new_literal = prefix + quote + new_value + quote
    lines = source.split("\n")
    (srow, scol), (erow, ecol) = token.start, token.end
    before = "\n".join(lines[: srow - 1] + [lines[srow - 1][:scol]])
    after = "\n".join([lines[erow - 1][ecol:]] + lines[erow:])
    return before + new_literal + after


def _docstring_end(source: str) -> int:
    """The line index just after the module docstring."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    token = next((t for t in tokens if t.type == tokenize.STRING), None)
    return 0 if token is None else token.end[0]


def _translate_comment_blocks(source: str, lookup: Lookup) -> str:
    lines = source.split("\n")
    i = _docstring_end(source)
    while i < len(lines):
        if not _is_text_header(lines[i]):
            i += 1
            continue
        start = j = i + 1
        while j < len(lines) and lines[j].startswith("#"):
            j += 1
        comment = [line[1:] for line in lines[start:j]]
        text = textwrap.dedent("\n".join(comment))
        indent = next(
            (len(c) - len(t) for c, t in zip(comment, text.split("\n")) if t.strip()), 1
        )
        new = translate_rst(text, lookup)
        if new != text:
            lines[start:j] = [
                ("#" + " " * indent + line) if line.strip() else "#" for line in new.split("\n")
            ]
            j = start + len(new.split("\n"))
        i = j
    return "\n".join(lines)


def translate_script(source: str, lookup: Lookup) -> str:
    """A gallery script with its prose translated and its code untouched."""
    return _translate_comment_blocks(_translate_docstring(source, lookup), lookup)


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


def _code(blocks: list) -> list[str]:
    return [b.content for b in blocks if b.type == "code"]


def notebook(script: Path, gallery_conf: dict, target_dir: Path) -> str:
    """The notebook sphinx-gallery makes from a script, as text."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "example.ipynb"
        save_notebook(jupyter_notebook(_blocks(script, gallery_conf), gallery_conf, target_dir), out)
        return out.read_text(encoding="utf-8")


# -- the build ------------------------------------------------------------------


def _translated_files(app, script: Path, lookup: Lookup, tmp: Path) -> dict[str, bytes] | None:
    """Translated ``.py`` and ``.ipynb`` of one example, by suffix."""
    gallery_conf = app.config.sphinx_gallery_conf
    source = script.read_text(encoding="utf-8")
    try:
        translated = translate_script(source, lookup)
    except (SyntaxError, ValueError, tokenize.TokenError) as err:
        logger.warning(
            "translated download: cannot read %s (%s); its downloads stay English",
            script.name, err, location=str(script), type="i18n", subtype="download",
        )  # fmt: skip
        return None
    if translated == source:
        return None
    copy = tmp / script.name
    copy.write_text(translated, encoding="utf-8")
    if _code(_blocks(copy, gallery_conf)) != _code(_blocks(script, gallery_conf)):
        logger.warning(
            "translated download: the translated %s does not keep the code blocks of "
            "the English one; its downloads stay English",
            script.name, location=str(script), type="i18n", subtype="download",
        )  # fmt: skip
        return None
    return {
        ".py": translated.encode("utf-8"),
        ".ipynb": notebook(copy, gallery_conf, script.parent).encode("utf-8"),
    }


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
    done = 0
    with tempfile.TemporaryDirectory() as tmp:
        cache: dict[Path, dict[str, bytes] | None] = {}
        for src, (_docnames, dest) in sorted(app.env.dlfiles.items()):
            src_path = Path(app.srcdir, src).resolve()
            script = src_path.with_suffix(".py")
            if src_path.suffix not in (".py", ".ipynb", ".zip") or src_path.parent not in galleries:
                continue
            if not script.is_file() or not (downloads / dest).is_file():
                continue
            if script not in cache:
                docname = script.relative_to(Path(app.srcdir).resolve()).with_suffix("").as_posix()
                path = catalogs.catalog_path(
                    app.srcdir, config.locale_dirs, config.language, docname, config.gettext_compact
                )
                po = catalogs.read(path, logger) if path else None
                found = catalogs.translations(po) if po is not None else {}
                cache[script] = _translated_files(app, script, found.get, Path(tmp)) if found else None
            files = cache[script]
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
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
