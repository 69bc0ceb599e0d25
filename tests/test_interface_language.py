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

import polib
import pytest
import sphinx_copybutton

from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))

from translation import interface_language  # noqa: E402

CATALOG = ROOT / "locale" / "interface" / "ja" / "LC_MESSAGES" / "sphinx.po"
COPYBUTTON_JS = Path(sphinx_copybutton.__file__).parent / "_static" / "copybutton.js_t"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


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
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid}")
        elif sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr)):
            problems.append(f"placeholders differ: {entry.msgid}")
    return problems


def test_interface_catalog_is_complete_and_valid():
    assert not catalog_problems(CATALOG)


@pytest.mark.parametrize("old, new, problem", [
    ('msgstr "この見出しへのリンク"', 'msgstr ""', "untranslated: Link to this heading"),
    ('msgstr "© %(copyright)s"', 'msgstr "© 著作権"', "placeholders differ: © Copyright %(copyright)s."),
    ('msgid "More"\n', '#, fuzzy\nmsgid "More"\n', "fuzzy: More"),
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
