"""Chapter 2 on the real build: reading order, front door, thumbnails, outputs.

Each check is a small function that returns what is wrong (empty when all is
well). The tests run it on the built site in both languages and on planted
faults, so that each check is seen to fail when it should.
"""

from __future__ import annotations

import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

LANGS = ("en", "ja")

# The reading order of the course: the home page, chapter 1, chapter 2, the
# concept pages, then the gallery (issue 16: the first complete program right
# after autograd, "Why PyTorch" as motivation, the gallery after the concepts).
READING_ORDER = [
    "index", "what-is-pytorch", "why-pytorch", "installing", "tensors", "autograd",
    "first-program", "gpu", "exercises",
    "data", "models", "training-a-classifier", "save-and-load", "when-training-fails", "exercises-2",
    "concepts/training-flow", "concepts/convolution", "concepts/classifier",
    "gallery/index",
]  # fmt: skip

# What each chapter 2 page must show as real output, in both languages.
OUTPUTS = {
    "data": ["torch.Size([64, 64])", "class DigitsDataset(Dataset)"],
    "training-a-classifier": ["nn.CrossEntropyLoss()", "accuracy > 0.9: True"],
    "save-and-load": ["<All keys matched successfully>", "torch.inference_mode()", "weights_only=True"],
    "when-training-fails": ["expected target dtype to be Long or Byte, but got Float"],
}

_NEXT = re.compile(r'<link rel="next"[^>]*href="(?P<href>[^"]+)"')


def next_page(html: str, here: str) -> str | None:
    """The page that the ``rel="next"`` link of page ``here`` leads to."""
    match = _NEXT.search(html)
    if not match:
        return None
    target = (Path(here).parent / match.group("href")).as_posix()
    parts: list[str] = []
    for part in target.split("/"):
        if part == "..":
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts).removesuffix(".html")


def order_problems(read, expected: list[str] = READING_ORDER) -> list[str]:
    """Where following "next" from the home page leaves the expected order."""
    page = expected[0]
    for want in expected[1:]:
        got = next_page(read(page), page)
        if got != want:
            return [f"after {page} comes {got}, expected {want}"]
        page = want
    return []


class Cards(HTMLParser):
    """The pages each sphinx-design card of a page links to, card by card."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[list[str]] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div":
            if self._depth:
                self._depth += 1
            elif "sd-card" in (a.get("class") or "").split():
                self.cards.append([])
                self._depth = 1
        elif tag == "a" and self._depth and "internal" in (a.get("class") or ""):
            self.cards[-1].append(a["href"].split("#")[0].removesuffix(".html"))

    def handle_endtag(self, tag):
        if tag == "div" and self._depth:
            self._depth -= 1


def front_door_problems(html: str, expected: list[str] = READING_ORDER) -> list[str]:
    """Why the home page is not four cards that list the course in order."""
    parser = Cards()
    parser.feed(html)
    problems = []
    if len(parser.cards) != 4:
        problems.append(f"{len(parser.cards)} cards, expected 4")
    linked = [page for card in parser.cards for page in card]
    if linked != expected[1:]:
        problems.append(f"cards link {linked}")
    return problems


def placeholder_digest(tmp: Path) -> str:
    """The digest of sphinx-gallery's "no image" thumbnail, scaled as it scales it."""
    import sphinx_gallery
    from sphinx_gallery.gen_rst import scale_image

    out = tmp / "placeholder.png"
    scale_image(Path(sphinx_gallery.__file__).parent / "_static" / "no_image.png", out, 400, 280)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def thumbnail_problems(gallery_index: Path, placeholder: str = "") -> list[str]:
    """Thumbnails of the gallery that are missing, the placeholder, or the same image as another."""
    html = gallery_index.read_text(encoding="utf-8")
    sources = re.findall(r'class="sphx-glr-thumbcontainer".*?<img[^>]*src="([^"]+)"', html, re.S)
    if not sources:
        return ["no thumbnails"]
    seen: dict[str, str] = {}
    problems = []
    for src in sources:
        path = gallery_index.parent / src
        if not path.exists():
            problems.append(f"{src} is missing")
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest == placeholder:
            problems.append(f"{src} is sphinx-gallery's placeholder")
        elif digest in seen:
            problems.append(f"{src} is the same image as {seen[digest]}")
        seen.setdefault(digest, src)
    return problems


def output_problems(html: str, expected: list[str]) -> list[str]:
    """Texts missing from a page, read as the reader sees it (code is highlighted in spans)."""
    text = unescape(re.sub(r"<[^>]+>", "", html))
    return [f"missing {want!r}" for want in expected if want not in text]


# -- On the built site ----------------------------------------------------------


