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
from urllib.parse import parse_qs, urlsplit

import pytest

import browser_checks as bc
from conftest import ROOT, build_cmd, run
from serve import start
from sitecopy import copy_site

LANGS = ("en", "ja")
REPOSITORY = "https://github.com/example/pytorch-lessons"
# One page of each kind, with the toctree caption (chapter) it sits under.
PAGES = {
    "tensors": "Chapter 1",  # a lesson
    "concepts/convolution": "Concepts",  # a concept page
    "exercises-2": "Chapter 2",  # exercises
    "gallery/plot_02_training_flow": "See it run",  # a gallery example
}
TOCTREE = re.compile(r"```\{toctree\}\n(?P<options>(?::[^\n]*\n)*)\n(?P<entries>(?:[^\n`]+\n)+)```")


def chapters(index: Path = ROOT / "docs" / "index.md") -> list[dict]:
    """The home page's toctrees in order: {caption, numbered, entries}."""
    found = []
    for match in TOCTREE.finditer(index.read_text(encoding="utf-8")):
        options = dict(re.findall(r"^:(\w+):[ \t]*(.*)$", match["options"], flags=re.M))
        found.append({"caption": options.get("caption"), "numbered": "numbered" in options,
                      "entries": match["entries"].split()})  # fmt: skip
    return found


def chapter_of(docname: str, found: list[dict]) -> int:
    """Which chapter a page is in; a gallery example is in the gallery index's chapter."""
    for i, chapter in enumerate(found):
        if docname in chapter["entries"] or (docname.startswith("gallery/") and "gallery/index" in chapter["entries"]):
            return i
    raise AssertionError(f"{docname} is in no toctree of docs/index.md")


# Everything the course column shows, as docnames relative to the language root.
COURSE_NAV_JS = """([scope, langRoot]) => {
  const nav = document.querySelector(scope + " nav.course-nav");
  if (!nav) return null;
  const name = a => {
    if (a.getAttribute("href") === "#") return null;  // the page itself
    const path = new URL(a.href).pathname;
    return path.startsWith(langRoot) ? path.slice(langRoot.length).replace(/\\.html$/, "") : path;
  };
  const chapters = [...nav.querySelectorAll("li.toctree-l0")].map(li => {
    const details = li.querySelector(":scope > details");
    return {
      caption: li.querySelector("p.caption").textContent.trim(),
      open: details !== null && details.open,
      visible: [...li.querySelectorAll("li.toctree-l1 > a")].filter(a => a.checkVisibility()).length,
      pages: [...li.querySelectorAll("li.toctree-l1 > a")].map(a => ({name: name(a), text: a.textContent.trim()})),
      below: [...li.querySelectorAll("li.toctree-l2 > a")].filter(a => a.checkVisibility()).map(name),
    };
  });
  const current = [...nav.querySelectorAll("a[aria-current='page']")];
  return {
    visible: nav.checkVisibility(),
    chapters,
    current: current.map(a => ({text: a.textContent.trim(), visible: a.checkVisibility()})),
  };
}"""


