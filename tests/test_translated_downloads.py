"""The translated gallery downloads: messages as Sphinx splits them, code kept.

``_ext/translation/translated_downloads.py`` is tested here on its own (scripts and a
lookup, no build) and in a tiny Japanese Sphinx build of one example. The
downloads of the real site are checked in ``test_translation_build.py``.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import polib
import pytest
from docutils.utils import column_width
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from translation import translated_downloads as td  # noqa: E402

MARK = "訳: "

SCRIPT = '''"""
Sphinx decides
==============

A summary on
two lines.
"""

# %%
# A section
# ---------
#
# A paragraph that ends in a literal block::
#
#     kept = "as it is"
#
# A paragraph whose second line
# - starts like a list item but is not one.
#
# - A first item that wraps
#   onto a second line.
# - A second item.
#
# #. An auto-numbered step.
#
# .. note:: A note whose body starts
#    on the directive's line.
#
# A term
#    Its definition.
#
# This paragraph has no translation.

x = 1  # code stays byte for byte
print(x)

# %%
# ========
# Overline
# ========
#
# Closing words.

print("done")
'''


def by_rule(missing: frozenset[str] = frozenset()):
    """A lookup that translates every message (MARK + English) but those in ``missing``."""
    return lambda msg: None if msg in missing else MARK + msg


def write(tmp_path: Path, source: str, name: str = "plot_01_example.py") -> Path:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


def split(path_or_text, tmp_path: Path | None = None):
    path = path_or_text if isinstance(path_or_text, Path) else write(tmp_path, path_or_text, "read_back.py")
    _, blocks = split_code_and_text_blocks(path)
    return blocks


def test_messages_are_what_sphinx_extracts(tmp_path):
    text = [b.content for b in split(write(tmp_path, SCRIPT)) if b.type == "text"][1]
    got = [m for _, m in td.messages(text)]
    assert got == [
        "A section",
        "A paragraph that ends in a literal block::",
        "A paragraph whose second line - starts like a list item but is not one.",
        "A first item that wraps onto a second line.",
        "A second item.",
        "An auto-numbered step.",
        "A note whose body starts on the directive's line.",
        "A term",
        "Its definition.",
        "This paragraph has no translation.",
    ]


def test_every_shape_is_translated_where_sphinx_put_it(tmp_path):
    script = write(tmp_path, SCRIPT)
    out = td.translate_script(script, by_rule(frozenset({"This paragraph has no translation."})))
    title = f"{MARK}Sphinx decides"
    for expected in [
        f'"""\n{title}\n' + "=" * column_width(title) + "\n",
        f"{MARK}A summary on two lines.\n",
        f"# {MARK}A section\n# " + "-" * column_width(MARK + "A section") + "\n#\n",
        f"# {MARK}A paragraph that ends in a literal block::\n#\n#     kept = \"as it is\"\n",
        f"# {MARK}A paragraph whose second line - starts like a list item but is not one.\n",
        f"# - {MARK}A first item that wraps onto a second line.\n# - {MARK}A second item.\n",
        f"# #. {MARK}An auto-numbered step.\n",
        f"# .. note:: {MARK}A note whose body starts on the directive's line.\n",
        f"# {MARK}A term\n#    {MARK}Its definition.\n",
        "# This paragraph has no translation.\n\nx = 1  # code stays byte for byte\nprint(x)\n",
        "# " + "=" * column_width(MARK + "Overline") + f"\n# {MARK}Overline\n# " + "=" * column_width(MARK + "Overline"),
        f"# {MARK}Closing words.\n",
    ]:
        assert expected in out, expected
    old, new = split(script), split(out, tmp_path)
    assert [b.content for b in new if b.type == "code"] == [b.content for b in old if b.type == "code"]
    # Sphinx reads each translated block back as the translated messages, in order.
    for before, after in zip(old, new):
        if before.type == "text":
            want = [m if m == "This paragraph has no translation." else MARK + m for _, m in td.messages(before.content)]
            assert [m for _, m in td.messages(after.content)] == want


