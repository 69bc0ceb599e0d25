"""Every snippet prints the same under every CPU kernel width this machine runs.

torch picks the widest kernels the processor has; a reader's or a CI
machine's processor may have narrower ones, and a float32 result printed
with all its digits can differ between them. ``tests/test_site.py`` runs
the snippets under the width torch picks; this runs them under each
narrower one (``tools/kernel_widths.py``). The planted fault is in
``tests/test_proof.py``.
"""

from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT, doctest_cmd, run

sys.path.insert(0, str(ROOT))
from tools import kernel_widths  # noqa: E402

NARROWER = kernel_widths.supported()[:-1]


def test_widths_are_known():
    widths = kernel_widths.supported()
    assert widths[0] == "default" and widths[-1] == kernel_widths.native()


@pytest.mark.parametrize("width", NARROWER)
def test_snippets_hold_under_a_narrower_kernel_width(site, width):
    result = run(doctest_cmd(site), cwd=site, env={kernel_widths.VARIABLE: width})
    summary = (site / "_build" / "doctest" / "summary.txt").read_text(encoding="utf-8")
    assert result.returncode == 0, f"{kernel_widths.VARIABLE}={width}\n" + result.stdout[-4000:]
    assert re.search(r"^doctest: \d+ passed, 0 failed, \d+ skipped$", summary, re.M), summary
