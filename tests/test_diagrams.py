"""Every diagram with English words has a Japanese twin.

A diagram in ``docs/images/`` whose root element says ``lang="en"`` carries
English text; the Japanese pages show ``name.ja.svg`` in its place (Sphinx's
``figure_language_filename``). This test checks that the twin exists, says
``lang="ja"``, has a Japanese title for screen readers, and writes a colon
in its Japanese text full-width (「：」), as the Japanese prose does. Diagrams without a
``lang`` (numbers and symbols only) are shown as they are in both languages.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
SVG = "{http://www.w3.org/2000/svg}"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# A colon as punctuation (not inside code such as x[:, 0]): a space or the end follows it.
ASCII_COLON = re.compile(r":(?=\s|$)")


def problems(images: Path) -> list[str]:
    found = []
    for english in sorted(images.glob("*.svg")):
        if english.name.endswith(".ja.svg"):
            continue
        if ET.parse(english).getroot().get("lang") != "en":
            continue
        twin = english.with_name(english.stem + ".ja.svg")
        if not twin.exists():
            found.append(f"{english.name}: no {twin.name}")
            continue
        root = ET.parse(twin).getroot()
        if root.get("lang") != "ja":
            found.append(f"{twin.name}: lang is {root.get('lang')!r}, not 'ja'")
        title = root.find(f"{SVG}title")
        if title is None or not JAPANESE.search(title.text or ""):
            found.append(f"{twin.name}: no Japanese <title>")
        for element in root.iter():
            text = " ".join("".join(element.itertext()).split()) if element.tag.endswith(("title", "desc", "text")) else ""
            if JAPANESE.search(text) and ASCII_COLON.search(text):
                found.append(f"{twin.name}: half-width colon in {text!r}")
    return found


def test_every_english_diagram_has_a_japanese_twin():
    assert problems(IMAGES) == []


def test_the_three_chapter_one_diagrams_are_there():
    # There: shown by their lessons, in English words, so that the check
    # above holds each one's Japanese twin to its rules.
    figures = {"broadcasting": "tensors.md", "view-strides": "tensors.md", "gpu-timeline": "gpu.md"}
    for name, lesson in figures.items():
        shown = re.findall(r"^```\{figure\} (\S+)$", (IMAGES.parent / lesson).read_text(encoding="utf-8"), re.M)
        assert f"images/{name}.svg" in shown, (name, lesson)
        assert ET.parse(IMAGES / f"{name}.svg").getroot().get("lang") == "en", name
        assert not [p for p in problems(IMAGES) if p.startswith(f"{name}.")], name


@pytest.fixture
def images(tmp_path: Path) -> Path:
    copy = tmp_path / "images"
    shutil.copytree(IMAGES, copy)
    return copy


def test_a_missing_twin_is_caught(images):
    (images / "broadcasting.ja.svg").unlink()
    assert problems(images) == ["broadcasting.svg: no broadcasting.ja.svg"]


def test_an_untranslated_twin_is_caught(images):
    shutil.copy(images / "gpu-timeline.svg", images / "gpu-timeline.ja.svg")
    assert problems(images) == [
        "gpu-timeline.ja.svg: lang is 'en', not 'ja'",
        "gpu-timeline.ja.svg: no Japanese <title>",
    ]


def test_a_half_width_colon_in_japanese_text_is_caught(images):
    svg = images / "view-strides.ja.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("ストライド (1, 3)：同じメモリ", "ストライド (1, 3): 同じメモリ"),
                   encoding="utf-8")  # fmt: skip
    assert problems(images) == ["view-strides.ja.svg: half-width colon in 'ストライド (1, 3): 同じメモリ'"]
