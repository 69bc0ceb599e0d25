"""The Japanese search index: janome's words and the compound nouns they form (_ext/translation/japanese_search.py).

The browser tests (test_browser.py) search the built site; these check the
splitter on its own, including what it must leave out.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))

from translation import japanese_search  # noqa: E402


@pytest.fixture(scope="module")
def split():
    return japanese_search.CompoundNounSplitter({}).split


@pytest.mark.parametrize("text, words", [
    ("損失関数を計算します。", ["損失関数", "損失", "関数", "計算"]),
    ("学習率を小さくします", ["学習率", "学習"]),
    ("逆伝播で勾配を求めます", ["逆伝播", "伝播", "勾配"]),
    ("活性化関数", ["活性化関数", "活性化", "化関数", "活性", "関数"]),
    ("テンソルの形状", ["テンソル", "形状"]),
    ("PyTorch のモデル", ["PyTorch", "モデル"]),
])  # fmt: skip
def test_index_holds_words_and_compound_nouns(split, text, words):
    found = split(text)
    for word in words:
        assert word in found, (word, found)


def test_particles_auxiliaries_and_symbols_are_left_out(split):
    found = split("テンソルを作ります。")
    assert "を" not in found and "ます" not in found and "。" not in found
    assert "テンソル" in found


def test_a_prefix_starts_a_compound_only_before_a_noun():
    runs = japanese_search.noun_runs([("逆", "接頭詞"), ("伝播", "名詞"), ("を", "助詞"), ("再", "接頭詞"), ("する", "動詞")])
    assert runs == [["逆", "伝播"]]


def test_every_contiguous_part_of_a_run_longest_first():
    assert japanese_search.compounds(["勾配", "降下", "法"]) == ["勾配降下法", "勾配降下", "降下法"]


def test_sphinx_uses_the_splitter_and_the_query_splitter_for_japanese(monkeypatch):
    from sphinx.search import languages

    monkeypatch.setitem(languages, "ja", languages["ja"])  # restored afterwards
    japanese_search.setup(SimpleNamespace(add_search_language=lambda cls: languages.__setitem__(cls.lang, cls)))
    search = languages["ja"]({"type": "translation.japanese_search.CompoundNounSplitter"})
    assert isinstance(search.splitter, japanese_search.CompoundNounSplitter)
    assert "var splitQuery" in search.js_splitter_code
