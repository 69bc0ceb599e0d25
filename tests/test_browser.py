"""The built site in a real browser (Chromium), as a reader meets it.

Every page of both languages is opened once, in one browser context, and
checked (see browser_checks.py): it loads cleanly and asks nothing of other
sites, its language switcher leads to the same page in the other language and
back, axe-core finds no serious accessibility problem (in light and dark
mode), nothing sticks out sideways on a phone, and its math, plots and
diagrams render. Then the site-wide checks: search in both languages, the
copy button, the 404 page and the weight of a lesson. The last tests plant
each fault in a copy of the built pages and see the same checks report it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

import browser_checks as bc
from conftest import COUNTER_TITLE, ROOT
from serve import start

LANGS = ("en", "ja")
MAX_LESSON_BYTES = 400_000  # first view of a lesson, cold cache, on the wire


def site_pages(html: Path) -> list[str]:
    """Every page of the build, found by walking it (folders starting with "_" hold assets)."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(html).parts[:-1])
    )


@pytest.fixture(scope="session")
def served(built_site):
    """The built site on a local HTTP server; the base URL ends with "/"."""
    server, base = start(built_site["html"])
    yield base
    server.shutdown()


CHECKS = ("load", "offsite", "switcher", "axe", "dark", "phone", "media", "interface")
# Every kind of interface string is checked, the alt text of a gallery plot
# included (it is translated with the figure's own words).
NOT_INTERFACE = ()
# The title of the example the test build adds (conftest.COUNTER_EXAMPLE),
# which has no translation, shows up in the navigation of the pages near it.
UNTRANSLATED_TEST_PAGE = COUNTER_TITLE


@pytest.fixture(scope="session")
def site_report(browser, served, built_site):
    """Every check on every page: {check: {page: [problem, ...]}}, plus axe's counts."""
    report: dict = {check: {} for check in CHECKS}
    impacts: Counter = Counter()
    media: Counter = Counter()
    interface_strings = 0
    started = time.monotonic()
    context = bc.new_context(browser)
    page = context.new_page()
    pages = site_pages(built_site["html"])
    for rel in pages:
        url = served + rel
        loaded = bc.visit(page, url)
        report["load"][rel] = [p for p in loaded if not p.startswith("request leaves")]
        report["offsite"][rel] = [p for p in loaded if p.startswith("request leaves")]
        report["offsite"][rel] += bc.offsite_reference_problems(page)
        report["media"][rel] = bc.media_problems(page)
        media.update(bc.media_counts(page))
        violations = bc.axe_violations(page)
        impacts.update(v["impact"] for v in violations)
        report["axe"][rel] = bc.describe_violations(violations)
        report["dark"][rel] = bc.dark_mode_problems(page)
        report["phone"][rel] = bc.overflow_problems(page)
        if not rel.startswith("en/"):  # Japanese pages, and the Japanese half of those above the languages
            strings = [
                s for s in bc.chrome_strings(page, "ja")
                if s["kind"] not in NOT_INTERFACE and UNTRANSLATED_TEST_PAGE not in s["text"]
            ]  # fmt: skip
            report["interface"][rel] = bc.english_chrome_problems(strings)
            interface_strings += len(strings)
        lang = rel.split("/", 1)[0]
        if lang in LANGS:
            report["switcher"][rel] = bc.switcher_problems(page, served)
            if lang == "en" and not report["switcher"][rel]:
                # Click there and back: this follows the Japanese page's link too.
                report["switcher"][rel] = bc.round_trip_problems(page, served, "ja")
        else:  # above the languages: the root page and the 404 page
            report["switcher"][rel] = bc.chooser_problems(page, served)
    context.close()
    seconds = time.monotonic() - started
    return {"problems": report, "pages": pages, "axe": impacts, "media": media, "seconds": seconds,
            "interface_strings": interface_strings}  # fmt: skip


def failures(site_report, check: str) -> dict:
    """{page: problems} of one check, for the pages where it found any."""
    return {page: problems for page, problems in site_report["problems"][check].items() if problems}


