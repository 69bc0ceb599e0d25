"""What a translated build shows: the outdated notice, the status page, the downloads.

Two builds are used: ``built_site`` (conftest.py, the real catalogs, the
gallery run), and one copy built here without running the gallery, in
which an entry is left untranslated, another is fuzzy, and a gallery example
with prose in every shape gets a catalog translated by rule.
"""

from __future__ import annotations

import json
import re
import struct
import sys
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

from conftest import build_cmd, run
from sitecopy import copy_site

CATALOGS = Path("locale") / "ja" / "LC_MESSAGES"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MARK = "訳: "  # what the rule puts before every translated message

PROSE_EXAMPLE = '''"""
Prose in every shape
====================

A summary that runs
over two lines.
"""

# %%
# A section
# ---------
#
# A paragraph with ``code``, :math:`a + b` and a link to
# `the project <https://pytorch.org>`_.
#
# - A first item that wraps
#   onto a second line.
# - A second item.
#
# 1. A numbered step.
# 2. Another step.
#
# .. note::
#    The body of a note,
#    on two lines.
#
# Some text before a literal block::
#
#     left = "as it is"

total = 1 + 2  # a comment in the code stays English
print(total)

# %%
# Closing words.

# This comment belongs to the code.
print("done")
'''


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1, 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 5)) + chunk(b"IEND", b"")


def translate_by_rule(site: Path, pot_dir: Path) -> None:
    """Give every message the catalogs lack a translation: MARK + the English."""
    header = polib.pofile(str(site / CATALOGS / "index.po")).metadata
    for pot_path in sorted(pot_dir.rglob("*.pot")):
        po_path = site / CATALOGS / pot_path.relative_to(pot_dir).with_suffix(".po")
        po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
        po.metadata = dict(header)
        known = {e.msgid for e in po}
        for entry in polib.pofile(str(pot_path)):
            if entry.msgid not in known:
                po.append(polib.POEntry(msgid=entry.msgid, msgstr=MARK + entry.msgid, occurrences=entry.occurrences))
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(po_path))


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict:
    site = copy_site(tmp_path_factory.mktemp("planted") / "site")
    (site / "gallery" / "plot_98_prose.py").write_text(PROSE_EXAMPLE, encoding="utf-8")
    # A picture with alt text on a page that stays complete: Sphinx translates
    # alt texts in place without marking them translated.
    (site / "docs" / "planted.png").write_bytes(one_pixel_png())
    with (site / "docs" / "translation-status.md").open("a", encoding="utf-8") as f:
        f.write("\n![A planted picture](planted.png)\n")
    result = run(["make", "gettext", f"PY={sys.executable}", "STAMP="], cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]
    translate_by_rule(site, site / "_build" / "gettext")

    # An untranslated entry on one page, a fuzzy one on another.
    changed = {}
    for page, how in (("tensors", "untranslated"), ("index", "fuzzy")):
        path = site / CATALOGS / f"{page}.po"
        po = polib.pofile(str(path))
        # a paragraph (not a title), so that the page keeps its title
        entry = next(e for e in po if e.translated() and len(e.msgid.split()) > 8 and "`" not in e.msgid)
        if how == "fuzzy":
            entry.flags.append("fuzzy")
        else:
            entry.msgstr = ""
        po.save(str(path))
        changed[page] = entry.msgid

    result = run(build_cmd(site, "--noplot"), cwd=site)
    assert result.returncode == 0, result.stdout[-4000:]
    return {"site": site, "html": site / "_build" / "html", "changed": changed}


