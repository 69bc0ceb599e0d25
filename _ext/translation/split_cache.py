"""The Japanese search index's words, kept between builds so that unchanged text is not tokenised again.

Cutting Japanese text into words (``japanese_search``) is the slowest part of
writing the Japanese site: janome is pure Python. The words of a piece of
text depend only on the text and on the splitter, so they are kept in a
file in the build's doctree folder (next to Sphinx's own pickles), keyed by
a hash of the text. The next build, a rebuild after an edit or a clean write
with the same doctree folder, tokenises only text it has not seen. Within
one build, a text met again (a title in the navigation, a repeated label)
is tokenised once: a clean Japanese build split 2,324 distinct texts for
8,643 calls.

**When it is thrown away.** The file records a version: a hash of the
splitter's source and janome's version. A change to either discards every
word it holds; a changed text has another key, so it is tokenised afresh
and its old entry is never read again. Deleting the doctree folder (a clean
build) deletes the cache with it.

**How it is used.** When a builder starts, this extension sets
``japanese_search.CompoundNounSplitter.cache`` to the cache of the build's
doctree folder; when the build ends without error it writes the file and
unsets it. The file is read on the first split, so a build that indexes no
Japanese never reads nor writes it.

**How it stays small.** Each entry remembers the last build that used it;
past ``MAX_ENTRIES`` entries, those unused for longest are dropped when the
file is written. A build that tokenised nothing new does not rewrite it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from sphinx.application import Sphinx

from translation import japanese_search

FILENAME = "japanese_search_words.pickle"
# About ten times the entries of the whole site: room for many edits.
MAX_ENTRIES = 100_000


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class WordCache:
    """``words(text, split)``: ``split(text)``, from the file when the same text was split before."""

    def __init__(self, path: Path, version: str, max_entries: int = MAX_ENTRIES) -> None:
        self.path = Path(path)
        self.version = version
        self.max_entries = max_entries
        self.hits = self.misses = 0
        self._entries: dict[bytes, tuple[int, list[str]]] | None = None  # key -> (generation, words)
        self._generation = 0

    def _load(self) -> dict[bytes, tuple[int, list[str]]]:
        if self._entries is None:
            self._entries = {}
            try:
                with self.path.open("rb") as f:
                    stored = pickle.load(f)
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
                stored = None  # none yet, or unreadable: start afresh
            if isinstance(stored, dict) and stored.get("version") == self.version:
                self._entries = stored["entries"]
                self._generation = stored["generation"]
            self._generation += 1
        return self._entries

    def words(self, text: str, split: Callable[[str], list[str]]) -> list[str]:
        entries = self._load()
        key = text_key(text)
        found = entries.get(key)
        if found is None:
            self.misses += 1
            words = split(text)
        else:
            self.hits += 1
            words = found[1]
        entries[key] = (self._generation, words)
        return list(words)

    def save(self) -> None:
        """Write the file if this build split any text it did not hold."""
        if self._entries is None or self.misses == 0:
            return
        entries = self._entries
        if len(entries) > self.max_entries:
            newest = sorted(entries.items(), key=lambda item: item[1][0], reverse=True)[: self.max_entries]
            entries = dict(newest)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as f:
            stored = {"version": self.version, "generation": self._generation, "entries": entries}
            pickle.dump(stored, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)


def cache_version() -> str:
    """Changes when the words could: with the splitter's code or janome's version."""
    source = Path(japanese_search.__file__).read_bytes()
    return f"janome {version('janome')} splitter {hashlib.blake2b(source, digest_size=16).hexdigest()}"


# The cache of the build under way.
_current: WordCache | None = None


def open_cache(app: Sphinx) -> None:
    global _current
    _current = WordCache(Path(app.doctreedir) / FILENAME, cache_version())
    japanese_search.CompoundNounSplitter.cache = _current.words


def save_cache(app: Sphinx, exception: Exception | None) -> None:
    global _current
    japanese_search.CompoundNounSplitter.cache = None
    if _current is not None and exception is None:
        _current.save()
    _current = None


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", open_cache)
    app.connect("build-finished", save_cache)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
