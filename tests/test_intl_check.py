"""The catalog gate (tools/intl_check.py): plant each fault and see it caught.

Every fault is planted in a fresh copy of the site and checked with the
copy's own tool, which must name the catalog, the line of the entry and the
msgid, and must leave the catalog as it found it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import polib
import pytest

from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "tools"))

from intl_report import short  # noqa: E402

CATALOGS = Path("locale") / "ja" / "LC_MESSAGES"


def check(site: Path, *args: str, env: dict | None = None):
    return run([sys.executable, str(site / "tools" / "intl_check.py"), *args], cwd=site, env=env)


def fingerprints(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((site / CATALOGS).rglob("*.po"))
    }


def checked(site: Path, *args: str):
    """Run the check and make sure it rewrote no catalog."""
    before = fingerprints(site)
    result = check(site, *args)
    assert fingerprints(site) == before, "the check changed a catalog"
    return result


MYST_PAGE = "../../docs/planted.md"
REST_PAGE = "../../docs/gallery/planted.rst"  # the gallery's generated pages are reST


def add_entry(site: Path, msgid: str, msgstr: str, page: str | None = None, source: str = MYST_PAGE) -> tuple[str, int]:
    """Add a translated entry to a catalog; returns (catalog path as shown, entry line).

    ``source`` is the page the message comes from; the catalog (a MyST page's
    or, for a reST source, a gallery page's) says how the message is parsed.
    """
    page = page or ("gallery/plot_06_linear_fit_watched" if source.endswith(".rst") else "tensors")
    path = site / CATALOGS / f"{page}.po"
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[(source, "1")]))
    po.save(str(path))
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == msgid)
    return (CATALOGS / f"{page}.po").as_posix(), line


def a_translated_entry(site: Path, page: str = "tensors") -> tuple[Path, polib.POFile, polib.POEntry]:
    path = site / CATALOGS / f"{page}.po"
    po = polib.pofile(str(path))
    return path, po, next(e for e in po if e.translated() and " " in e.msgid)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"\S+\.po:\d+: ", line)]


def test_complete_catalogs_pass_and_print_a_table(site):
    result = checked(site)
    assert result.returncode == 0, result.stdout
    assert "intl-check: ok" in result.stdout
    for path in sorted((site / CATALOGS).rglob("*.po")):
        page = path.relative_to(site / CATALOGS).with_suffix("").as_posix()
        po = polib.pofile(str(path))
        n = len(po.translated_entries())
        assert re.search(rf"^{re.escape(page)}\s+{n}\s+{n}\s+0\s+0\s+100%$", result.stdout, re.M), result.stdout
    assert re.search(r"^total\s+(\d+)\s+\1\s+0\s+0\s+100%$", result.stdout, re.M)


def test_untranslated_entry_fails(site):
    path, po, entry = a_translated_entry(site)
    entry.msgstr = ""
    po.save(str(path))
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == entry.msgid)
    result = checked(site)
    assert result.returncode == 1
    expected = f"{CATALOGS.as_posix()}/tensors.po:{line}: untranslated: no translation: msgid \"{entry.msgid[:30]}"
    assert expected in result.stdout, result.stdout
    assert re.search(r"^tensors\s+(\d+)\s+\d+\s+0\s+1\s+\d+%$", result.stdout, re.M)


def test_fuzzy_entry_fails(site):
    path, po, entry = a_translated_entry(site)
    entry.flags.append("fuzzy")
    po.save(str(path))
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == entry.msgid)
    result = checked(site)
    assert result.returncode == 1
    assert f"tensors.po:{line}: fuzzy: needs checking: msgid \"{entry.msgid[:30]}" in result.stdout, result.stdout


def test_obsolete_entries_do_not_count(site):
    path = site / CATALOGS / "tensors.po"
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="Gone from the English.", msgstr="", obsolete=True))
    po.save(str(path))
    result = checked(site)
    assert result.returncode == 0, result.stdout


def test_dropped_role_and_literal_fail(site):
    shown, line = add_entry(site, "See {doc}`tensors` and `x` and {ref}`the end <end-label>`.",
                            "`x` と {ref}`最後 <end-label>` を見てください。")  # fmt: skip
    result = checked(site)
    assert result.returncode == 1
    problems = problem_lines(result.stdout)
    expected = f'{shown}:{line}: markup: lost {{doc}}`tensors`: msgid "See {{doc}}'
    assert any(p.startswith(expected) for p in problems), problems
    # The visible text of a role may be translated; its target may not.
    assert len(problems) == 1, problems


def test_changed_target_and_math_fail(site):
    shown, line = add_entry(
        site, "Read {doc}`Tensors <tensors>` for $A B$.", "$A C$ は {doc}`テンソル <autograd>` を参照。"
    )
    problems = problem_lines(checked(site).stdout)
    mine = [p for p in problems if p.startswith(f"{shown}:{line}: markup:")]
    assert any("lost {doc}`Tensors <tensors>`" in p for p in mine), mine
    assert any("invented {doc}`テンソル <autograd>`" in p for p in mine), mine
    assert any("lost $A B$" in p for p in mine), mine


def test_invented_link_fails(site):
    shown, line = add_entry(site, "A plain sentence.", "普通の文です。[詳しく](https://example.com/more) と `x`。")
    result = checked(site)
    assert result.returncode == 1
    problems = problem_lines(result.stdout)
    assert f'{shown}:{line}: markup: invented [...](https://example.com/more): msgid "A plain sentence."' in problems
    assert f'{shown}:{line}: markup: invented `x`: msgid "A plain sentence."' in problems


def test_substitution_must_be_kept(site):
    shown, line = add_entry(site, "Built with |project|.", "ビルドしました。", source=REST_PAGE)
    assert f"{shown}:{line}: markup: lost |project|" in checked(site).stdout


def test_rest_message_is_read_as_rest(site):
    # In reST, :ref: is a role and ``x`` a literal; the title may change.
    shown, line = add_entry(site, "See :ref:`the end <end-label>` and ``x``.", "``x`` と :ref:`最後 <end-label>` を見てください。",
                            source=REST_PAGE)  # fmt: skip
    assert not [p for p in problem_lines(checked(site).stdout) if p.startswith(f"{shown}:{line}:")]


@pytest.mark.parametrize(
    "msgstr, detail, source",
    [
        ("普通の文です。<span class=\"x\">赤</span>", 'raw HTML in translation: <span class="x">', MYST_PAGE),
        ("普通の文です。<script>alert(1)</script>", "raw HTML in translation: <script>", MYST_PAGE),
        ("普通の文です。\n\n```{raw} html\n<b>x</b>\n```", "raw directive in translation", MYST_PAGE),
        ("普通の文です。\n\n.. raw:: html\n\n   <b>x</b>", "raw directive in translation", REST_PAGE),
        ("普通の文です。{raw-html}`<b>x</b>`", "raw role in translation", MYST_PAGE),
        ("普通の文です。:raw-html:`<b>x</b>`", "raw role in translation", REST_PAGE),
    ],
    ids=["span", "script", "myst-raw-directive", "rest-raw-directive", "myst-raw-role", "rest-raw-role"],
)
def test_raw_html_fails(site, msgstr, detail, source):
    shown, line = add_entry(site, "A plain sentence.", msgstr, source=source)
    result = checked(site)
    assert result.returncode == 1
    assert any(p.startswith(f"{shown}:{line}: raw: {detail}") and p.endswith('msgid "A plain sentence."')
               for p in problem_lines(result.stdout)), result.stdout  # fmt: skip


@pytest.mark.parametrize(
    "msgid, msgstr, detail",
    [
        ("Read [the docs](https://example.com/).", '[<img src=x onerror="alert(1)">文書](https://example.com/) を読みます。',
         'raw HTML in translation: <img src=x onerror="alert(1)">'),
        ("Read [the docs](https://example.com/ \"Docs\").", '[文書](https://example.com/ "<img src=x onerror=alert(1)>") を読みます。',
         "raw HTML in a link title: <img src=x onerror=alert(1)>"),
        ("See {doc}`Tensors <tensors>`.", '{doc}`<img src=x onerror="alert(1)">テンソル <tensors>` を見てください。',
         'raw HTML in a reference title: <img src=x onerror="alert(1)">'),
    ],
    ids=["link-text", "link-title", "reference-title"],
)
def test_raw_html_inside_links_and_references_fails(site, msgid, msgstr, detail):
    shown, line = add_entry(site, msgid, msgstr)
    result = checked(site)
    assert result.returncode == 1
    mine = [p for p in problem_lines(result.stdout) if p.startswith(f"{shown}:{line}: ")]
    # The link and the reference themselves are kept: only the HTML is wrong.
    assert mine == [f"{shown}:{line}: raw: {detail}: msgid {short(msgid)}"], mine


def break_line(path: Path, predicate, change) -> int:
    """Change the first line of a file that matches; returns its number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if predicate(line))
    lines[number] = change(lines[number])
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_broken_quoting_fails_at_its_line(site):
    path = site / CATALOGS / "tensors.po"
    # The first one-line translation after the header loses its closing quote.
    line = break_line(path, lambda s: s.startswith('msgstr "') and s != 'msgstr ""', lambda s: s[:-1])
    result = checked(site)
    assert result.returncode == 1
    assert f"tensors.po:{line}: msgfmt: end-of-line within string" in result.stdout, result.stdout
    # polib would read the rest of the line as the translation: the file is
    # not trusted, the table says so, and the other catalogs are still checked.
    assert re.search(r"^tensors\s+-\s+-\s+-\s+-\s+unreadable$", result.stdout, re.M)
    assert re.search(r"^index\s+\d+", result.stdout, re.M)