def test_every_page_of_both_languages_is_checked(site_report):
    pages = site_report["pages"]
    for lang in LANGS:
        assert f"{lang}/index.html" in pages and f"{lang}/tensors.html" in pages
    assert {"index.html", "404.html"} <= set(pages)
    en = {p[3:] for p in pages if p.startswith("en/")}
    ja = {p[3:] for p in pages if p.startswith("ja/")}
    assert en == ja


def test_pages_load_without_errors(site_report):
    assert not failures(site_report, "load")


def test_nothing_is_fetched_from_other_sites(site_report):
    assert not failures(site_report, "offsite")


def test_language_switcher_leads_to_the_same_page_and_back(site_report):
    assert not failures(site_report, "switcher")


def test_axe_finds_no_serious_violation(site_report, capsys):
    with capsys.disabled():
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(site_report["axe"].items())) or "none"
        print(f"\naxe-core violations over {len(site_report['pages'])} pages, by impact: {counts}"
              f" (all checks on every page took {site_report['seconds']:.1f} s)")
    assert not failures(site_report, "axe")
    dark = failures(site_report, "dark")
    assert not dark, "\n".join(f"{page}: {p}" for page, problems in dark.items() for p in problems)


def test_nothing_overflows_on_a_phone(site_report):
    assert not failures(site_report, "phone")


def test_japanese_pages_have_no_english_interface(site_report):
    # Theme, Sphinx, copy button, footer and 404 page: every string a reader
    # sees or a screen reader reads (see browser_checks.CHROME_STRINGS_JS).
    assert site_report["interface_strings"] > 500  # the check saw the interface
    assert not failures(site_report, "interface")


@pytest.mark.parametrize("text, english", [
    ("この見出しへのリンク", []),
    ("PyTorch のモデル", []),
    ("PyTorch Lessons", []),
    ("Ctrl+K", []),
    ("© 2026 PyTorch Lessons の著者", []),
    ("Link to this heading", ["Link", "to", "this", "heading"]),
    ("Search the docs ...", ["Search", "the", "docs"]),
    ("Copied!", ["Copied"]),
    ("© Copyright 2026, PyTorch Lessons authors.", ["Copyright", "authors"]),
])  # fmt: skip
def test_english_interface_strings_are_told_from_japanese(text, english):
    assert bc.english_words(text) == english


def test_math_plots_and_diagrams_render(site_report):
    assert not failures(site_report, "media")
    # The checks saw something to check: the lessons have math, the gallery plots.
    assert site_report["media"]["math"] >= 2
    assert site_report["media"]["plots"] >= 2


@pytest.mark.parametrize("locale, lands_on", [("ja-JP", "ja/index.html"), ("en-GB", "en/index.html"), ("de-DE", "index.html")])
def test_root_page_follows_the_browser_language(browser, served, locale, lands_on):
    with bc.fresh_page(browser, locale=locale) as page:
        page.goto(served + "index.html")
        page.wait_for_load_state("load")
        assert bc.site_path(page.url, served) == lands_on


def test_missing_page_gets_the_404_page_in_both_languages(browser, served):
    with bc.fresh_page(browser) as page:
        # Deep below a language, where relative links would go astray.
        url = served + "ja/gallery/no/such-page.html"
        assert not bc.visit(page, url, expect_status=404)
        text = page.inner_text("body")
        assert "Page not found" in text and "ページが見つかりません" in text
        assert not bc.chooser_problems(page, served)
        assert not bc.offsite_reference_problems(page)
        assert not bc.axe_problems(page)
        assert not bc.overflow_problems(page)
        with page.expect_navigation():
            page.click("a[hreflang='ja']")
        assert bc.site_path(page.url, served) == "ja/index.html"


# -- Hosting ------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
BASE_PATH = "${{ steps.pages.outputs.base_path }}"


