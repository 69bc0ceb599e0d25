"""``make doctest`` keeps what it checked: the doctest record of this backend.

Switches (config values; ``tools/sphinx_cli.py doctest`` sets them from
``make doctest`` and ``REQUIRE_GPU=1``):

``snippets_record_dir``
    where the records live (``records``, relative to the configuration
    folder); the html build reads them from there too (``proof_line``);
``snippets_write_record``
    write ``<snippets_record_dir>/<backend>/doctest.json`` after a doctest
    run in which every snippet passed and nothing warned;
``snippets_require_gpu``
    refuse to start when torch sees no GPU, and fail the run when any
    snippet was skipped: where a GPU is present, nothing may be skipped.

The backend and the stamp are what torch reports here, in the words of the
gallery's records (``gallery_records.capture.current_backend``).
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

from gallery_records import paths

from . import doctest_records

logger = logging.getLogger(__name__)


def record_dir(app) -> Path:
    return Path(app.confdir, app.config.snippets_record_dir)


def _is_doctest(app) -> bool:
    return app.builder.name == "doctest"


def check_gpu(app) -> None:
    if not (_is_doctest(app) and app.config.snippets_require_gpu):
        return
    from gallery_records.capture import current_backend

    backend, stamp = current_backend(paths.examples_dir(app))
    if backend == "cpu":
        raise ExtensionError(
            "REQUIRE_GPU=1 is set, but torch sees no GPU "
            f"(torch {stamp['torch']}, {stamp['device']}). Refusing to check the snippets on the CPU. "
            "Check the driver and that this torch is a CUDA or ROCm build."
        )


def finish(app, exception) -> None:
    """After the run: fail on skips where a GPU is required; write the record if all passed."""
    if exception is not None or not _is_doctest(app):
        return
    builder = app.builder
    skipped = builder.snippets_skipped
    if app.config.snippets_require_gpu and skipped:
        logger.error(
            "REQUIRE_GPU=1: %d snippet(s) were skipped on a GPU machine; nothing may be skipped here:\n  %s",
            len(skipped), "\n  ".join(skipped),
        )  # fmt: skip
        app.statuscode = 1
    if not app.config.snippets_write_record:
        return
    # _warncount: Sphinx's own count of this run's warnings (and errors).
    if builder.snippets_failed or app.statuscode != 0 or getattr(app, "_warncount", 0):
        logger.info("No doctest record written: not every snippet passed")
        return
    from gallery_records.capture import current_backend

    backend, stamp = current_backend(paths.examples_dir(app))
    pages = {
        name: {key: page[key] for key in ("fingerprint", "snippets", "gpu_only", "passed", "skipped")}
        for name, page in builder.snippet_pages.items()
        if page["snippets"]
    }
    path = doctest_records.record_path(record_dir(app), backend)
    doctest_records.write(path, backend, stamp, doctest_records.torch_pin(Path(app.confdir)), pages)
    logger.info("Doctest record written: %s", os.path.relpath(path))


def setup(app):
    app.add_config_value("snippets_record_dir", "records", "env", types=[str])
    app.add_config_value("snippets_write_record", False, "", types=[bool])
    app.add_config_value("snippets_require_gpu", False, "", types=[bool])
    app.setup_extension("snippets.doctest_report")
    app.connect("builder-inited", check_gpu)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