@pytest.mark.parametrize(
    "old, new, detail",
    [
        ("charset=utf-8", "charset=CHARSET", "Content-Type must say charset=UTF-8"),
        ("Language: ja", "Language: de", "Language is 'de', not 'ja'"),
    ],
)
def test_bad_header_fails(site, old, new, detail):
    path = site / CATALOGS / "index.po"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    header = text.split("\n").index('msgid ""') + 1
    result = checked(site)
    assert result.returncode == 1
    assert f"{CATALOGS.as_posix()}/index.po:{header}: header: {detail}" in result.stdout, result.stdout


def test_header_without_charset_fails(site):
    path = site / CATALOGS / "index.po"
    header = path.read_text(encoding="utf-8").split("\n").index('msgid ""') + 1
    break_line(path, lambda s: s.startswith('"Content-Type:'), lambda s: '"Content-Type: text/plain\\n"')
    result = checked(site)
    assert result.returncode == 1
    assert re.search(rf"index\.po:{header}: msgfmt: warning: Charset missing in header", result.stdout), result.stdout
    assert f"index.po:{header}: header: Content-Type must say charset=UTF-8" in result.stdout


def test_wrong_plural_forms_fail(site):
    path = site / CATALOGS / "index.po"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(
        text + '\n\n#: ../../docs/index.md:1\nmsgid "one file"\nmsgid_plural "%d files"\n'
        'msgstr[0] "ファイル 1 つ"\nmsgstr[1] "ファイル %d 個"\n', encoding="utf-8",
    )  # fmt: skip
    entry_line = text.count("\n") + 3
    result = checked(site)
    assert result.returncode == 1
    found = re.search(r"index\.po:(\d+): msgfmt: \.\.\.but some messages have 2 plural forms", result.stdout)
    assert found, result.stdout
    assert entry_line <= int(found.group(1)) <= entry_line + 4  # msgfmt points into the entry