def test_a_missing_translation_leaves_that_paragraph_english(tmp_path):
    script = write(tmp_path, SCRIPT)
    out = td.translate_script(script, by_rule(frozenset({"A second item.", "A summary on two lines."})))
    assert "\nA summary on\ntwo lines.\n" in out
    assert f"# - {MARK}A first item that wraps onto a second line.\n# - A second item.\n" in out
    assert f"# {MARK}Closing words." in out


def test_nothing_to_translate_gives_the_script_unchanged(tmp_path):
    script = write(tmp_path, SCRIPT)
    assert td.translate_script(script, lambda msg: None) == SCRIPT


def test_docstring_translation_is_escaped(tmp_path):
    script = write(tmp_path, '"""\nTitle\n=====\n\nA backslash.\n"""\n\nprint(1)\n')
    out = td.translate_script(script, {"A backslash.": 'バックスラッシュ\\ :math:`x` と """ です。'}.get)
    assert split(out, tmp_path)[0].content == '\nTitle\n=====\n\nバックスラッシュ\\ :math:`x` と """ です。'


# -- the check catches what would spoil a download -----------------------------------------


def test_a_translation_that_splits_a_paragraph_is_refused(tmp_path):
    script = write(tmp_path, SCRIPT)
    lookup = {"Closing words.": "最後に。\n\n二つ目の段落。"}.get
    with pytest.raises(td.Untranslatable, match="splits into other messages"):
        td.translate_script(script, lookup)


def test_a_translation_that_ends_a_raw_docstring_is_refused(tmp_path):
    script = write(tmp_path, 'r"""\nTitle\n=====\n\nText.\n"""\n\nprint(1)\n')
    with pytest.raises(td.Untranslatable):
        td.translate_script(script, {"Text.": '終わり""" + 1 + """'}.get)


def test_an_edit_on_the_wrong_line_is_refused(tmp_path, monkeypatch):
    real = td.rst_edits

    def off_by_one(text, lookup, env=None):
        return [(max(start - 1, 0), max(end - 1, 1), new) for start, end, new in real(text, lookup, env)]

    monkeypatch.setattr(td, "rst_edits", off_by_one)
    with pytest.raises(td.Untranslatable):
        td.translate_script(write(tmp_path, SCRIPT), by_rule())


def test_a_title_not_where_docutils_numbers_it_is_left_alone():
    # A title whose underline docutils does not report where the title is.
    class Title:
        line, rawsource = 2, "Elsewhere"

    assert td._title_edit(["Title", "=====", ""], Title(), "題") is None


# -- a Japanese build of one example ---------------------------------------------------


CONF = """
extensions = ["sphinx_gallery.gen_gallery", "translation.translated_downloads"]
sphinx_gallery_conf = {"examples_dirs": "examples", "gallery_dirs": "gallery", "plot_gallery": False,
                       "download_all_examples": False, "show_signature": False}
language = "ja"
locale_dirs = ["locale"]
gettext_compact = False
exclude_patterns = ["_build"]
"""


def make_project(root: Path, missing: frozenset[str]) -> Path:
    (root / "examples").mkdir(parents=True)
    (root / "examples" / "GALLERY_HEADER.rst").write_text("Examples\n========\n", encoding="utf-8")
    (root / "examples" / "plot_01_example.py").write_text(SCRIPT, encoding="utf-8")
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   gallery/index\n", encoding="utf-8")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ja"}
    for block in split(root / "examples" / "plot_01_example.py"):
        if block.type == "text":
            for _, msg in td.messages(block.content):
                if msg not in missing:
                    po.append(polib.POEntry(msgid=msg, msgstr=MARK + msg))
    catalog = root / "locale" / "ja" / "LC_MESSAGES" / "gallery" / "plot_01_example.po"
    catalog.parent.mkdir(parents=True)
    po.save(str(catalog))
    return catalog


def sphinx(root: Path, builder: str = "html", warning=None, **overrides) -> int:
    """Build the project in this process, as sphinx-build would (its own docutils registry)."""
    with docutils_namespace():
        app = Sphinx(str(root), str(root), str(root / "_build" / builder), str(root / "_build" / "doctrees" / builder),
                     builder, confoverrides=overrides, status=None, warning=warning)  # fmt: skip
        app.build()
    return app.statuscode


