"""Run the gallery examples once per build, however many languages are built.

sphinx-gallery executes the examples when a Sphinx application starts
(``builder-inited``) and writes the generated pages into the source tree,
where every language's build reads them. ``tools/build.py`` starts the
language builds side by side and gives each a role through the environment:

``SITE_GALLERY_ROLE=run``
    This build executes the examples as usual, then writes the marker file
    ``SITE_GALLERY_MARKER`` saying whether every example passed.
``SITE_GALLERY_ROLE=wait``
    This build waits for the marker before sphinx-gallery looks at the
    examples, then only reads the generated pages (``plot_gallery`` off, so
    nothing runs a second time). If the examples failed, it stops with an
    error naming them instead of building pages without their output.

Without those variables the extension does nothing.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROLE = "SITE_GALLERY_ROLE"
MARKER = "SITE_GALLERY_MARKER"
TIMEOUT = "SITE_GALLERY_TIMEOUT"


def _failing_examples(gallery_conf: dict) -> list[str]:
    failing = set(gallery_conf.get("failing_examples", {}))
    expected = {str(Path(p).resolve()) for p in gallery_conf.get("expected_failing_examples", [])}
    return sorted(f for f in failing if str(Path(f).resolve()) not in expected)


def write_marker(app) -> None:
    if os.environ.get(ROLE) != "run" or not os.environ.get(MARKER):
        return
    failing = _failing_examples(app.config.sphinx_gallery_conf)
    marker = Path(os.environ[MARKER])
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps({"ok": not failing, "failing": failing}), encoding="utf-8")
    tmp.replace(marker)  # atomic: a waiting build never reads half a file


def wait_for_marker(app) -> None:
    if os.environ.get(ROLE) != "wait" or not os.environ.get(MARKER):
        return
    marker = Path(os.environ[MARKER])
    deadline = time.monotonic() + float(os.environ.get(TIMEOUT, "3600"))
    while not marker.exists():
        if time.monotonic() > deadline:
            raise ExtensionError(f"gallery: gave up waiting for {marker}")
        time.sleep(0.05)
    state = json.loads(marker.read_text(encoding="utf-8"))
    if not state.get("ok"):
        failing = ", ".join(state.get("failing") or []) or state.get("reason", "unknown error")
        raise ExtensionError(f"gallery: the examples did not run cleanly ({failing}); not building this language")
    app.config.sphinx_gallery_conf["plot_gallery"] = False
    logger.info("gallery: examples already ran in this build; reading their pages")


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    # sphinx-gallery fills its configuration at priority 10 and generates the
    # pages at the default 500: wait in between, report after.
    app.connect("builder-inited", wait_for_marker, priority=400)
    app.connect("builder-inited", write_marker, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
