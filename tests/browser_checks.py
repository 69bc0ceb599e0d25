"""What a reader's browser sees: checks on a page open in Chromium.

Each check takes a Playwright page (and what it needs to know about the site)
and returns a list of problems, empty when the page is fine, so the tests of
the real site and the tests that plant faults use the same code. The browser
is Debian's Chromium, driven by Playwright; no browser is downloaded.
"""

from __future__ import annotations

import contextlib

import os
import re
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # Nothing but this machine can be resolved: a request that slipped past
    # the route below still could not leave.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# A reader whose browser prefers neither language: the root page shows its
# language chooser instead of sending them on.
READER_LOCALE = "de-DE"
SERIOUS = ("serious", "critical")
# How long any wait may take before it counts as a failure. Every wait is for
# a condition (a request finished, a script set an attribute), never for a
# fixed time, so a slow machine only waits longer; this bounds a page that
# never gets there. BROWSER_PATIENCE_S raises it on a very slow machine.
PATIENCE_S = float(os.environ.get("BROWSER_PATIENCE_S", "60"))
# No request in flight for this long after the load event: the page is loaded.
QUIET_S = 0.1


def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname == "127.0.0.1"


def new_context(browser, blocked: list | None = None, **options):
    """A browser context whose requests to anywhere but this machine are blocked, never sent.

    The URL of each blocked request is appended to blocked, when given.
    """
    options.setdefault("viewport", DESKTOP)
    options.setdefault("locale", READER_LOCALE)
    context = browser.new_context(**options)
    context.set_default_timeout(PATIENCE_S * 1000)

    def block(route):
        if blocked is not None:
            blocked.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda url: not is_local(url), block)
    return context