class Notice(HTMLParser):
    """The text and links inside a page's translation notice."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "a":
                self.links.append(a.get("href"))
        elif tag == "div" and "translation-notice" in (a.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def notice(page: Path) -> Notice | None:
    parser = Notice()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser if parser.text else None


def right_under_the_title(page: Path) -> bool:
    html = page.read_text(encoding="utf-8")
    title_end = html.index("</h1>")
    return html.index("translation-notice") > title_end and "<p" not in html[title_end : html.index("translation-notice")]


def html_pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if "_static" not in p.parts)


# -- the notice ----------------------------------------------------------------


@pytest.mark.parametrize("page", ["tensors", "index"])
def test_notice_on_incomplete_japanese_page(planted, page):
    html = planted["html"]
    found = notice(html / "ja" / f"{page}.html")
    assert found is not None, f"no notice on ja/{page}.html"
    text = "".join(found.text)
    assert "翻訳が完了していません" in text
    assert "英語版のページ" in text
    assert right_under_the_title(html / "ja" / f"{page}.html")
    assert found.links == [f"../en/{page}.html"]
    assert ((html / "ja" / found.links[0]).resolve()) == (html / "en" / f"{page}.html").resolve()
    # The planted message is indeed shown in English.
    english = " ".join(planted["changed"][page].split()[:4])
    assert english in re.sub(r"\s+", " ", (html / "ja" / f"{page}.html").read_text(encoding="utf-8"))


def test_notice_links_from_a_page_in_a_folder(built_site):
    html = built_site["html"]
    # The run-counter example exists only in the test copy: it has no catalog.
    found = notice(html / "ja" / "gallery" / "plot_99_run_counter.html")
    assert found is not None
    assert found.links == ["../../en/gallery/plot_99_run_counter.html"]
    target = html / "en" / "gallery" / "plot_99_run_counter.html"
    assert (html / "ja" / "gallery" / found.links[0]).resolve() == target.resolve()


def test_no_notice_on_complete_pages(planted, built_site):
    # In built_site the run-counter example has no catalog, and the gallery
    # index lists it with a message its catalog does not have.
    for html, incomplete in ((planted["html"], {"tensors.html", "index.html"}),
                             (built_site["html"], {"gallery/plot_99_run_counter.html", "gallery/index.html"})):  # fmt: skip
        for page in html_pages(html / "ja"):
            assert (notice(html / "ja" / page) is not None) == (page in incomplete), page
        for page in html_pages(html / "en"):
            assert notice(html / "en" / page) is None, page


# -- the status page -----------------------------------------------------------


def status_rows(page: Path) -> dict[str, list[str]]:
    text = page.read_text(encoding="utf-8")
    table = re.search(r'<table class="[^"]*translation-status.*?</table>', text, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        cells = [re.sub(r"\s+", " ", c) for c in cells]
        rows[cells[0]] = cells[1:]
    return rows


def expected_row(path: Path) -> list[str]:
    po = polib.pofile(str(path))
    t, f, u = len(po.translated_entries()), len(po.fuzzy_entries()), len(po.untranslated_entries())
    n = t + f + u
    return [str(n), f"{t} ({t * 100 // n}%)", f"{f} ({f * 100 // n}%)", f"{u} ({u * 100 // n}%)"]


@pytest.mark.parametrize(
    "lang, title, heading", [("en", "Tensors", "Page"), ("ja", "テンソル", "ページ")]
)
def test_status_page_counts_the_catalogs(planted, lang, title, heading):
    site = planted["site"]
    rows = status_rows(planted["html"] / lang / "translation-status.html")
    assert heading in rows
    assert rows[title] == expected_row(site / CATALOGS / "tensors.po")
    assert rows[title][3].startswith("1 ")  # the planted untranslated entry
    index_title = "PyTorch Lessons"
    assert rows[index_title] == expected_row(site / CATALOGS / "index.po")
    assert rows[index_title][2].startswith("1 ")  # the planted fuzzy entry
    pages = [r for k, r in rows.items() if k not in (heading, "All pages", "全ページ")]
    total = [sum(int(r[i].split()[0]) for r in pages) for i in range(4)]
    last = rows["All pages" if lang == "en" else "全ページ"]
    assert [int(c.split()[0]) for c in last] == total


def test_status_page_in_the_real_build(built_site):
    rows = status_rows(built_site["html"] / "ja" / "translation-status.html")
    catalogs = sorted((built_site["site"] / CATALOGS).rglob("*.po"))
    assert len(rows) == len(catalogs) + 3  # heading, the run counter (no catalog), the total
    for title, cells in rows.items():
        if title in ("ページ", "全ページ"):
            continue
        if cells[0] == "カタログなし":
            continue
        assert cells[1].endswith("(100%)") and cells[2] == "0 (0%)" and cells[3] == "0 (0%)", (title, cells)
    assert "カタログなし" in rows["Run counter"]


def test_status_numbers_are_not_msgids(planted):
    # Numbers that change with each translation must never reach a catalog:
    # the English templates of the status page hold its prose, not its table.
    pot = polib.pofile(str(planted["site"] / "_build" / "gettext" / "translation-status.pot"))
    po = polib.pofile(str(planted["site"] / CATALOGS / "translation-status.po"))
    assert {e.msgid for e in pot} == {e.msgid for e in po if not e.obsolete}
    assert not any(re.search(r"\d+ \(\d+%\)|^(Page|Fuzzy|All pages)$", e.msgid) for e in pot)


# -- downloads in the reader's language --------------------------------------


def downloads(html: Path, lang: str, name: str) -> Path:
    found = list((html / lang / "_downloads").glob(f"*/{name}"))
    assert len(found) == 1, found
    return found[0]


def blocks(path: Path) -> tuple[list[str], list[str]]:
    _, parts = split_code_and_text_blocks(path)
    return [b.content for b in parts if b.type == "text"], [b.content for b in parts if b.type == "code"]


def test_japanese_script_download_is_japanese(built_site):
    html = built_site["html"]
    en, ja = (downloads(html, lang, "plot_06_linear_fit_watched.py") for lang in ("en", "ja"))
    source = built_site["site"] / "docs" / "gallery" / "plot_06_linear_fit_watched.py"
    assert en.read_bytes() == source.read_bytes()  # the English download is the example itself
    en_text, en_code = blocks(en)
    ja_text, ja_code = blocks(ja)
    assert ja_code == en_code
    assert len(ja_text) == len(en_text)
    for block in ja_text:
        prose = [line for line in block.split("\n") if line.strip() and not set(line.strip()) <= set("=-~")]
        assert prose and all(JAPANESE.search(line) for line in prose), block
    assert not any(JAPANESE.search(block) for block in en_text)


def test_japanese_notebook_download_is_japanese(built_site):
    html = built_site["html"]
    en, ja = (json.loads(downloads(html, lang, "plot_06_linear_fit_watched.ipynb").read_text(encoding="utf-8"))
              for lang in ("en", "ja"))  # fmt: skip
    assert len(en["cells"]) == len(ja["cells"])
    assert en["metadata"] == ja["metadata"]
    for en_cell, ja_cell in zip(en["cells"], ja["cells"]):
        assert en_cell["cell_type"] == ja_cell["cell_type"]
        if en_cell["cell_type"] == "code":
            assert en_cell == ja_cell
        else:
            assert JAPANESE.search("".join(ja_cell["source"])), ja_cell
            assert not JAPANESE.search("".join(en_cell["source"]))
    generated = built_site["site"] / "docs" / "gallery" / "plot_06_linear_fit_watched.ipynb"
    assert en == json.loads(generated.read_text(encoding="utf-8"))


def test_japanese_zip_download_holds_the_japanese_files(built_site):
    html = built_site["html"]
    with zipfile.ZipFile(downloads(html, "ja", "plot_06_linear_fit_watched.zip")) as z:
        assert sorted(z.namelist()) == ["plot_06_linear_fit_watched.ipynb", "plot_06_linear_fit_watched.py"]
        script = downloads(html, "ja", "plot_06_linear_fit_watched.py")
        assert z.read("plot_06_linear_fit_watched.py") == script.read_bytes()


def test_every_prose_shape_is_translated_and_code_kept(planted):
    html, site = planted["html"], planted["site"]
    en = downloads(html, "en", "plot_98_prose.py")
    ja = downloads(html, "ja", "plot_98_prose.py")
    assert en.read_bytes() == (site / "docs" / "gallery" / "plot_98_prose.py").read_bytes()
    assert blocks(ja)[1] == blocks(en)[1]
    text = ja.read_text(encoding="utf-8")
    compile(text, str(ja), "exec")
    for expected in [
        # the underline is as wide as the title on screen (CJK characters take two columns)
        f"{MARK}Prose in every shape\n" + "=" * (len(MARK + "Prose in every shape") + 1) + "\n",
        f"{MARK}A summary that runs over two lines.",
        f"# {MARK}A section\n# ",
        f"# {MARK}A paragraph with ``code``, :math:`a + b` and a link to `the project <https://pytorch.org>`_.",
        f"# - {MARK}A first item that wraps onto a second line.",
        f"# - {MARK}A second item.",
        f"# 1. {MARK}A numbered step.",
        f"# .. note::\n#    {MARK}The body of a note, on two lines.",
        f"# {MARK}Some text before a literal block::\n#\n#     left = \"as it is\"",
        f"# {MARK}Closing words.\n\n# This comment belongs to the code.",
        "total = 1 + 2  # a comment in the code stays English",
    ]:
        assert expected in text, expected
    for english in ("A summary that runs\n", "# A section\n", "#   onto a second line.", "# Closing words."):
        assert english not in text, english
    notebook = json.loads(downloads(html, "ja", "plot_98_prose.ipynb").read_text(encoding="utf-8"))
    markdown = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert markdown.count(MARK) == text.count(MARK)
