"""Plant each fault the build guards against and see it caught, by file name."""

from __future__ import annotations

import re

import polib

from conftest import build_cmd, doctest_cmd, replace_in, run


def test_wrong_doctest_output_fails(site):
    replace_in(site / "docs" / "tensors.md", "tensor([0.2500, 0.4000, 0.5000])", "tensor([0.2500, 0.4000, 0.6000])")
    result = run(doctest_cmd(site), cwd=site)
    assert result.returncode != 0
    assert 'File "docs/tensors.md", line' in result.stdout
    summary = (site / "_build" / "doctest" / "summary.txt").read_text(encoding="utf-8")
    assert re.search(r"failed: docs/tensors\.md:\d+", summary)
    assert re.search(r"^doctest: \d+ passed, 1 failed, \d+ skipped$", summary, re.M)


def test_gallery_example_that_raises_fails_both_languages(site):
    (site / "gallery" / "plot_00_broken.py").write_text(
        '"""\nBroken\n======\n\nRaises on purpose.\n"""\n\nraise RuntimeError("planted failure")\n',
        encoding="utf-8",
    )
    result = run(build_cmd(site), cwd=site)
    assert result.returncode != 0
    assert "plot_00_broken.py" in result.stdout
    assert "planted failure" in result.stdout
    assert re.search(r"html \[en\]: FAILED", result.stdout)
    # The Japanese build refuses to render pages without their output.
    assert re.search(r"html \[ja\]: FAILED", result.stdout)
    assert "did not run cleanly" in result.stdout


def test_dangling_reference_fails(site):
    replace_in(site / "docs" / "tensors.md", "## Next\n", "## Next\n\nSee {doc}`no-such-page`.\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert re.search(r"docs/tensors\.md:\d+: WARNING: unknown document: 'no-such-page'", result.stdout), result.stdout[-3000:]


def test_plain_python_fence_fails(site):
    replace_in(site / "docs" / "tensors.md", "## Next\n", "## Next\n\n```python\nprint('untested')\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert re.search(r"docs/tensors\.md:\d+: WARNING: plain python code block is never tested", result.stdout)


def test_fence_without_language_fails(site):
    replace_in(site / "docs" / "tensors.md", "## Next\n", "## Next\n\n```\nx = 1\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode != 0
    assert re.search(r"docs/tensors\.md:\d+: WARNING: code block without a language", result.stdout)


def test_console_fence_is_allowed(site):
    replace_in(site / "docs" / "tensors.md", "## Next\n", "## Next\n\n```console\n$ pip install torch\n```\n")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]


def test_failing_japanese_build_fails_the_target(site):
    po_path = site / "locale" / "ja" / "LC_MESSAGES" / "tensors.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid.startswith("You can check which device"))
    entry.msgstr = "GPU がなくても確認できます。{doc}`no-such-page` を見てください。"
    po.save(str(po_path))
    result = run(build_cmd(site, "--noplot"), cwd=site)
    assert result.returncode != 0
    assert "html [en]: ok" in result.stdout
    assert re.search(r"html \[ja\]: FAILED", result.stdout)
    assert re.search(r"\[ja\] .*docs/tensors\.md:\d+\S*: WARNING: unknown document", result.stdout), result.stdout[-3000:]


def test_gettext_runs_no_example(site, tmp_path):
    counter = tmp_path / "runs.txt"
    (site / "gallery" / "plot_99_run_counter.py").write_text(
        '"""\nCounter\n=======\n\nCounts runs.\n"""\n\nimport os\n'
        'open(os.environ["RUN_COUNTER_FILE"], "a").write("ran\\n")\n',
        encoding="utf-8",
    )
    result = run(build_cmd(site, "--builder", "gettext", "--languages", "en", "--noplot"), cwd=site,
                 env={"RUN_COUNTER_FILE": str(counter)})  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    assert not counter.exists()
    assert (site / "_build" / "gettext" / "en" / "gallery" / "plot_99_run_counter.pot").exists()
