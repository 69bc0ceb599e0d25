"""The gallery: stamps, the honest cache, REQUIRE_GPU, and the examples' output."""

from __future__ import annotations

import json
import re

import pytest

from conftest import build_cmd, run

EXAMPLES = [
    "plot_01_deep_learning_on_gpu",
    "plot_02_training_flow",
    "plot_03_inference_flow",
    "plot_04_train_vs_infer_cost",
    "plot_05_cpu_vs_gpu",
    "plot_06_linear_fit_watched",
]
STAMP = {
    "en": r"Output produced on [^<]+ \((CPU|CUDA [\d.]+|ROCm, HIP [\w.\-]+)\), torch [\w.+]+, \d{4}-\d\d-\d\d\.",
    "ja": r"この出力は [^<]+ \((CPU|CUDA [\d.]+|ROCm, HIP [\w.\-]+)\)、torch [\w.+]+ で \d{4}-\d\d-\d\d に生成しました。",
}


def page(built_site, lang, name):
    return (built_site["html"] / lang / "gallery" / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("name", EXAMPLES + ["plot_99_run_counter"])
def test_every_example_page_is_stamped(built_site, lang, name):
    text = page(built_site, lang, name)
    assert re.search(r'<p class="gallery-stamp">' + STAMP[lang], text), name


def test_gallery_index_is_not_stamped(built_site):
    assert "gallery-stamp" not in page(built_site, "en", "index")


def test_examples_show_what_the_brief_asks(built_site):
    text = {name: page(built_site, "en", name) for name in EXAMPLES}
    assert "after Flatten shape (1, 16)" in text["plot_01_deep_learning_on_gpu"]
    assert "same as the layer: True" in text["plot_01_deep_learning_on_gpu"]
    assert re.search(r"0: Conv2d\s+aten::\w+", text["plot_01_deep_learning_on_gpu"])
    assert re.search(r"3: Linear\s+aten::addmm", text["plot_01_deep_learning_on_gpu"])
    assert "model.training = True" in text["plot_02_training_flow"]
    assert "weight changed = True" in text["plot_02_training_flow"]
    assert "model.training = False" in text["plot_03_inference_flow"]
    assert "output requires grad: False" in text["plot_03_inference_flow"]
    assert "weights unchanged = True" in text["plot_03_inference_flow"]
    assert re.search(r"a training step costs \d+\.\d times an inference pass", text["plot_04_train_vs_infer_cost"])
    for name in ("plot_04_train_vs_infer_cost", "plot_05_cpu_vs_gpu", "plot_06_linear_fit_watched"):
        assert f"sphx_glr_{name}_001.png" in text[name], name
        assert (built_site["html"] / "en" / "_images" / f"sphx_glr_{name}_001.png").exists()


def test_example_from_another_environment_runs_again(built_site):
    site, counter = built_site["site"], built_site["counter"]
    runs = len(counter.read_text().splitlines())
    stamp_file = site / "docs" / "gallery" / "plot_99_run_counter.stamp.json"
    stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    stamp["torch"] = "0.0.0-elsewhere"
    stamp_file.write_text(json.dumps(stamp), encoding="utf-8")
    result = run(build_cmd(site), cwd=site, env=built_site["env"])
    assert result.returncode == 0, result.stdout[-4000:]
    assert "plot_99_run_counter.py ran with another torch or device" in result.stdout
    assert len(counter.read_text().splitlines()) == runs + 1
    # Re-stamped with the real environment, so the next build runs nothing.
    assert json.loads(stamp_file.read_text(encoding="utf-8"))["torch"] != "0.0.0-elsewhere"
    result = run(build_cmd(site), cwd=site, env=built_site["env"])
    assert len(counter.read_text().splitlines()) == runs + 1


def test_require_gpu_refuses_the_cpu(site):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is visible: REQUIRE_GPU=1 is satisfied here")
    result = run(build_cmd(site, "--languages", "en", "ja"), cwd=site, env={"REQUIRE_GPU": "1"})
    assert result.returncode != 0
    assert "REQUIRE_GPU=1 is set, but torch sees no GPU" in result.stdout
    assert re.search(r"html \[ja\]: FAILED", result.stdout)
    assert not (site / "docs" / "gallery" / "plot_01_deep_learning_on_gpu.py.md5").exists()


def test_page_rebuilt_without_running_drops_its_stamp(built_site):
    # Runs last in this file: it edits an example, then puts it back.
    site = built_site["site"]
    script = site / "gallery" / "plot_99_run_counter.py"
    original = script.read_text(encoding="utf-8")
    try:
        script.write_text(original + "\n# edited\n", encoding="utf-8")
        result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site, env=built_site["env"])
        assert result.returncode == 0, result.stdout[-4000:]
        text = page(built_site, "en", "plot_99_run_counter")
        assert "This page was built without running the example" in text
        assert "Output produced on" not in text
    finally:
        script.write_text(original, encoding="utf-8")
        result = run(build_cmd(site), cwd=site, env=built_site["env"])
        assert result.returncode == 0, result.stdout[-4000:]
    assert re.search(STAMP["en"], page(built_site, "en", "plot_99_run_counter"))
