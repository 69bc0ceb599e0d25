"""Plant each fault the build guards against and see it caught, by file name."""

from __future__ import annotations

import re

import polib

from pathlib import Path

from conftest import build_cmd, doctest_cmd, make_cmd, run


def append_to(path: Path, text: str) -> int:
    """Append text to a page; returns the line number where it starts."""
    old = path.read_text(encoding="utf-8")
    path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")
    return old.rstrip("\n").count("\n") + 3


def test_wrong_doctest_output_fails(site):
    line = append_to(site / "docs" / "tensors.md", "```{doctest}\n>>> 1 + 1\n3\n```\n")
    result = run(doctest_cmd(site), cwd=site)
    assert result.returncode != 0
    assert f'File "docs/tensors.md", line {line + 1}' in result.stdout
    summary = (site / "_build" / "doctest" / "summary.txt").read_text(encoding="utf-8")
    assert f"failed: docs/tensors.md:{line}" in summary
    assert re.search(r"^doctest: \d+ passed, 1 failed, \d+ skipped$", summary, re.M)


def test_gallery_example_that_raises_fails_both_languages(site):
    (site / "gallery" / "plot_00_broken.py").write_text(
        '"""\nBroken\n======\n\nRaises on purpose.\n"""\n\nraise RuntimeError("planted failure")\n',
        encoding="utf-8",
    )
    result = run(build_cmd(site), cwd=site)
    assert result.returncode != 0
    # The author's error, by file and line, before any language is rendered.
    assert "gallery/plot_00_broken.py:8: RuntimeError: planted failure" in result.stdout
    assert "nothing was built" in result.stdout
    assert not (site / "_build" / "html" / "en").exists() and not (site / "_build" / "html" / "ja").exists()


def test_dangling_reference_fails(site):
    append_to(site / "docs" / "tensors.md", "See {doc}`no-such-page`.\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert re.search(r"docs/tensors\.md:\d+: WARNING: unknown document: 'no-such-page'", result.stdout), result.stdout[-3000:]


def test_plain_python_fence_fails(site):
    line = append_to(site / "docs" / "tensors.md", "```python\nprint('untested')\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert f"docs/tensors.md:{line}: WARNING: plain python code block is never tested" in result.stdout


def test_fence_without_language_fails(site):
    line = append_to(site / "docs" / "tensors.md", "```\nx = 1\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert f"docs/tensors.md:{line}: WARNING: code block without a language" in result.stdout


def test_console_fence_is_allowed(site):
    append_to(site / "docs" / "tensors.md", "```console\n$ pip install torch\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]


def test_failing_japanese_build_fails_the_target(site):
    po_path = site / "locale" / "ja" / "LC_MESSAGES" / "tensors.po"
    po = polib.pofile(str(po_path))
    # The first paragraph after the title (a plain paragraph on every page).
    entry = next(e for e in po if e.translated() and " " in e.msgid and "`" not in e.msgid)
    entry.msgstr += "{doc}`no-such-page`"
    po.save(str(po_path))
    result = run(build_cmd(site, "--noplot"), cwd=site)
    assert result.returncode != 0
    assert "html [en]: ok" in result.stdout
    assert re.search(r"html \[ja\]: FAILED", result.stdout)
    assert re.search(r"\[ja\] .*docs/tensors\.md:\d+\S*: WARNING: unknown document", result.stdout), result.stdout[-3000:]


def test_gettext_runs_no_example(site, tmp_path):
    # What a translator types: make gettext, with nothing telling it not to run examples.
    counter = tmp_path / "runs.txt"
    (site / "gallery" / "plot_99_run_counter.py").write_text(
        '"""\nCounter\n=======\n\nCounts runs.\n"""\n\nimport os\n'
        'open(os.environ["RUN_COUNTER_FILE"], "a").write("ran\\n")\n',
        encoding="utf-8",
    )
    result = run(make_cmd(site, "gettext"), cwd=site, env={"RUN_COUNTER_FILE": str(counter)})
    assert result.returncode == 0, result.stdout[-3000:]
    assert (site / "_build" / "gettext" / "gallery" / "plot_99_run_counter.pot").exists()
    assert not counter.exists()


def test_skip_for_another_reason_than_a_gpu_fails(site):
    line = append_to(site / "docs" / "tensors.md", "```{doctest}\n:skipif: True\n\n>>> 1 + 1\n2\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert f"docs/tensors.md:{line}: WARNING: skipif 'True': a snippet may be skipped only when there is no GPU" in result.stdout, result.stdout[-3000:]


def test_skip_for_want_of_a_gpu_is_allowed(site):
    append_to(site / "docs" / "tensors.md", "```{doctest}\n:skipif: not torch.cuda.is_available()\n\n>>> 1 + 1\n2\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]


def test_html_build_after_gettext_build(site):
    # Each builder keeps its own doctrees: Sphinx refuses an environment
    # pickled by another builder.
    result = run(build_cmd(site, "--builder", "gettext", "--languages", "en", "--noplot"), cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]
    result = run(build_cmd(site, "--languages", "en", "--noplot"), cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]


def test_skip_option_fails(site):
    line = append_to(site / "docs" / "tensors.md", "```{doctest}\n:options: +SKIP\n\n>>> 1 + 1\n3\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert f"docs/tensors.md:{line}: WARNING: :options: +SKIP: a snippet may be skipped only by :skipif:" in result.stdout, result.stdout[-3000:]


def test_skip_comment_fails_and_is_not_counted_as_passed(site):
    line = append_to(site / "docs" / "tensors.md", "```{doctest}\n>>> 1 + 1  # doctest: +SKIP\n3\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert f"docs/tensors.md:{line}: WARNING: # doctest: +SKIP: a snippet may be skipped only by :skipif:" in result.stdout, result.stdout[-3000:]
    # The doctest run reports the same warning and lists the snippet as skipped.
    result = run(doctest_cmd(site), cwd=site)
    assert result.returncode != 0
    summary = (site / "_build" / "doctest" / "summary.txt").read_text(encoding="utf-8")
    assert f"skipped: docs/tensors.md:{line} (doctest flag SKIP)" in summary, summary
    assert f"failed: docs/tensors.md:{line}" not in summary


XSS = '<img src=x onerror="alert(1)">'


def test_raw_html_in_a_translation_fails_a_plain_build(site):
    po_path = site / "locale" / "ja" / "LC_MESSAGES" / "tensors.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.translated() and " " in e.msgid and "`" not in e.msgid)
    entry.msgstr += XSS
    po.save(str(po_path))
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgid == entry.msgid)
    result = run(build_cmd(site, "--noplot", "--sphinxopts", ""), cwd=site)  # not even -W
    assert result.returncode != 0
    assert f"locale/ja/LC_MESSAGES/tensors.po:{line}: raw HTML in translation: {XSS}" in result.stdout, result.stdout[-3000:]
    assert not (site / "_build" / "html" / "ja" / "tensors.html").exists()


def test_malformed_catalog_fails_the_build_at_its_line(site):
    po_path = site / "locale" / "ja" / "LC_MESSAGES" / "index.po"
    lines = po_path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, s in enumerate(lines) if s.startswith('msgstr "') and s != 'msgstr ""')
    lines[number] = lines[number][:-1]  # the closing quote goes
    po_path.write_text("\n".join(lines), encoding="utf-8")
    result = run(build_cmd(site, "--noplot", "--languages", "ja"), cwd=site)
    assert result.returncode != 0
    assert f"locale/ja/LC_MESSAGES/index.po:{number + 1}: end-of-line within string" in result.stdout, result.stdout[-3000:]