def workflow_build_steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def test_deploy_builds_from_records_and_publishes_the_whole_site():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build = flow["jobs"]["build"]
    assert any("RECORDS=require make html" in step.get("run", "") for step in build["steps"])
    upload = [step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert [step["with"]["path"] for step in upload] == ["_build/html"]
    assert flow["jobs"]["deploy"]["needs"] == "build"


def test_404_page_works_below_a_sub_path(browser, built_site, tmp_path):
    # Publish the build one folder down, as a project site is, with the
    # workflow's own rewrite of the 404 page.
    work = tmp_path / "work" / "_build" / "html"
    shutil.copytree(built_site["html"], work, copy_function=os.symlink)
    (work / "404.html").unlink()
    shutil.copy(built_site["html"] / "404.html", work / "404.html")
    [step] = [step for step in workflow_build_steps() if "404.html" in step.get("run", "")]
    # The step reads the site's path from its env: as Actions does, put the
    # value there (the expression it names, replaced by a project site's path).
    env = {name: value.replace(BASE_PATH, "/lessons") for name, value in step.get("env", {}).items()}
    assert "/lessons" in env.values(), step  # the step still takes the path from the Pages step
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path / "work", check=True, env={**os.environ, **env})
    (tmp_path / "host").mkdir()
    (tmp_path / "host" / "lessons").symlink_to(work)
    server, base = start(tmp_path / "host")
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, base + "lessons/404.html")
        assert not bc.chooser_problems(page, base + "lessons/")
        with page.expect_navigation():
            page.click("a[hreflang='en']")
        assert bc.site_path(page.url, base) == "lessons/en/index.html"
        server.shutdown()


# -- Search ---------------------------------------------------------------------


def test_search_for_a_missing_word_lists_nothing(browser, served):
    context = bc.new_context(browser)
    try:
        assert bc.search_results(context.new_page(), served, "en", "xylophone") == []
    finally:
        context.close()


@pytest.mark.parametrize("lang, query", [("ja", "勾配"), ("en", "gradient")])
def test_search_finds_the_autograd_lesson(browser, served, lang, query):
    with bc.fresh_page(browser) as page:
        found = bc.search_results(page, served, lang, query)
        assert f"{lang}/autograd.html" in found, found


# What a Japanese reader types into the search box, and the page that teaches
# it: that page must be among the first three results. One line per query;
# add the terms of new lessons here.
JAPANESE_QUERIES = {
    "テンソル": "tensors",
    "形状": "tensors",
    "データ型": "tensors",
    "行列積": "tensors",
    "要素ごと": "tensors",
    "ブロードキャスト": "tensors",
    "自動微分": "autograd",
    "autograd": "autograd",
    "勾配": "autograd",
    "計算グラフ": "autograd",
    "デバイス": "gpu",
    "GPU": "gpu",
    "インストール": "installing",
    "オプティマイザー": "training-a-classifier",
    "学習率": "what-is-pytorch",
    "勾配降下法": "first-program",
    "損失関数": "concepts/training-flow",
    "エポック": "training-a-classifier",
    "畳み込み": "concepts/convolution",
    "活性化関数": "concepts/convolution",
    "順伝播": "gallery/plot_02_training_flow",
    "逆伝播": "gallery/plot_02_training_flow",
    "バッチ": "data",
    "推論": "gallery/plot_03_inference_flow",
    "カーネル": "gallery/plot_01_deep_learning_on_gpu",
    # A phrase: the query splitter cuts it into 損失関数 and 計算.
    "損失関数の計算": "concepts/training-flow",
}


@pytest.fixture(scope="module")
def search_page(browser):
    context = bc.new_context(browser)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("query, teaches", JAPANESE_QUERIES.items())
def test_japanese_search_finds_the_page_that_teaches_a_term(search_page, served, query, teaches):
    found = bc.search_results(search_page, served, "ja", query)
    assert f"ja/{teaches}.html" in found[:3], found[:5]


def test_japanese_search_for_a_word_the_site_never_uses_lists_nothing(search_page, served):
    assert bc.search_results(search_page, served, "ja", "木琴") == []


def test_japanese_query_without_the_site_splitter_is_caught(browser, faulty):
    # Sphinx's own splitQuery keeps 損失関数の計算 as one word, which no page holds.
    html, base = faulty
    plant(html, "ja/_static/language_data.js", "var splitQuery = ", "var unusedSplitQuery = ")
    with bc.fresh_page(browser) as page:
        assert bc.search_results(page, base, "ja", "損失関数の計算") == []
        assert "ja/concepts/training-flow.html" in bc.search_results(page, base, "ja", "損失関数")


# -- Copy button ------------------------------------------------------------