def test_invalid_plural_header_fails(site):
    path = site / CATALOGS / "index.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("nplurals=1; plural=0;", "nplurals=one; plural=0;"), encoding="utf-8")
    result = checked(site)
    assert result.returncode == 1
    assert re.search(r"index\.po:\d+: msgfmt: invalid nplurals value", result.stdout), result.stdout


def test_fresh_catalog_header_must_be_filled_in(site):
    path = site / CATALOGS / "index.po"
    po = polib.pofile(str(path))
    po.metadata_is_fuzzy = True
    po.metadata["Last-Translator"] = "FULL NAME <EMAIL@ADDRESS>"
    po.save(str(path))
    result = checked(site)
    assert result.returncode == 1
    assert "index.po:" in result.stdout
    assert "the header is marked fuzzy" in result.stdout
    assert "'Last-Translator' still has the initial default value" in result.stdout


def test_missing_msgfmt_is_reported(site, tmp_path):
    result = check(site, env={"PATH": str(tmp_path)})
    assert result.returncode == 2
    assert "msgfmt not found" in result.stdout


def test_todo_lists_what_is_left(site):
    path, po, entry = a_translated_entry(site)
    entry.flags.append("fuzzy")
    po.save(str(path))
    result = checked(site, "--todo")
    assert result.returncode == 0
    assert "tensors (locale/ja/LC_MESSAGES/tensors.po): 0 untranslated, 1 fuzzy" in result.stdout
    assert f"fuzzy: {entry.msgid}" in result.stdout


