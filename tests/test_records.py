"""Recorded runs on a tiny site: record, render, refuse, switch, translate.

The tiny site has the real driver (``tools/``), the real extension
(``_ext/gallery_records``) and one example that prints and draws.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import polib
import pytest

from conftest import ROOT, run

EXAMPLE = '''"""
Tiny example
============

Prints a line and draws a chart.
"""

# %%
# Some output
# -----------
import matplotlib.pyplot as plt

print("the answer is", 6 * 7)

# %%
# A chart
# -------
fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1, 2], [0, 1, 4], label="squares")
ax.set_title("Growth of squares")
ax.legend()
plt.show()
'''

# The examples' helper: the recorder takes the backend's words from it.
SUPPORT = '''
def backend_label(device):
    return "CPU" if device.type != "cuda" else "GPU"
'''

CONF = '''
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent / "_ext"))
project = "Tiny"
extensions = ["sphinx_gallery.gen_gallery", "gallery_records"]
exclude_patterns = ["_build"]
locale_dirs = ["../locale"]
gettext_compact = False
records_backends = ["rocm", "cuda", "cpu", "testgpu"]
sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["gallery"],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"(^|/)_[^/]*\\.py$",
    "min_reported_time": float("inf"),
    "show_signature": False,
    "write_computation_times": False,
    "image_scrapers": ("gallery_records.capture.svg_scraper",),
}
'''


def make_tiny(site: Path) -> Path:
    (site / "docs").mkdir(parents=True)
    (site / "gallery").mkdir()
    shutil.copytree(ROOT / "_ext" / "gallery_records", site / "_ext" / "gallery_records",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(ROOT / "tools", site / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "requirements-torch.txt", site)
    (site / "conf.py").write_text(CONF, encoding="utf-8")
    (site / "docs" / "index.rst").write_text("Tiny\n====\n\n.. toctree::\n\n   gallery/index\n", encoding="utf-8")
    (site / "gallery" / "GALLERY_HEADER.rst").write_text("Examples\n========\n", encoding="utf-8")
    (site / "gallery" / "_support.py").write_text(SUPPORT, encoding="utf-8")
    (site / "gallery" / "plot_01_tiny.py").write_text(EXAMPLE, encoding="utf-8")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ja"}
    po.append(polib.POEntry(msgid="Growth of squares", msgstr="二乗の伸び"))
    po.append(polib.POEntry(msgid="squares", msgstr="二乗"))
    catalog = site / "locale" / "ja" / "LC_MESSAGES" / "gallery" / "plot_01_tiny.po"
    catalog.parent.mkdir(parents=True)
    po.save(str(catalog))
    return site


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """The tiny site with a CPU record of its example, made once."""
    site = make_tiny(tmp_path_factory.mktemp("recorded") / "tiny")
    result = record(site)
    assert result.returncode == 0, result.stdout
    return site


@pytest.fixture
def tiny(recorded: Path, tmp_path: Path) -> Path:
    """A fresh copy of the recorded tiny site, to change."""
    return Path(shutil.copytree(recorded, tmp_path / "tiny", ignore=shutil.ignore_patterns("_build", "__pycache__")))


@pytest.fixture
def unrecorded(tiny: Path) -> Path:
    shutil.rmtree(tiny / "records")
    return tiny


def record(site: Path, *extra: str, env: dict | None = None):
    return run([sys.executable, "tools/record.py", "--backend", "cpu", *extra], cwd=site, env=env)


def build(site: Path, *extra: str, env: dict | None = None):
    return run([sys.executable, "tools/build.py", "--sphinxopts", "-n -W --keep-going", *extra], cwd=site, env=env)


def page(site: Path, lang: str, name: str = "plot_01_tiny") -> str:
    return (site / "_build" / "html" / lang / "gallery" / f"{name}.html").read_text(encoding="utf-8")


def record_json(site: Path, backend: str = "cpu") -> Path:
    return site / "records" / backend / "plot_01_tiny" / "record.json"


def test_record_then_build_executes_nothing(tiny):
    data = json.loads(record_json(tiny).read_text(encoding="utf-8"))
    assert data["backend"] == "cpu" and data["stamp"]["backend"] == "CPU"
    assert data["cells"][0] == [{"text": ["the answer is 42"]}]
    figure = data["cells"][1][0]
    assert figure["texts"] == ["Growth of squares", "squares"]  # words from the source, not numbers
    assert (record_json(tiny).parent / figure["figure"]).read_text(encoding="utf-8").count("<text") > 3

    result = build(tiny)
    assert result.returncode == 0, result.stdout
    assert "gallery: 1 examples from records, 0 executed" in result.stdout
    en, ja = page(tiny, "en"), page(tiny, "ja")
    assert "the answer is 42" in en and "the answer is 42" in ja
    assert re.search(r'class="gallery-stamp">Output produced on [^<]+ \(CPU\), torch [\w.+]+, \d{4}-\d\d-\d\d\.', en)
    assert re.search(r'class="gallery-stamp">この出力は [^<]+ \(CPU\)、torch [\w.+]+ で \d{4}-\d\d-\d\d に生成しました。', ja)
    assert "No GPU run (ROCm or CUDA) has been recorded" in en
    assert "この例の GPU (ROCm または CUDA) での実行はまだ記録されていません。" in ja  # half-width parentheses


def test_japanese_figure_is_translated(tiny):
    assert build(tiny).returncode == 0
    en_img = re.search(r'<img alt="([^"]*)"[^>]*src="\.\./_images/([^"]+\.svg)"', page(tiny, "en"))
    ja_img = re.search(r'<img alt="([^"]*)"[^>]*src="\.\./_images/([^"]+\.svg)"', page(tiny, "ja"))
    assert en_img and ja_img
    assert (en_img.group(1), ja_img.group(1)) == ("Growth of squares", "二乗の伸び")
    en_svg = (tiny / "_build" / "html" / "en" / "_images" / en_img.group(2)).read_text(encoding="utf-8")
    ja_svg = (tiny / "_build" / "html" / "ja" / "_images" / ja_img.group(2)).read_text(encoding="utf-8")
    assert ">二乗の伸び</text>" in ja_svg and ">二乗</text>" in ja_svg and "Growth of squares" not in ja_svg
    assert ">Growth of squares</text>" in en_svg
    # The Japanese gallery index shows the translated figure as the thumbnail.
    en_index, ja_index = page(tiny, "en", "index"), page(tiny, "ja", "index")
    assert "sphx_glr_plot_01_tiny_thumb.png" in en_index
    assert f"_images/{ja_img.group(2)}" in ja_index and "sphx_glr_plot_01_tiny_thumb.png" not in ja_index


def test_figure_words_become_messages(tiny):
    result = build(tiny, "--builder", "gettext", "--languages", "en")
    assert result.returncode == 0, result.stdout
    pot = polib.pofile(str(tiny / "_build" / "gettext" / "en" / "gallery" / "plot_01_tiny.pot"))
    ids = {e.msgid for e in pot}
    assert {"Growth of squares", "squares"} <= ids
    assert not any("42" in i or "CPU" in i for i in ids)  # no output ever enters a catalog


def test_edited_example_is_named_as_stale(tiny):
    script = tiny / "gallery" / "plot_01_tiny.py"
    script.write_text(script.read_text(encoding="utf-8") + "\nprint('edited')\n", encoding="utf-8")
    result = build(tiny, env={"RECORDS": "require"})
    assert result.returncode != 0
    assert "gallery/plot_01_tiny.py: the CPU record" in result.stdout
    assert "the example's source changed" in result.stdout
    assert "make record EXAMPLES=plot_01_tiny BACKEND=cpu" in result.stdout
    # Without RECORDS=require the author's build runs it here and says so.
    result = build(tiny)
    assert result.returncode == 0, result.stdout
    assert "gallery: 0 examples from records, 1 executed" in result.stdout
    assert "edited" in page(tiny, "en") and "it is not recorded yet" in page(tiny, "en")


def test_helper_change_makes_records_stale(tiny):
    helper = tiny / "gallery" / "_support.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\nHELP = 2\n", encoding="utf-8")
    result = build(tiny, env={"RECORDS": "require"})
    assert result.returncode != 0 and "gallery/_support.py changed" in result.stdout


@pytest.mark.parametrize(
    "damage, said",
    [
        (lambda text: text[: len(text) // 2], "not valid JSON"),
        (lambda text: text.replace('"backend": "cpu"', '"backend": "cuda"', 1), "says backend 'cuda' but sits in cpu/"),
        (lambda text: text.replace('"torch": "2.', '"torch": "1.', 1), "the pinned torch version changed"),
    ],
)
def test_damaged_record_is_named(tiny, damage, said):
    path = record_json(tiny)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(tiny, env={"RECORDS": "require"})
    assert result.returncode != 0
    assert said in result.stdout
    assert "records/cpu/plot_01_tiny/record.json" in result.stdout
    assert "Traceback" not in result.stdout


def test_no_record_at_all_is_refused_when_required(unrecorded):
    tiny = unrecorded
    result = build(tiny, env={"RECORDS": "require"})
    assert result.returncode != 0
    assert "gallery/plot_01_tiny.py: no record for any backend; record it: make record EXAMPLES=plot_01_tiny" in result.stdout


def test_two_backends_give_a_switch_in_both_languages(tiny):
    # A second backend under a test-only name (never on the real site).
    other = tiny / "records" / "testgpu" / "plot_01_tiny"
    shutil.copytree(record_json(tiny).parent, other)
    data = json.loads((other / "record.json").read_text(encoding="utf-8"))
    data["backend"], data["stamp"]["device"], data["stamp"]["backend"] = "testgpu", "Test GPU 9000", "TEST 1.0"
    data["cells"][0] = [{"text": ["the answer is 42 on the test GPU"]}]
    (other / "record.json").write_text(json.dumps(data), encoding="utf-8")
    result = build(tiny)
    assert result.returncode == 0, result.stdout
    for lang in ("en", "ja"):
        html = page(tiny, lang)
        assert html.count('class="sd-tab-set') >= 3, lang  # stamps, text output, figure
        assert 'data-sync-group="backend"' in html and 'data-sync-id="testgpu"' in html and 'data-sync-id="cpu"' in html
        assert "the answer is 42 on the test GPU" in html and "Test GPU 9000 (TEST 1.0)" in html
        # The known backend comes first; a test-only name after it.
        assert html.index('data-sync-id="cpu"') < html.index('data-sync-id="testgpu"')


def test_two_clean_builds_are_identical(tiny):
    outputs = []
    for _ in range(2):
        shutil.rmtree(tiny / "_build" / "html", ignore_errors=True)
        shutil.rmtree(tiny / "_build" / "doctrees" / "html", ignore_errors=True)
        shutil.rmtree(tiny / "docs" / "gallery", ignore_errors=True)
        assert build(tiny).returncode == 0
        html = tiny / "_build" / "html"
        outputs.append({p.relative_to(html): p.read_bytes() for p in sorted(html.rglob("*.html"))})
    assert outputs[0] == outputs[1]


def test_require_gpu_refuses_to_record_on_the_cpu(unrecorded):
    tiny = unrecorded
    result = record(tiny, env={"REQUIRE_GPU": "1"})
    assert result.returncode != 0
    assert "REQUIRE_GPU=1 is set, but torch sees no GPU" in result.stdout
    assert not record_json(tiny).exists()


def test_failing_example_is_the_authors_error(unrecorded):
    tiny = unrecorded
    script = tiny / "gallery" / "plot_01_tiny.py"
    script.write_text(script.read_text(encoding="utf-8").replace("6 * 7", "6 / 0"), encoding="utf-8")
    result = build(tiny)
    assert result.returncode != 0
    line = next(i for i, l in enumerate(EXAMPLE.splitlines(), 1) if "6 * 7" in l)
    assert f"gallery/plot_01_tiny.py:{line}: ZeroDivisionError: division by zero" in result.stdout
    assert "Exception occurred" not in result.stdout and "please report" not in result.stdout.lower()
    assert not record_json(tiny).exists()


def test_examples_pattern_runs_only_matching(unrecorded):
    tiny = unrecorded
    second = tiny / "gallery" / "plot_02_other.py"
    second.write_text('"""\nOther\n=====\n\nAnother.\n"""\nprint("other ran")\n', encoding="utf-8")
    result = build(tiny, "--examples", "plot_02")
    assert result.returncode == 0, result.stdout
    assert "gallery: 0 examples from records, 1 executed, 1 without output (plot_01_tiny)" in result.stdout
    assert "other ran" in page(tiny, "en", "plot_02_other")
    assert "has not been run yet" in page(tiny, "en")


def test_removed_example_needs_no_clean(unrecorded):
    tiny = unrecorded
    second = tiny / "gallery" / "plot_02_other.py"
    second.write_text('"""\nOther\n=====\n\nAnother.\n"""\nprint("other ran")\n', encoding="utf-8")
    assert build(tiny).returncode == 0
    second.unlink()
    result = build(tiny)
    assert result.returncode == 0, result.stdout
    assert not list((tiny / "docs" / "gallery").glob("plot_02_other*"))
    assert not (tiny / "_build" / "html" / "en" / "gallery" / "plot_02_other.html").exists()


def test_docstring_warning_names_the_script(unrecorded):
    tiny = unrecorded
    script = tiny / "gallery" / "plot_01_tiny.py"
    text = script.read_text(encoding="utf-8").replace("# A chart\n# -------", "# A chart\n# ----")
    script.write_text(text, encoding="utf-8")
    result = build(tiny, "--languages", "en")
    assert result.returncode != 0
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l == "# ----")
    assert re.search(rf"gallery/plot_01_tiny\.py:({line - 1}|{line}): WARNING: Title underline too short", result.stdout)
    assert result.stdout.count("Title underline too short") == 1  # once, not again from the run
    assert "plot_01_tiny.rst:" not in result.stdout
    # Strict every time: the same failure again, with nothing changed.
    again = build(tiny, "--languages", "en")
    assert again.returncode != 0 and "Title underline too short" in again.stdout


def test_backend_choice_holds_across_pages_and_languages(tiny, browser):
    import functools
    import http.server
    import threading

    other = tiny / "records" / "testgpu" / "plot_01_tiny"
    shutil.copytree(record_json(tiny).parent, other)
    data = json.loads((other / "record.json").read_text(encoding="utf-8"))
    data["backend"], data["stamp"]["device"], data["stamp"]["backend"] = "testgpu", "Test GPU 9000", "TEST 1.0"
    (other / "record.json").write_text(json.dumps(data), encoding="utf-8")
    assert build(tiny).returncode == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tiny / "_build" / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def shown(page) -> str:
        return page.locator(".recorded-stamps input:checked + label").first.inner_text().strip()

    page = browser.new_page()
    try:
        page.goto(base + "en/gallery/plot_01_tiny.html")
        assert shown(page) == "CPU"  # the site's order: known backends first
        page.locator(".recorded-stamps label", has_text="testgpu").first.click()
        assert shown(page) == "testgpu"
        page.goto(base + "ja/gallery/plot_01_tiny.html")  # another page, the other language
        assert shown(page) == "testgpu"
        assert page.locator(".recorded-output input:checked + label").first.inner_text().strip() == "testgpu"
    finally:
        page.close()
        server.shutdown()
