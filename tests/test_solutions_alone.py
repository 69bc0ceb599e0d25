"""Each exercise solution runs alone in a fresh Python after its page's first snippet.

The exercises pages invite the reader to open one solution and paste it after
the page's first snippet. A solution that quietly uses a name defined by
another solution (``np`` imported in exercise 1, a loss made in exercise 2)
then stops with a ``NameError``. This test reads each exercises page with
MyST's own parser and the doctest directives, as ``test_snippets_copy`` does:
the code before the first section (the page's first snippet), then, for
every section that holds a solution dropdown, the code of that section (the
solution, and the statement's own code if it has any). Each solution
runs in its own new Python process after the first snippet, with nothing else
imported, and a failure names the page, the exercise and the error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.parsers.mdit import create_md_parser
from test_snippets_copy import DOCS, RUN_AS, _gpu, _myst_config, _RUNNER, _snippets

PAGES = ("exercises.md", "exercises-2.md")

Piece = tuple[str, bool, str]  # (code, raises, label), as test_snippets_copy makes them


def exercises(page: Path, gpu: bool = False) -> tuple[list[Piece], dict[str, list[Piece]]]:
    """The code before the first section (the page's first snippet) and, by
    section title, the code of each section that holds a solution dropdown."""
    md = create_md_parser(_myst_config(), RendererHTML)
    tokens = md.parse(page.read_text(encoding="utf-8"))
    first: list[Piece] = []
    sections: dict[str, list[Piece]] = {}
    with_solution: set[str] = set()
    section = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            section = tokens[i + 1].content
            sections.setdefault(section, [])
        if token.type not in ("fence", "colon_fence") or not token.info.startswith("{"):
            continue
        directive = token.info[1:].partition("}")[0]
        line = token.map[0] + 1
        into = first if section is None else sections[section]
        if directive in RUN_AS:
            # _snippets reads MyST text: give it the fence as written.
            fence = token.markup + token.info + "\n" + token.content + token.markup + "\n"
            into.extend(_snippets(fence, page.name, line - 1, gpu))
        elif directive == "dropdown" and section is not None:
            with_solution.add(section)
            into.extend(_snippets(token.content, page.name, line, gpu))
    if not with_solution:
        raise ValueError(f"{page}: no solution dropdown under a section title")
    return first, {title: sections[title] for title in sections if title in with_solution}


def run_alone(page: Path, exercise: str, gpu: bool = False) -> str | None:
    """Why ``exercise``'s solution fails when run alone after the first snippet (None if it runs)."""
    first, solutions = exercises(page, gpu)
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER],
        input=json.dumps(first + solutions[exercise]),
        capture_output=True,
        text=True,
        cwd=page.parent,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
    )
    if result.returncode == 0:
        return None
    lines = result.stderr.strip().splitlines() or [f"exit status {result.returncode}"]
    return f"{page.name}, {exercise}: fails alone after the page's first snippet: {lines[-1]}"


CASES = [(name, exercise) for name in PAGES for exercise in exercises(DOCS / name)[1]]


@pytest.mark.parametrize(("name", "exercise"), CASES, ids=[f"{n}:{e.split(':')[0]}" for n, e in CASES])
def test_each_solution_runs_alone_after_the_first_snippet(name, exercise):
    assert run_alone(DOCS / name, exercise, gpu=_gpu()) is None


def test_every_exercise_of_both_pages_is_found():
    counts = {name: len(exercises(DOCS / name)[1]) for name in PAGES}
    assert counts == {"exercises.md": 5, "exercises-2.md": 3}


PLANTED = """# Exercises

```{testcode}
import math
```

## Exercise 1: a circle

:::{dropdown} Solution
```{testcode}
radius = 2.0
print(math.pi * radius**2)
```
:::

## Exercise 2: a sphere

:::{dropdown} Solution
```{doctest}
>>> round(4 / 3 * math.pi * radius**3, 2)
33.51
```
:::
"""


def test_a_solution_using_another_solutions_name_is_caught(tmp_path):
    page = tmp_path / "exercises.md"
    page.write_text(PLANTED, encoding="utf-8")
    assert run_alone(page, "Exercise 1: a circle") is None
    problem = run_alone(page, "Exercise 2: a sphere")
    assert problem is not None
    assert problem.startswith("exercises.md, Exercise 2: a sphere: fails alone")
    assert "NameError: name 'radius' is not defined" in problem


def test_the_real_page_is_caught_when_a_solution_leans_on_another(tmp_path):
    # The planted fault: exercise 3's solution loses its own loss function and
    # uses, as the page once did, the one made in exercise 2's solution.
    text = (DOCS / "exercises-2.md").read_text(encoding="utf-8")
    own_loss = "loss_fn = nn.CrossEntropyLoss()\n\n\ndef new_run():"
    assert text.count(own_loss) == 1
    page = tmp_path / "exercises-2.md"
    page.write_text(text.replace(own_loss, "def new_run():"), encoding="utf-8")
    exercise = "Exercise 3: resume from a checkpoint"
    problem = run_alone(page, exercise)
    assert problem is not None
    assert problem.startswith(f"exercises-2.md, {exercise}: fails alone")
    assert "NameError: name 'loss_fn' is not defined" in problem