def reader(root: Path):
    return lambda page: (root / f"{page}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_next_links_follow_the_reading_order(built_site, lang):
    assert order_problems(reader(built_site["html"] / lang)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_is_cards_in_reading_order(built_site, lang):
    html = (built_site["html"] / lang / "index.html").read_text(encoding="utf-8")
    assert front_door_problems(html) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_thumbnail_is_its_own_image(built_site, lang, tmp_path):
    index = built_site["html"] / lang / "gallery" / "index.html"
    problems = thumbnail_problems(index, placeholder_digest(tmp_path))
    # The build fixture adds a text-only example of its own; it is not the site's.
    assert [p for p in problems if "run_counter" not in p] == []
    assert len(problems) == 1  # ...and the check does flag it


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", sorted(OUTPUTS))
def test_chapter_2_pages_show_their_outputs(built_site, lang, page):
    html = (built_site["html"] / lang / f"{page}.html").read_text(encoding="utf-8")
    assert output_problems(html, OUTPUTS[page]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_classifier_example_shows_two_plots(built_site, lang):
    html = (built_site["html"] / lang / "gallery" / "plot_07_digit_classifier.html").read_text(encoding="utf-8")
    figures = re.findall(r'<img[^>]*src="\.\./_images/(plot_07_digit_classifier_cpu_\d{3}\.svg)"', html)
    assert len(set(figures)) >= 2, figures
    if lang == "ja":  # the Japanese page shows the figures with their words in Japanese
        svg = (built_site["html"] / lang / "_images" / figures[0]).read_text(encoding="utf-8")
        assert re.search(r">[^<]*[\u3040-\u30ff\u4e00-\u9fff][^<]*</text>", svg)


# -- Planted faults ---------------------------------------------------------------


def linked(pages: list[str]) -> dict[str, str]:
    """Pages whose "next" links chain through ``pages`` in that order."""
    out = {}
    for here, there in zip(pages, pages[1:] + [None]):
        href = "" if there is None else "/".join([".."] * here.count("/") + [there + ".html"])
        out[here] = f'<link rel="next" title="x" href="{href}" />' if there else ""
    return out


def test_order_check_passes_the_expected_chain():
    assert order_problems(linked(READING_ORDER).__getitem__) == []


def test_order_check_catches_the_gallery_before_the_concepts():
    wrong = READING_ORDER[:15] + ["gallery/index"] + READING_ORDER[15:18]
    assert order_problems(linked(wrong).__getitem__) == [
        "after exercises-2 comes gallery/index, expected concepts/training-flow"
    ]


def test_order_check_resolves_links_from_a_subfolder():
    assert next_page('<link rel="next" title="x" href="../gallery/index.html" />', "concepts/classifier") == "gallery/index"


def card(*pages: str) -> str:
    links = "".join(f'<a class="reference internal" href="{p}.html"><span>{p}</span></a>' for p in pages)
    return f'<div class="sd-card sd-sphinx-override"><div class="sd-card-body">{links}</div></div>'


def test_front_door_check_passes_four_cards_in_order():
    pages = READING_ORDER[1:]
    html = card(*pages[:8]) + card(*pages[8:14]) + card(*pages[14:17]) + card(pages[17])
    assert front_door_problems(html) == []


def test_front_door_check_catches_a_plain_list_and_a_swapped_card():
    assert front_door_problems("<ul><li>what-is-pytorch</li></ul>")[0] == "0 cards, expected 4"
    pages = READING_ORDER[1:]
    swapped = card(*pages[8:14]) + card(*pages[:8]) + card(*pages[14:17]) + card(pages[17])
    assert front_door_problems(swapped) == [f"cards link {pages[8:14] + pages[:8] + pages[14:]}"]


def test_thumbnail_check_catches_a_repeated_image(tmp_path):
    (tmp_path / "a.png").write_bytes(b"one")
    (tmp_path / "b.png").write_bytes(b"one")
    (tmp_path / "c.png").write_bytes(b"two")
    html = "".join(f'<div class="sphx-glr-thumbcontainer"><img alt="" src="{n}.png" /></div>' for n in "abc")
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    assert thumbnail_problems(tmp_path / "index.html") == ["b.png is the same image as a.png"]


def test_thumbnail_check_catches_the_placeholder(tmp_path):
    digest = placeholder_digest(tmp_path)
    (tmp_path / "sphx_glr_plot_01_thumb.png").write_bytes((tmp_path / "placeholder.png").read_bytes())
    html = '<div class="sphx-glr-thumbcontainer"><img alt="" src="sphx_glr_plot_01_thumb.png" /></div>'
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    assert thumbnail_problems(tmp_path / "index.html", digest) == [
        "sphx_glr_plot_01_thumb.png is sphinx-gallery's placeholder"
    ]


def test_output_check_catches_a_missing_output():
    html = '<pre>torch.Size([64, 64])</pre><pre><span class="k">class</span> DigitsDataset(Data)</pre>'
    assert output_problems(html, OUTPUTS["data"]) == [
        "missing 'class DigitsDataset(Dataset)'"
    ]
