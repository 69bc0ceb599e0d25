"""The exercises pages hide every solution until the reader opens it.

Each solution (five on the first page, three on the second) sits in a sphinx-design dropdown (an HTML
``<details>`` element) that is closed when the page loads and holds at least
one code block. The check runs on the built page in both languages, and on
small HTML strings and a planted fault to show that it can fail.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from conftest import build_cmd, run

LANGS = ("en", "ja")
EXERCISES = 5
# Each exercises page and how many solutions it has.
PAGES = {"exercises": EXERCISES, "exercises-2": 3}


class Dropdowns(HTMLParser):
    """Collects each dropdown on a page: is it open, how many code blocks it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []
        self._depth = 0  # <details> nesting inside the current dropdown

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details":
            if self._depth:
                self._depth += 1
            elif "sd-dropdown" in (a.get("class") or "").split():
                self.found.append({"open": "open" in a, "code": 0})
                self._depth = 1
        elif tag == "pre" and self._depth:
            self.found[-1]["code"] += 1

    def handle_endtag(self, tag):
        if tag == "details" and self._depth:
            self._depth -= 1


def dropdown_problems(html: str, expected: int = EXERCISES) -> list[str]:
    """Why a page's solutions are not hidden code (empty when they are)."""
    parser = Dropdowns()
    parser.feed(html)
    problems = []
    if len(parser.found) != expected:
        problems.append(f"{len(parser.found)} dropdowns, expected {expected}")
    for n, dropdown in enumerate(parser.found, 1):
        if dropdown["open"]:
            problems.append(f"dropdown {n} is open")
        if not dropdown["code"]:
            problems.append(f"dropdown {n} holds no code block")
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_solutions_are_closed_dropdowns_with_code(built_site, lang, name):
    page = (built_site["html"] / lang / f"{name}.html").read_text(encoding="utf-8")
    assert dropdown_problems(page, expected=PAGES[name]) == []


def dropdown(attrs: str = "", body: str = "<pre>print(1)</pre>") -> str:
    return f'<details class="sd-sphinx-override sd-dropdown sd-card"{attrs}><summary>Solution</summary>{body}</details>'


def test_closed_dropdown_with_code_passes():
    assert dropdown_problems(dropdown(), expected=1) == []


def test_open_dropdown_is_flagged():
    assert dropdown_problems(dropdown() + dropdown(" open"), expected=2) == ["dropdown 2 is open"]


def test_dropdown_without_code_is_flagged():
    page = dropdown(body="<p>The answer is 6.</p>") + "<pre>outside</pre>"
    assert dropdown_problems(page, expected=1) == ["dropdown 1 holds no code block"]


def test_missing_dropdown_is_flagged():
    assert dropdown_problems(dropdown() * 4) == ["4 dropdowns, expected 5"]


def test_nested_details_stay_in_their_dropdown():
    inner = "<details><summary>more</summary><p>text</p></details>"
    page = dropdown(body=inner + "<pre>code</pre>") + dropdown()
    assert dropdown_problems(page, expected=2) == []


def test_solution_opened_in_the_source_is_caught(site):
    # One build for both pages: the first solution of each is opened.
    for name, count in PAGES.items():
        page = site / "docs" / f"{name}.md"
        text = page.read_text(encoding="utf-8")
        assert text.count(":::{dropdown} Solution\n") == count
        page.write_text(text.replace(":::{dropdown} Solution\n", ":::{dropdown} Solution\n:open:\n", 1), encoding="utf-8")
    result = run(build_cmd(site, "--noplot", "--languages", "en"), cwd=site)
    assert result.returncode == 0, result.stdout[-3000:]
    for name, count in PAGES.items():
        html = (site / "_build" / "html" / "en" / f"{name}.html").read_text(encoding="utf-8")
        assert dropdown_problems(html, expected=count) == ["dropdown 1 is open"]
