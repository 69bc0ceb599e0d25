"""make intl-update (tools/intl_update.py): what translators need, and nothing else.

The small tests merge hand-made templates into a hand-made catalog and look
for the old English of a changed message (``#|``), the obsolete entry of a
removed one (``#~``) and the new one. The last test runs the real extraction
over the site and checks that the committed catalogs come out byte for byte
the same, twice.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import polib
import pytest

from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "tools"))

import intl_update  # noqa: E402
from sphinx_cli import sphinx_command  # noqa: E402

HEADER = {
    "Project-Id-Version": "PyTorch Lessons",
    "POT-Creation-Date": "2026-01-01 00:00+0000",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
KEPT = "A tensor is a box of numbers."
KEPT_JA = "テンソル (Tensor) は数の入った箱です。"
CHANGED_OLD = "Gradients add up until you set them to zero."
CHANGED_NEW = "Gradients add up until you set them to zero with zero_grad()."
CHANGED_JA = "勾配は、ゼロに戻すまで足し合わされていきます。"
REMOVED = "This sentence leaves the page."
REMOVED_JA = "この文はページからなくなります。"
LONG = (
    "A message long enough to be wrapped over several lines of the catalog, so that "
    "the test sees whether the update keeps the way its lines are broken."
)
LONG_JA = "カタログの中で何行にも折り返されるほど長いメッセージです。更新のあとも同じ位置で改行されているかを確かめます。"


def write_pot(path: Path, msgids: list[str]) -> None:
    pot = polib.POFile()
    pot.metadata = dict(HEADER, **{"POT-Creation-Date": "2026-02-02 00:00+0000"})
    for i, msgid in enumerate(msgids, 1):
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("../../docs/page.md", str(i))]))
    path.parent.mkdir(parents=True, exist_ok=True)
    pot.save(str(path))


@pytest.fixture
def tree(tmp_path):
    """A template folder and a locale folder with one translated catalog of four messages."""
    pots, locale = tmp_path / "_build" / "gettext", tmp_path / "locale"
    po = polib.POFile(wrapwidth=intl_update.WIDTH)
    po.metadata = dict(HEADER, Language="ja")
    for i, (msgid, msgstr) in enumerate(
        [(KEPT, KEPT_JA), (CHANGED_OLD, CHANGED_JA), (REMOVED, REMOVED_JA), (LONG, LONG_JA)], 1
    ):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[("../../docs/page.md", str(i))]))
    po_path = locale / "ja" / "LC_MESSAGES" / "page.po"
    po_path.parent.mkdir(parents=True)
    po.save(str(po_path))
    return pots, locale, po_path


def test_changed_message_keeps_its_old_english_and_removed_one_becomes_obsolete(tree):
    pots, locale, po_path = tree
    write_pot(pots / "page.pot", [KEPT, CHANGED_NEW, LONG, "A new sentence."])
    intl_update.update(pots, locale, "ja", root=locale.parent)
    text = po_path.read_text(encoding="utf-8")
    po = polib.pofile(str(po_path))
    changed = po.find(CHANGED_NEW)
    assert changed.fuzzy and changed.msgstr == CHANGED_JA
    assert changed.previous_msgid == CHANGED_OLD
    assert f'#| msgid "{CHANGED_OLD}"' in text
    [removed] = po.obsolete_entries()
    assert removed.msgid == REMOVED and removed.msgstr == REMOVED_JA
    assert f'#~ msgid "{REMOVED}"' in text
    assert po.find("A new sentence.").msgstr == ""
    assert po.find(KEPT).msgstr == KEPT_JA and not po.find(KEPT).fuzzy
    assert po.metadata["POT-Creation-Date"] == "2026-02-02 00:00+0000"


def test_obsolete_entries_stay_until_the_translator_deletes_them(tree):
    pots, locale, po_path = tree
    write_pot(pots / "page.pot", [KEPT, CHANGED_OLD, LONG])
    intl_update.update(pots, locale, "ja", root=locale.parent)
    first = po_path.read_bytes()
    intl_update.update(pots, locale, "ja", root=locale.parent)
    assert po_path.read_bytes() == first
    assert [e.msgid for e in polib.pofile(str(po_path)).obsolete_entries()] == [REMOVED]


def test_catalog_whose_messages_did_not_change_is_not_written(tree):
    pots, locale, po_path = tree
    before = po_path.read_bytes()
    write_pot(pots / "page.pot", [KEPT, CHANGED_OLD, REMOVED, LONG])
    assert intl_update.update(pots, locale, "ja", root=locale.parent) == [(po_path, "unchanged")]
    assert po_path.read_bytes() == before  # not even the template's date


def test_moved_line_numbers_alone_do_not_rewrite_a_catalog(tree):
    pots, locale, po_path = tree
    before = po_path.read_bytes()
    write_pot(pots / "page.pot", ["A heading.", KEPT, CHANGED_OLD, REMOVED, LONG])
    intl_update.update(pots, locale, "ja", root=locale.parent)  # one new message: written
    assert po_path.read_bytes() != before
    written = po_path.read_bytes()
    pot = polib.pofile(str(pots / "page.pot"))
    for entry in pot:
        entry.occurrences = [(file, str(int(line) + 10)) for file, line in entry.occurrences]
    pot.save()
    assert intl_update.update(pots, locale, "ja", root=locale.parent) == [(po_path, "unchanged")]
    assert po_path.read_bytes() == written


def test_changed_catalog_keeps_its_line_breaks(tree):
    pots, locale, po_path = tree
    lines_of_long = po_path.read_text(encoding="utf-8").split(f'msgid ""\n"{LONG[:20]}')[1].split("\n\n")[0]
    write_pot(pots / "page.pot", [KEPT, CHANGED_NEW, REMOVED, LONG])
    intl_update.update(pots, locale, "ja", root=locale.parent)
    assert lines_of_long in po_path.read_text(encoding="utf-8")


def test_new_page_gets_a_catalog_and_a_page_that_left_is_reported(tree):
    pots, locale, po_path = tree
    write_pot(pots / "other.pot", ["Hello."])
    results = dict(intl_update.update(pots, locale, "ja", root=locale.parent))
    new = locale / "ja" / "LC_MESSAGES" / "other.po"
    assert results[new].startswith("new catalog")
    po = polib.pofile(str(new))
    assert po.metadata["Language"] == "ja" and po.metadata_is_fuzzy
    assert "delete this catalog" in results[po_path]
    assert po_path.exists()


def test_the_site_catalogs_come_out_unchanged_twice(tmp_path):
    """On the committed tree, make intl-update changes no byte of any catalog."""
    # Locations in a template are relative to its folder, which is not the
    # one make gettext uses: the catalogs must not depend on it.
    pots = tmp_path / "gettext"
    result = run(sphinx_command("gettext", pots, tmp_path / "doctrees", opts=["-q"]), cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", locale, ignore=shutil.ignore_patterns("*.mo"))
    before = {p: p.read_bytes() for p in locale.rglob("*.po")}
    for run_number in (1, 2):
        results = intl_update.update(pots, locale, "ja", root=ROOT)
        changed = [f"{p.relative_to(locale)}: {what}" for p, what in results if what != "unchanged"]
        assert not changed, f"run {run_number} changed catalogs (run make intl-update and commit them): {changed}"
        assert {p: p.read_bytes() for p in locale.rglob("*.po")} == before