def course_nav_problems(page, docname: str, lang_root: str, scope: str = "body", found=None) -> list[str]:
    """The left column shows the course: every chapter, the reader's open and the rest folded, the page marked."""
    found = found or chapters()
    nav = page.evaluate(COURSE_NAV_JS, [scope, lang_root])
    if nav is None:
        return [f"no course navigation in {scope}"]
    problems = [] if nav["visible"] else ["the course navigation is not visible"]
    if len(nav["chapters"]) != len(found):
        return problems + [f"{len(nav['chapters'])} chapters shown, the home page has {len(found)}"]
    want = chapter_of(docname, found)
    for i, (shown, chapter) in enumerate(zip(nav["chapters"], found)):
        if i != want:
            if shown["open"] or shown["visible"]:
                problems.append(f"chapter {shown['caption']!r} is open on a page of another chapter")
            continue
        if not shown["open"] or shown["visible"] != len(chapter["entries"]):
            problems.append(f"the reader's chapter {shown['caption']!r} is not open with its pages listed")
        names = [p["name"] or docname for p in shown["pages"]]
        if docname.startswith("gallery/") and docname != "gallery/index":
            names = [n if n != docname else "gallery/index" for n in names]
            if docname not in [b or docname for b in shown["below"]]:
                problems.append(f"{docname} is not listed under the gallery in its chapter")
        if names != chapter["entries"]:
            problems.append(f"chapter {shown['caption']!r} lists {names}, the home page {chapter['entries']}")
        if chapter["numbered"]:
            for n, p in enumerate(shown["pages"], start=1):
                if not p["text"].startswith(f"{n}. "):
                    problems.append(f"{p['text']!r} is not numbered {n}. as on the home page")
    title = page.inner_text("article h1").rstrip("#").strip()
    if [c["text"] for c in nav["current"]] != [title] or not all(c["visible"] for c in nav["current"]):
        problems.append(f"the page marked as current is {nav['current']}, not the visible {title!r}")
    return problems


def open_drawer(page) -> None:
    """On a phone, open the theme's drawer with its button, as a reader would."""
    page.set_viewport_size(bc.PHONE)
    page.click("button.primary-toggle")
    page.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")


EMPTY_CODE_JS = """() => [...document.querySelectorAll("div.highlight pre, pre.literal-block")]
  .filter(pre => pre.textContent.trim() === "")
  .map(pre => (pre.closest("[class*='highlight-']") || pre).className || "pre")"""


def empty_code_problems(page) -> list[str]:
    """A code box with nothing in it."""
    return [f"empty code block ({where})" for where in page.evaluate(EMPTY_CODE_JS)]


def source_link_problems(page, lang: str, docname: str, repository: str = REPOSITORY) -> list[str]:
    """The edit link leads to the file the page is made from, the report link opens an issue naming the page."""
    links = page.eval_on_selector_all(
        "nav.source-links a", "links => links.map(a => ({cls: a.className, href: a.href, text: a.textContent.trim()}))"
    )
    edit = [link for link in links if link["cls"] == "source-link-edit"]
    report = [link for link in links if link["cls"] == "source-link-report"]
    if len(edit) != 1 or len(report) != 1:
        return [f"expected one edit and one report link, found {links}"]
    problems = []
    if lang == "en":
        source = f"gallery/{docname[len('gallery/'):]}.py" if docname.startswith("gallery/") else f"docs/{docname}.md"
    else:
        source = f"locale/{lang}/LC_MESSAGES/{docname}.po"
    if edit[0]["href"] != f"{repository}/edit/main/{source}":
        problems.append(f"edit link {edit[0]['href']}, expected {source}")
    if not (ROOT / source).is_file():
        problems.append(f"{source} is not a file of the repository")
    parts = urlsplit(report[0]["href"])
    query = parse_qs(parts.query)
    title = re.sub(r"^\d+\. ", "", page.inner_text("article h1").rstrip("#").strip())
    if f"{parts.scheme}://{parts.netloc}{parts.path}" != f"{repository}/issues/new":
        problems.append(f"report link {report[0]['href']} is not a new issue of {repository}")
    if query.get("title") != [f"[{lang}] {title}"]:
        problems.append(f"report title {query.get('title')} does not name {title!r} in {lang}")
    if f"{lang}/{docname}.html" not in query.get("body", [""])[0]:
        problems.append(f"report body {query.get('body')} does not give the page's address")
    words = {"en": ["Edit this page", "Report a problem"], "ja": ["このページを編集", "問題を報告"]}[lang]
    if [edit[0]["text"], report[0]["text"]] != words:
        problems.append(f"link texts {edit[0]['text']!r}, {report[0]['text']!r}, expected {words}")
    return problems


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
