"""Checks on a real build of the site in both languages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from conftest import ROOT, build_cmd, doctest_cmd, run

LANGS = ("en", "ja")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.switcher: list[tuple[str, str]] = []
        self._in_switcher = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and "language-switcher" in (a.get("class") or ""):
            self._in_switcher += 1
        elif tag == "a" and self._in_switcher:
            self.switcher.append((a.get("hreflang"), a.get("href")))

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_switcher:
            self._in_switcher -= 1


def pages(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.html") if "_static" not in p.parts}


def test_same_pages_in_both_languages(built_site):
    html = built_site["html"]
    en, ja = pages(html / "en"), pages(html / "ja")
    assert {"index.html", "tensors.html", "gallery/plot_06_linear_fit_watched.html"} <= en
    assert en == ja


def test_root_page_links_to_both_languages(built_site):
    root = (built_site["html"] / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f'href="{lang}/index.html"' in root
        assert (built_site["html"] / lang / "index.html").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_points_at_the_same_page(built_site, lang):
    html = built_site["html"]
    other = "ja" if lang == "en" else "en"
    for page in sorted(pages(html / lang)):
        parser = Links()
        parser.feed((html / lang / page).read_text(encoding="utf-8"))
        targets = {href for code, href in parser.switcher if code == other}
        assert targets, f"{lang}/{page}: no link to {other}"
        for href in targets:
            resolved = ((html / lang / page).parent / href).resolve()
            assert resolved == (html / other / page).resolve(), f"{lang}/{page} -> {href}"


# A paragraph (or table cell) of inline code alone, such as `np.zeros((2, 3))`,
# reads the same in every language: it is not prose.
CODE_ONLY = re.compile(r"(?:\s*<code\b[^>]*>(?:(?!</code>).)*</code>[\s,]*)+", re.S)


def paragraphs(page: Path) -> list[str]:
    """The text of each prose paragraph of a page."""
    found = re.findall(r"<p>(.*?)</p>", page.read_text(encoding="utf-8"), re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", p).strip() for p in found if not CODE_ONLY.fullmatch(p)]


def test_paragraphs_skip_code_only_cells(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<p><code class="literal"><span class="pre">np.transpose(a,</span> <span class="pre">(2,</span></code></p>'
        '<p><code class="literal">a.sum()</code>, <code class="literal">t.sum()</code></p>'
        '<p><code class="literal">dim</code> instead of <code class="literal">axis</code></p>',
        encoding="utf-8",
    )
    prose = paragraphs(page)
    assert len(prose) == 1 and "instead of" in prose[0], prose


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def language_problems(html: Path, page: str) -> list[str]:
    """Why the Japanese copy of a page is not Japanese (empty when it is)."""
    problems = []
    if '<html lang="ja"' not in (html / "ja" / page).read_text(encoding="utf-8"):
        problems.append("not marked lang=ja")
    ja_paras = paragraphs(html / "ja" / page)
    en_paras = set(paragraphs(html / "en" / page))
    # A paragraph of prose that reads the same as the English one was not translated.
    problems += [f"untranslated: {p[:80]!r}" for p in ja_paras if len(p) > 20 and p in en_paras]
    if not any(JAPANESE.search(p) for p in ja_paras):
        problems.append("no Japanese paragraph")
    return problems


def test_japanese_pages_are_japanese(built_site):
    html = built_site["html"]
    for page in sorted(pages(html / "ja")):
        if page in ("genindex.html", "search.html") or "run_counter" in page:
            continue
        assert not language_problems(html, page), (page, language_problems(html, page))


def test_untranslated_page_is_caught(built_site):
    # The run-counter example exists only in the test copy, with no catalog.
    problems = language_problems(built_site["html"], "gallery/plot_99_run_counter.html")
    assert any(p.startswith("untranslated") for p in problems), problems


def test_every_catalog_is_translated():
    catalogs = sorted((ROOT / "locale" / "ja" / "LC_MESSAGES").rglob("*.po"))
    assert catalogs
    for path in catalogs:
        po = polib.pofile(str(path))
        assert not po.untranslated_entries(), f"{path}: {po.untranslated_entries()[0].msgid!r}"
        assert not po.fuzzy_entries(), f"{path}: {po.fuzzy_entries()[0].msgid!r}"


def test_gallery_ran_once_for_both_languages(built_site):
    assert built_site["first_build_runs"] == ["ran"]
    for lang in LANGS:
        page = (built_site["html"] / lang / "gallery" / "plot_99_run_counter.html").read_text(encoding="utf-8")
        assert "counted" in page


# What gallery/_support.py's device_label prints: "CPU", or a GPU's name and backend.
DEVICE_LINE = re.compile(r"device: (?:CPU|[^\n<]+ \((?:CUDA \d[\d.]*|ROCm, HIP \d[\w.+-]*)\))\s*$", re.M)
# The example fits y = 3x + 2 to 100 noisy points (noise 0.3): the fit is
# within a few hundredths of the line; 0.15 leaves room for any device.
FITTED = re.compile(r"^w = (?P<w>-?\d+\.\d+), b = (?P<b>-?\d+\.\d+)$", re.M)


def fitted_line(page: str) -> tuple[float, float] | None:
    match = FITTED.search(page)
    return (float(match["w"]), float(match["b"])) if match else None


def fit_problem(page: str) -> str | None:
    """Why a page does not show the example's fit of y = 3x + 2, or None."""
    fit = fitted_line(page)
    if fit is None:
        return "no 'w = ..., b = ...' line"
    if abs(fit[0] - 3) >= 0.15 or abs(fit[1] - 2) >= 0.15:
        return f"the fit w = {fit[0]}, b = {fit[1]} is not within 0.15 of w = 3, b = 2"
    return None


