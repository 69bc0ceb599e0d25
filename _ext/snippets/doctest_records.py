"""Doctest records: which pages' snippets a run of ``make doctest`` checked, on which backend.

``make doctest`` (``-D snippets_write_record=1``) writes
``<snippets_record_dir>/<backend>/doctest.json`` at the end of a run in
which every snippet passed and nothing warned; a run with a failure writes
nothing and leaves an older record as it was. The record holds:

* the stamp, as the gallery's records have it (device, backend and its
  version, torch, date: ``gallery_records.capture.current_backend``);
* the pinned torch (a sha256 of ``requirements-torch.txt``);
* for each page with snippets, how many passed and were skipped, and the
  fingerprint of its snippets: a sha256 of each snippet's kind, group,
  code, expected output, options and skip condition, in page order, as the
  doctest builder reads them from the doctree.

The html build reads every backend's record (``load_all``) and refuses, by
file name, one that is cut short, not JSON, in the wrong folder, made with
another torch release, or naming a page that no longer exists.
``REQUIRE_GPU=1 make doctest`` (``-D snippets_require_gpu=1``) refuses to run
without a GPU and fails when any snippet was skipped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError

from gallery_records import store

RECORD_FILE = "doctest.json"
FORMAT = 1
# Node types that are snippets of their own (setup, cleanup and output belong to one).
SNIPPET_TYPES = {"doctest", "testcode"}


def _is_test_node(node) -> bool:
    return isinstance(node, nodes.Element) and "testnodetype" in node


def page_snippets(doctree: nodes.Node) -> dict:
    """What a page's snippets are: their fingerprint, how many, how many need a GPU."""
    digest = hashlib.sha256()
    total = gpu = 0
    for node in doctree.findall(_is_test_node):
        kind = node["testnodetype"]
        options = sorted((str(flag), bool(on)) for flag, on in node.get("options", {}).items())
        code = node["test"] if "test" in node else node.astext()
        part = [kind, sorted(node.get("groups", [])), code, options, node.get("skipif")]
        digest.update(json.dumps(part, ensure_ascii=False).encode() + b"\n")
        if kind in SNIPPET_TYPES:
            total += 1
            gpu += node.get("skipif") is not None
    return {"fingerprint": "sha256:" + digest.hexdigest(), "snippets": total, "gpu_only": gpu}


def torch_pin(root: Path) -> str:
    """The fingerprint of the pinned torch: a sha256 of ``requirements-torch.txt``."""
    return store._digest(root / "requirements-torch.txt")


def record_path(record_dir: Path, backend: str) -> Path:
    return record_dir / backend / RECORD_FILE


@dataclass
class DoctestRecord:
    path: Path
    backend: str
    stamp: dict
    torch: str
    pages: dict

    def state(self, docname: str, fingerprint: str, pin: str) -> str:
        """``checked``, ``changed`` (its snippets or the pinned torch changed since) or ``missing``."""
        page = self.pages.get(docname)
        if page is None:
            return "missing"
        return "checked" if page["fingerprint"] == fingerprint and self.torch == pin else "changed"


class DoctestRecordError(ExtensionError):
    """A record that cannot be used; the message names the file and what to do."""


def _label_backend(label: str) -> str:
    """The backend a stamp's label names: 'CPU' -> cpu, 'ROCm, HIP 6.4' -> rocm, 'CUDA 12.8' -> cuda."""
    return label.replace(",", " ").split()[0].lower() if label.strip() else ""


def load(path: Path, backend: str, root: Path) -> DoctestRecord:
    """Read and check one doctest record; any defect raises DoctestRecordError naming the file."""
    title = store.backend_title(backend)
    redo = "re-check the snippets with 'make doctest'" + ("" if backend == "cpu" else f" on a {title} machine")

    def require(cond: bool, what: str) -> None:
        if not cond:
            raise DoctestRecordError(f"{path}: {what}; {redo}")

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DoctestRecordError(f"{path}: cannot be read ({exc.strerror}); {redo}") from None
    except ValueError as exc:
        raise DoctestRecordError(f"{path}: not valid JSON ({exc}); the file is damaged or cut short; {redo}") from None
    require(isinstance(data, dict) and data.get("format") == FORMAT, f"not a doctest record of format {FORMAT}")
    require(data.get("backend") == backend, f"says backend {data.get('backend')!r} but sits in {backend}/")
    stamp = data.get("stamp")
    require(store.complete_stamp(stamp), "has no complete stamp (device, backend, torch, date)")
    named = _label_backend(stamp["backend"])
    require(named == backend, f"its stamp names the backend {stamp['backend']!r}, but the record sits in {backend}/")
    minor = store.pinned_torch(root)
    require(
        stamp["torch"].startswith(minor + "."),
        f"made with torch {stamp['torch']}, but the site pins torch {minor} (requirements-torch.txt)",
    )
    pages = data.get("pages")
    require(isinstance(pages, dict) and pages, "names no pages")
    for name, page in pages.items():
        require(
            isinstance(page, dict) and isinstance(page.get("fingerprint"), str)
            and all(isinstance(page.get(k), int) for k in ("passed", "skipped")),
            f"page {name!r} has no fingerprint or counts",
        )  # fmt: skip
    require(isinstance(data.get("torch"), str), "has no fingerprint of the pinned torch")
    return DoctestRecord(path, backend, stamp, data["torch"], pages)


def load_all(record_dir: Path, known, root: Path) -> list[DoctestRecord]:
    """Every backend's doctest record under ``record_dir``, in the site's backend order."""
    if not record_dir.is_dir():
        return []
    found = [p.name for p in record_dir.iterdir() if (p / RECORD_FILE).is_file()]
    return [load(record_path(record_dir, b), b, root) for b in store.backend_order(found, known)]


def check_pages(records: list[DoctestRecord], docnames) -> None:
    """Refuse a record that names a page the site no longer has."""
    for record in records:
        gone = sorted(set(record.pages) - set(docnames))
        if gone:
            raise DoctestRecordError(
                f"{record.path}: names pages that no longer exist: {', '.join(gone)}; "
                "re-check the snippets with 'make doctest'"
            )


def write(path: Path, backend: str, stamp: dict, pin: str, pages: dict) -> None:
    """Write a record whole, or not at all."""
    data = {"format": FORMAT, "backend": backend, "stamp": stamp, "torch": pin,
            "pages": {name: pages[name] for name in sorted(pages)}}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
