"""Proof that travels, on a tiny site: doctest records, the proof line, and the faults they catch.

The tiny site has the real extensions (``_ext/``), drivers (``tools/``),
Makefile and interface catalog, one lesson with two snippets (one GPU-only)
and a gallery with no example. Each test plants one fault and sees it
caught through the command a user runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_cmd, run

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "_ext"))
from tools import kernel_widths  # noqa: E402

CONF = '''
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent / "_ext"))
project = "Tiny"
extensions = ["myst_parser", "sphinx.ext.doctest", "sphinx_gallery.gen_gallery", "gallery_records",
              "snippets.guard", "snippets.doctest_report", "snippets.record_run",
              "snippets.proof_line", "snippets.checks_table"]
exclude_patterns = ["_build"]
templates_path = ["docs/_templates"]
locale_dirs = ["../locale/interface"]
doctest_global_setup = "import torch"
records_backends = ["rocm", "cuda", "cpu"]
sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["gallery"],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"(^|/)_[^/]*\\.py$",
    "min_reported_time": float("inf"),
    "show_signature": False,
    "write_computation_times": False,
}
'''

INDEX = "# Tiny\n\n```{toctree}\nlesson\nchecks\ngallery/index\n```\n"
CHECKS = "# Checks\n\n```{site-checks}\n:of: lessons\n```\n\n```{site-checks}\n:of: gallery\n```\n"
LESSON = """# Lesson

```{doctest}
>>> print(6 * 7)
42
```