@contextlib.contextmanager
def fresh_page(browser, blocked: list | None = None, **options):
    """A page in a context of its own (see new_context), closed afterwards."""
    context = new_context(browser, blocked=blocked, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# -- Loading ------------------------------------------------------------------


def visit(page, url: str, expect_status: int = 200) -> list[str]:
    """Open url; the problems seen while it loaded.

    A console error, an uncaught exception, a request that failed or was
    answered with an error status, and any request to another origin than
    the page's own (such requests are blocked by new_context) are problems.
    The page counts as loaded when its load event has fired, its fonts are
    ready and no request has been in flight for QUIET_S, so late fonts and
    scripts are seen too. A request still in flight after PATIENCE_S is a
    problem.
    """
    origin = origin_of(url)
    problems: list[str] = []
    in_flight: set = set()

    committed = []

    def on_navigated(frame):
        if frame == page.main_frame:
            committed.append(frame.url)

    def on_request(request):
        # Until the new page is committed, the old one may still ask for
        # things (its favicon, say), which the navigation then cancels.
        if not committed and not request.is_navigation_request():
            return
        in_flight.add(request)
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and origin_of(request.url) != origin:
            problems.append(f"request leaves the site: {request.url}")

    def on_done(request):
        in_flight.discard(request)

    def on_failed(request):
        if request not in in_flight:
            return
        in_flight.discard(request)
        if is_local(request.url):  # off-site ones are reported above
            problems.append(f"request failed ({request.failure}): {request.url}")

    def on_response(response):
        wanted = expect_status if response.url == url else 200
        if response.status >= 400 and response.status != wanted:
            problems.append(f"HTTP {response.status}: {response.url}")

    def on_console(message):
        # Chromium also logs an expected error status of the page itself.
        expected = f"the server responded with a status of {expect_status}"
        if message.type == "error" and not (expect_status >= 400 and expected in message.text):
            problems.append(f"console error: {message.text}")

    def on_pageerror(error):
        problems.append(f"uncaught exception: {error}")

    handlers = {
        "framenavigated": on_navigated,
        "request": on_request,
        "requestfinished": on_done,
        "requestfailed": on_failed,
        "response": on_response,
        "console": on_console,
        "pageerror": on_pageerror,
    }
    for event, handler in handlers.items():
        page.on(event, handler)
    try:
        response = page.goto(url, wait_until="load")
        if response is None or response.status != expect_status:
            problems.append(f"status {response and response.status}, expected {expect_status}: {url}")
        page.evaluate("document.fonts.ready.then(() => true)")
        deadline = time.monotonic() + PATIENCE_S
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(25)  # lets Playwright deliver the request events
            if in_flight:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > QUIET_S:
                break
        else:
            problems += [f"still loading after {PATIENCE_S:g} s: {r.url}" for r in in_flight]
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    return problems


OFFSITE_REFERENCES_JS = """(origin) => {
  const found = [];
  const attrs = [["script", "src"], ["link", "href"], ["img", "src"], ["iframe", "src"],
                 ["source", "src"], ["video", "src"], ["audio", "src"], ["object", "data"],
                 ["embed", "src"], ["image", "href"], ["use", "href"]];
  for (const [tag, attr] of attrs) {
    for (const el of document.querySelectorAll(tag)) {
      if (tag === "link" && !/stylesheet|icon|preload|prefetch|preconnect|dns-prefetch|modulepreload|manifest/
            .test(el.getAttribute("rel") || "")) continue;
      const value = el.getAttribute(attr) ?? el.getAttribute("xlink:href");
      if (!value) continue;
      const url = new URL(value, document.baseURI);
      if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== origin) found.push(`<${tag} ${attr}="${value}">`);
    }
  }
  for (const rule of [...document.styleSheets].flatMap(s => { try { return [...s.cssRules]; } catch { return []; } })) {
    if (rule.constructor.name === "CSSImportRule" && new URL(rule.href, document.baseURI).origin !== origin)
      found.push(`@import ${rule.href}`);
  }
  return found;
}"""


def offsite_reference_problems(page) -> list[str]:
    """Scripts, styles, fonts, images and hints in the page that name another origin.

    Catches what the network check cannot see: preconnect and DNS hints, and
    resources a browser would only fetch later.
    """
    found = page.evaluate(OFFSITE_REFERENCES_JS, origin_of(page.url))
    return [f"refers to another site: {item}" for item in found]


# -- Language switcher --------------------------------------------------------


def site_path(url: str, base: str) -> str:
    """The page's path below the site root ("en/tensors.html"), query and fragment dropped."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    return path[len(base) :] if path.startswith(base) else path


def switcher_links(page) -> list[dict]:
    return page.eval_on_selector_all(
        "nav.language-switcher a",
        "links => links.map(a => ({code: a.getAttribute('hreflang'), href: a.href}))",
    )


def switcher_problems(page, base: str, languages=("en", "ja")) -> list[str]:
    """The switcher must link to this very page in every other language."""
    here = site_path(page.url, base)
    lang, _, rest = here.partition("/")
    # The theme shows the navigation bar's end twice (wide and narrow screens).
    if page.locator("nav.language-switcher").count() == 0:
        return ["no nav.language-switcher"]
    problems = []
    links = switcher_links(page)
    for other in languages:
        if other == lang:
            continue
        targets = [link["href"] for link in links if link["code"] == other]
        if not targets:
            problems.append(f"no switcher link to {other}")
        for href in targets:
            if site_path(href, base) != f"{other}/{rest}":
                problems.append(f"switcher link to {other} leads to {site_path(href, base)}, not {other}/{rest}")
    return problems


def switch_language(page, code: str) -> None:
    """Follow the switcher's link to language code, as a reader would."""
    with page.expect_navigation(wait_until="load"):
        page.click(f"nav.language-switcher a[hreflang='{code}']")


def round_trip_problems(page, base: str, other: str) -> list[str]:
    """Click to the other language and back: the reader lands where they started."""
    start = site_path(page.url, base)
    lang, _, rest = start.partition("/")
    problems = []
    switch_language(page, other)
    there = site_path(page.url, base)
    if there != f"{other}/{rest}":
        return [f"switching to {other} led to {there}"]
    if page.evaluate("document.documentElement.lang") != other:
        problems.append(f"{there} is not marked lang={other}")
    switch_language(page, lang)
    back = site_path(page.url, base)
    if back != start:
        problems.append(f"switching back from {there} led to {back}")
    return problems


def chooser_problems(page, base: str, languages=("en", "ja")) -> list[str]:
    """A page above the languages (the root page, 404) links to every language's root."""
    hrefs = page.eval_on_selector_all("a[hreflang]", "links => links.map(a => [a.hreflang, a.href])")
    problems = []
    for code in languages:
        if [code, f"{base}{code}/index.html"] not in [list(h) for h in hrefs]:
            problems.append(f"no link to {code}/index.html (links: {hrefs})")
    return problems


# -- Accessibility ------------------------------------------------------------


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page: its violations, each with id, impact and nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(v => ({
             id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\\s+/g, " "))
           }))""",
        options,
    )


def describe_violations(violations: list[dict], impacts=SERIOUS) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {'; '.join(v['nodes'][:3])}"
        for v in violations
        if v["impact"] in impacts
    ]


def axe_problems(page, impacts=SERIOUS, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations of the given impacts (serious and critical by default)."""
    return describe_violations(axe_violations(page, rules), impacts)


