"""Japanese search: index words found by janome, and split queries the same way.

Japanese is written without spaces, so the search index needs a tokenizer
to find its words, and the reader's query must come out in the same words.

**The index.** ``conf.py`` names :class:`CompoundNounSplitter` in
``html_search_options["type"]``, and Sphinx's Japanese search calls it for
the text of every page. It cuts the text with janome (a pure-Python
morphological analyser with the IPA dictionary) and indexes every word,
leaving out particles, auxiliary verbs and symbols. A technical term is
often a run of nouns (損失 + 関数, 学習 + 率, 逆 + 伝播), so every run of two or
more of them is indexed too, as a whole and in each of its contiguous parts
(損失関数; 活性化関数, 活性化, 化関数): a query for the term, or for a part of
it, meets a word of the index.

**The query.** Sphinx's search page splits a query only at spaces and
punctuation, so 損失関数の計算 reaches the index as one word. This extension
gives the search page a ``splitQuery`` (``japanese_search.js``) that cuts each
piece of the query into the longest words the index knows, left to right,
and drops the leftover kana between them (particles such as の and を).
The same script ranks a page higher for each further query word it holds
and for its titles that name the query, since the index alone cannot tell
the lesson about 勾配 from a page that mentions it once.

**Between builds.** The words of each text are kept in the doctree folder
by the ``split_cache`` extension, which sets :attr:`CompoundNounSplitter.cache`,
so a rebuild tokenises only text that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.search.ja import BaseSplitter, SearchJapanese

# Parts of speech (janome's first field) that carry no meaning of their own.
SKIPPED = {"助詞", "助動詞", "記号"}
# A noun run may start with a prefix (逆伝播: 逆 is 接頭詞).
PREFIX = "接頭詞"
NOUN = "名詞"
# Longest run of nouns whose parts are indexed one by one (longer runs are rare
# and would add many entries).
MAX_RUN = 6


def noun_runs(tokens: list[tuple[str, str]]) -> list[list[str]]:
    """The runs of two or more nouns (with a leading prefix) in (surface, part of speech) pairs."""
    runs, run = [], []
    for surface, pos in tokens:
        if pos == NOUN or (pos == PREFIX and not run):
            run.append(surface)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [surface] if pos == PREFIX else []
    if len(run) > 1:
        runs.append(run)
    return runs


def compounds(run: list[str]) -> list[str]:
    """Every contiguous part of a noun run that has two words or more, the whole run first."""
    run = run[:MAX_RUN]
    return [
        "".join(run[start : start + size]) for size in range(len(run), 1, -1) for start in range(len(run) - size + 1)
    ]


class CompoundNounSplitter(BaseSplitter):
    """Sphinx's splitter interface: janome's words, and the compound nouns they form."""

    # The words of texts split before (``split_cache``): ``cache(text, tokenize)``.
    cache: Callable[[str, Callable[[str], list[str]]], list[str]] | None = None

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._tokenizer = None

    @property
    def tokenizer(self):
        # Loaded on first use: a build that indexes no page never pays for it.
        if self._tokenizer is None:
            from janome.tokenizer import Tokenizer

            self._tokenizer = Tokenizer()
        return self._tokenizer

    def split(self, input: str) -> list[str]:  # noqa: A002 (Sphinx's name)
        if self.cache is not None:
            return self.cache(input, self.tokenize)
        return self.tokenize(input)

    def tokenize(self, text: str) -> list[str]:
        """The words of ``text`` from janome, without the cache."""
        tokens = [
            (token.surface, token.part_of_speech.split(",", 1)[0])
            for token in self.tokenizer.tokenize(text)
        ]
        words = [surface for surface, pos in tokens if pos not in SKIPPED and surface.strip()]
        for run in noun_runs(tokens):
            words += compounds(run)
        return words


class SearchJapaneseCompounds(SearchJapanese):
    """Sphinx's Japanese search with the query splitter that matches the index."""

    js_splitter_code = Path(__file__).with_name("japanese_search.js").read_text(encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchJapaneseCompounds)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
