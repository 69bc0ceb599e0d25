"""Warnings about an example's page name the ``.py`` file the author edits.

sphinx-gallery turns ``gallery/plot_x.py`` into ``docs/gallery/plot_x.rst``;
a reStructuredText problem in the example's docstring or comments is found
in the generated file, at a line the author never sees. The generated file
says where each block came from (``GENERATED FROM PYTHON SOURCE LINES a-b``),
and this filter uses that to point the warning back at the script.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from . import paths
from .cells import MARKER

_GENERATED = re.compile(r"^(?P<path>.*?)(?P<gallery>[/\\]gallery[/\\])(?P<name>plot_\w+)\.rst:(?P<line>\d+)$")
_BLOCK = re.compile(rf"^\.\. {MARKER} (\d+)-(\d+)$")


def source_line(rst: list[str], py: list[str], line: int) -> int:
    """The script line that produced line ``line`` (1-based) of the generated page."""
    for i in range(min(line, len(rst)) - 1, -1, -1):
        match = _BLOCK.match(rst[i])
        if match:  # the block's text starts two lines below its marker
            return int(match.group(1)) + max(0, line - (i + 1) - 2)
    # Before the first marker: the docstring, whose title line is found as is.
    title = next((i for i, text in enumerate(py) if text.strip() and not text.startswith(('"""', "'''", "#"))), 0)
    at = next((i for i, text in enumerate(rst) if text == py[title]), None) if py else None
    return title + 1 + (line - (at + 1) if at is not None else 0)


class ScriptLocations(logging.Filter):
    def __init__(self, examples_dir: Path) -> None:
        super().__init__()
        self.examples_dir = examples_dir

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        match = _GENERATED.match(location) if isinstance(location, str) else None
        if match:
            rst_path = Path(location.rsplit(":", 1)[0])
            script = self.examples_dir / f"{match.group('name')}.py"
            if rst_path.exists() and script.exists():
                rst = rst_path.read_text(encoding="utf-8").splitlines()
                py = script.read_text(encoding="utf-8").splitlines()
                record.location = f"{script}:{source_line(rst, py, int(match.group('line')))}"
        return True


def install(app, config) -> None:
    examples = paths.examples_dir(app)
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(ScriptLocations(examples))