def build(root: Path) -> Path:
    assert sphinx(root) == 0
    return root / "_build" / "html" / "_downloads"


def test_messages_are_those_of_the_gettext_builder(tmp_path):
    make_project(tmp_path, frozenset())
    assert sphinx(tmp_path, "gettext", language="en") == 0
    pot = {e.msgid for e in polib.pofile(str(tmp_path / "_build" / "gettext" / "gallery" / "plot_01_example.pot"))}
    for block in split(tmp_path / "examples" / "plot_01_example.py"):
        if block.type == "text":
            assert {m for _, m in td.messages(block.content)} <= pot
    assert "A paragraph whose second line - starts like a list item but is not one." in pot


def download(downloads: Path, name: str) -> Path:
    (found,) = downloads.glob(f"*/{name}")
    return found


def test_japanese_build_translates_and_keeps_its_work(tmp_path, monkeypatch):
    catalog = make_project(tmp_path, frozenset({"This paragraph has no translation."}))
    calls = []
    real = td.translate_script
    monkeypatch.setattr(td, "translate_script", lambda *a, **k: calls.append(1) or real(*a, **k))

    downloads = build(tmp_path)
    script = download(downloads, "plot_01_example.py").read_text(encoding="utf-8")
    assert f"# - {MARK}A first item that wraps onto a second line." in script
    assert "# This paragraph has no translation.\n" in script
    notebook = json.loads(download(downloads, "plot_01_example.ipynb").read_text(encoding="utf-8"))
    markdown = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert MARK + "Closing words." in markdown and "This paragraph has no translation." in markdown
    with zipfile.ZipFile(download(downloads, "plot_01_example.zip")) as z:
        assert z.read("plot_01_example.py").decode("utf-8") == script
    assert len(calls) == 1

    build(tmp_path)  # nothing changed: the kept files, translated again by nobody
    assert len(calls) == 1
    assert download(downloads, "plot_01_example.py").read_text(encoding="utf-8") == script

    po = polib.pofile(str(catalog))
    po.find("Closing words.").msgstr = "結びの言葉。"
    po.save(str(catalog))
    build(tmp_path)  # the catalog changed: made again
    assert len(calls) == 2
    assert "# 結びの言葉。\n" in download(downloads, "plot_01_example.py").read_text(encoding="utf-8")


def test_japanese_build_warns_and_keeps_english_when_unsafe(tmp_path):
    catalog = make_project(tmp_path, frozenset())
    po = polib.pofile(str(catalog))
    po.find("Closing words.").msgstr = "最後に。\n\n二つ目の段落。"
    po.save(str(catalog))
    warnings = io.StringIO()
    sphinx(tmp_path, warning=warnings)
    assert "splits into other messages; the downloads of plot_01_example.py stay English" in warnings.getvalue()
    english = download(tmp_path / "_build" / "html" / "_downloads", "plot_01_example.py")
    assert english.read_text(encoding="utf-8") == SCRIPT


def test_japanese_build_reports_nothing_of_its_own(tmp_path, monkeypatch):
    # Parsing a block again must not repeat what the page reported, nor warn of
    # a label the page already holds (a -W build would fail).
    monkeypatch.setattr(sys.modules[__name__], "SCRIPT", SCRIPT.replace(
        "# Closing words.\n", "# Closing words.\n#\n# .. math::\n#    :label: energy\n#\n#    E = m c^2\n"
        "#\n# See :eq:`energy` and :ref:`a-missing-label`.\n",
    ))  # fmt: skip
    make_project(tmp_path, frozenset())
    warnings = io.StringIO()
    assert sphinx(tmp_path, warning=warnings) == 0
    assert "a-missing-label" in warnings.getvalue()  # the page reports it, once
    assert warnings.getvalue().count("a-missing-label") == 1
    assert "energy" not in warnings.getvalue() and "<gallery text>" not in warnings.getvalue()
    script = download(tmp_path / "_build" / "html" / "_downloads", "plot_01_example.py").read_text(encoding="utf-8")
    assert f"# {MARK}See :eq:`energy` and :ref:`a-missing-label`." in script