def dark_mode_problems(page) -> list[str]:
    """Colour contrast again, with the reader's system set to dark mode."""
    # The theme animates colour changes; without this, axe can measure a
    # button halfway between its light and dark colours.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.emulate_media(color_scheme="dark")
    try:
        page.wait_for_function("document.documentElement.dataset.theme !== 'light'")
        return [f"dark mode: {p}" for p in axe_problems(page, rules=["color-contrast"])]
    finally:
        page.emulate_media(color_scheme="light")


# -- Layout -------------------------------------------------------------------


OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; }
    return false; };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && !scrolls(el)) {
      culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
        ` (right edge ${Math.round(r.right)})`);
    }
  }
  return {width, scrollWidth, culprits: culprits.slice(0, 5)};
}"""


def overflow_problems(page, viewport=PHONE) -> list[str]:
    """Nothing may stick out sideways on a small screen (blocks that scroll inside themselves may)."""
    before = page.viewport_size
    page.set_viewport_size(viewport)
    try:
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        found = page.evaluate(OVERFLOW_JS)
    finally:
        page.set_viewport_size(before)
    if not found:
        return []
    return [
        f"page is {found['scrollWidth']} px wide on a {found['width']} px screen; sticking out: "
        + ", ".join(found["culprits"] or ["?"])
    ]


# -- Math, images, diagrams -------------------------------------------------


MEDIA_JS = """async () => {
  const problems = [];
  const name = el => el.outerHTML.slice(0, 120);
  for (const el of document.querySelectorAll(".math-error")) problems.push("math not converted: " + name(el));
  for (const el of document.querySelectorAll("math")) {
    const r = el.getBoundingClientRect();
    if (!(el instanceof MathMLElement)) problems.push("not MathML: " + name(el));
    else if (el.offsetParent !== null || getComputedStyle(el).display !== "none") {
      if (!(r.width > 0 && r.height > 0) && el.closest("details:not([open])") === null)
        problems.push("math has no size: " + name(el));
    }
  }
  for (const img of document.querySelectorAll("img")) {
    img.loading = "eager";
    try { await img.decode(); } catch (e) { problems.push("image did not load: " + img.getAttribute("src")); continue; }
    if (!(img.naturalWidth > 0)) problems.push("image has no width: " + img.getAttribute("src"));
  }
  for (const el of document.querySelectorAll("figure svg, .figure svg, object[type='image/svg+xml']")) {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) problems.push("diagram has no size: " + name(el));
  }
  return problems;
}"""


def media_problems(page) -> list[str]:
    """Math is typeset MathML with a size; every image (plots, SVG diagrams) loaded and has a width."""
    return page.evaluate(MEDIA_JS)


def media_counts(page) -> dict:
    return page.evaluate(
        """() => ({
          math: document.querySelectorAll("math").length,
          images: document.querySelectorAll("img").length,
          svg_images: [...document.querySelectorAll("img")].filter(i => /\\.svg([?#]|$)/.test(i.src)).length,
          plots: document.querySelectorAll("img.sphx-glr-single-img, img.sphx-glr-multi-img").length,
        })"""
    )


# -- Copy button, search, weight --------------------------------------------


def copy_block(page, block) -> str:
    """Click a code block's copy button; what the clipboard then holds."""
    page.evaluate("navigator.clipboard.writeText('')")
    block.hover()
    block.locator(".copybtn").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    return page.evaluate("navigator.clipboard.readText()")


PROMPT = re.compile(r"^(>>>|\.\.\.)( |$)")


def copy_problems(page, copied: list | None = None) -> list[str]:
    """Every doctest block's copy button must copy its code: no prompts, no output.

    What each button copied is appended to copied, when given, as
    (code it copied, output lines the block shows).
    """
    problems = []
    blocks = page.locator("div.highlight-pycon")
    for i in range(blocks.count()):
        shown = blocks.nth(i).locator("pre").inner_text().splitlines()
        code = [PROMPT.sub("", line) for line in shown if PROMPT.match(line)]
        output = [line for line in shown if line and not PROMPT.match(line)]
        text = copy_block(page, blocks.nth(i))
        lines = text.splitlines()
        # Where the output was, a blank line may stay: harmless when pasted.
        if [line for line in lines if line] != [line for line in code if line]:
            problems.append(f"block {i + 1}: copied {text!r}, but its code is {code!r}")
        if any(PROMPT.match(line) for line in lines):
            problems.append(f"block {i + 1}: the copy has prompts: {text!r}")
        if copied is not None:
            copied.append((text, output))
    return problems


def search_results(page, base: str, lang: str, query: str) -> list[str]:
    """The pages (site paths) the site's own search lists for query, best first."""
    page.goto(f"{base}{lang}/search.html?q={quote(query)}", wait_until="load")
    # Once every result is listed, Sphinx's search retitles its heading from
    # "Searching" to "Search Results" (in the page's language). Its progress
    # dots are no sign: a dot already scheduled when the search stops them
    # starts them again, so they are "stopped" only for up to half a second.
    page.wait_for_function(
        "() => typeof Search !== 'undefined' && Search.title instanceof Element"
        " && Search.title.textContent === Documentation.gettext('Search Results')",
    )
    hrefs = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    return list(dict.fromkeys(site_path(h, base) for h in hrefs))


def page_weight(browser, url: str) -> dict:
    """Bytes on the wire (headers and encoded bodies) for a first view of url with a cold cache."""
    context = new_context(browser)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    try:
        problems = visit(page, url)
        total = encoded = decoded = 0
        for request in responses:
            sizes = request.sizes()
            response = request.response()
            total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
            encoded += sizes["responseBodySize"]
            decoded += len(response.body()) if response else 0
        return {"requests": len(responses), "bytes": total, "body_bytes": encoded,
                "uncompressed_body_bytes": decoded, "problems": problems}  # fmt: skip
    finally:
        context.close()


# -- Interface language ---------------------------------------------------------

# Every string of the page's interface in one language: text outside the
# article, the copy buttons and heading links inside it, the attributes a
# screen reader reads or a tooltip shows anywhere, and the window title.
# Text marked as another language (lang="en" on the switcher's "English", the
# English half of the 404 page) and code are left out. The alt text of a
# gallery plot is reported as kind "plot alt": it is the figure's own title.
CHROME_STRINGS_JS = """(lang) => {
  const found = [];
  const article = document.querySelector("article.bd-article");
  const chromeInArticle = ".copybtn, .headerlink";
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const inLanguage = el => { const marked = el.closest("[lang]"); return marked !== null && marked.lang === lang; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!text || !inLanguage(el) || el.closest("script, style, noscript, template, pre, code, math")) continue;
    if (article && article.contains(el) && !el.closest(chromeInArticle)) continue;
    found.push({where: describe(el), kind: "text", text});
  }
  const attributes = ["aria-label", "title", "placeholder", "alt", "data-tooltip", "aria-description", "aria-roledescription"];
  for (const el of document.querySelectorAll(attributes.map(a => `[${a}]`).join(", "))) {
    if (!inLanguage(el)) continue;
    for (const attr of attributes) {
      const value = (el.getAttribute(attr) || "").trim();
      const plot = attr === "alt" && el.matches(".sphx-glr-single-img, .sphx-glr-multi-img");
      if (value) found.push({where: describe(el), kind: plot ? "plot alt" : attr, text: value});
    }
  }
  if (document.documentElement.lang === lang) found.push({where: "head", kind: "title", text: document.title});
  return found;
}"""

# Names that stay as they are in Japanese text: products, the site's own name,
# keys on the keyboard.
KEPT_NAMES = frozenset(
    "PyTorch Lessons CUDA ROCm HIP GPU CPU NumPy Python TensorFlow Ctrl Cmd Shift".split()
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Hiragana, katakana (with the long-vowel mark) and the CJK ideographs.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def english_words(text: str, kept=KEPT_NAMES) -> list[str]:
    """The English words of an interface string; none when it is written in Japanese.

    A string with Japanese in it is Japanese, Latin names inside it included
    ("PyTorch のモデル"). Otherwise every word in Latin letters (one letter
    is not a word: "K" of Ctrl+K) that is not a kept name is English.
    """
    if JAPANESE.search(text):
        return []
    return [word for word in LATIN_WORD.findall(text) if word not in kept]


def chrome_strings(page, lang: str | None = None) -> list[dict]:
    """The interface strings of the open page in lang (the page's own language by default): {where, kind, text}."""
    lang = lang or page.evaluate("document.documentElement.lang")
    return page.evaluate(CHROME_STRINGS_JS, lang)


def english_chrome_problems(strings: list[dict], kept=KEPT_NAMES) -> list[str]:
    """The interface strings that are in English (see english_words)."""
    return [f"{s['kind']} of {s['where']}: {s['text']!r}" for s in strings if english_words(s["text"], kept)]
