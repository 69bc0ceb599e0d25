"""What a translator sends never reaches a page as markup: plant it and see the build and the gate refuse it.

Three ways in, each planted in a copy of the site and seen caught both by a
Japanese build (``catalog_guard``, whatever options it runs with) and by
``tools/intl_check.py`` (``make intl-check``), by catalog file and line:

* the interface catalog (``locale/interface/ja/LC_MESSAGES/sphinx.po``),
  printed into attributes, scripts and templates as it is: a ``<``, ``>``,
  ``"`` or ``&`` its English lacks;
* a page catalog's entry whose ``#:`` line was deleted (the parser comes from
  the catalog's path, and the entry itself is refused);
* a ``javascript:`` or ``data:`` link in a gallery (reST) translation.

The output side is checked too: what the interface extension prints is
escaped where it goes, even if a string got past the catalogs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib
import pytest

from conftest import ROOT, build_cmd, make_cmd, run

sys.path.insert(0, str(ROOT / "_ext"))

from translation import interface_language  # noqa: E402

INTERFACE = Path("locale/interface/ja/LC_MESSAGES/sphinx.po")
GALLERY = Path("locale/ja/LC_MESSAGES/gallery/plot_06_linear_fit_watched.po")
TENSORS = Path("locale/ja/LC_MESSAGES/tensors.po")

INTERFACE_PAYLOADS = {
    "On this page": "このページの内容<script>alert(1)</script>",
    "Search the docs ...": '検索"><img src=x onerror=alert(2)>',
    "Copy": "</script><script>alert(3)</script>",
}
JAVASCRIPT = " 詳しくは javascript:alert(document.domain)//x を参照。"
DATA_LINK = " `こちら <data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==>`__"
XSS = '<img src=x onerror="alert(5)">'


def line_of(path: Path, msgid: str) -> int:
    return next(e.linenum for e in polib.pofile(str(path)) if e.msgid == msgid)


def prose_entry(po: polib.POFile, skip: int = 0) -> polib.POEntry:
    """A translated sentence of plain prose (no markup of its own); ``skip`` passes over the first ones."""
    prose = [e for e in po if e.translated() and " " in e.msgid and not any(c in e.msgid for c in "`:<>|*[{$\n")]
    return prose[skip]


def plant_everything(site: Path) -> list[str]:
    """Plant every payload; returns the ``file:line: problem`` each must be refused with."""
    expected = []
    path = site / INTERFACE
    po = polib.pofile(str(path))
    for msgid, msgstr in INTERFACE_PAYLOADS.items():
        po.find(msgid).msgstr = msgstr
    po.save(str(path))
    for msgid, msgstr in INTERFACE_PAYLOADS.items():
        char = next(c for c in '<>"&' if c in msgstr)
        expected.append(f"{INTERFACE}:{line_of(path, msgid)}: interface string with {char!r} its English lacks")

    path = site / GALLERY
    po = polib.pofile(str(path))
    first, second = prose_entry(po), prose_entry(po, skip=1)
    first.msgstr += JAVASCRIPT
    second.msgstr += DATA_LINK
    po.save(str(path))
    expected.append(f"{GALLERY}:{line_of(path, first.msgid)}: link to a scheme other than http, https or mailto: javascript:")
    expected.append(f"{GALLERY}:{line_of(path, second.msgid)}: link to a scheme other than http, https or mailto: data:")

    path = site / TENSORS
    po = polib.pofile(str(path))
    entry = prose_entry(po)
    entry.occurrences = []  # the translator deleted the "#:" line ...
    entry.msgstr += XSS  # ... so that the page's entry would be read as reST
    po.save(str(path))
    line = line_of(path, entry.msgid)
    expected.append(f"{TENSORS}:{line}: no #: line naming the page")
    expected.append(f"{TENSORS}:{line}: raw HTML in translation: {XSS}")
    return expected


def test_the_build_refuses_every_payload_and_writes_no_page(site):
    expected = plant_everything(site)
    result = run(build_cmd(site, "--noplot", "--languages", "ja", "--sphinxopts", ""), cwd=site)  # not even -W
    assert result.returncode != 0
    for problem in expected:
        assert problem in result.stdout, (problem, result.stdout[-4000:])
    assert not list((site / "_build" / "html").rglob("*.html")), "a page was written"


def test_make_intl_check_refuses_every_payload(site):
    expected = plant_everything(site)
    result = run(make_cmd(site, "intl-check"), cwd=site)
    assert result.returncode != 0
    for problem in expected:
        path, line, detail = problem.split(":", 2)
        kind = "location" if "no #: line" in detail else "raw"
        assert f"{path}:{line}: {kind}:{detail}" in result.stdout, (problem, result.stdout[-4000:])


def test_a_changed_link_target_in_a_gallery_translation_fails(site):
    path = site / GALLERY
    po = polib.pofile(str(path))
    entry = prose_entry(po)
    entry.msgstr += " https://example.com/other"
    po.save(str(path))
    line = line_of(path, entry.msgid)
    result = run([sys.executable, str(site / "tools" / "intl_check.py")], cwd=site)
    assert f"{GALLERY}:{line}: raw: link target its English does not have: https://example.com/other" in result.stdout


def test_the_interface_catalog_as_committed_passes():
    po = polib.pofile(str(ROOT / INTERFACE))
    from translation import markup

    assert [p for e in po.translated_entries() for p in markup.raw_problems(e.msgid, e.msgstr, "interface")] == []


@pytest.mark.parametrize("payload", INTERFACE_PAYLOADS.values())
def test_the_copy_button_script_cannot_be_ended_from_its_strings(payload):
    text = interface_language.script_json({"copy": payload})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"copy": payload}


def test_theme_options_are_escaped_for_an_attribute(monkeypatch):
    monkeypatch.setattr(interface_language, "_", lambda text: INTERFACE_PAYLOADS["Search the docs ..."])

    class Config:
        language = "ja"
        html_theme_options = {}
        copyright = ""

    config = Config()
    interface_language.translate_options(None, config)
    placeholder = config.html_theme_options["search_bar_text"]
    assert '"' not in placeholder and "<" not in placeholder
    assert placeholder == "検索&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