def test_output_checks_can_fail():
    assert DEVICE_LINE.search("device: CPU\n")
    assert DEVICE_LINE.search("device: AMD Instinct MI300X (ROCm, HIP 6.4.1)\n")
    assert DEVICE_LINE.search("device: NVIDIA H100 (CUDA 12.8)\n")
    assert not DEVICE_LINE.search("device: \nsomething (ROCm later\n")
    assert not DEVICE_LINE.search("no device here (ROCm, HIP 6.4)\n")
    assert fit_problem("step 80: loss = 0.0900\nw = 2.997, b = 2.011\n") is None
    assert fit_problem("step 80: loss = 0.0900\nw = 2.512, b = 1.100\n") == (
        "the fit w = 2.512, b = 1.1 is not within 0.15 of w = 3, b = 2"
    )
    assert fit_problem("step 80: loss = 0.0900\nw = 3.001, b = 2.400\n") is not None  # b alone is off
    assert fit_problem("step 80: loss = 0.0900\n") == "no 'w = ..., b = ...' line"


def test_gallery_page_has_output_and_plot(built_site):
    for lang in LANGS:
        page = (built_site["html"] / lang / "gallery" / "plot_06_linear_fit_watched.html").read_text(encoding="utf-8")
        assert DEVICE_LINE.search(page), lang
        assert fit_problem(page) is None, (lang, fit_problem(page))
        figure = re.search(r'src="\.\./_images/(plot_06_linear_fit_watched_cpu_\d{3}\.svg)"', page)
        assert figure, lang
        assert (built_site["html"] / lang / "_images" / figure.group(1)).exists()


def test_math_is_mathml(built_site):
    page = (built_site["html"] / "en" / "tensors.html").read_text(encoding="utf-8")
    assert page.count("<math") >= 3
    assert 'display="block"' in page
    assert "mathjax" not in page.lower()


def search_terms(html: Path) -> set[str]:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["terms"])


def test_search_index_speaks_each_language(built_site):
    ja = search_terms(built_site["html"] / "ja")
    en = search_terms(built_site["html"] / "en")
    assert "テンソル" in ja  # the Japanese splitter made a word of it
    assert "tensor" in en
    assert not any("テンソル" in term for term in en)


def test_copybutton_copies_code_only(built_site):
    js = (built_site["html"] / "en" / "_static" / "copybutton.js").read_text(encoding="utf-8")
    # prompt regexp, is-regexp, only-copy-prompt-lines (drops output), remove prompts
    assert r"formatCopyText(text, '>>> |\\.\\.\\. ', true, true, true" in js


def test_rebuild_runs_no_example(built_site):
    site = built_site["site"]
    runs = built_site["counter"].read_text().splitlines()
    (site / "docs" / "tensors.md").touch()
    result = run(build_cmd(site), cwd=site, env=built_site["env"])
    assert result.returncode == 0, result.stdout[-4000:]
    assert built_site["counter"].read_text().splitlines() == runs


SNIPPET_DIRECTIVES = ("{doctest}", "{testcode}")


def snippets(text: str) -> int:
    """The doctest and testcode directives of a MyST page, read with MyST's parser."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    parser = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist", "dollarmath"}), RendererHTML)
    count = 0
    for token in parser.parse(text):
        if token.type in ("fence", "colon_fence"):
            name = token.info.split()[0] if token.info.split() else ""
            if name in SNIPPET_DIRECTIVES:
                count += 1
            elif name.startswith("{"):
                count += snippets(token.content)  # a directive holding more markup
    return count


def snippets_in_sources() -> list[Path]:
    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        if "_build" not in page.parts:
            found += [page] * snippets(page.read_text(encoding="utf-8"))
    return found


def test_snippet_count_can_fail():
    page = "```{doctest}\n>>> 1\n1\n```\n\n````{note}\n```{testcode}\nprint(1)\n```\n````\n\n```console\n$ ls\n```\n"
    assert snippets(page) == 2
    assert len(snippets_in_sources()) > 50


def test_doctest_counts_and_lists_skips(built_site):
    site = built_site["site"]
    result = run(doctest_cmd(site), cwd=site)
    assert result.returncode == 0, result.stdout[-4000:]
    summary = (site / "_build" / "doctest" / "summary.txt").read_text(encoding="utf-8").splitlines()
    match = re.fullmatch(r"doctest: (\d+) passed, 0 failed, (\d+) skipped", summary[-1])
    assert match, summary
    passed, skipped = map(int, match.groups())
    assert passed + skipped == len(snippets_in_sources()), (passed, skipped)
    listed = [line for line in summary if line.strip().startswith("skipped:")]
    assert len(listed) == skipped
    for line in listed:
        assert re.search(r"docs/\S+\.md:\d+ \(skipif: ", line), line


def test_gallery_thumbnails_titled_in_each_language(built_site):
    pattern = r'<div class="sphx-glr-thumbnail-title">([^<]*)</div>'
    ja = (built_site["html"] / "ja" / "gallery" / "index.html").read_text(encoding="utf-8")
    en = (built_site["html"] / "en" / "gallery" / "index.html").read_text(encoding="utf-8")
    assert "「初めて通しで書くプログラム」の動きを観察する" in re.findall(pattern, ja)
    assert "The first complete program, watched" in re.findall(pattern, en)
    assert "tooltip=" not in ja
