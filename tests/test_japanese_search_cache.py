"""The Japanese search index's words cache (_ext/translation/split_cache.py).

A small Japanese project is built in-process to see a changed text indexed
afresh; the site itself is built twice, with a cold cache and a warm one,
to see the same ``searchindex.js`` both times.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from conftest import ROOT, build_cmd, run

sys.path.insert(0, str(ROOT / "_ext"))

from translation import japanese_search, split_cache  # noqa: E402


def index_terms(html: Path) -> set[str]:
    """The words that lead to a page (a rebuild may leave a word with no page)."""
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return {word for key in ("terms", "titleterms") for word, pages in index[key].items() if pages != []}


# ---- the cache on its own -------------------------------------------------


def counting_split(calls: list[str]):
    splitter = japanese_search.CompoundNounSplitter({})

    def split(text: str) -> list[str]:
        calls.append(text)
        return splitter.tokenize(text)

    return split


def test_a_second_build_reads_the_words_it_saved(tmp_path):
    path, calls = tmp_path / "words.pickle", []
    first = split_cache.WordCache(path, "v1")
    words = first.words("損失関数を計算します。", counting_split(calls))
    assert first.words("損失関数を計算します。", counting_split(calls)) == words  # same build: split once
    first.save()
    second = split_cache.WordCache(path, "v1")
    assert second.words("損失関数を計算します。", counting_split(calls)) == words
    assert calls == ["損失関数を計算します。"] and (second.hits, second.misses) == (1, 0)


def test_a_changed_text_or_splitter_is_split_afresh(tmp_path):
    path, calls = tmp_path / "words.pickle", []
    cache = split_cache.WordCache(path, "v1")
    cache.words("勾配を求めます。", counting_split(calls))
    cache.save()
    changed = split_cache.WordCache(path, "v1")
    assert "学習率" in changed.words("学習率を求めます。", counting_split(calls))
    other_splitter = split_cache.WordCache(path, "v2")
    other_splitter.words("勾配を求めます。", counting_split(calls))
    assert calls == ["勾配を求めます。", "学習率を求めます。", "勾配を求めます。"]


def test_the_version_follows_the_splitter_source(monkeypatch, tmp_path):
    edited = tmp_path / "japanese_search.py"
    edited.write_bytes(Path(japanese_search.__file__).read_bytes() + b"\n# edited\n")
    before = split_cache.cache_version()
    monkeypatch.setattr(japanese_search, "__file__", str(edited))
    assert split_cache.cache_version() != before


def test_a_build_that_split_nothing_new_leaves_the_file_alone(tmp_path):
    path = tmp_path / "words.pickle"
    cache = split_cache.WordCache(path, "v1")
    cache.words("テンソル", counting_split([]))
    cache.save()
    stamp = path.stat().st_mtime_ns
    again = split_cache.WordCache(path, "v1")
    again.words("テンソル", counting_split([]))
    again.save()
    assert path.stat().st_mtime_ns == stamp


def test_the_least_recently_used_entries_go_first(tmp_path):
    path = tmp_path / "words.pickle"
    for text in ["テンソル", "勾配", "損失"]:  # one build each
        cache = split_cache.WordCache(path, "v1", max_entries=2)
        cache.words(text, counting_split([]))
        cache.save()
    calls: list[str] = []
    last = split_cache.WordCache(path, "v1", max_entries=2)
    for text in ["テンソル", "勾配", "損失"]:
        last.words(text, counting_split(calls))
    assert calls == ["テンソル"]


def test_an_unreadable_file_is_started_afresh(tmp_path):
    path = tmp_path / "words.pickle"
    path.write_bytes(b"not a pickle")
    cache = split_cache.WordCache(path, "v1")
    assert "勾配" in cache.words("勾配", counting_split([]))


# ---- a small Japanese project, built in-process ---------------------------

CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ["translation.japanese_search", "translation.split_cache"]
language = "ja"
html_search_options = {{"type": "translation.japanese_search.CompoundNounSplitter"}}
"""


def build_small(project: Path, text: str) -> set[str]:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    (project / "conf.py").write_text(CONF.format(ext=str(ROOT / "_ext")), encoding="utf-8")
    (project / "index.rst").write_text(f"ページ\n======\n\n{text}\n", encoding="utf-8")
    out = project / "_build"
    # In this process: keep Sphinx's directives and roles out of docutils'
    # registry once the build is over, as sphinx-build's own process does.
    with docutils_namespace():
        app = Sphinx(project, project, out / "html", out / "doctrees", "html", status=None, warning=None, freshenv=True)
        app.build()
    return index_terms(out / "html")


def index_follows_the_text(project: Path) -> bool:
    """Build a page, change its text, rebuild: is the new word found and the old one gone?"""
    first = build_small(project, "勾配を計算します。")
    second = build_small(project, "学習率を調整してみます。")
    return "勾配" in first and "学習率" in second and "勾配" not in second


def test_a_changed_page_is_indexed_with_its_new_words(tmp_path):
    assert index_follows_the_text(tmp_path)
    assert (tmp_path / "_build" / "doctrees" / split_cache.FILENAME).exists()


def test_planted_a_key_that_ignores_the_text_is_caught(tmp_path, monkeypatch):
    # The check above can fail: with every text under one key, the words of
    # the first text split come back for every other.
    monkeypatch.setattr(split_cache, "text_key", lambda text: b"one key")
    assert not index_follows_the_text(tmp_path)


# ---- the site: a cold cache and a warm one give the same index ------------


def test_the_japanese_index_is_the_same_with_a_cold_and_a_warm_cache(site):
    cmd = build_cmd(site, "--languages", "ja")
    html, doctrees = site / "_build" / "html" / "ja", site / "_build" / "doctrees" / "html" / "ja"
    result = run(cmd, cwd=site)
    assert result.returncode == 0, result.stdout[-4000:]
    cold = (html / "searchindex.js").read_bytes()
    words = (doctrees / split_cache.FILENAME).read_bytes()
    # Everything read and written again, only the words cache kept.
    shutil.rmtree(html)
    for path in doctrees.iterdir():
        if path.name != split_cache.FILENAME:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = run(cmd, cwd=site)
    assert result.returncode == 0, result.stdout[-4000:]
    assert (html / "searchindex.js").read_bytes() == cold
    assert (doctrees / split_cache.FILENAME).read_bytes() == words  # nothing split afresh
    # A changed page: its new word is found, the word it lost is gone.
    lesson = site / "docs" / "tensors.md"
    assert "Tensors" in lesson.read_text(encoding="utf-8")
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nZebrafishword appears here.\n", encoding="utf-8")
    result = run(cmd, cwd=site)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "zebrafishword" in index_terms(html)
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Zebrafishword", "Quokkaword"), encoding="utf-8")
    result = run(cmd, cwd=site)
    assert result.returncode == 0, result.stdout[-4000:]
    terms = index_terms(html)
    assert "quokkaword" in terms and "zebrafishword" not in terms

