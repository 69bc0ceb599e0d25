"""Every page's snippets run when a reader copies them into a fresh Python.

The doctest builder runs each page with ``doctest_global_setup`` (``import
torch``) already done; the copy button gives the reader only the code of the
page. This test takes each lesson page's ``{doctest}``, ``{testcode}`` and
``{testsetup}`` blocks, in page order, with MyST's own parser (markdown-it-py
as ``myst_parser`` configures it, directive options read by ``myst_parser``
against Sphinx's doctest directives), and runs them in a new Python process
with nothing imported beforehand. Python's own ``doctest`` parser splits the
``>>>`` blocks into the code a copy gives; an example whose expected output is
a traceback must raise, every other one must not. Blocks skipped for want of
a GPU are left out when torch sees none.
"""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from sphinx.ext import doctest as sphinx_doctest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RUN_AS = {
    "doctest": sphinx_doctest.DoctestDirective,
    "testcode": sphinx_doctest.TestcodeDirective,
    "testsetup": sphinx_doctest.TestsetupDirective,
}

# Runs in the fresh process: a list of [code, raises, label] on stdin, one
# shared namespace, as a reader pasting the snippets one after another.
_RUNNER = """
import json, sys, traceback
namespace = {"__name__": "__main__"}
for code, raises, label in json.load(sys.stdin):
    try:
        exec(compile(code, label, "exec"), namespace)
    except BaseException as error:
        if raises:
            continue
        traceback.print_exc()
        sys.exit(f"{label}: {type(error).__name__}: {error}")
    else:
        if raises:
            sys.exit(f"{label}: expected an exception, none was raised")
"""


def pages(docs: Path = DOCS) -> list[Path]:
    """The lesson pages (generated gallery pages are examples, not lessons)."""
    return sorted(p for p in docs.rglob("*.md") if "gallery" not in p.relative_to(docs).parts[:1])


def _myst_config() -> MdParserConfig:
    """The MyST settings of the site's conf.py, as Sphinx reads them."""
    from sphinx.config import Config

    from sphinx.util.tags import Tags

    raw = Config.read(ROOT, overrides={}, tags=Tags())._raw_config
    return MdParserConfig(enable_extensions=set(raw.get("myst_enable_extensions", ())))


def snippets(page: Path, gpu: bool) -> list[tuple[str, bool, str]]:
    """(code, raises, label) for each piece a reader copies from ``page``."""
    return _snippets(page.read_text(encoding="utf-8"), page.name, 0, gpu)


def _snippets(text: str, name: str, offset: int, gpu: bool) -> list[tuple[str, bool, str]]:
    md = create_md_parser(_myst_config(), RendererHTML)
    out = []
    for token in md.parse(text):
        if token.type not in ("fence", "colon_fence") or not token.info.startswith("{"):
            continue
        directive, _, first_line = token.info[1:].partition("}")
        line = offset + token.map[0] + 1
        if directive not in RUN_AS:
            # Another directive (a dropdown, a note): its body is MyST again.
            out.extend(_snippets(token.content, name, line, gpu))
            continue
        parsed = parse_directive_text(RUN_AS[directive], first_line.strip(), token.content)
        if "skipif" in parsed.options and not gpu:
            continue
        body = "\n".join(parsed.body)
        if directive == "doctest":
            for example in doctest.DocTestParser().get_examples(body):
                if example.options.get(doctest.SKIP):
                    continue
                label = f"{name}:{line + 1 + example.lineno}"
                out.append((example.source, example.exc_msg is not None, label))
        else:
            out.append((body + "\n", False, f"{name}:{line}"))
    return out


def run_copied(page: Path, gpu: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _RUNNER],
        input=json.dumps(snippets(page, gpu)),
        capture_output=True,
        text=True,
        cwd=page.parent,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
    )


def _gpu() -> bool:
    import torch

    return torch.cuda.is_available()


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_snippets_run_when_copied(page):
    result = run_copied(page, gpu=_gpu())
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_page_missing_its_import_is_caught(tmp_path):
    # The planted fault: the tensors lesson without its `import torch` line.
    page = tmp_path / "tensors.md"
    text = (DOCS / "tensors.md").read_text(encoding="utf-8")
    assert ">>> import torch\n" in text
    page.write_text(text.replace(">>> import torch\n", "", 1), encoding="utf-8")
    result = run_copied(page)
    assert result.returncode != 0
    assert "NameError: name 'torch' is not defined" in result.stderr


def test_an_example_that_should_raise_but_does_not_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```{doctest}\n>>> 1 + 1\nTraceback (most recent call last):\nZeroDivisionError: no\n```\n",
        encoding="utf-8",
    )
    result = run_copied(page)
    assert "expected an exception" in result.stderr


def test_gpu_only_blocks_are_left_out_without_a_gpu(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```{doctest}\n>>> x = 1\n```\n\n"
        "```{testcode}\n:skipif: not torch.cuda.is_available()\n\nraise SystemExit(3)\n```\n",
        encoding="utf-8",
    )
    assert [code for code, _, _ in snippets(page, gpu=False)] == ["x = 1\n"]
    assert len(snippets(page, gpu=True)) == 2


def test_snippets_inside_a_dropdown_are_run(tmp_path):
    # Exercise solutions sit in dropdowns; a missing import there is caught too.
    page = tmp_path / "page.md"
    page.write_text(":::{dropdown} Solution\n```{testcode}\nprint(torch.ones(1))\n```\n:::\n", encoding="utf-8")
    assert [label for _, _, label in snippets(page, gpu=False)] == ["page.md:2"]
    assert "NameError: name 'torch' is not defined" in run_copied(page).stderr
