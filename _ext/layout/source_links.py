""""Edit this page" and "Report a problem": from each page to where it is kept.

With ``site_repository`` set (the repository's web address, such as
``https://github.com/owner/name``; the Makefile takes it from the
environment that publishes the site), every page that has a source gets two
links, put into the page context for ``_templates/source-links.html``:

* ``page_edit_url`` -- the file to change, on branch ``site_repository_branch``:
  on an English page its ``docs/*.md``, or the ``gallery/*.py`` a gallery page
  is generated from (sphinx-gallery's ``examples_dirs``/``gallery_dirs``); on
  a translated page the page's catalog (``locale/<lang>/LC_MESSAGES/<page>.po``,
  named as Sphinx's gettext builder names it), since that is where its words
  live;
* ``page_report_url()`` -- a new issue in the repository, its title naming the
  page and the language, its body the page's address (its full URL when
  ``site_url``, the published site's address, is set; the deploy workflow
  sets it from the Pages step, the Makefile passes it on as ``SITE_URL``;
  else its path in the site) and, where a page has
  one (the ``proof_line`` context value, plain text), the line that says what
  ran its code.

Without ``site_repository`` (a local build) there are no links at all rather
than links that lead nowhere; a page whose source is not in the repository
(a generated page with no source of its own) gets no edit link.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from sphinx.application import Sphinx
from sphinx.util.i18n import docname_to_domain

from translation.catalogs import add_source_language


def english_source(app: Sphinx, docname: str) -> Path | None:
    """The file a page is written in; for a gallery page, its example."""
    source = Path(app.env.doc2path(docname))
    srcdir = Path(app.srcdir)
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    for examples, gallery in zip(conf.get("examples_dirs", []), conf.get("gallery_dirs", [])):
        generated = srcdir / gallery
        if generated in source.parents:
            stem = source.relative_to(generated).with_suffix("")
            folder = (srcdir / examples / stem).parent
            # An example page comes from NAME.py; a gallery's index from its header file.
            names = [f"{stem.name}.py"]
            if stem.name == "index":
                names += ["GALLERY_HEADER.rst", "README.rst", "README.txt"]
            return next((folder / n for n in names if (folder / n).is_file()), None)
    return source


def catalog(app: Sphinx, docname: str) -> Path | None:
    """The page's message catalog in the build's language, where one exists."""
    domain = docname_to_domain(docname, app.config.gettext_compact)
    for folder in app.config.locale_dirs:
        path = Path(app.srcdir, folder, app.config.language, "LC_MESSAGES", f"{domain}.po")
        if path.is_file():
            return path.resolve()
    return None


def in_repository(app: Sphinx, path: Path | None) -> str | None:
    """``path`` as the repository names it (conf.py sits at its top), or None."""
    if path is None:
        return None
    try:
        return path.resolve().relative_to(Path(app.confdir).resolve()).as_posix()
    except ValueError:
        return None


def report_url(repository: str, title: str, body: str) -> str:
    return f"{repository}/issues/new?" + urlencode({"title": title, "body": body}, quote_via=quote)


def add_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    repository = app.config.site_repository.rstrip("/")
    context["page_edit_url"] = context["page_report_url"] = None
    if not repository or pagename not in app.env.all_docs:
        return
    language = app.config.language or "en"
    translated = language != app.config.translation_source_language
    source = catalog(app, pagename) if translated else english_source(app, pagename)
    path = in_repository(app, source)
    if path:
        context["page_edit_url"] = f"{repository}/edit/{app.config.site_repository_branch}/{quote(path)}"
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    address = f"{language}/{pagename}{app.builder.out_suffix}"
    if app.config.site_url:
        address = f"{app.config.site_url.rstrip('/')}/{address}"

    def page_report_url() -> str:
        # Called by the template: by then every handler has run, the one
        # that sets proof_line included.
        lines = [f"Page: {address}", context.get("proof_line") or ""]
        body = "\n".join(line for line in lines if line) + "\n\n"
        return report_url(repository, f"[{language}] {title}", body)

    context["page_report_url"] = page_report_url


def setup(app: Sphinx):
    add_source_language(app)
    app.add_config_value("site_repository", "", "html", types=[str])
    app.add_config_value("site_repository_branch", "main", "html", types=[str])
    app.add_config_value("site_url", "", "html", types=[str])
    # Before the theme drops the secondary sidebar's empty templates (500).
    app.connect("html-page-context", add_links, priority=450)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