# -- the English side: stable msgids, catalogs in step ---------------------------

STAMP_EXTENSION = '''"""Writes the local date into the page text (a planted fault)."""
import datetime


def stamp(app, docname, source):
    source[0] = source[0].replace("@TODAY@", datetime.date.today().isoformat())


def setup(app):
    app.connect("source-read", stamp)
    return {"parallel_read_safe": True}
'''


@pytest.fixture(scope="module")
def changed_english(tmp_path_factory) -> dict:
    """The gate run on a copy whose English changed without make intl-update.

    One page gains a paragraph with a generated date (a msgid that differs
    from run to run), and another paragraph of it changes.
    """
    from sitecopy import copy_site

    site = copy_site(tmp_path_factory.mktemp("english") / "site")
    (site / "_ext" / "planted_stamp.py").write_text(STAMP_EXTENSION, encoding="utf-8")
    with (site / "conf.py").open("a", encoding="utf-8") as f:
        f.write('\nextensions.append("planted_stamp")\n')
    page = site / "docs" / "tensors.md"
    text = page.read_text(encoding="utf-8")
    po = polib.pofile(str(site / CATALOGS / "tensors.po"))
    changed = next(e for e in po if e.translated() and " " in e.msgid and "`" not in e.msgid and "\n" not in e.msgid)
    first_words = " ".join(changed.msgid.split()[:3])
    assert first_words in text
    text = text.replace(first_words, first_words + " (changed)", 1)
    text += "\n\nThis page was generated on @TODAY@.\n"
    page.write_text(text, encoding="utf-8")
    date_line = text.rstrip("\n").count("\n") + 1
    result = checked(site, "--gettext", "--build-dir", str(site / "_build"))
    return {"site": site, "result": result, "changed": changed, "date_line": date_line}


def test_unstable_msgid_fails(changed_english):
    result = changed_english["result"]
    assert result.returncode == 1
    unstable = [p for p in problem_lines(result.stdout) if ": unstable: " in p]
    assert unstable, result.stdout
    where = f"docs/tensors.md:{changed_english['date_line']}"
    assert any(p.startswith(f"{CATALOGS.as_posix()}/tensors.po:") and where in p
               and 'msgid "This page was generated on 20' in p for p in unstable), unstable  # fmt: skip
    # Only the planted paragraph moves.
    assert all("This page was generated on" in p for p in unstable), unstable


def test_stale_catalog_fails(changed_english):
    problems = problem_lines(changed_english["result"].stdout)
    entry = changed_english["changed"]
    assert any(": stale: English text not in the catalog (docs/tensors.md:" in p and "(changed)" in p
               for p in problems), problems  # fmt: skip
    expected = f'tensors.po:{entry.linenum}: stale: no longer in the English source: run make intl-update: msgid "'
    assert any(expected + entry.msgid[:20] in p for p in problems), problems


def test_intl_update_twice_changes_nothing(site):
    """make intl-update, twice, from scratch, a day apart in local time: no change."""
    before = fingerprints(site)
    for n, tz in enumerate(("UTC-14", "UTC+12")):
        make = ["make", "intl-update", f"PY={sys.executable}", "STAMP=", f"BUILDDIR=_build/run{n}"]
        result = run(make, cwd=site, env={"TZ": tz})
        assert result.returncode == 0, result.stdout[-3000:]
        assert ", 0 changed or to look at" in result.stdout
        assert fingerprints(site) == before, result.stdout[-3000:]
    # The catalogs are in step with what the English gives.
    result = checked(site, "--pot-dir", "_build/run1/gettext")
    assert result.returncode == 0, result.stdout
    assert "intl-check: ok (catalogs, the catalogs against the English)" in result.stdout
