"""What the course frame must show a reader: checks on a page open in Chromium.

Each check takes a Playwright page and returns a list of problems, empty when
the page is fine (as in browser_checks.py), so the tests of the built site
and the tests that plant faults use the same code:

* ``course_nav_problems`` -- the left column (or the phone drawer) shows the
  course as the home page's toctrees make it: every chapter, the reader's
  open with its pages in order and numbered where the toctree is, the others
  folded, the page itself marked;
* ``empty_code_problems`` -- no code box with nothing in it;
* ``source_link_problems`` -- "Edit this page" leads to the file the page is
  made from (its ``.po`` catalog on a translated page), "Report a problem"
  to a new issue whose title names the page and its language.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import browser_checks as bc

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY = "https://github.com/example/pytorch-lessons"

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