def test_copy_button_copies_code_that_runs(browser, served):
    copied: list = []
    with bc.fresh_page(browser, permissions=["clipboard-read", "clipboard-write"]) as page:
        assert not bc.visit(page, served + "en/tensors.html")
        assert not bc.copy_problems(page, copied)
    assert len(copied) >= 2
    # Paste the first snippet into an interactive Python: it runs and prints
    # what the page shows under it.
    code, output = copied[0]
    result = subprocess.run([sys.executable, "-q", "-i"], input=code + "\n", capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0
    assert result.stdout.splitlines() == output


# -- Weight -------------------------------------------------------------------


def test_a_lesson_is_light_on_first_view(browser, served, capsys):
    weight = bc.page_weight(browser, served + "en/tensors.html")
    with capsys.disabled():
        print(
            f"\nen/tensors.html, first view: {weight['bytes'] / 1000:.0f} kB on the wire in {weight['requests']}"
            f" requests ({weight['uncompressed_body_bytes'] / 1000:.0f} kB uncompressed)"
        )
    assert not weight["problems"]
    assert weight["bytes"] <= MAX_LESSON_BYTES


# -- Planted faults -----------------------------------------------------------


@pytest.fixture
def faulty(built_site, tmp_path):
    """A copy of the built pages to plant faults in, and a server for it."""
    html = tmp_path / "html"
    # Links to the built files are enough: plant() writes a real file in place of one.
    shutil.copytree(built_site["html"], html, copy_function=os.symlink)
    server, base = start(html)
    yield html, base
    server.shutdown()


def plant(html: Path, rel: str, old: str, new: str) -> None:
    """Replace old with new in a built page (every occurrence: the theme repeats some parts)."""
    path = html / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.unlink()
    path.write_text(text.replace(old, new), encoding="utf-8")


ARTICLE = '<article class="bd-article">'


def test_broken_switcher_link_is_caught(browser, faulty):
    html, base = faulty
    plant(html, "en/tensors.html", 'href="../ja/tensors.html" hreflang="ja"', 'href="../ja/index.html" hreflang="ja"')
    with bc.fresh_page(browser) as page:
        bc.visit(page, base + "en/tensors.html")
        problems = bc.switcher_problems(page, base)
        assert any("leads to ja/index.html, not ja/tensors.html" in p for p in problems), problems
        assert bc.round_trip_problems(page, base, "ja") == ["switching to ja led to ja/index.html"]


def test_external_script_is_blocked_and_caught(browser, faulty):
    html, base = faulty
    plant(html, "en/tensors.html", "</head>", '<script src="https://example.invalid/x.js"></script>\n</head>')
    blocked: list[str] = []
    with bc.fresh_page(browser, blocked=blocked) as page:
        problems = bc.visit(page, base + "en/tensors.html")
        assert "request leaves the site: https://example.invalid/x.js" in problems
        assert any("example.invalid" in p for p in bc.offsite_reference_problems(page))
        assert blocked == ["https://example.invalid/x.js"]  # stopped in the browser, never sent


def test_image_without_alt_text_is_caught(browser, faulty):
    html, base = faulty
    plant(html, "en/tensors.html", ARTICLE, ARTICLE + '<img src="_static/favicon.svg" width="32" height="32">')
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, base + "en/tensors.html")
        problems = bc.axe_problems(page)
        assert any(p.startswith("image-alt (critical)") for p in problems), problems


def test_low_contrast_is_caught(browser, faulty):
    html, base = faulty
    plant(html, "ja/tensors.html", ARTICLE, ARTICLE + '<p style="color:#ccc">薄い文字</p>')
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, base + "ja/tensors.html")
        assert any(p.startswith("color-contrast (serious)") for p in bc.axe_problems(page))


def test_console_error_and_missing_file_are_caught(browser, faulty):
    html, base = faulty
    plant(html, "en/tensors.html", "</body>", '<script>console.error("planted")</script>\n</body>')
    (html / "en" / "_static" / "site.css").unlink()
    with bc.fresh_page(browser) as page:
        problems = bc.visit(page, base + "en/tensors.html")
        assert "console error: planted" in problems
        assert any(re.fullmatch(r"HTTP 404: .*/en/_static/site\.css\?v=\w+", p) for p in problems), problems


