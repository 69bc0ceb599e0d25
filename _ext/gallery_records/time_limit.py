"""A time limit for each gallery example, so that a stuck one cannot hang a build.

An example caught in a loop, or waiting on a download that never comes,
would make ``make html`` and ``make record`` wait forever (and CI burn its
whole time limit). While examples run (the recording build of
``tools/record.py``, see ``capture``), each one gets ``gallery_timeout``
seconds (config value, default 600; ``GALLERY_TIMEOUT`` at the Makefile
boundary, passed on with ``-D gallery_timeout=N`` or ``--gallery-timeout``).

The limit is a real-time alarm armed just before sphinx-gallery runs the
example and cleared right after (sphinx-gallery's ``reset_modules`` hooks,
called "before" and "after" each example). When it rings, ``TimeoutError``
is raised inside the example, at the line it was running: sphinx-gallery
records the example as failed, ``tools/record.py`` names it with the line
and the limit, and, as for any failed example, no record is written. Code
stuck inside one long native call is stopped when that call returns.
Unix only (``signal.setitimer``).
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path

from sphinx.errors import ConfigError

DEFAULT = 600


class ExampleClock:
    """A ``reset_modules`` callable: arms the alarm before an example, clears it after."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.previous = None  # the SIGALRM handler to put back after the example

    def __repr__(self) -> str:  # sphinx-gallery names callables in its messages
        return f"ExampleClock({self.limit})"

    def __call__(self, gallery_conf, fname, when) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # signals reach the main thread only; sphinx-gallery runs examples there
        signal.setitimer(signal.ITIMER_REAL, 0)
        if self.previous is not None:
            signal.signal(signal.SIGALRM, self.previous)
            self.previous = None
        if when != "before" or fname is None:
            return
        name, limit = Path(fname).name, self.limit

        def ring(signum, frame):
            raise TimeoutError(
                f"gallery/{name} was stopped after {limit:g} s (GALLERY_TIMEOUT={limit:g}): "
                "make it finish sooner, or raise the limit, e.g. make record GALLERY_TIMEOUT=1200"
            )

        self.previous = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, limit)


def install(app) -> None:
    """Give every example of this build its time limit (call after sphinx-gallery's config is filled)."""
    limit = float(app.config.gallery_timeout)
    if limit <= 0:
        raise ConfigError(
            f"gallery_timeout must be a number of seconds above 0, not {app.config.gallery_timeout!r} "
            "(set GALLERY_TIMEOUT=600, or leave it unset)"
        )
    conf = app.config.sphinx_gallery_conf
    conf["reset_modules"] = tuple(conf.get("reset_modules", ())) + (ExampleClock(limit),)
    conf["reset_modules_order"] = "both"
