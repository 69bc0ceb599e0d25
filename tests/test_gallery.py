"""The real gallery: committed records, stamps, and a build that runs nothing.

The examples are the tree's own ``gallery/plot_*.py`` files, so a new
example is checked without editing this file.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser

import pytest

from conftest import ROOT, build_cmd, run

sys.path.insert(0, str(ROOT / "_ext"))

from gallery_records import plan as planning, store  # noqa: E402

EXAMPLES = [p.stem for p in planning.examples(ROOT / "gallery")]
STAMP = {
    "en": r"Output produced on [^<]+ \((CPU|CUDA [\d.]+|ROCm, HIP [\w.\-]+)\), torch [\w.+]+, \d{4}-\d\d-\d\d\.",
    "ja": r"この出力は [^<]+ \((CPU|CUDA [\d.]+|ROCm, HIP [\w.\-]+)\)、torch [\w.+]+ で \d{4}-\d\d-\d\d に生成しました。",
}
# What torch reports for each backend folder (capture.current_backend).
BACKEND_LABEL = {"cpu": r"CPU", "cuda": r"CUDA [\d.]+", "rocm": r"ROCm, HIP [\w.\-+]+"}


def page(built_site, lang, name):
    return (built_site["html"] / lang / "gallery" / f"{name}.html").read_text(encoding="utf-8")


def test_examples_are_found():
    assert len(EXAMPLES) >= 6 and all(name.startswith("plot_") for name in EXAMPLES)


def test_every_example_has_a_fresh_committed_record():
    plans = planning.make_plan(ROOT, ROOT / "_build" / "no-local-records", require=True)
    assert [p.name for p in plans] == EXAMPLES
    assert planning.problems(plans, ROOT) == []
    assert all(any(r.backend == "cpu" for r in p.shown) for p in plans)


def test_committed_records_say_what_ran_them():
    folders = sorted(p for p in (ROOT / "records").iterdir() if p.is_dir())
    assert folders and {p.name for p in folders} <= set(store.BACKENDS)  # no test-only backend on the site
    for backend in folders:
        for example in sorted(p for p in backend.iterdir() if p.is_dir()):
            record = store.load(example, backend.name, example.name)
            assert re.fullmatch(BACKEND_LABEL[backend.name], record.stamp["backend"]), example
            assert record.stamp["torch"].startswith(record.data["fingerprint"]["torch"] + "."), example
            assert example.name in EXAMPLES, f"{example}: a record of an example that no longer exists"


def test_records_stay_small():
    size = sum(p.stat().st_size for p in (ROOT / "records" / "cpu").rglob("*") if p.is_file())
    assert size < 1_000_000, size


def test_build_renders_from_records(built_site):
    # The copy has one extra example with no record: it alone runs.
    assert f"gallery: {len(EXAMPLES)} examples from records, 1 executed" in built_site["output"]
    assert built_site["first_build_runs"] == ["ran"]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("name", EXAMPLES + ["plot_99_run_counter"])
def test_every_example_page_is_stamped(built_site, lang, name):
    text = page(built_site, lang, name)
    assert re.search(r'<p class="gallery-stamp">' + STAMP[lang], text), name


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_unrecorded_example_says_so(built_site, lang):
    said = {"en": "it is not recorded yet", "ja": "このページをビルドしたマシンで実行したもので、まだ記録されていません"}[lang]
    assert '<p class="gallery-stamp-local">' in page(built_site, lang, "plot_99_run_counter")
    assert said in page(built_site, lang, "plot_99_run_counter")
    assert said not in page(built_site, lang, EXAMPLES[0])


class _Pre(HTMLParser):
    """The text of every ``<pre>`` block of a page, as a reader sees it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.depth = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.depth += 1
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.blocks[-1] += data


def test_pages_show_the_recorded_output(built_site):
    for name in EXAMPLES:
        record = store.load(ROOT / "records" / "cpu" / name, "cpu", name)
        text = page(built_site, "en", name)
        assert store.VARYING_MARKS[0] not in text, name  # measured values are shown without their marks
        blocks = [block.rstrip("\n") for block in _Pre(text).blocks]
        for cell in record.cells:
            for out in cell:
                if "text" in out:
                    # Every line of the output, in order, as one block on the page (marks removed).
                    shown = "\n".join(store.shown(line) for line in out["text"])
                    assert shown in blocks, (name, out["text"])
                else:
                    assert f'src="../_images/{out["figure"]}"' in text, (name, out["figure"])


def test_gallery_index_says_which_backends_are_recorded(built_site):
    assert f"CPU: recorded for {len(EXAMPLES)} of {len(EXAMPLES) + 1} examples." in page(built_site, "en", "index")
    assert "gallery-stamp" not in page(built_site, "en", "index")


def test_second_build_runs_nothing(built_site):
    site, counter = built_site["site"], built_site["counter"]
    runs = len(counter.read_text().splitlines())
    result = run(build_cmd(site), cwd=site, env=built_site["env"])
    assert result.returncode == 0, result.stdout[-4000:]
    # The extra example now has a record of this machine's run, kept in _build.
    assert f"gallery: {len(EXAMPLES) + 1} examples from records, 0 executed" in result.stdout
    assert len(counter.read_text().splitlines()) == runs


def test_hosting_build_refuses_the_unrecorded_example(built_site):
    site = built_site["site"]
    result = run(build_cmd(site), cwd=site, env={**built_site["env"], "RECORDS": "require"})
    assert result.returncode != 0
    assert "gallery/plot_99_run_counter.py: no record for any backend" in result.stdout


def test_record_files_are_valid_json():
    # Valid as records, not only as JSON: each sits in records/<backend>/<example>/
    # and passes the build's own check (stamp, cells, figures in its folder).
    for path in (ROOT / "records").rglob(store.RECORD_FILE):
        parts = path.relative_to(ROOT / "records").parts
        assert len(parts) == 3, f"{path}: not in records/<backend>/<example>/"
        backend, example, _ = parts
        assert store.load(path.parent, backend, example).data == json.loads(path.read_text(encoding="utf-8"))
