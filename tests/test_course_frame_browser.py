"""The course frame in a browser: the path in the left column, no empty code box, edit and report links.

The site is built once with its repository known (``site_repository``, as the
Makefile sets it from GitHub Actions' variables) and opened in Chromium, in
both languages, at 1280 px and in the phone drawer. What the left column
must show is read from the home page's toctrees (``docs/index.md``): one
chapter a caption, its pages in order, numbered where the toctree is. The
site without a repository (``built_site``, a local build) must have no edit
or report links at all. The last tests plant each fault in a copy of the
built pages and see the same checks report it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import browser_checks as bc
from conftest import build_cmd, run
from course_checks import (
    REPOSITORY, chapters, course_nav_problems, empty_code_problems, open_drawer, source_link_problems,
)  # fmt: skip
from serve import start
from sitecopy import copy_site

LANGS = ("en", "ja")
# One page of each kind, with the toctree caption (chapter) it sits under.
PAGES = {
    "tensors": "Chapter 1",  # a lesson
    "concepts/convolution": "Concepts",  # a concept page
    "exercises-2": "Chapter 2",  # exercises
    "gallery/plot_02_training_flow": "See it run",  # a gallery example
}


# -- The site with its repository known -----------------------------------------


@pytest.fixture(scope="session")
def frame_site(tmp_path_factory):
    """A copy of the site built with site_repository set, served; yields (html folder, base URL)."""
    site = copy_site(tmp_path_factory.mktemp("frame") / "site")
    result = run(build_cmd(site, "--define", f"site_repository={REPOSITORY}"), cwd=site)
    assert result.returncode == 0, result.stdout[-6000:]
    html = site / "_build" / "html"
    server, base = start(html)
    yield html, base
    server.shutdown()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("docname", PAGES)
def test_the_left_column_shows_the_course_with_the_page_marked(browser, frame_site, lang, docname):
    _, base = frame_site
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, f"{base}{lang}/{docname}.html")
        assert not course_nav_problems(page, docname, f"/{lang}/")
        # The chapter under which the page sits is the one the home page names.
        if lang == "en":
            caption = page.inner_text("nav.course-nav li.toctree-l0:has(details[open]) > details > summary")
            assert caption.strip() == PAGES[docname]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("docname", ["autograd", "gallery/plot_02_training_flow"])
def test_the_phone_drawer_shows_the_course(browser, frame_site, lang, docname):
    _, base = frame_site
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, f"{base}{lang}/{docname}.html")
        open_drawer(page)
        assert not course_nav_problems(page, docname, f"/{lang}/", scope="#pst-primary-sidebar-modal")


def test_the_home_page_keeps_its_cards_and_no_left_column(browser, frame_site):
    _, base = frame_site
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, f"{base}en/index.html")
        assert page.locator("nav.course-nav").count() == 0
        assert page.locator(".sd-card").count() >= 4


def test_previous_and_next_follow_the_path(browser, frame_site):
    _, base = frame_site
    order = [entry for chapter in chapters() for entry in chapter["entries"]]
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, f"{base}en/tensors.html")
        links = page.eval_on_selector_all(".prev-next-area a", "links => links.map(a => a.href)")
        at = order.index("tensors")
        assert [bc.site_path(h, base) for h in links] == [f"en/{order[at - 1]}.html", f"en/{order[at + 1]}.html"]


def test_no_page_of_either_language_has_an_empty_code_block(browser, frame_site):
    html, base = frame_site
    pages = sorted(p.relative_to(html).as_posix() for lang in LANGS for p in (html / lang).rglob("*.html")
                   if not any(part.startswith("_") for part in p.relative_to(html / lang).parts))  # fmt: skip
    gallery = [p for p in pages if "/gallery/plot_" in p]
    assert len(gallery) >= 2 * 7, gallery  # every example page of both languages is among them
    found = {}
    with bc.fresh_page(browser) as page:
        for rel in pages:
            page.goto(base + rel, wait_until="load")
            if problems := empty_code_problems(page):
                found[rel] = problems
    assert not found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("docname", PAGES)
def test_edit_and_report_links_lead_to_the_source_and_a_new_issue(browser, frame_site, lang, docname):
    _, base = frame_site
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, f"{base}{lang}/{docname}.html")
        assert not source_link_problems(page, lang, docname)
        # Links, not fetched resources: the page asked nothing of the repository's site.
        assert not bc.offsite_reference_problems(page)


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_repository_there_are_no_edit_or_report_links(browser, built_site, lang):
    server, base = start(built_site["html"])
    try:
        with bc.fresh_page(browser) as page:
            for docname in PAGES:
                assert not bc.visit(page, f"{base}{lang}/{docname}.html")
                assert page.locator("nav.source-links").count() == 0
                hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
                assert not [h for h in hrefs if "/edit/" in h or "/issues/new" in h]
    finally:
        server.shutdown()


def test_a_lesson_with_the_frame_is_light_on_first_view(browser, frame_site, capsys):
    _, base = frame_site
    weight = bc.page_weight(browser, base + "ja/tensors.html")
    with capsys.disabled():
        print(f"\nja/tensors.html with the course frame, first view: {weight['bytes'] / 1000:.0f} kB"
              f" on the wire in {weight['requests']} requests")  # fmt: skip
    assert not weight["problems"]
    assert weight["bytes"] <= 400_000


# -- Planted faults -----------------------------------------------------------


@pytest.fixture
def faulty_frame(frame_site, tmp_path):
    """A copy of the built pages (links to them) to plant faults in, and a server for it."""
    html = tmp_path / "html"
    shutil.copytree(frame_site[0], html, copy_function=os.symlink)
    server, base = start(html)
    yield html, base
    server.shutdown()


def plant(html: Path, rel: str, pattern: str, new: str, count: int = 0) -> None:
    """Replace what matches pattern in a built page with new (a real file in place of the link)."""
    path = html / rel
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=count, flags=re.S)
    assert n, f"{pattern!r} not in {rel}"
    path.unlink()
    path.write_text(changed, encoding="utf-8")


def planted_problems(browser, base: str, rel: str, check) -> list[str]:
    with bc.fresh_page(browser) as page:
        assert not bc.visit(page, base + rel)
        return check(page)


def test_a_missing_course_column_is_caught(browser, faulty_frame):
    html, base = faulty_frame
    plant(html, "en/tensors.html", r'<nav class="bd-docs-nav bd-links course-nav".*?</nav>', "")
    assert planted_problems(browser, base, "en/tensors.html", lambda p: course_nav_problems(p, "tensors", "/en/"))


def test_a_wrong_chapter_open_is_caught(browser, faulty_frame):
    html, base = faulty_frame
    # The reader's chapter folded, the next one opened.
    plant(html, "en/tensors.html", r"<details open>(.*?)<details>", r"<details>\1<details open>", count=1)
    problems = planted_problems(browser, base, "en/tensors.html", lambda p: course_nav_problems(p, "tensors", "/en/"))
    assert any("is open on a page of another chapter" in p for p in problems), problems


def test_an_unmarked_page_is_caught(browser, faulty_frame):
    html, base = faulty_frame
    plant(html, "ja/autograd.html", r' aria-current="page"', "")
    problems = planted_problems(browser, base, "ja/autograd.html", lambda p: course_nav_problems(p, "autograd", "/ja/"))
    assert any("marked as current" in p for p in problems), problems


def test_lost_numbers_are_caught(browser, faulty_frame):
    html, base = faulty_frame
    plant(html, "en/data.html", r">1\. Data: ", ">Data: ")
    problems = planted_problems(browser, base, "en/data.html", lambda p: course_nav_problems(p, "data", "/en/"))
    assert any("not numbered 1." in p for p in problems), problems


def test_an_empty_code_block_is_caught(browser, faulty_frame):
    html, base = faulty_frame
    rel = "ja/gallery/plot_01_deep_learning_on_gpu.html"
    plant(html, rel, r'<article class="bd-article">',
          '<article class="bd-article"><div class="highlight-Python notranslate"><div class="highlight"><pre>\n\n</pre></div></div>',
          count=1)  # fmt: skip
    assert planted_problems(browser, base, rel, empty_code_problems) == ["empty code block (highlight-Python notranslate)"]


def test_an_edit_link_to_the_english_source_on_a_japanese_page_is_caught(browser, faulty_frame):
    html, base = faulty_frame
    plant(html, "ja/tensors.html", r"locale/ja/LC_MESSAGES/tensors\.po", "docs/tensors.md")
    problems = planted_problems(browser, base, "ja/tensors.html", lambda p: source_link_problems(p, "ja", "tensors"))
    assert any("edit link" in p for p in problems), problems


def test_a_report_title_that_does_not_name_the_page_is_caught(browser, faulty_frame):
    html, base = faulty_frame
    plant(html, "en/gallery/plot_02_training_flow.html", r"title=%5Ben%5D%20[^&]*&", "title=Problem&")
    rel = "en/gallery/plot_02_training_flow.html"
    problems = planted_problems(browser, base, rel, lambda p: source_link_problems(p, "en", "gallery/plot_02_training_flow"))
    assert any("report title" in p for p in problems), problems
