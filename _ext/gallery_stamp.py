"""Say on every gallery page what produced its output, and keep that honest.

When the gallery examples are executed, this extension:

* refuses to build when ``REQUIRE_GPU=1`` is set and torch sees no GPU, so a
  hosted build never falls back to the CPU in silence;
* re-runs an example whose saved output came from another torch version or
  another device (sphinx-gallery alone re-runs an example only when its
  source changes);
* writes, next to each example it ran, ``<example>.stamp.json``: the device,
  the backend and its version, the torch version and the date;
* puts that stamp at the top of the example's page, in the page's language.

Builds that do not execute examples (``plot_gallery=0``, or a language
build waiting for another one, see ``gallery_once``) only show the stamps.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

from gallery_paths import gallery_dirs

logger = logging.getLogger(__name__)

STAMP_SUFFIX = ".stamp.json"
# What decides whether saved output is still valid; the date is not part of it.
ENVIRONMENT_KEYS = ("torch", "backend", "device")

LABELS = {
    "en": "Output produced on {device} ({backend}), torch {torch}, {date}.",
    "ja": "この出力は {device} ({backend})、torch {torch} で {date} に生成しました。",
}
NO_STAMP = {
    "en": "This page was built without running the example: it shows no output.",
    "ja": "このページは例を実行せずにビルドしたため、出力はありません。",
}


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def current_environment() -> dict[str, str]:
    """The device, backend and torch version that examples run with now."""
    import torch

    if torch.cuda.is_available():
        device = torch.cuda.get_device_name(0)
        if torch.version.hip:
            backend = f"ROCm, HIP {torch.version.hip}"
        else:
            backend = f"CUDA {torch.version.cuda}"
    else:
        device = _cpu_name()
        backend = "CPU"
    return {
        "torch": torch.__version__,
        "backend": backend,
        "device": device,
        "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
    }


def require_gpu(env: dict[str, str]) -> None:
    if os.environ.get("REQUIRE_GPU") == "1" and env["backend"] == "CPU":
        raise ExtensionError(
            "REQUIRE_GPU=1 is set, but torch sees no GPU "
            f"(torch {env['torch']}, {env['device']}). Refusing to build the gallery on "
            "the CPU. Check the driver and that this torch is a CUDA or ROCm build."
        )


def _md5_state(app) -> dict[Path, float]:
    return {p: p.stat().st_mtime_ns for d in gallery_dirs(app) for p in d.glob("*.py.md5")}


def before_gallery(app) -> None:
    """Check the device, and drop the cache of examples run elsewhere."""
    conf = app.config.sphinx_gallery_conf
    app._gallery_stamp_env = None  # type: ignore[attr-defined]
    if not conf.get("plot_gallery") or os.environ.get("SITE_GALLERY_ROLE") == "wait":
        return
    env = current_environment()
    require_gpu(env)
    app._gallery_stamp_env = env  # type: ignore[attr-defined]
    wanted = {k: env[k] for k in ENVIRONMENT_KEYS}
    for md5 in _md5_state(app):
        stamp_file = md5.with_name(md5.name[: -len(".py.md5")] + STAMP_SUFFIX)
        try:
            saved = json.loads(stamp_file.read_text(encoding="utf-8"))
            same = {k: saved.get(k) for k in ENVIRONMENT_KEYS} == wanted
        except (OSError, ValueError):
            same = False
        if not same:
            logger.info("gallery: %s ran with another torch or device; running it again", md5.name[:-4])
            md5.unlink()
    app._gallery_md5_before = _md5_state(app)  # type: ignore[attr-defined]


def after_gallery(app) -> None:
    """Stamp every example that this build executed."""
    env = getattr(app, "_gallery_stamp_env", None)
    if env is None:
        return
    before = app._gallery_md5_before  # type: ignore[attr-defined]
    for md5, mtime in _md5_state(app).items():
        if before.get(md5) != mtime:  # new or rewritten: the example ran now
            stamp_file = md5.with_name(md5.name[: -len(".py.md5")] + STAMP_SUFFIX)
            stamp_file.write_text(json.dumps(env, indent=1) + "\n", encoding="utf-8")


def _stamp_for(app, docname: str) -> Path | None:
    """The stamp file of an example page, or None for any other page."""
    page = Path(app.srcdir, docname).resolve()
    if page.parent in gallery_dirs(app) and page.with_name(page.name + ".py").exists():
        return page.with_name(page.name + STAMP_SUFFIX)
    return None


def _output_is_current(stamp_file: Path) -> bool:
    """Whether the page holds the output of a run of the example as it is now.

    A build that does not execute examples rewrites the page of an example
    whose source changed, without output; its old stamp no longer applies.
    """
    from sphinx_gallery.gen_rst import md5sum_is_current

    script = stamp_file.with_name(stamp_file.name[: -len(STAMP_SUFFIX)] + ".py")
    return md5sum_is_current(script, mode="t")


def insert_stamp(app, doctree: nodes.document) -> None:
    docname = app.env.docname
    stamp_file = _stamp_for(app, docname)
    if stamp_file is None:
        return  # not an example page (the gallery index, say)
    app.env.note_dependency(str(stamp_file))
    language = app.config.language if app.config.language in LABELS else "en"
    if stamp_file.exists() and _output_is_current(stamp_file):
        stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
        text = LABELS[language].format(**stamp)
    else:
        text = NO_STAMP[language]
    para = nodes.paragraph(text, text, classes=["gallery-stamp"])
    para["translatable"] = False  # already in the page's language; varies per run
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title_index = next((i for i, n in enumerate(section.children) if isinstance(n, nodes.title)), -1)
    section.insert(title_index + 1, para)


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    # After gallery_once (400) has decided whether this build runs examples,
    # before sphinx-gallery generates the pages (500).
    app.connect("builder-inited", before_gallery, priority=450)
    app.connect("builder-inited", after_gallery, priority=600)
    app.connect("doctree-read", insert_stamp)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