def test_sideways_overflow_on_a_phone_is_caught(browser, faulty):
    html, base = faulty
    # Wide content inside the article scrolls there; this sits outside it.
    plant(html, "en/tensors.html", "</body>", '<p id="planted-wide" style="width:900px">wide</p>\n</body>')
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, base + "en/tensors.html")
        problems = bc.overflow_problems(page)
        assert problems and "p#planted-wide" in problems[0], problems
        assert not bc.overflow_problems(page, viewport=bc.DESKTOP)


def test_copy_button_that_copies_prompts_is_caught(browser, faulty):
    html, base = faulty
    # The copy button as it comes, before conf.py's settings: it copies everything.
    plant(html, "en/_static/copybutton.js", "formatCopyText(text, '>>> |\\\\.\\\\.\\\\. ', true, true, true",
          "formatCopyText(text, '', false, true, true")  # fmt: skip
    with bc.fresh_page(browser, permissions=["clipboard-read", "clipboard-write"]) as page:
        assert not bc.visit(page, base + "en/tensors.html")
        problems = bc.copy_problems(page)
        assert problems and any("the copy has prompts" in p for p in problems), problems


DIAGRAM = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#0b5cad"/></svg>'


def test_diagrams_plots_and_math_that_fail_are_caught(browser, faulty):
    html, base = faulty
    (html / "en" / "_images" / "diagram.svg").write_text(DIAGRAM, encoding="utf-8")
    (html / "en" / "_images" / "broken.svg").write_text(DIAGRAM[:40], encoding="utf-8")
    figures = (
        '<figure><img src="_images/diagram.svg" alt="A blue box"></figure>'
        '<figure><img src="_images/broken.svg" alt="A broken drawing"></figure>'
        '<code class="math-error">\\frac{1}{</code>'
    )
    with bc.fresh_page(browser) as page:
        bc.visit(page, base + "en/tensors.html")
        before = bc.media_counts(page)["svg_images"]
    plant(html, "en/tensors.html", ARTICLE, ARTICLE + figures)
    with bc.fresh_page(browser) as page:
        bc.visit(page, base + "en/tensors.html")
        assert bc.media_counts(page)["svg_images"] == before + 2
        problems = bc.media_problems(page)
        assert problems == ["math not converted: <code class=\"math-error\">\\frac{1}{</code>",
                            "image did not load: _images/broken.svg"], problems  # fmt: skip


def test_english_interface_string_is_caught(browser, faulty):
    html, base = faulty
    plant(html, "ja/tensors.html", 'aria-label="サイト内を検索…"', 'aria-label="Search the docs ..."')
    plant(html, "ja/tensors.html", "© 2026 PyTorch Lessons の著者", "© Copyright 2026, PyTorch Lessons authors.")
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, base + "ja/tensors.html")
        # The course column lists the test build's untranslated example on every page.
        strings = [s for s in bc.chrome_strings(page) if UNTRANSLATED_TEST_PAGE not in s["text"]]
        problems = bc.english_chrome_problems(strings)
        assert "aria-label of input.form-control: 'Search the docs ...'" in problems, problems
        assert "text of p.copyright: '© Copyright 2026, PyTorch Lessons authors.'" in problems, problems
        assert len(problems) == 2, problems


def test_request_that_never_finishes_is_caught(browser, faulty, monkeypatch):
    # visit() waits for requests as long as they take, up to PATIENCE_S.
    html, base = faulty
    plant(html, "en/tensors.html", "</body>",
          '<script>addEventListener("load", () => fetch("_static/never-answered"))</script>\n</body>')  # fmt: skip
    monkeypatch.setattr(bc, "PATIENCE_S", 2.0)
    with bc.fresh_page(browser) as page:
        page.route("**/never-answered", lambda route: None)  # held, never answered
        problems = bc.visit(page, base + "en/tensors.html")
    assert problems == [f"still loading after 2 s: {base}en/_static/never-answered"], problems


def test_ranking_without_the_japanese_scorer_is_caught(browser, faulty):
    # Every page that mentions 勾配 scores the same without it, and the
    # autograd lesson falls behind pages that mention it once.
    html, base = faulty
    plant(html, "ja/_static/language_data.js", "Scorer.score = ", "Scorer.unused = ")
    with bc.fresh_page(browser) as page:
        assert "ja/autograd.html" not in bc.search_results(page, base, "ja", "勾配")[:3]
