"""Every word a figure can show is translated, GPU branches included; measured values carry no marks on a page.

A tiny site (the one of ``test_records``) whose example draws one more line
only on a GPU and prints a measured value through the real ``_support.py``;
a record of a test-only backend stands in for the GPU run.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import polib
import pytest

from conftest import ROOT
from test_records import EXAMPLE, build, make_tiny, page, record

sys.path.insert(0, str(ROOT / "_ext"))

from gallery_records import figures, plan  # noqa: E402

GPU_BRANCH = '''
on_gpu = False  # a GPU run draws one more line
if on_gpu:
    ax.plot([0, 1, 2], [4, 1, 0], label="GPU only line")
'''

MEASURED = '''
from _support import measured

print("took", measured(0.25, ".2f"), "s")
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = make_tiny(tmp_path_factory.mktemp("words") / "tiny")
    shutil.copy2(ROOT / "gallery" / "_support.py", site / "gallery" / "_support.py")
    example = EXAMPLE.replace('print("the answer is", 6 * 7)\n', 'print("the answer is", 6 * 7)\n' + MEASURED)
    example = example.replace("ax.legend()\n", GPU_BRANCH + "ax.legend()\n")
    (site / "gallery" / "plot_01_tiny.py").write_text(example, encoding="utf-8")
    catalog = site / "locale" / "ja" / "LC_MESSAGES" / "gallery" / "plot_01_tiny.po"
    po = polib.pofile(str(catalog))
    po.append(polib.POEntry(msgid="GPU only line", msgstr="GPU だけの線"))
    po.save(str(catalog))
    result = record(site)
    assert result.returncode == 0, result.stdout
    return site


def test_measured_value_is_marked_in_the_record_and_plain_on_the_page(site):
    data = json.loads((site / "records" / "cpu" / "plot_01_tiny" / "record.json").read_text(encoding="utf-8"))
    assert data["cells"][0] == [{"text": ["the answer is 42", "took ⟪0.25⟫ s"]}]
    result = build(site, "--languages", "en")
    assert result.returncode == 0, result.stdout
    assert "took 0.25 s" in page(site, "en") and "⟪" not in page(site, "en")


def test_gpu_branch_words_are_messages_before_any_gpu_record(site):
    result = build(site, "--builder", "gettext", "--languages", "en")
    assert result.returncode == 0, result.stdout
    pot = polib.pofile(str(site / "_build" / "gettext" / "en" / "gallery" / "plot_01_tiny.pot"))
    assert "GPU only line" in {e.msgid for e in pot}


def test_test_only_gpu_record_shows_its_words_in_japanese(site, tmp_path):
    copy = Path(shutil.copytree(site, tmp_path / "tiny", ignore=shutil.ignore_patterns("_build", "__pycache__")))
    cpu, gpu = copy / "records" / "cpu" / "plot_01_tiny", copy / "records" / "testgpu" / "plot_01_tiny"
    shutil.copytree(cpu, gpu)
    data = json.loads((gpu / "record.json").read_text(encoding="utf-8"))
    data["backend"] = "testgpu"
    data["stamp"].update(device="Test GPU", backend="GPU")
    figure = data["cells"][1][0]
    svg = gpu / figure["figure"]
    drawn = svg.read_text(encoding="utf-8").replace(">squares</text>", ">GPU only line</text>")
    svg.write_text(drawn, encoding="utf-8")
    figure["texts"] = [t if t != "squares" else "GPU only line" for t in figure["texts"]]
    (gpu / "record.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    result = build(copy)
    assert result.returncode == 0, result.stdout
    ja = page(copy, "ja")
    images = re.findall(r'src="\.\./_images/([^"]+\.svg)"', ja)
    svgs = [(copy / "_build" / "html" / "ja" / "_images" / name).read_text(encoding="utf-8") for name in images]
    assert any(">GPU だけの線</text>" in s for s in svgs), images
    assert not any(">GPU only line</text>" in s for s in svgs)


@pytest.mark.parametrize("script", plan.examples(ROOT / "gallery"), ids=lambda p: p.stem)
def test_every_figure_word_of_the_gallery_is_translated(script):
    catalog = ROOT / "locale" / "ja" / "LC_MESSAGES" / "gallery" / f"{script.stem}.po"
    translated = {e.msgid: e.msgstr for e in polib.pofile(str(catalog)) if e.translated() and not e.obsolete}
    missing = [w for w in figures.figure_words(script) if w not in translated]
    assert not missing, f"{catalog.relative_to(ROOT)}: no Japanese for the figure words {missing}"
