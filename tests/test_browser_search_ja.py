"""The Japanese search page in a real browser: its words after a real search.

Sphinx's search script writes the result line ("Search finished, found 3
pages matching the search query."), the title and the no-result message
from ``_static/translations.js``. Sphinx's own Japanese file maps the result
line to an empty string; the build writes the file from the interface
catalog instead (``_ext/translation/script_strings.py``). These tests search
the built Japanese site and read what the reader sees, then plant Sphinx's
own file in a copy of the pages and see the blank line caught.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
import sphinx

import browser_checks as bc
from conftest import COUNTER_TITLE, ROOT
from serve import start

CATALOG = ROOT / "locale" / "interface" / "ja" / "LC_MESSAGES" / "sphinx.po"
SPHINX_JA_SCRIPT_STRINGS = Path(sphinx.__file__).parent / "locale" / "ja" / "LC_MESSAGES" / "sphinx.js"
RESULT_LINE = "Search finished, found one page matching the search query."
NO_RESULT = "Your search did not match any documents."


def catalog_text(msgid_start: str) -> str:
    """The interface catalog's Japanese for the message whose English starts with msgid_start."""
    entry = next(e for e in polib.pofile(str(CATALOG)) if e.msgid.startswith(msgid_start))
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


def search(page, base: str, query: str) -> dict:
    """Search the Japanese site for query: the title, the status line and the number of results listed."""
    bc.search_results(page, base, "ja", query)  # waits until the search has finished
    return page.evaluate("""() => ({
        title: document.querySelector("#search-results h2").innerText.trim(),
        status: document.querySelector("#search-results .search-summary").innerText.trim(),
        count: document.querySelectorAll("#search-results ul.search > li").length,
    })""")


def status_problems(shown: dict) -> list[str]:
    """What is wrong with the search page's title and status line after a search that found pages."""
    problems = []
    if not shown["status"]:
        problems.append("the status line is blank")
    elif not re.search(rf"(?<!\d){shown['count']} ページ", shown["status"]):
        problems.append(f"the status line does not give the count {shown['count']}: {shown['status']!r}")
    for where in ("title", "status"):
        if bc.english_words(shown[where]):
            problems.append(f"the {where} is in English: {shown[where]!r}")
    return problems


@pytest.fixture(scope="module")
def served(built_site):
    server, base = start(built_site["html"])
    yield base
    server.shutdown()


def test_the_status_line_gives_the_count_in_japanese(browser, served):
    with bc.fresh_page(browser) as page:
        shown = search(page, served, "勾配")
        strings = [s for s in bc.chrome_strings(page, "ja") if COUNTER_TITLE not in s["text"]]
        interface = bc.english_chrome_problems(strings)
    assert shown["count"] > 1, shown  # a search that finds several pages
    assert interface == []
    assert status_problems(shown) == [], shown
    assert shown["status"] == catalog_text(RESULT_LINE).replace("${resultCount}", str(shown["count"]))
    assert shown["title"] == "検索結果"


def test_the_no_result_message_is_the_catalogs(browser, served):
    with bc.fresh_page(browser) as page:
        shown = search(page, served, "木琴")
    assert shown["count"] == 0
    assert shown["status"] == catalog_text(NO_RESULT)
    assert "カテゴリ" not in shown["status"] and not bc.english_words(shown["status"])


def test_sphinx_own_script_strings_leave_the_line_blank_and_are_caught(browser, built_site, tmp_path):
    html = tmp_path / "html"
    shutil.copytree(built_site["html"] / "ja", html / "ja")
    shutil.copy(SPHINX_JA_SCRIPT_STRINGS, html / "ja" / "_static" / "translations.js")
    server, base = start(html)
    try:
        with bc.fresh_page(browser) as page:
            shown = search(page, base, "勾配")
    finally:
        server.shutdown()
    assert shown["count"] > 1
    assert status_problems(shown) == ["the status line is blank"], shown
