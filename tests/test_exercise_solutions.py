"""Each exercise solution runs on its own, after only its page's first snippet.

An exercises page invites the reader to try one problem and paste its
solution into Python. So each solution (the snippets inside one dropdown)
must run in a fresh Python after the page's first snippet alone (the imports
the page asks for), without anything an earlier solution defined. The
snippets are found and split as ``test_snippets_copy`` does it, with MyST's
parser, and run by the same runner in a new process per solution.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_snippets_copy import _RUNNER, _gpu, _myst_config, _snippets

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The exercises pages whose solutions are checked one by one.
PAGES = ("exercises.md",)


def solutions(text: str, name: str, gpu: bool) -> tuple[list, list[list]]:
    """(the page's first snippet, one list of snippets per solution dropdown)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    lines = text.splitlines(keepends=True)
    first: list = []
    found: list[list] = []
    for token in create_md_parser(_myst_config(), RendererHTML).parse(text):
        if token.type not in ("fence", "colon_fence") or not token.info.startswith("{"):
            continue
        start, end = token.map
        if token.info.startswith("{dropdown}"):
            found.append(_snippets(token.content, name, start + 1, gpu))
        elif not first and not found:
            first = _snippets("".join(lines[start:end]), name, start, gpu)
    return first, found


def run_alone(first: list, solution: list) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _RUNNER],
        input=json.dumps(first + solution),
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
    )


def _cases():
    for page in PAGES:
        first, found = solutions((DOCS / page).read_text(encoding="utf-8"), page, _gpu())
        for n, solution in enumerate(found, 1):
            yield pytest.param(first, solution, id=f"{page}:solution-{n}")


@pytest.mark.parametrize(("first", "solution"), list(_cases()))
def test_solution_runs_alone_after_the_first_snippet(first, solution):
    assert first, "the page has no snippet before its first solution"
    result = run_alone(first, solution)
    assert result.returncode == 0, result.stderr[-3000:]


PLANTED = """# Exercises

```{testcode}
import torch
```

:::{dropdown} Solution
```{testcode}
import numpy as np
a = np.ones(2)
```
:::

:::{dropdown} Solution
```{testcode}
print(torch.from_numpy(np.zeros(2)))
```
:::
"""


def test_a_solution_that_needs_an_earlier_one_is_caught():
    # The planted fault: the second solution uses the np that the first imported.
    first, found = solutions(PLANTED, "planted.md", gpu=False)
    assert [code for code, _, _ in first] == ["import torch\n"]
    assert len(found) == 2
    assert run_alone(first, found[0]).returncode == 0
    result = run_alone(first, found[1])
    assert result.returncode != 0
    assert "NameError: name 'np' is not defined" in result.stderr
