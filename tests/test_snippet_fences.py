"""Every fence Pygments highlights as Python is refused unless a test runs it.

A fence named ``pyi``, ``sage``, ``numpy``, ``python2`` or
``python-console`` renders as Python just like ``python``; the guard takes
these names from Pygments' own lexers (``_ext/snippets/guard.py``), so a
plain block under any of them fails the build at its file and line.
"""

from __future__ import annotations

from conftest import build_cmd, run
from test_faults import append_to

OTHER_PYTHON_NAMES = ["pyi", "sage", "numpy", "python2", "py2", "python-console"]


def test_every_python_name_of_pygments_is_refused(site):
    page = site / "docs" / "tensors.md"
    lines = {name: append_to(page, f"```{name}\nprint('untested')\n```\n") for name in OTHER_PYTHON_NAMES}
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    for name, line in lines.items():
        assert f"docs/tensors.md:{line}: WARNING: plain {name} code block is never tested" in result.stdout, (
            name, result.stdout[-3000:],
        )


def test_names_that_are_not_python_pass_the_guard():
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "_ext"))
    from snippets.guard import is_python

    assert [n for n in ("console", "text", "bash", "none", "json", "pytb") if is_python(n)] == []
    assert all(is_python(n) for n in OTHER_PYTHON_NAMES + ["python", "py", "pycon"])
