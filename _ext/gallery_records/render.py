"""Rendering: example pages show recorded output and execute nothing.

Every build renders the gallery with ``plot_gallery`` off: sphinx-gallery
writes each example's page (code and prose), and this module puts the
output back after each code cell, from the records (see ``plan``):

* one recorded backend: its text and figures, under a stamp saying what
  produced them;
* several: a tab per backend (ROCm, CUDA, CPU) around each output and the
  stamps, synchronised with sphinx-design's tabs so that one choice holds
  across cells, pages and languages;
* figures on a page in another language are copies with their words
  translated through the page's catalog (``figures``);
* an example with nothing fresh to show runs first, through
  ``tools/record.py --local``, unless ``RECORDS=require`` forbids it.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import init as init_locale
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from . import cells, figures, order, paths, plan as planning, stamps, store

logger = logging.getLogger(__name__)

CJK_FONTS = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"


def _gallery_dir(app) -> Path:
    return paths.gallery_dirs(app)[0]


def _local_root(app) -> Path:
    return Path(app.confdir, os.environ.get("SITE_BUILD_DIR", "_build"), "records")


def records_mode() -> str:
    mode = os.environ.get("RECORDS", "")
    if mode not in ("", "require"):
        raise ExtensionError(f"RECORDS={mode!r}: the only setting is RECORDS=require (or leave it unset)")
    return mode


def run_here(app, names: list[str]) -> None:
    """Run examples through tools/record.py; an example that raises stops the build."""
    build_dir = Path(app.confdir, os.environ.get("SITE_BUILD_DIR", "_build"))
    cmd = planning.record_command(Path(app.confdir), build_dir, names, app.config.gallery_timeout)
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise ExtensionError("an example failed to run:\n" + result.stdout.strip())


def prepare(app) -> None:
    """Before sphinx-gallery writes the pages: plan, run what must run, tidy."""
    conf = app.config.sphinx_gallery_conf
    conf["plot_gallery"] = False
    root = Path(app.confdir)
    require = records_mode() == "require"
    # tools/build.py ran what had to run; other builders (doctest, gettext) never run examples.
    planned = os.environ.get("SITE_GALLERY_PLANNED") == "1" or app.builder.format != "html"
    pattern = os.environ.get("EXAMPLES", "")
    # Catalogs follow the committed records only, whatever ran on this machine.
    local_root = _local_root(app) if app.builder.name != "gettext" else None
    try:
        plans = planning.make_plan(root, local_root, pattern, require, app.config.records_backends)
        if require and (refused := planning.refusal(plans, root)):
            raise ExtensionError(refused)
        to_run = [] if planned else [p.name for p in plans if p.run]
        if to_run:
            run_here(app, to_run)
            plans = planning.make_plan(root, local_root, "", require, app.config.records_backends)
    except store.RecordError as exc:
        raise ExtensionError(str(exc)) from None
    if not planned:
        logger.info(planning.summary(plans, set(to_run)))
    app._records_plan = {p.name: p for p in plans}  # type: ignore[attr-defined]
    if not order.waits():  # the writing build tidies; a waiting one only reads
        tidy(app, plans)


def tidy(app, plans: list[planning.ExamplePlan]) -> None:
    """Drop what removed examples left behind; put each thumbnail in place."""
    gallery = _gallery_dir(app)
    if not gallery.is_dir():
        return
    names = {p.name for p in plans}
    for path in list(gallery.glob("plot_*")) + list((gallery / "images").rglob("sphx_glr_plot_*")):
        stem = path.name.split(".")[0].removeprefix("sphx_glr_")
        if not any(stem == n or stem.startswith(n + "_") for n in names):
            path.unlink()  # an example that is gone: its page, downloads, thumbnail
    thumbs = gallery / "images" / "thumb"
    for p in plans:
        thumb = thumbs / f"sphx_glr_{p.name}_thumb.png"
        source = next((r.file(store.THUMBNAIL) for r in p.shown if r.file(store.THUMBNAIL).exists()), None)
        if source is None:
            continue
        data = source.read_bytes()
        if not thumb.exists() or thumb.read_bytes() != data:
            thumbs.mkdir(parents=True, exist_ok=True)
            thumb.write_bytes(data)


def _translations(app, texts: list[str], docname: str | None = None) -> dict[str, str]:
    """The translations of figure words from a page's catalog (the current page by default)."""
    if app.config.language in (None, "en") or not texts:
        return {}
    domain = docname_to_domain(docname or app.env.docname, app.config.gettext_compact)
    dirs = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
    catalog, _ = init_locale(dirs, app.config.language, domain)
    return {t: catalog.gettext(t) for t in texts}


