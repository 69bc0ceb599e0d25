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
import sys

import pytest

from conftest import ROOT

GITHUB_VARIABLES = ("GITHUB_REPOSITORY", "GITHUB_SERVER_URL")


def make_dry_run(tmp_path, **variables) -> str:
    """What ``make -n html`` would run, with only the given GitHub variables set."""
    stamp = tmp_path / "installed"
    stamp.touch()
    env = {k: v for k, v in os.environ.items() if k not in GITHUB_VARIABLES and k not in ("REPOSITORY", "SITE_URL")}
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


# -- The report link's body, with and without a proof line ------------------------


def fake_app(tmp_path, language="en", repository="https://github.com/o/n", site_url=""):
    """Just what layout.source_links reads of a Sphinx application, for the page "tensors"."""
    from types import SimpleNamespace

    from docutils import nodes

    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "tensors.md").write_text("# Tensors\n", encoding="utf-8")
    config = SimpleNamespace(site_repository=repository, site_repository_branch="main", language=language, site_url=site_url,
                             translation_source_language="en", gettext_compact=False, locale_dirs=["../locale"])  # fmt: skip
    env = SimpleNamespace(all_docs={"tensors": 0}, titles={"tensors": nodes.title("", "Tensors")},
                          doc2path=lambda name: tmp_path / "docs" / f"{name}.md")  # fmt: skip
    return SimpleNamespace(config=config, env=env, builder=SimpleNamespace(out_suffix=".html"),
                           srcdir=str(tmp_path / "docs"), confdir=str(tmp_path))  # fmt: skip


def report_query(context: dict) -> dict:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(context["page_report_url"]()).query)


def test_the_report_body_carries_the_proof_line_when_the_page_has_one(tmp_path):
    sys.path.insert(0, str(ROOT / "_ext"))
    from layout import source_links

    context = {}
    source_links.add_links(fake_app(tmp_path), "tensors", "page.html", context, None)
    # Another extension sets the proof line after this one has run.
    context["proof_line"] = "Ran on Example CPU with torch 2.13.0, 2026-12-01."
    query = report_query(context)
    assert query["title"] == ["[en] Tensors"]
    # The body ends with a blank line, where the reader writes what is wrong.
    assert query["body"] == ["Page: en/tensors.html\nRan on Example CPU with torch 2.13.0, 2026-12-01.\n\n"]
    assert context["page_edit_url"] == "https://github.com/o/n/edit/main/docs/tensors.md"


def test_the_report_body_is_the_address_alone_without_a_proof_line(tmp_path):
    sys.path.insert(0, str(ROOT / "_ext"))
    from layout import source_links

    context = {}
    source_links.add_links(fake_app(tmp_path), "tensors", "page.html", context, None)
    assert report_query(context)["body"] == ["Page: en/tensors.html\n\n"]


def test_the_report_body_gives_the_full_url_where_the_site_is_published(tmp_path):
    sys.path.insert(0, str(ROOT / "_ext"))
    from layout import source_links

    context = {}
    app = fake_app(tmp_path, language="ja", site_url="https://owner.example.io/lessons/")
    source_links.add_links(app, "tensors", "page.html", context, None)
    assert report_query(context)["body"] == ["Page: https://owner.example.io/lessons/ja/tensors.html\n\n"]


def test_the_site_url_comes_from_the_deploy_workflow(tmp_path):
    import yaml

    out = make_dry_run(tmp_path, SITE_URL="https://owner.example.io/lessons")
    assert '--define "site_url=https://owner.example.io/lessons"' in out
    assert "site_url" not in make_dry_run(tmp_path)
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    [build] = [s for s in flow["jobs"]["build"]["steps"] if "RECORDS=require make html" in s.get("run", "")]
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"


def test_a_page_without_a_catalog_gets_no_edit_link_and_no_repository_no_links(tmp_path):
    sys.path.insert(0, str(ROOT / "_ext"))
    from layout import source_links

    context = {}
    source_links.add_links(fake_app(tmp_path, language="ja"), "tensors", "page.html", context, None)
    assert context["page_edit_url"] is None and context["page_report_url"] is not None
    context = {}
    source_links.add_links(fake_app(tmp_path, repository=""), "tensors", "page.html", context, None)
    assert context["page_edit_url"] is None and context["page_report_url"] is None
