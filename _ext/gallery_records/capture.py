"""Recording: run the examples through sphinx-gallery and keep what they produced.

Active only in a build started by ``tools/record.py`` (the environment
variable ``SITE_RECORD_DIR`` names where the records go). That build runs the
chosen examples with sphinx-gallery as usual; when each example's page is
read, the text and figures after every code cell are written to a record
with the stamp torch reports here and the fingerprint of the sources.
This is the only module of the site that imports torch or matplotlib.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import platform
import shutil
import sys
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

from . import cells, figures, paths, store, time_limit

logger = logging.getLogger(__name__)

RECORD_DIR = "SITE_RECORD_DIR"
EXAMPLES = "SITE_RECORD_EXAMPLES"  # names of the examples to run, comma-separated
# Fixed salt for the ids matplotlib writes into an SVG, so that a figure
# drawn again from the same numbers is the same file.
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "pytorch-lessons"}


def svg_scraper(block, block_vars, gallery_conf):
    """sphinx-gallery's matplotlib scraper, writing SVG with text as text.

    The figure that becomes the gallery thumbnail is also saved as a small
    PNG beside its SVG: sphinx-gallery makes the thumbnail from it.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper

    iterator = block_vars["image_path_iterator"]
    wanted = figures.thumbnail_number(Path(block_vars["src_file"]).read_text(encoding="utf-8"))
    for i, num in enumerate(plt.get_fignums()):
        number = len(iterator) + i + 1
        if wanted is not None and (wanted < 0 or number == wanted):  # a negative one counts from the end
            plt.figure(num).savefig(Path(iterator.image_path.format(number)), dpi=72)
    with matplotlib.rc_context(SVG_RC):
        return matplotlib_scraper(block, block_vars, gallery_conf, format="svg", metadata={"Date": None})


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def _examples_helper(examples_dir: Path, name: str = "_gallery_records_support"):
    """The examples' own helper module (``gallery/_support.py``), loaded from its file."""
    spec = importlib.util.spec_from_file_location(name, examples_dir / store.HELPER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def mark_measured(examples_dir: Path):
    """Make the helper the examples import mark what they print through ``measured``.

    The examples run in this process and import ``_support`` by name, so the
    module loaded here under that name, with the marks set, is the one they use.
    """
    support = _examples_helper(examples_dir, "_support")
    support.VARYING_MARKS = store.VARYING_MARKS
    return support


def current_backend(examples_dir: Path) -> tuple[str, dict[str, str]]:
    """The backend torch sees here, and the stamp that says so (in the examples' own words)."""
    import torch

    support = _examples_helper(examples_dir)
    if torch.cuda.is_available():
        device = torch.device("cuda")
        backend, name = ("rocm" if torch.version.hip else "cuda"), torch.cuda.get_device_name(device)
    else:
        device, backend, name = torch.device("cpu"), "cpu", _cpu_name()
    date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    return backend, {"device": name, "backend": support.backend_label(device), "torch": torch.__version__, "date": date}


def start(app) -> None:
    """Choose the examples, check the device, and let sphinx-gallery run them."""
    backend, stamp = current_backend(paths.examples_dir(app))
    if os.environ.get("REQUIRE_GPU") == "1" and backend == "cpu":
        raise ExtensionError(
            "REQUIRE_GPU=1 is set, but torch sees no GPU "
            f"(torch {stamp['torch']}, {stamp['device']}). Refusing to record on the CPU. "
            "Check the driver and that this torch is a CUDA or ROCm build."
        )
    app._record = {"backend": backend, "stamp": stamp, "written": []}  # type: ignore[attr-defined]
    mark_measured(paths.examples_dir(app))
    conf = app.config.sphinx_gallery_conf
    names = [n for n in os.environ.get(EXAMPLES, "").split(",") if n]
    # Only the chosen examples run; sphinx-gallery matches this on the path.
    conf["filename_pattern"] = "/(" + "|".join(names or ["(?!)"]) + r")\.py$"
    conf["plot_gallery"] = True
    conf["only_warn_on_example_error"] = True  # tools/record.py reports failures itself
    for name in names:
        for d in paths.gallery_dirs(app):
            (d / f"{name}.py.md5").unlink(missing_ok=True)
    time_limit.install(app)


def write_record(app, doctree) -> None:
    """After an example ran: copy its outputs, figures and thumbnail into a record."""
    state = getattr(app, "_record", None)
    page = Path(app.srcdir, app.env.docname).resolve()
    names = os.environ.get(EXAMPLES, "").split(",")
    if state is None or page.parent not in paths.gallery_dirs(app) or page.name not in names:
        return
    conf = app.config.sphinx_gallery_conf
    if any(Path(f).stem == page.name for f in conf.get("failing_examples", {})):
        return  # tools/record.py names the error; a failed run leaves no record
    backend = state["backend"]
    script = paths.examples_dir(app) / f"{page.name}.py"
    folder = Path(os.environ[RECORD_DIR]) / backend / page.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    literals = figures.source_strings(script)
    recorded = []
    for _, found in cells.cells(doctree):
        outs = []
        for out in found:
            if "text" in out:
                outs.append({"text": store.text_lines(out["text"])})
                continue
            src = Path(app.srcdir, out["image"].lstrip("/"))
            name = f"{page.name}_{backend}_{len(list(folder.glob('*.svg'))) + 1:03}{src.suffix}"
            shutil.copyfile(src, folder / name)
            svg = src.read_text(encoding="utf-8") if src.suffix == ".svg" else ""
            outs.append({"figure": name, "alt": out["alt"], "texts": figures.translatable(svg, literals)})
        recorded.append(outs)
    thumb = page.parent / "images" / "thumb" / f"sphx_glr_{page.name}_thumb.png"
    if thumb.exists() and any("figure" in out for cell in recorded for out in cell):
        shutil.copyfile(thumb, folder / store.THUMBNAIL)
    data = {
        "format": store.FORMAT,
        "example": page.name,
        "backend": backend,
        "stamp": state["stamp"],
        "fingerprint": store.fingerprint(script, store.pinned_torch(Path(app.confdir))),
        "cells": recorded,
    }
    store.write(folder, data)
    state["written"].append(page.name)