```{doctest}
:skipif: not torch.cuda.is_available()
>>> torch.zeros(1, device="cuda").device
device(type='cuda', index=0)
```
"""
# The plain-text proof line, where a template can put it (a "Report a problem" link would).
LAYOUT = """{% extends "!layout.html" %}
{% block extrahead %}{{ super() }}{% if proof_line %}<meta name="proof-line" content="{{ proof_line|e }}">{% endif %}{% endblock %}
"""

RECORD = Path("records") / "cpu" / "doctest.json"


def make_tiny(site: Path) -> Path:
    for name in ("_ext", "tools"):
        shutil.copytree(ROOT / name, site / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale" / "interface", site / "locale" / "interface", ignore=shutil.ignore_patterns("*.mo"))
    for name in ("Makefile", "requirements.txt", "requirements-torch.txt"):
        shutil.copy2(ROOT / name, site)
    (site / "conf.py").write_text(CONF, encoding="utf-8")
    docs = site / "docs"
    (docs / "_templates").mkdir(parents=True)
    (docs / "_templates" / "layout.html").write_text(LAYOUT, encoding="utf-8")
    for name, text in (("index.md", INDEX), ("checks.md", CHECKS), ("lesson.md", LESSON)):
        (docs / name).write_text(text, encoding="utf-8")
    (site / "gallery").mkdir()
    (site / "gallery" / "GALLERY_HEADER.rst").write_text("Examples\n========\n", encoding="utf-8")
    shutil.copy2(ROOT / "gallery" / "_support.py", site / "gallery")
    return site


def doctest(site: Path, *extra: str, env: dict | None = None):
    return run(make_cmd(site, "doctest", *extra), cwd=site, env=env)


def build(site: Path, *languages: str, env: dict | None = None):
    command = [sys.executable, "tools/build.py", "--noplot", "--languages", *(languages or ("en",))]
    return run(command, cwd=site, env=env)


def html(site: Path, lang: str, page: str = "lesson") -> str:
    return (site / "_build" / "html" / lang / f"{page}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> Path:
    """The tiny site after one passing ``make doctest``: it has a CPU doctest record."""
    site = make_tiny(tmp_path_factory.mktemp("proof") / "tiny")
    result = doctest(site)
    assert result.returncode == 0, result.stdout[-3000:]
    return site


@pytest.fixture
def tiny(checked: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(checked, tmp_path / "tiny", ignore=shutil.ignore_patterns("_build", "__pycache__")))


def test_make_doctest_writes_the_record(checked):
    data = json.loads((checked / RECORD).read_text(encoding="utf-8"))
    assert data["backend"] == "cpu" and data["stamp"]["backend"] == "CPU"
    assert data["stamp"]["torch"].startswith("2.")
    page = data["pages"]["lesson"]
    assert (page["snippets"], page["gpu_only"], page["passed"], page["skipped"]) == (2, 1, 1, 1)
    assert page["fingerprint"].startswith("sha256:") and data["torch"].startswith("sha256:")
    assert set(data["pages"]) == {"lesson"}  # pages without snippets are not claimed


def test_a_doctest_run_with_a_failure_writes_no_record(tiny):
    before = (tiny / RECORD).read_bytes()
    lesson = tiny / "docs" / "lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("42\n", "43\n"), encoding="utf-8")
    result = doctest(tiny)
    assert result.returncode != 0
    assert "doctest: 0 passed, 1 failed, 1 skipped" in result.stdout
    assert (tiny / RECORD).read_bytes() == before  # neither written nor removed
    assert "No doctest record written: not every snippet passed" in result.stdout


def test_a_float_that_differs_between_kernel_widths_is_caught(tiny):
    # A float32 sum printed with all its digits: the order of the additions
    # follows the kernel's vector width, and so do the last digits.
    code = "g = torch.Generator().manual_seed(0)\nprint(torch.randn(10007, generator=g).sum().item())"
    widths = kernel_widths.supported()
    printed = {}
    for width in {widths[0], widths[-1]}:  # the narrowest and the one torch picks
        env = dict(os.environ, **{kernel_widths.VARIABLE: width})
        out = subprocess.run([sys.executable, "-c", "import torch\n" + code], env=env, capture_output=True, text=True)
        printed[width] = out.stdout.strip()
    native = printed[widths[-1]]
    differing = [w for w in printed if printed[w] != native]
    assert differing, f"the planted sum prints the same under every width here: {printed}"
    lesson = tiny / "docs" / "lesson.md"
    line = lesson.read_text(encoding="utf-8").count("\n") + 2
    snippet = "```{testcode}\n" + code + "\n```\n\n```{testoutput}\n" + native + "\n```\n"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n" + snippet, encoding="utf-8")
    for width in [widths[-1], differing[0]]:  # the width torch picks passes, another fails
        result = run(make_cmd(tiny, "doctest", f"BUILDDIR=_build/{width}"), cwd=tiny, env={kernel_widths.VARIABLE: width})
        if width in differing:
            assert result.returncode != 0, width
            assert f"failed: docs/lesson.md:{line}" in result.stdout, (width, result.stdout[-2000:])
        else:
            assert result.returncode == 0, (width, result.stdout[-2000:])


def test_the_proof_line_names_each_backend_in_both_languages(tiny):
    # A record of a backend only this test knows, beside the CPU's.
    data = json.loads((tiny / RECORD).read_text(encoding="utf-8"))
    data["backend"] = "testgpu"
    data["stamp"].update(device="Test GPU", backend="TestGPU 1.0", date="2001-02-03")
    data["pages"]["lesson"].update(passed=2, skipped=0)
    (tiny / "records" / "testgpu").mkdir()
    (tiny / "records" / "testgpu" / "doctest.json").write_text(json.dumps(data), encoding="utf-8")
    result = build(tiny, "en", "ja")
    assert result.returncode == 0, result.stdout[-3000:]
    torch_version = data["stamp"]["torch"]
    en, ja = html(tiny, "en"), html(tiny, "ja")
    assert "Snippets on this page: 2, GPU-only: 1." in en
    assert f"Checked on CPU (torch {torch_version}, " in en and ": 1 ran." in en
    assert f"Checked on TestGPU 1.0 (torch {torch_version}, 2001-02-03): 2 ran." in en
    assert "Not checked yet on ROCm, CUDA." in en
    assert "このページのコード例は 2 個で、そのうち GPU 専用は 1 個です。" in ja
    assert f"TestGPU 1.0 (torch {torch_version}、2001-02-03) で 2 個を実行して確認しました。" in ja
    assert f"CPU (torch {torch_version}、" in ja
    assert "ROCm、CUDA ではまだ確認していません。" in ja
    assert '<meta name="proof-line" content="Snippets on this page: 2, GPU-only: 1. Checked on' in en
    assert "Snippets on this page" not in html(tiny, "en", "index")  # no snippets, no line
    checks = html(tiny, "en", "checks")
    assert "2001-02-03: 2 ran" in checks and "not checked yet" in checks


def test_a_changed_snippet_is_refused_under_records_require(tiny):
    lesson = tiny / "docs" / "lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("6 * 7)\n42", "6 * 8)\n48"), encoding="utf-8")
    result = build(tiny, env={"RECORDS": "require"})
    assert result.returncode != 0
    assert "docs/lesson.md: its snippets changed since the CPU doctest record (records/cpu/doctest.json); " \
           "check them again: make doctest" in result.stdout, result.stdout[-3000:]  # fmt: skip
    # Without RECORDS=require the page is built and says that it changed.
    result = build(tiny)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Changed since the CPU check (" in html(tiny, "en")
    # make doctest checks the page again, and the build is accepted.
    assert doctest(tiny).returncode == 0
    assert build(tiny, env={"RECORDS": "require"}).returncode == 0


def _cut_short(text: str) -> str:
    return text[: len(text) // 2]


def _other_torch(text: str) -> str:
    data = json.loads(text)
    data["stamp"]["torch"] = "1.13.1"
    return json.dumps(data)


def _gone_page(text: str) -> str:
    data = json.loads(text)
    data["pages"]["removed-lesson"] = data["pages"]["lesson"]
    return json.dumps(data)


def _gpu_stamp(text: str) -> str:
    data = json.loads(text)
    data["stamp"]["backend"] = "CUDA 12.8"
    return json.dumps(data)


@pytest.mark.parametrize("damage, says", [
    (_cut_short, "not valid JSON"),
    (lambda text: "records, not JSON", "not valid JSON"),
    (_other_torch, "made with torch 1.13.1, but the site pins torch"),
    (_gone_page, "names pages that no longer exist: removed-lesson"),
    (_gpu_stamp, "its stamp names the backend 'CUDA 12.8', but the record sits in cpu/"),
])  # fmt: skip
def test_a_damaged_doctest_record_is_refused_by_name(tiny, damage, says):
    path = tiny / RECORD
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(tiny)
    assert result.returncode != 0
    assert f"{path}: " in result.stdout and says in result.stdout, result.stdout[-3000:]


def test_require_gpu_refuses_a_machine_without_one(tiny):
    result = doctest(tiny, env={"REQUIRE_GPU": "1"})
    assert result.returncode != 0
    assert "REQUIRE_GPU=1 is set, but torch sees no GPU" in result.stdout, result.stdout[-3000:]


def test_require_gpu_fails_on_any_skipped_snippet():
    from types import SimpleNamespace

    from snippets import record_run

    config = SimpleNamespace(snippets_require_gpu=True, snippets_write_record=False)
    builder = SimpleNamespace(name="doctest", snippets_skipped=["docs/lesson.md:9 (skipif: ...)"], snippets_failed=[])
    app = SimpleNamespace(builder=builder, config=config, statuscode=0)
    record_run.finish(app, None)
    assert app.statuscode == 1
    builder.snippets_skipped = []
    app.statuscode = 0
    record_run.finish(app, None)
    assert app.statuscode == 0


def test_the_gallery_plan_reads_past_the_doctest_record():
    from gallery_records import plan

    assert (ROOT / RECORD).is_file()
    plans = plan.make_plan(ROOT, None, require=True)
    assert plans and not plan.refusal(plans, ROOT)
    assert all(p.name.startswith("plot_") for p in plans)


def test_recording_the_gallery_reads_past_the_doctest_records(tiny):
    # The recorder reads only the gallery's pages: the lessons a doctest
    # record names are not missing pages there, and it records as before.
    (tiny / "gallery" / "plot_01_hello.py").write_text('"""\nHello\n=====\n\nPrints.\n"""\n\nprint("hello")\n', encoding="utf-8")
    result = run([sys.executable, "tools/record.py", "--backend", "cpu", "--examples", "plot_01"], cwd=tiny)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tiny / "records" / "cpu" / "plot_01_hello" / "record.json").is_file()
    assert (tiny / RECORD).is_file()


def test_records_require_reaches_a_site_without_snippet_records(tiny):
    # The driver's switch is a config value of gallery_records: a site that
    # loads no snippets extension still builds under RECORDS=require (-W).
    conf = tiny / "conf.py"
    text = conf.read_text(encoding="utf-8")
    for name in ("snippets.guard", "snippets.doctest_report", "snippets.record_run", "snippets.proof_line", "snippets.checks_table"):
        text = text.replace(f'"{name}",', "").replace(f'"{name}"]', "]")
    conf.write_text(text, encoding="utf-8")
    (tiny / "docs" / "checks.md").write_text("# Checks\n", encoding="utf-8")
    result = build(tiny, env={"RECORDS": "require"})
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_page_without_gpu_snippets_says_so_in_both_languages(built_site):
    # autograd runs everywhere; gpu has GPU-only snippets: each gets its own wording.
    en = (built_site["html"] / "en" / "autograd.html").read_text(encoding="utf-8")
    ja = (built_site["html"] / "ja" / "autograd.html").read_text(encoding="utf-8")
    gpu = (built_site["html"] / "en" / "gpu.html").read_text(encoding="utf-8")
    assert re.search(r"Snippets on this page: \d+, none GPU-only\.", en), en[:2000]
    assert re.search(r"このページのコード例は \d+ 個で、GPU 専用のものはありません。", ja)
    assert re.search(r"Snippets on this page: \d+, GPU-only: [1-9]\d*\.", gpu)
