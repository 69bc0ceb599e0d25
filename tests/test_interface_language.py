"""The interface catalog and what _ext/translation/interface_language.py relies on.

make intl-check reads locale/interface/ too (test_translation_gates.py
plants markup in it); these tests hold it to the rules of an interface
catalog: every message translated, none fuzzy, msgfmt --check clean. The browser tests
(test_browser.py) check the built pages themselves.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import gettext

import polib
import pytest
import sphinx
import sphinx_copybutton

from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))

from translation import interface_language, script_strings  # noqa: E402

CATALOG = ROOT / "locale" / "interface" / "ja" / "LC_MESSAGES" / "sphinx.po"
SPHINX_SCRIPTS = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
COPYBUTTON_JS = Path(sphinx_copybutton.__file__).parent / "_static" / "copybutton.js_t"
# Python's %(name)s and the ${name} that Sphinx's scripts replace.
PLACEHOLDER = re.compile(r"%\(\w+\)s|\$\{\w+\}")


def translations(entry: polib.POEntry) -> list[str]:
    """The msgstr, or each plural form of a plural message."""
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def catalog_problems(path: Path) -> list[str]:
    """What keeps an interface catalog from being complete and valid."""
    problems = []
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        problems.append(f"msgfmt: {result.stderr.strip()}")
    po = polib.pofile(str(path))
    if po.metadata.get("Language") != "ja":
        problems.append("header: Language is not ja")
    for entry in po:
        if entry.obsolete:
            problems.append(f"obsolete: {entry.msgid}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid}")
        elif not all(translations(entry)):
            problems.append(f"untranslated: {entry.msgid}")
        elif any(sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid)) != sorted(PLACEHOLDER.findall(text))
                 for text in translations(entry)):
            problems.append(f"placeholders differ: {entry.msgid}")
    return problems


def test_interface_catalog_is_complete_and_valid():
    assert not catalog_problems(CATALOG)


@pytest.mark.parametrize("old, new, problem", [
    ('msgstr "この見出しへのリンク"', 'msgstr ""', "untranslated: Link to this heading"),
    ('msgstr "© %(copyright)s"', 'msgstr "© 著作権"', "placeholders differ: © Copyright %(copyright)s."),
    ('msgid "More"\n', '#, fuzzy\nmsgid "More"\n', "fuzzy: More"),
    ('msgstr[0] "検索が終わりました。${resultCount} ページが見つかりました。"', 'msgstr[0] ""',
     "untranslated: Search finished, found one page matching the search query."),
    ("${resultCount} ページが", "いくつかのページが",
     "placeholders differ: Search finished, found one page matching the search query."),
])  # fmt: skip
def test_faults_in_the_interface_catalog_are_caught(tmp_path, old, new, problem):
    planted = tmp_path / "sphinx.po"
    text = CATALOG.read_text(encoding="utf-8")
    assert old in text
    planted.write_text(text.replace(old, new), encoding="utf-8")
    assert problem in catalog_problems(planted)


def test_the_catalog_translates_every_string_the_extension_sends_through_it():
    msgids = {entry.msgid for entry in polib.pofile(str(CATALOG))}
    wanted = set(interface_language.THEME_TEXT_OPTIONS.values()) | set(interface_language.COPYBUTTON_MESSAGES.values())
    assert wanted <= msgids, wanted - msgids


def test_copybutton_still_has_the_names_the_script_uses():
    # The script added after copybutton.js fills in copybutton's own table
    # and icons; an upgrade that renames them would leave the button English.
    source = COPYBUTTON_JS.read_text(encoding="utf-8")
    for name in ("const messages", "let locale", "let iconCheck", "let iconCopy"):
        assert name in source, name
    english = source.split("'en'", 1)[1].split("}", 1)[0]
    for key, text in interface_language.COPYBUTTON_MESSAGES.items():
        assert f"'{key}': '{text}'" in english, key


# -- Sphinx's script strings (_ext/translation/script_strings.py) ----------------

JS_STRING = r'"((?:[^"\\]|\\.)*)"'
GETTEXT_CALL = re.compile(r"(?:\b_|Documentation\.gettext)\(\s*" + JS_STRING)
NGETTEXT_CALL = re.compile(r"Documentation\.ngettext\(\s*" + JS_STRING + r",\s*" + JS_STRING)


def test_script_messages_are_the_strings_of_sphinx_scripts():
    found = set()
    for name in ("searchtools.js", "doctools.js", "sphinx_highlight.js"):
        source = (SPHINX_SCRIPTS / name).read_text(encoding="utf-8")
        found |= set(GETTEXT_CALL.findall(source)) | set(NGETTEXT_CALL.findall(source))
    assert found == set(script_strings.SCRIPT_MESSAGES)


def test_the_catalog_translates_every_script_string():
    entries = {(e.msgid, e.msgid_plural) for e in polib.pofile(str(CATALOG))}
    for message in script_strings.SCRIPT_MESSAGES:
        assert (message if isinstance(message, tuple) else (message, "")) in entries, message


def script_catalog(po_path: Path, tmp_path: Path) -> dict:
    """What the build writes into translations.js, from po_path before Sphinx's own Japanese catalog."""
    mo = tmp_path / "ja" / "LC_MESSAGES" / "sphinx.mo"
    mo.parent.mkdir(parents=True)
    subprocess.run(["msgfmt", "-o", str(mo), str(po_path)], check=True)
    translator = gettext.translation("sphinx", tmp_path, ["ja"])
    translator.add_fallback(gettext.translation("sphinx", Path(sphinx.__file__).parent / "locale", ["ja"]))
    return script_strings.script_catalog("ja", translator)


def untranslated_script_strings(catalog: dict) -> list[str]:
    """The script strings that would show blank or in English."""
    bad = []
    for message in script_strings.SCRIPT_MESSAGES:
        english = message if isinstance(message, tuple) else (message,)
        texts = catalog["messages"][english[0]]
        for text in texts if isinstance(texts, list) else [texts]:
            if not text.strip() or text in english:
                bad.append(english[0])
    return bad


def test_the_search_status_line_is_japanese_with_its_count(tmp_path):
    catalog = script_catalog(CATALOG, tmp_path)
    assert catalog["locale"] == "ja" and catalog["plural_expr"] == "0"  # one form for every count
    status = catalog["messages"]["Search finished, found one page matching the search query."]
    assert status == ["検索が終わりました。${resultCount} ページが見つかりました。"]
    assert untranslated_script_strings(catalog) == []


def test_without_the_catalog_entry_the_status_line_is_blank_and_caught(tmp_path):
    # Sphinx's own Japanese catalog maps the status line to "".
    po = polib.pofile(str(CATALOG))
    po.remove(next(e for e in po if e.msgid_plural))
    planted = tmp_path / "planted.po"
    po.save(str(planted))
    catalog = script_catalog(planted, tmp_path / "locale")
    assert untranslated_script_strings(catalog) == ["Search finished, found one page matching the search query."]
