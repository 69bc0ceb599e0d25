"""The Japanese style gate (tools/intl_lint.py): plant each fault and see it caught.

Each fault goes into its own copy of a real catalog, as a new translated
entry. The tool must fail and name that copy and the line of the catalog
that holds the fault; the untouched copy must pass. One textlint run checks
all the copies (textlint takes seconds to start).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import polib
import pytest

from conftest import ROOT, run

# A catalog that passes every rule (the planted copies keep its name).
CATALOG = ROOT / "locale" / "ja" / "LC_MESSAGES" / "exercises.po"
TOOL = ROOT / "tools" / "intl_lint.py"

# msgid, msgstr, the text on the catalog line the error must point at, the rule.
FAULTS = {
    "dearu": (
        "Tensors hold numbers. A tensor has a shape.",
        "テンソルは数を入れる入れ物です。テンソルは形状を持つ箱である。",
        "形状を持つ箱である",
        "no-mix-dearu-desumasu",
    ),
    "long": (
        "One long sentence.",
        "この文は、読み手が一度に覚えておける量を大きく超えるほど長く、途中で息継ぎをする場所もないまま"
        "いくつもの説明を一続きにつなげてしまっているので、最後まで読んだときには最初に何が書いてあったのかを"
        "忘れてしまうような文になっています。",
        "この文は",
        "sentence-length",
    ),
    "spelling": (  # on the third line of its msgstr: the line is the one that shows the word
        "The optimizer changes the parameters.",
        "PyTorch のオプティマイザーは、勾配を使って重みを更新します。`torch.optim` には SGD や Adam "
        "などがあります。重みとバイアスをまとめて、モデルのパラメータと呼びます。",
        "パラメータ",
        "prh",
    ),
    "spacing": (
        "Training needs the {term}`gradient` of every weight.",
        "学習には、すべての重みの {term}`勾配 <gradient>`が必要です。",
        "の {term}",
        "link-spacing",
    ),
    "rest-spacing": (
        ":ref:`Go to the end <end>` to download the full example code.",
        "コード全体は\\ :ref:`ページの最後 <end>` からダウンロードできます。",
        "からダウンロード",
        "link-spacing",
    ),
    # A {doc} link without its own text shows the page's title in the sentence.
    "doc-link-text": (
        "The classifier of {doc}`models` learns here.",
        "{doc}`models`の分類器をここで学習させます。",
        "{doc}`models`",
        "doc-link-text",
    ),
    "rest-doc-link-text": (
        "The lesson :doc:`/models` explains each line.",
        "各行の説明は\\ :doc:`/models`\\ にあります。",
        ":doc:`/models`",
        "doc-link-text",
    ),
}

# Faults of the conventions, all planted in one copy: each must be reported
# once, at its line, by the rule named.
CONVENTIONS = {
    "snippet": ("Run the first snippet.", "最初のスニペットを実行します。", "スニペット", "prh"),
    "concept-page": ("The concept page explains it.", "概念のページで説明します。", "概念のページ", "prh"),
    "concepts-heading": ("Concepts, with diagrams", "図で見る概念", "図で見る概念", "prh"),
    "futsuu": ("Usually this works.", "ふつうはこれで動きます。", "ふつう", "prh"),
    "hajimete": ("Your first program.", "はじめて書くプログラムです。", "はじめて", "prh"),
    "shikumi": ("How it works inside.", "中のしくみを見ます。", "しくみ", "prh"),
    "soroeru": ("Make the shapes match.", "入力と重みの形をそろえます。", "そろえ", "prh"),
    "hokano": ("Other layers work too.", "他の層も使えます。", "他の", "prh"),
    "default-katakana": ("The default is float32.", "デフォルトは float32 です。", "デフォルト", "prh"),
    "default-hyoujun": ("The default dtype is float32.", "標準の dtype は float32 です。", "標準", "term"),
    "dropout": ("Dropout turns units off.", "Dropout は一部のユニットを止めます。", "Dropout は", "prh"),
    "eight-by-eight": ("Digits of 8x8 pixels.", "8x8 ピクセルの数字です。", "8x8", "prh"),
    "zero-to-one": ("Pixels scaled to 0-1.", "ピクセルの値を 0-1 に収めます。", "0-1", "prh"),
    "next-heading": ("Next", "次へ", "次へ", "term"),
    "autograd": ("Autograd records the operations.", "autograd は演算を記録します。", "autograd は", "term"),
}

# Markup that must not be read as prose: a role's body and an inline literal
# (each would break the spelling rule or the period rule if it were prose),
# and a title, which needs no 「。」.
CLEAN = [
    ("Use {term}`parameters <parameter>`.", "{term}`パラメータ <parameter>`を使います。"),
    ("Call `opt.step()` to update.", "`optimizer.step() # パラメータを更新`を呼びます。"),
    ("A title", "見出し"),
    # Spacing: none, an escaped space, or a space next to Latin text.
    ("Training needs {term}`gradients <gradient>`.", "学習には{term}`勾配 <gradient>`が必要です。"),
    (":ref:`Go to the end <end>` to download.", "コード全体は\\ :ref:`ページの最後 <end>`\\ からダウンロードできます。"),
    ("This is {term}`autograd <ad>`.", "これが{term}`自動微分 (autograd) <ad>` です。"),
    # Links: the link alone may show the page's title; in a sentence it has its own text.
    ("{doc}`models`", "{doc}`models`"),
    (":doc:`/models`", ":doc:`/models`"),
    ("Use the classifier of {doc}`models`.", "{doc}`前のレッスン <models>`で作った分類器を使います。"),
    # The conventions' own spellings, and words that only look like the faults.
    ("The first code example.", "最初のコード例です。"),
    ("Other changes", "その他の変更"),
    ("A layer, {term}`dropout`.", "ドロップアウト (Dropout) という層です。"),
    ("The default dtype.", "既定の dtype です。"),
    ("The standard deviation, by default.", "標準偏差です。既定では 1 です。"),
    ("Call `x.to(device)` and `torch.autograd.grad`.", "`x.to(device)` と `torch.autograd.grad` を呼びます。"),
    ("PyTorch calls it autograd.", "PyTorch の自動微分は autograd と呼ばれます。"),
    ("Digits of 8x8 pixels, from 0 to 1.", "8×8 ピクセルの数字で、値は 0 から 1 です。"),
    ("Next", "次に読むもの"),
]


def plant(path: Path, entries: list[tuple[str, str]]) -> None:
    po = polib.pofile(str(path))
    for msgid, msgstr in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[("../../docs/planted.md", "1")]))
    po.save(str(path))


def line_of(path: Path, text: str, msgid: str) -> int:
    """The line of the catalog, within the entry of msgid, that shows text."""
    entry = next(e for e in polib.pofile(str(path)) if e.msgid == msgid)
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n in range(entry.linenum, len(lines) + 1) if text in lines[n - 1] and "msgid" not in lines[n - 1])


def lint(*paths: Path):
    return run([sys.executable, str(TOOL), *map(str, paths)], cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("intl-lint")
    made = {}
    for name in ["clean", "conventions", *FAULTS]:
        made[name] = tmp / name / CATALOG.name
        made[name].parent.mkdir()
        shutil.copy(CATALOG, made[name])
    plant(made["clean"], CLEAN)
    for name, (msgid, msgstr, _, _) in FAULTS.items():
        plant(made[name], [(msgid, msgstr)])
    plant(made["conventions"], [(msgid, msgstr) for msgid, msgstr, _, _ in CONVENTIONS.values()])
    return made


@pytest.fixture(scope="module")
def report(copies):
    return lint(*copies.values())


def errors_in(output: str, path: Path) -> list[tuple[int, str]]:
    found = re.findall(rf"^{re.escape(str(path))}:(\d+): (\S+): ", output, re.M)
    return [(int(line), rule) for line, rule in found]


def test_a_clean_catalog_passes(copies):
    result = lint(copies["clean"])
    assert result.returncode == 0, result.stdout
    assert "intl-lint: 0 error(s)" in result.stdout


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_planted_fault_is_caught_at_its_line(copies, report, fault):
    msgid, _, shown_text, rule = FAULTS[fault]
    assert report.returncode == 1, report.stdout
    expected_line = line_of(copies[fault], shown_text, msgid)
    if fault == "spelling":
        assert expected_line > line_of(copies[fault], "msgstr", msgid) + 1
    found = errors_in(report.stdout, copies[fault])
    assert (expected_line, rule) in [(line, r.split("/")[-1]) for line, r in found], report.stdout


def test_only_the_planted_copies_fail(copies, report):
    assert errors_in(report.stdout, copies["clean"]) == []
    for fault in FAULTS:
        assert len(errors_in(report.stdout, copies[fault])) == 1, report.stdout
    assert len(errors_in(report.stdout, copies["conventions"])) == len(CONVENTIONS), report.stdout


@pytest.mark.parametrize("fault", sorted(CONVENTIONS))
def test_a_planted_convention_fault_is_caught_at_its_line(copies, report, fault):
    msgid, _, shown_text, rule = CONVENTIONS[fault]
    expected_line = line_of(copies["conventions"], shown_text, msgid)
    found = errors_in(report.stdout, copies["conventions"])
    assert (expected_line, rule) in [(line, r.split("/")[-1]) for line, r in found], report.stdout


def test_spacing_is_checked_on_the_title_a_link_shows(tmp_path):
    # {doc}`models` shows the Japanese title of the models page, which starts
    # in Japanese (and ends in Latin, "nn.Module"): the space before it shows
    # on the page, though the source has only "models" there.
    copy = tmp_path / "exercises.po"
    shutil.copy(CATALOG, copy)
    plant(copy, [("Train the classifier of {doc}`models` here.", "ここで {doc}`models` の分類器を学習させます。")])
    result = lint(copy)
    line = line_of(copy, "{doc}`models`", "Train the classifier of {doc}`models` here.")
    found = re.findall(rf"^{re.escape(str(copy))}:{line}: (\S+): (.*)$", result.stdout, re.M)
    assert result.returncode == 1
    spacing = [what for rule, what in found if rule == "link-spacing"]
    assert len(spacing) == 1 and spacing[0].startswith("space before") and "it shows 「" in spacing[0], result.stdout
    assert [rule for rule, _ in found].count("doc-link-text") == 1, result.stdout


def test_the_gate_fails_without_textlint(tmp_path):
    site = tmp_path / "site"
    (site / "tools").mkdir(parents=True)
    shutil.copy(TOOL, site / "tools" / "intl_lint.py")
    shutil.copy(TOOL.with_name("intl_rules.py"), site / "tools" / "intl_rules.py")
    shutil.copy(ROOT / ".textlintrc.yml", site / ".textlintrc.yml")
    result = run([sys.executable, str(site / "tools" / "intl_lint.py"), str(CATALOG)], cwd=site)
    assert result.returncode not in (0, 1), result.stdout
    assert "npm ci" in result.stdout


def test_an_alt_text_in_plain_form_is_caught(tmp_path):
    # The alt text of the figure on the autograd page, as its source writes it.
    alt = re.search(r"^:alt: (.+)$", (ROOT / "docs" / "autograd.md").read_text(encoding="utf-8"), re.M).group(1)
    translations = {
        "plain": "6 つの箱からなるグラフ。各矢印には局所的な微分が付いている。",
        "polite": "6 つの箱からなるグラフです。各矢印には局所的な微分が付いています。",
    }
    copies = {}
    for name, msgstr in translations.items():
        copies[name] = tmp_path / name / CATALOG.name
        copies[name].parent.mkdir()
        shutil.copy(CATALOG, copies[name])
        po = polib.pofile(str(copies[name]))
        po.append(polib.POEntry(msgid=alt, msgstr=msgstr, occurrences=[("../../docs/autograd.md", "69")]))
        po.save(str(copies[name]))
    result = lint(*copies.values())
    assert errors_in(result.stdout, copies["polite"]) == [], result.stdout
    line = line_of(copies["plain"], "6 つの箱", alt)
    assert errors_in(result.stdout, copies["plain"]) == [(line, "alt-style")], result.stdout
    assert "2 sentence(s)" in result.stdout
