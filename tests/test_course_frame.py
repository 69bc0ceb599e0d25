"""The course frame without a browser: the repository setting and the gallery's empty cells.

* The repository's address reaches the build as one config value,
  ``site_repository``, which the Makefile makes from the two variables GitHub
  Actions sets; without them (a local build) it passes none.
* A gallery cell that held only ``# sphinx_gallery_*`` comments is in the
  page sphinx-gallery generates, empty, and not in the HTML of either language.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from conftest import ROOT

GITHUB_VARIABLES = ("GITHUB_REPOSITORY", "GITHUB_SERVER_URL")


def make_dry_run(tmp_path, **variables) -> str:
    """What ``make -n html`` would run, with only the given GitHub variables set."""
    stamp = tmp_path / "installed"
    stamp.touch()
    env = {k: v for k, v in os.environ.items() if k not in GITHUB_VARIABLES and k != "REPOSITORY"}
    env.update(variables)
    result = subprocess.run(["make", "-n", "-C", str(ROOT), "html", f"STAMP={stamp}"],
                            env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return result.stdout


def test_the_repository_comes_from_the_publishing_environment(tmp_path):
    out = make_dry_run(tmp_path, GITHUB_REPOSITORY="owner/lessons", GITHUB_SERVER_URL="https://github.example")
    assert '--define "site_repository=https://github.example/owner/lessons"' in out


def test_a_local_build_has_no_repository(tmp_path):
    out = make_dry_run(tmp_path)
    assert "tools/build.py" in out and "site_repository" not in out


def test_the_repository_can_be_named_on_the_command_line(tmp_path):
    stamp = tmp_path / "installed"
    stamp.touch()
    out = subprocess.run(["make", "-n", "-C", str(ROOT), "html", f"STAMP={stamp}", "REPOSITORY=https://git.example/a/b"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert '--define "site_repository=https://git.example/a/b"' in out


CODE_BLOCK = re.compile(r"^\.\. code-block:: Python\n((?:   :[^\n]*\n)*)((?:\n|    [^\n]*\n)*)", re.M)


def code_blocks(rst: str) -> list[str]:
    """The code of each ``.. code-block:: Python`` of a page sphinx-gallery generated."""
    return [m.group(2) for m in CODE_BLOCK.finditer(rst)]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_cell_left_empty_by_removed_config_comments_is_not_shown(built_site, lang):
    generated = sorted((built_site["site"] / "docs" / "gallery").glob("plot_0*.rst"))
    assert len(generated) >= 7
    emptied = []
    for rst in generated:
        blocks = code_blocks(rst.read_text(encoding="utf-8"))
        empty = [b for b in blocks if not b.strip()]
        emptied += [rst.stem] * len(empty)
        page = (built_site["html"] / lang / "gallery" / f"{rst.stem}.html").read_text(encoding="utf-8")
        shown = page.count('<div class="highlight-Python notranslate">')
        assert shown == len(blocks) - len(empty), f"{rst.stem}: {shown} code boxes for {len(blocks) - len(empty)} cells with code"
    # The gallery has such cells (a thumbnail chosen by a comment), so the test saw one.
    assert emptied, "no example has a cell that only held configuration comments"
