"""MyST's default docutils settings built once, not per translated message (_ext/translation/message_settings.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import frontend
from docutils.parsers.rst import Parser as RSTParser
from myst_parser.mdit_to_docutils import base
from sphinx.errors import ExtensionError

from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))

from translation import message_settings  # noqa: E402


def comparable(settings: frontend.Values) -> dict:
    # A DependencyList has no equality of its own: compare what it holds.
    found = dict(vars(settings))
    deps = found.pop("record_dependencies")
    return {**found, "record_dependencies": (type(deps), deps.list, deps.file)}


def test_a_document_gets_the_default_settings():
    made = message_settings.make_document("page.md").settings
    assert comparable(made) == comparable(frontend.get_default_settings(RSTParser))


def test_each_document_has_its_own_copy():
    first, second = message_settings.make_document(), message_settings.make_document()
    assert first.settings is not second.settings
    first.settings.report_level = 5
    first.settings._config_files.append("changed.cfg")
    first.settings.record_dependencies.add("changed.txt")
    assert second.settings.report_level != 5
    assert "changed.txt" not in second.settings.record_dependencies.list
    assert "changed.cfg" not in message_settings.make_document().settings._config_files


def test_setup_puts_it_in_place_of_mysts(monkeypatch):
    monkeypatch.setattr(base, "make_document", base.make_document)  # restored afterwards
    message_settings.setup(SimpleNamespace())
    assert base.make_document is message_settings.make_document


def test_planted_a_myst_with_another_make_document_is_refused(monkeypatch):
    def make_document(source_path="notset", parser_cls=RSTParser, settings=None):
        return None

    monkeypatch.setattr(base, "make_document", make_document)
    with pytest.raises(ExtensionError, match="make_document"):
        message_settings.setup(SimpleNamespace())
    assert base.make_document is make_document


# ---- a small translated MyST project, built in-process --------------------

CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_parser"{more}]
language = "ja"
locale_dirs = ["locale"]
"""
PAGE = "# Page\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
CATALOG = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Page"
msgstr "ページ"

msgid "First paragraph."
msgstr "一つ目の段落です。"

msgid "Second paragraph."
msgstr "二つ目の段落です。"

msgid "Third paragraph."
msgstr "三つ目の段落です。"
"""


def settings_built(project: Path, monkeypatch, extension: bool) -> tuple[int, str]:
    """How often docutils default settings were built, and the page written."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    more = ', "translation.message_settings"' if extension else ""
    (project / "conf.py").write_text(CONF.format(ext=str(ROOT / "_ext"), more=more), encoding="utf-8")
    (project / "index.md").write_text(PAGE, encoding="utf-8")
    (project / "locale" / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (project / "locale" / "ja" / "LC_MESSAGES" / "index.po").write_text(CATALOG, encoding="utf-8")
    monkeypatch.setattr(base, "make_document", base.make_document)  # restored afterwards
    monkeypatch.setattr(message_settings, "_DEFAULTS", {})
    calls = []
    real = frontend.get_default_settings
    monkeypatch.setattr(frontend, "get_default_settings", lambda *c: calls.append(c) or real(*c))
    monkeypatch.setattr(base, "get_default_settings", frontend.get_default_settings)
    out = project / "_build"
    # In this process: keep Sphinx's directives and roles out of docutils'
    # registry once the build is over, as sphinx-build's own process does.
    with docutils_namespace():
        app = Sphinx(project, project, out / "html", out / "doctrees", "html", status=None, warning=None, freshenv=True)
        app.build()
    return len(calls), (out / "html" / "index.html").read_text(encoding="utf-8")


def test_translated_messages_share_one_set_of_default_settings(tmp_path, monkeypatch):
    built, page = settings_built(tmp_path, monkeypatch, extension=True)
    assert "二つ目の段落です。" in page and "三つ目の段落です。" in page
    assert built <= 1


def test_planted_without_the_extension_each_message_builds_its_own(tmp_path, monkeypatch):
    # The count above can fail: MyST alone builds settings for every message.
    built, page = settings_built(tmp_path, monkeypatch, extension=False)
    assert "二つ目の段落です。" in page
    assert built >= 4
