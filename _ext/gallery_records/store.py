"""Records: what one run of a gallery example produced, kept as files.

A record lives in ``<root>/<backend>/<example>/`` and holds:

``record.json``
    the stamp (device, backend and its version, torch version, date, as
    torch reported them on the machine that ran the example), the
    fingerprint of what the output depends on, and the output of each code
    cell in order: text as a list of lines, figures by file name;
``<example>_<backend>_NNN.svg``
    the figures, with their text kept as text (so each language can show
    them in its own words);
``thumb.png``
    the gallery thumbnail.

A figure is named by a plain file name in the record's own folder, never a
path: Sphinx copies whatever an image names into the site.

This module reads, checks and writes records and decides which are fresh.
It imports neither torch nor matplotlib: the render path uses it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
RECORD_FILE = "record.json"
THUMBNAIL = "thumb.png"
# The order in which backends appear on a page: ROCm first, then CUDA, then CPU.
BACKENDS = ("rocm", "cuda", "cpu")
TITLES = {"rocm": "ROCm", "cuda": "CUDA", "cpu": "CPU"}
HELPER = "_support.py"
# What the examples' helper puts around a measured value (``_support.measured``)
# when it is recorded: the check of the records skips what lies between them,
# and the pages show the line without them.
VARYING_MARKS = ("\u27ea", "\u27eb")  # ⟪ ⟫
_VARYING = re.compile(f"{VARYING_MARKS[0]}(.*?){VARYING_MARKS[1]}")


class RecordError(Exception):
    """A record that cannot be used; the message names the file and what to do."""


def backend_title(backend: str) -> str:
    return TITLES.get(backend, backend)


def backend_order(backends, known=BACKENDS) -> list[str]:
    """Known backends in the site's order, then any others by name."""
    backends = set(backends)
    return [b for b in known if b in backends] + sorted(backends - set(known))


def _digest(path: Path) -> str:
    text = path.read_bytes().replace(b"\r\n", b"\n") if path.exists() else b""
    return "sha256:" + hashlib.sha256(text).hexdigest()


def pinned_torch(root: Path) -> str:
    """The torch version the project pins, as major.minor (``requirements-torch.txt``)."""
    spec = (root / "requirements-torch.txt").read_text(encoding="utf-8")
    match = re.search(r"^torch==(\d+)\.(\d+)", spec, re.M)
    if not match:
        raise RecordError(f"{root / 'requirements-torch.txt'}: no 'torch==X.Y.Z' line")
    return f"{match.group(1)}.{match.group(2)}"


def fingerprint(script: Path, torch_minor: str) -> dict[str, str]:
    """What an example's output depends on: its source, the shared helper, torch."""
    return {
        "source": _digest(script),
        "helper": _digest(script.with_name(HELPER)),
        "torch": torch_minor,
    }


CHANGE_WORDS = {"source": "the example's source", "helper": f"gallery/{HELPER}", "torch": "the pinned torch version"}


@dataclass
class Record:
    folder: Path
    data: dict
    local: bool = False  # executed by a build here, not a committed record
    stale: list[str] = field(default_factory=list)  # what changed since it ran

    @property
    def backend(self) -> str:
        return self.data["backend"]

    @property
    def stamp(self) -> dict:
        return self.data["stamp"]

    @property
    def cells(self) -> list[list[dict]]:
        return self.data["cells"]

    def file(self, name: str) -> Path:
        return self.folder / name


def _require(cond: bool, path: Path, what: str) -> None:
    if not cond:
        raise RecordError(f"{path}: {what}")


def plain_name(name) -> bool:
    """Whether ``name`` is a file name with no folder in it."""
    return isinstance(name, str) and name not in ("", ".", "..") and not any(c in name for c in "/\\:")


def _line_of(text: str, value: str) -> int:
    """The line of record.json where a value is written (1 if not found)."""
    at = text.find(json.dumps(value, ensure_ascii=False))
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


STAMP_KEYS = ("device", "backend", "torch", "date")


def complete_stamp(stamp) -> bool:
    """Whether a record's stamp names all it must, each as text (gallery and doctest records alike)."""
    return isinstance(stamp, dict) and all(isinstance(stamp.get(k), str) for k in STAMP_KEYS)


def load(folder: Path, backend: str, example: str) -> Record:
    """Read and check one record; any defect raises RecordError naming the file."""
    path = folder / RECORD_FILE
    redo = f"re-record it with 'make record EXAMPLES={example}' on a {backend_title(backend)} machine"
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise RecordError(f"{path}: cannot be read ({exc.strerror}); {redo}") from None
    except ValueError as exc:
        raise RecordError(f"{path}: not valid JSON ({exc}); the file is damaged or cut short: {redo}") from None
    _require(isinstance(data, dict) and data.get("format") == FORMAT, path, f"not a record of format {FORMAT}; {redo}")
    _require(data.get("example") == example, path, f"belongs to {data.get('example')!r}, not {example!r}; {redo}")
    _require(data.get("backend") == backend, path, f"says backend {data.get('backend')!r} but sits in {backend}/; {redo}")
    stamp = data.get("stamp")
    _require(complete_stamp(stamp), path, f"has no complete stamp (device, backend, torch, date); {redo}")
    cells = data.get("cells")
    _require(isinstance(cells, list) and all(isinstance(c, list) for c in cells), path, f"has no cells; {redo}")
    for cell in cells:
        for out in cell:
            if "figure" in out:
                figure, where = out["figure"], f"{path}:{_line_of(text, str(out['figure']))}"
                _require(plain_name(figure), where,
                         f"names figure {figure!r}, which is not a plain file name in the record's folder; {redo}")  # fmt: skip
                file = folder / figure
                _require(file.is_file(), where, f"names a missing figure {figure}; {redo}")
                _require(file.resolve().parent == folder.resolve(), where,
                         f"names figure {figure!r}, a link to a file outside the record's folder; {redo}")  # fmt: skip
            else:
                _require(isinstance(out.get("text"), list), path, f"has an output that is neither text nor figure; {redo}")
    _require(isinstance(data.get("fingerprint"), dict), path, f"has no fingerprint; {redo}")
    return Record(folder, data)


def changes(record: Record, wanted: dict[str, str]) -> list[str]:
    """What differs between the record's fingerprint and the current one."""
    have = dict(record.data["fingerprint"])
    if not record.stamp["torch"].startswith(have.get("torch", "") + "."):
        have["torch"] = record.stamp["torch"]  # ran with a torch other than the one it claims
    return [CHANGE_WORDS[k] for k in ("source", "helper", "torch") if have.get(k) != wanted[k]]


def find(root: Path, example: str, wanted: dict[str, str], known=BACKENDS, local=False) -> list[Record]:
    """Every backend's record of one example under ``root``, fresh or stale."""
    found = []
    if not root.is_dir():
        return found
    for backend in backend_order([p.name for p in root.iterdir() if p.is_dir()], known):
        folder = root / backend / example
        if not folder.is_dir():
            continue
        record = load(folder, backend, example)
        record.local = local
        record.stale = changes(record, wanted)
        found.append(record)
    return found


def shown(line: str) -> str:
    """A recorded output line as the page shows it: measured values without their marks."""
    return _VARYING.sub(r"\1", line)


def masked(line: str) -> str:
    """A recorded output line with each measured value replaced by the empty marks."""
    return _VARYING.sub("".join(VARYING_MARKS), line)


def text_lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n") if text.strip() else []


def write(folder: Path, data: dict) -> None:
    """Write record.json so that a re-run changes only the lines that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (RECORD_FILE + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(folder / RECORD_FILE)