def _figure_uri(app, record: store.Record, out: dict, words: dict[str, str]) -> str:
    src = record.file(out["figure"])
    if any(words.get(t, t) != t for t in out.get("texts", [])):
        svg = figures.translate_svg(src.read_text(encoding="utf-8"), words, CJK_FONTS)
        dest = Path(app.doctreedir, "figures", out["figure"])
        if not dest.exists() or dest.read_text(encoding="utf-8") != svg:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(svg, encoding="utf-8")
        src = dest
    return "/" + os.path.relpath(src, app.srcdir).replace(os.sep, "/")


_THUMB = re.compile(r"sphx_glr_(?P<name>plot_\w+?)_thumb\.png$")


def translate_thumbnails(app, doctree: nodes.document, plans: dict) -> None:
    """On a translated gallery index: each thumbnail drawn from its translated figure."""
    if app.config.language in (None, "en"):
        return
    gallery = _gallery_dir(app).relative_to(Path(app.srcdir).resolve()).as_posix()
    for image in doctree.findall(nodes.image):
        match = _THUMB.search(image.get("uri", ""))
        plan = plans.get(match.group("name")) if match else None
        if plan is None or not plan.shown:
            continue
        number = figures.thumbnail_number(plan.script.read_text(encoding="utf-8"))
        figures_ = [out for cell in plan.shown[0].cells for out in cell if "figure" in out]
        if number is None or not 0 < abs(number) <= len(figures_):
            continue
        figure = figures_[number - 1 if number > 0 else number]
        words = _translations(app, figure.get("texts", []), f"{gallery}/{plan.name}")
        if any(words.get(t, t) != t for t in figure.get("texts", [])):
            image["uri"] = _figure_uri(app, plan.shown[0], figure, words)


def _alt_text(app, alt: str, words: dict[str, str]) -> str:
    """A figure's alt text in the page's language.

    sphinx-gallery makes it from the figure's title, or joins the titles of
    its axes with ", "; each title is one of the figure's words.
    """
    if alt in words:
        return words[alt]
    parts = alt.split(", ")
    if len(parts) > 1 and all(p in words for p in parts):
        return stamps.words(app)["sep"].join(words[p] for p in parts)
    return alt


def output_nodes(app, record: store.Record, outs: list[dict], words: dict[str, str]) -> list[nodes.Node]:
    made: list[nodes.Node] = []
    for out in outs:
        if "text" in out:
            text = "\n".join(store.shown(line) for line in out["text"])
            made.append(nodes.literal_block(text, text, language="none", classes=[cells.OUTPUT_CLASS]))
        else:
            alt = _alt_text(app, out.get("alt", ""), words)
            made.append(nodes.image(uri=_figure_uri(app, record, out, words), alt=alt, classes=["sphx-glr-single-img"]))
    return made


def insert_outputs(app, doctree: nodes.document) -> None:
    page = Path(app.srcdir, app.env.docname).resolve()
    plans = getattr(app, "_records_plan", {})
    if page.parent != _gallery_dir(app):
        return
    if page.name == "index" and app.builder.name != "gettext":
        stamps.insert_index_summary(app, doctree, list(plans.values()))
        translate_thumbnails(app, doctree, plans)
    plan = plans.get(page.name)
    if plan is None:
        return
    for record in plan.shown + plan.stale:
        app.env.note_dependency(str(record.file(store.RECORD_FILE)))
    code = cells.code_cells(doctree)
    texts = [t for r in plan.shown for cell in r.cells for o in cell for t in o.get("texts", [])]
    if app.builder.name == "gettext":  # also the words of branches no record shows yet
        stamps.add_messages(doctree, code, list(dict.fromkeys(texts + figures.figure_words(plan.script))))
        return
    for record in plan.shown:
        if len(record.cells) != len(code):
            logger.warning(
                "%s: %d code cells, but the page has %d; re-record it with 'make record EXAMPLES=%s'",
                record.file(store.RECORD_FILE), len(record.cells), len(code), plan.name, location=doctree,
            )  # fmt: skip
            return
    words = _translations(app, list(dict.fromkeys(texts)))
    for i, cell in enumerate(code):
        per_backend = [(r, output_nodes(app, r, r.cells[i], words)) for r in plan.shown]
        if not any(made for _, made in per_backend):
            continue
        parent, at = cell.parent, cell.parent.index(cell) + 1
        if len(per_backend) == 1:
            parent[at:at] = per_backend[0][1]
        else:
            parent.insert(at, stamps.tabs([(r.backend, made) for r, made in per_backend], "recorded-output"))
    stamps.insert_header(app, doctree, plan)


def drop_removed_pages(app, exception) -> None:
    """Delete the HTML of pages whose source is gone (a removed example or lesson)."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    keep = set(app.env.found_docs) | {"genindex", "search", "py-modindex"}
    for html in out.rglob("*.html"):
        rel = html.relative_to(out)
        if rel.parts[0].startswith("_"):
            continue
        if rel.with_suffix("").as_posix() not in keep:
            html.unlink()
