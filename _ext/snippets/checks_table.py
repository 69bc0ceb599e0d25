"""The tables of "How this site checks itself": what was recorded where, from the records.

The directive ``{site-checks}`` (no content; ``:of: lessons`` or
``:of: gallery``) leaves a placeholder that is filled when the page is
written, once every page has been read:

* ``lessons`` -- one row per page outside the gallery that has snippets, in
  the order of the toctrees:
  how many, how many need a GPU, and per backend what its doctest record
  says (``proof_line.doctest_records``): checked with which torch and when,
  changed since, or not checked yet;
* ``gallery`` -- one row per example: per backend, the torch and date of
  its fresh committed record, a stale record, or none
  (``gallery_records.plan``, as the gallery pages show them).

Titles are the pages' own, in the build's language, linked; every word is a
message of the interface catalog, like the proof line's. The page is read
again on every build, so the tables follow the records.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from gallery_records import store

from . import proof_line

_ = get_translation("sphinx")


class checks_placeholder(nodes.General, nodes.Element):
    """Where a table goes; replaced when the page is written."""


class SiteChecks(SphinxDirective):
    option_spec = {"of": lambda arg: directives.choice(arg, ("lessons", "gallery"))}

    def run(self):
        env = self.env
        env.checks_table_pages = getattr(env, "checks_table_pages", set()) | {env.docname}
        return [checks_placeholder(of=self.options.get("of", "lessons"))]


def _text(text: str) -> nodes.paragraph:
    para = nodes.paragraph(text, text)
    para["translatable"] = False
    return para


def _table(header: list[str], rows: list[list[nodes.Node]]) -> nodes.table:
    table = nodes.table(classes=["site-checks"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    head = nodes.thead()
    head += nodes.row("", *[nodes.entry("", _text(h)) for h in header])
    body = nodes.tbody()
    body += [nodes.row("", *[nodes.entry("", cell) for cell in row]) for row in rows]
    group += [head, body]
    return table


def _link(app, fromdoc: str, docname: str) -> nodes.paragraph:
    title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    para = _text("")
    para += nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(fromdoc, docname))
    return para


def _backends(app, found) -> list[str]:
    return store.backend_order(set(app.config.records_backends) | set(found), app.config.records_backends)


def reading_order(env) -> list[str]:
    """The pages as the toctrees list them from the root page, depth first."""
    order: list[str] = []

    def walk(docname: str) -> None:
        if docname not in order:
            order.append(docname)
            for child in env.toctree_includes.get(docname, []):
                walk(child)

    walk(env.config.root_doc)
    return order


def lessons(app, fromdoc: str) -> nodes.table:
    recorded = proof_line.doctest_records(app)
    backends = _backends(app, [r.backend for r in recorded])
    by_backend = {r.backend: r for r in recorded}
    rows = []
    order = reading_order(app.env)
    pages = getattr(app.env, "snippet_pages", {})
    for docname in sorted(pages, key=lambda d: (order.index(d) if d in order else len(order), d)):
        page = pages[docname]
        row = [_link(app, fromdoc, docname), _text(str(page["snippets"])), _text(str(page["gpu_only"]))]
        for backend in backends:
            record = by_backend.get(backend)
            state = record.state(docname, page["fingerprint"], app._doctest_pin) if record else "missing"
            if state == "missing":
                row.append(_text(str(_("not checked yet"))))
                continue
            words = {**record.stamp, "ran": record.pages[docname]["passed"]}
            text = _("torch %(torch)s, %(date)s: %(ran)s ran") if state == "checked" else _("changed since %(date)s")
            row.append(_text(str(text) % words))
        rows.append(row)
    header = [str(_("Page")), str(_("Snippets")), str(_("GPU-only"))] + [store.backend_title(b) for b in backends]
    return _table(header, rows)


def gallery(app, fromdoc: str) -> nodes.table:
    plans = getattr(app, "_records_plan", {})
    backends = _backends(app, [r.backend for p in plans.values() for r in p.shown + p.stale if not r.local])
    rows = []
    for name, plan in sorted(plans.items()):
        docname = next((d for d in app.env.found_docs if d.endswith("/" + name)), None)
        row = [_link(app, fromdoc, docname) if docname else _text(name)]
        for backend in backends:
            fresh = [r for r in plan.shown if r.backend == backend and not r.local]
            stale = [r for r in plan.stale if r.backend == backend]
            if fresh:
                row.append(_text(str(_("torch %(torch)s, %(date)s")) % fresh[0].stamp))
            elif stale:
                row.append(_text(str(_("changed since %(date)s")) % stale[0].stamp))
            else:
                row.append(_text(str(_("not recorded yet"))))
        rows.append(row)
    return _table([str(_("Example"))] + [store.backend_title(b) for b in backends], rows)


def fill(app, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(checks_placeholder)):
        if app.builder.format != "html":
            node.parent.remove(node)
            continue
        node.replace_self(lessons(app, docname) if node["of"] == "lessons" else gallery(app, docname))


def outdated(app, env, added, changed, removed) -> list[str]:
    """The pages with a table are read (and written) again on every build."""
    return sorted(getattr(env, "checks_table_pages", set()) - set(removed))


def purge(app, env, docname: str) -> None:
    getattr(env, "checks_table_pages", set()).discard(docname)


def merge(app, env, docnames, other) -> None:
    env.checks_table_pages = getattr(env, "checks_table_pages", set()) | (getattr(other, "checks_table_pages", set()) & set(docnames))


def setup(app):
    app.setup_extension("snippets.proof_line")
    app.add_node(checks_placeholder)
    app.add_directive("site-checks", SiteChecks)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", fill)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
