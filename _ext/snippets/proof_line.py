"""The proof line: under a lesson's title, where its snippets were last checked.

Made from the doctest records (``doctest_records``) of every backend, in the
page's language, for each page outside the gallery that has snippets::

    Snippets on this page: 16, GPU-only: 2. Checked on CPU (torch 2.13.0+cpu,
    2026-12-05): 14 ran. Not checked yet on ROCm, CUDA.

A backend of ``records_backends`` without a record of the page is named as
not checked yet; a record whose fingerprint of the page's snippets (or of
the pinned torch) is not the current one says that the page changed since.
The words are messages of the interface catalog (domain ``sphinx``,
``locale/interface/<lang>/LC_MESSAGES/sphinx.po``), so each language's build
writes them in its own words. The plain text is also the HTML template
variable ``proof_line``.

With ``records_require`` (``RECORDS=require make html``; the config value
belongs to ``gallery_records``, so that every build of the driver knows it) the build
stops when a page's snippets changed since a record, or have no record at
all, naming the page and the command that checks it again. A damaged record
stops every html build, by its file name. Only builders that write HTML read
the records: not the doctest builder, which rewrites its own, nor gettext,
nor the build that records the gallery.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import get_translation

from gallery_records import paths, store

from . import doctest_records as records

_ = get_translation("sphinx")


def _reads_records(app) -> bool:
    # html and its kin; not doctest (it writes its own record), gettext, or
    # the dummy build that records the gallery (it reads only the gallery pages).
    return app.builder.format == "html"


def record_dir(app) -> Path:
    return Path(app.confdir, app.config.snippets_record_dir)


def load(app) -> None:
    """Read every doctest record once per build; a damaged one stops the build."""
    found = records.load_all(record_dir(app), app.config.records_backends, Path(app.confdir)) if _reads_records(app) else []
    app._doctest_records = found  # type: ignore[attr-defined]
    app._doctest_pin = records.torch_pin(Path(app.confdir))  # type: ignore[attr-defined]


def doctest_records(app) -> list[records.DoctestRecord]:
    return getattr(app, "_doctest_records", [])


def records_digest(app) -> str:
    digest = hashlib.sha256()
    for record in doctest_records(app):
        digest.update(record.path.read_bytes())
    digest.update(app._doctest_pin.encode())
    return digest.hexdigest()


def check_pages(app, env, docnames) -> None:
    records.check_pages(doctest_records(app), env.found_docs)


def outdated(app, env, added, changed, removed) -> list[str]:
    """Pages with snippets are read again when any doctest record changed."""
    digest = records_digest(app)
    if getattr(env, "snippet_records_digest", None) == digest:
        return []
    env.snippet_records_digest = digest
    return sorted(set(getattr(env, "snippet_pages", {})) - set(removed))


def sentences(app, docname: str, page: dict) -> list[str]:
    """The proof line of one page, sentence by sentence, in the build's language."""
    counts = {"total": page["snippets"], "gpu": page["gpu_only"]}
    if page["gpu_only"]:
        said = [str(_("Snippets on this page: %(total)s, GPU-only: %(gpu)s.")) % counts]
    else:
        said = [str(_("Snippets on this page: %(total)s, none GPU-only.")) % counts]
    have = set()
    for record in doctest_records(app):
        state = record.state(docname, page["fingerprint"], app._doctest_pin)
        if state == "missing":
            continue
        have.add(record.backend)
        # The stamp names the backend with its version: "CPU", "CUDA 12.8", "ROCm, HIP 6.4".
        words = {**record.stamp, "ran": record.pages[docname]["passed"]}
        if state == "checked":
            said.append(str(_("Checked on %(backend)s (torch %(torch)s, %(date)s): %(ran)s ran.")) % words)
        else:
            said.append(str(_("Changed since the %(backend)s check (%(date)s), not checked again yet.")) % words)
    missing = [store.backend_title(b) for b in app.config.records_backends if b not in have]
    if missing:
        said.append(str(_("Not checked yet on %(backends)s.")) % {"backends": str(_(", ")).join(missing)})
    return said


def add_line(app, doctree: nodes.document) -> None:
    docname = app.env.docname
    if paths.in_gallery(app, docname):
        return
    page = records.page_snippets(doctree)
    if not page["snippets"]:
        return
    said = sentences(app, docname, page)
    page["line"] = said[0]
    for sentence in said[1:]:  # Japanese puts no space between sentences
        page["line"] = str(_("%(sentence)s %(next)s")) % {"sentence": page["line"], "next": sentence}
    app.env.snippet_pages = getattr(app.env, "snippet_pages", {})
    app.env.snippet_pages[docname] = page
    para = nodes.paragraph(page["line"], page["line"], classes=["proof-line"])
    para["translatable"] = False
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, para)
    else:
        doctree.insert(0, para)


def purge(app, env, docname: str) -> None:
    getattr(env, "snippet_pages", {}).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    env.snippet_pages = getattr(env, "snippet_pages", {})
    env.snippet_pages.update({d: p for d, p in getattr(other, "snippet_pages", {}).items() if d in docnames})


def refusal(app, env) -> list[str]:
    """Why ``RECORDS=require`` refuses: each page whose snippets no record proves as they are."""
    lines = []
    for docname, page in sorted(getattr(env, "snippet_pages", {}).items()):
        where = os.path.relpath(env.doc2path(docname))
        states = {r.backend: r.state(docname, page["fingerprint"], app._doctest_pin) for r in doctest_records(app)}
        for backend, state in states.items():
            if state == "changed":
                title = store.backend_title(backend)
                command = "make doctest" if backend == "cpu" else f"REQUIRE_GPU=1 make doctest (on a {title} machine)"
                lines.append(f"{where}: its snippets changed since the {title} doctest record "
                             f"({record_dir(app).name}/{backend}/{records.RECORD_FILE}); check them again: {command}")  # fmt: skip
        if not any(s != "missing" for s in states.values()):
            lines.append(f"{where}: no doctest record checks its snippets; check them: make doctest")
    return lines


def require_fresh(app, env) -> None:
    if app.config.records_require and _reads_records(app) and (lines := refusal(app, env)):
        raise ExtensionError("RECORDS=require, and not every page's snippets are checked as they are:\n  " + "\n  ".join(lines))


def page_context(app, pagename, templatename, context, doctree) -> None:
    page = getattr(app.env, "snippet_pages", {}).get(pagename)
    if page and "line" in page:
        context["proof_line"] = page["line"]


def setup(app):
    app.setup_extension("gallery_records")  # records_backends, records_require
    app.setup_extension("snippets.record_run")  # snippets_record_dir
    app.connect("builder-inited", load)
    app.connect("env-get-outdated", outdated)
    app.connect("env-before-read-docs", check_pages)
    app.connect("doctree-read", add_line)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-updated", require_fresh)
    app.connect("html-page-context", page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
