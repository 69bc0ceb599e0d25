"""What a reader is told about recorded output: stamps, backends, tabs.

The words are in the page's language (English and Japanese here); they are
made per build from the records, so they are never messages of a catalog.
"""

from __future__ import annotations

from docutils import nodes
from sphinx_design.shared import create_component

from . import store

WORDS = {
    "en": {
        "stamp": "Output produced on {device} ({backend}), torch {torch}, {date}.",
        "local": "This output comes from a run on the machine that built this page: it is not recorded yet.",
        "none": "This example has not been run yet: there is no recorded output to show.",
        "backends": "Recorded backends: {names}.",
        "no_gpu": "No GPU run (ROCm or CUDA) has been recorded for this example yet.",
        "index": "{backend}: recorded for {count} of {total} examples.",
        "index_none": "No GPU run (ROCm or CUDA) has been recorded yet: the outputs come from the CPU.",
        "sep": ", ",
    },
    "ja": {
        "stamp": "この出力は {device} ({backend})、torch {torch} で {date} に生成しました。",
        "local": "この出力はこのページをビルドしたマシンで実行したもので、まだ記録されていません。",
        "none": "この例はまだ実行されていないため、記録された出力はありません。",
        "backends": "記録済みのバックエンドは {names} です。",
        "no_gpu": "この例の GPU (ROCm または CUDA) での実行はまだ記録されていません。",
        "index": "{backend} では {total} 件中 {count} 件の例を記録済みです。",
        "index_none": "GPU (ROCm または CUDA) での実行はまだ記録されていないため、出力は CPU で実行したものです。",
        "sep": "、",
    },
}
SYNC_GROUP = "backend"


def words(app) -> dict[str, str]:
    return WORDS.get(app.config.language or "en", WORDS["en"])


def _para(text: str, cls: str) -> nodes.paragraph:
    para = nodes.paragraph(text, text, classes=[cls])
    para["translatable"] = False
    return para


def tabs(items: list[tuple[str, list[nodes.Node]]], cls: str) -> nodes.container:
    """A sphinx-design tab set, one synchronised tab per backend."""
    tab_set = create_component("tab-set", classes=["sd-tab-set", cls])
    for i, (backend, content_nodes) in enumerate(items):
        item = create_component("tab-item", classes=["sd-tab-item"], selected=(i == 0))
        title = store.backend_title(backend)
        label = nodes.rubric(title, title, classes=["sd-tab-label"])
        label["sync_id"] = backend
        label["sync_group"] = SYNC_GROUP
        content = create_component("tab-content", classes=["sd-tab-content"])
        content.extend(content_nodes)
        item += [label, content]
        tab_set += item
    return tab_set


def _stamp(w: dict, record: store.Record) -> list[nodes.Node]:
    made = [_para(w["stamp"].format(**record.stamp), "gallery-stamp")]
    if record.local:
        made.append(_para(w["local"], "gallery-stamp-local"))
    return made


def _after_title(section: nodes.section, new: list[nodes.Node]) -> None:
    title = next((i for i, n in enumerate(section.children) if isinstance(n, nodes.title)), -1)
    section[title + 1 : title + 1] = new


def insert_header(app, doctree: nodes.document, plan) -> None:
    """Under the page title: the stamp of each backend and which are recorded."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    w = words(app)
    if not plan.shown:
        header: list[nodes.Node] = [_para(w["none"], "gallery-stamp-none")]
    elif len(plan.shown) == 1:
        header = _stamp(w, plan.shown[0])
    else:
        header = [tabs([(r.backend, _stamp(w, r)) for r in plan.shown], "recorded-stamps")]
    recorded = [r.backend for r in plan.shown if not r.local]
    if recorded:
        names = w["sep"].join(store.backend_title(b) for b in recorded)
        header.append(_para(w["backends"].format(names=names), "gallery-backends"))
    if plan.shown and not any(b in ("rocm", "cuda") for b in recorded):
        header.append(_para(w["no_gpu"], "gallery-backends"))
    _after_title(section, header)


def insert_index_summary(app, doctree: nodes.document, plans) -> None:
    """On the gallery index: which backends are recorded, for how many examples."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not plans:
        return
    w = words(app)
    counts: dict[str, int] = {}
    for p in plans:
        for r in p.shown:
            if not r.local:
                counts[r.backend] = counts.get(r.backend, 0) + 1
    lines = [
        _para(w["index"].format(backend=store.backend_title(b), count=counts[b], total=len(plans)), "gallery-backends")
        for b in store.backend_order(counts)
    ]
    if not any(b in counts for b in ("rocm", "cuda")):
        lines.append(_para(w["index_none"], "gallery-backends"))
    _after_title(section, lines)


def add_messages(doctree: nodes.document, code: list[nodes.Node], texts: list[str]) -> None:
    """For the gettext builder: the words on the figures, as messages of the page."""
    if not texts:
        return
    box = nodes.container(classes=["figure-text"])
    line = code[0].line if code else 1
    for text in texts:
        para = nodes.paragraph(text, text)
        para.source, para.line = doctree["source"], line
        box += para
    doctree += box
