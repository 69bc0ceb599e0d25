"""One language writes the gallery pages; the others wait and read them.

sphinx-gallery writes the example pages into the source tree when a Sphinx
application starts (``builder-inited``), where every language's build reads
them. ``tools/build.py`` starts the language builds side by side and gives
each a role through the environment:

``SITE_GALLERY_ROLE=run``
    This build writes the pages, then the marker file ``SITE_GALLERY_MARKER``.
``SITE_GALLERY_ROLE=wait``
    This build waits for the marker before sphinx-gallery looks at the
    examples, so that two processes never write the same files. If the
    writing build failed, it stops with that reason.

Without those variables (a plain ``sphinx-build``) nothing waits.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from sphinx.errors import ExtensionError

ROLE = "SITE_GALLERY_ROLE"
MARKER = "SITE_GALLERY_MARKER"
TIMEOUT = "SITE_GALLERY_TIMEOUT"


def waits() -> bool:
    return os.environ.get(ROLE) == "wait" and bool(os.environ.get(MARKER))


def wait_for_pages(app) -> None:
    if not waits():
        return
    marker = Path(os.environ[MARKER])
    deadline = time.monotonic() + float(os.environ.get(TIMEOUT, "600"))
    while not marker.exists():
        if time.monotonic() > deadline:
            raise ExtensionError(f"gallery: gave up waiting for {marker}")
        time.sleep(0.02)
    state = json.loads(marker.read_text(encoding="utf-8"))
    if not state.get("ok"):
        raise ExtensionError(f"gallery: the pages were not written ({state.get('reason', 'unknown error')}); not building this language")


def pages_written(app) -> None:
    if os.environ.get(ROLE) != "run" or not os.environ.get(MARKER):
        return
    marker = Path(os.environ[MARKER])
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps({"ok": True}), encoding="utf-8")
    tmp.replace(marker)  # atomic: a waiting build never reads half a file
