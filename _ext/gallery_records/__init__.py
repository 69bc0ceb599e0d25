"""Recorded runs: the gallery's output, produced once and rendered anywhere.

Two stories, kept apart (see README, "Recorded runs"):

* **recording** (``capture``, started by ``tools/record.py``): the examples
  run through sphinx-gallery on this machine, and what they printed and drew
  is kept in ``records/<backend>/<example>/`` with a stamp saying where it ran;
* **rendering** (``render``, every other build): pages are written without
  running anything and show the records of every backend, each with its stamp.

The render path imports neither torch nor matplotlib. The modules:

* ``store`` -- the record files; ``plan`` -- which records a page shows and
  what must run; ``cells`` -- the code cells of a generated page;
* ``capture`` -- writing records (the only module that imports torch);
* ``render``, ``stamps``, ``figures`` -- the pages: outputs, stamps and tabs,
  figures in the page's language; ``order`` -- one language writes the
  pages, the others wait; ``locations`` -- warnings at the script's line;
* ``paths`` -- where the generated pages are; ``thumbnail_titles`` -- the
  gallery's thumbnails titled in the page's language; ``time_limit`` -- each
  example stopped after ``gallery_timeout`` seconds.
"""

from __future__ import annotations

import os
import sys

from . import store, time_limit

RECORD_DIR = "SITE_RECORD_DIR"


def _hide_matplotlib(app, config) -> None:
    # sphinx-gallery imports matplotlib when it reads its configuration, only
    # to select the Agg backend; a render that runs nothing has no use for it
    # (about 0.6 s). A None entry makes that import fail as if matplotlib
    # were absent, which sphinx-gallery tolerates; it is removed right after.
    if "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]


def _unhide_matplotlib(app, config) -> None:
    if "matplotlib" in sys.modules and sys.modules["matplotlib"] is None:
        del sys.modules["matplotlib"]


def setup(app):
    app.add_config_value("records_backends", list(store.BACKENDS), "env")
    app.add_config_value("gallery_timeout", time_limit.DEFAULT, "", types=[int, float])
    # RECORDS=require (tools/build.py passes -D records_require=1): the doctest
    # records must prove every lesson's snippets (snippets.proof_line).
    app.add_config_value("records_require", False, "", types=[bool])
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx_gallery.gen_gallery")
    if os.environ.get(RECORD_DIR):
        from . import capture

        app.connect("builder-inited", capture.start, priority=400)
        app.connect("doctree-read", capture.write_record)
    else:
        from . import cells, locations, order, render

        app.connect("config-inited", _hide_matplotlib, priority=5)
        app.connect("config-inited", _unhide_matplotlib, priority=15)
        app.connect("config-inited", locations.install, priority=20)
        # sphinx-gallery fills its configuration at builder-inited 10 and
        # writes the pages at 500: plan and tidy in between.
        app.connect("builder-inited", order.wait_for_pages, priority=300)
        app.connect("builder-inited", render.prepare, priority=350)
        app.connect("builder-inited", order.pages_written, priority=900)
        # Before Sphinx's own collectors (500) see the images.
        app.connect("doctree-read", render.insert_outputs, priority=400)
        app.connect("doctree-read", cells.drop_empty_code, priority=410)
        app.connect("build-finished", render.drop_removed_pages)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
