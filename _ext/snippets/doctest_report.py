"""Count doctest snippets and report the ones a run did not check.

Sphinx's doctest builder counts examples (each ``>>>`` line) and says nothing
about snippets skipped by ``:skipif:``. This extension replaces the builder
with a subclass that counts *snippets* (a ``doctest`` block, or a
``testcode`` block with its ``testoutput``) and ends the run with one line::

    doctest: 12 passed, 0 failed, 2 skipped

followed by the file and line of every failed and every skipped snippet, so a
CPU run never hides what it did not check. A snippet that the doctest flag
``SKIP`` leaves wholly or partly unchecked (``snippet_guard`` refuses the
flag, but a build without ``-W`` still runs) is listed as skipped, never
counted as passed.

The counts are also kept per page (``snippet_pages``, with each page's
snippet fingerprint) for the doctest record (``doctest_records``).
"""

from __future__ import annotations

import doctest
import os

from sphinx.ext.doctest import DocTestBuilder
from sphinx.util import logging

from .doctest_records import page_snippets

logger = logging.getLogger(__name__)

# Node types that are snippets of their own; setup, cleanup and output blocks
# belong to a snippet and are not counted separately.
_SNIPPET_TYPES = {"doctest", "testcode"}


def _where(filename: str | None, lineno: int | None) -> str:
    return f"{filename}:{lineno}" if lineno is not None else str(filename)


def _from_cwd(srcdir, filename: str) -> str:
    """A source path as the reader typed the command: relative to the cwd."""
    path = os.path.join(srcdir, filename)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path


def skips_an_example(test: doctest.DocTest, optionflags: int) -> bool:
    """Whether the runner leaves any example of ``test`` unchecked (flag SKIP)."""
    for example in test.examples:
        flags = optionflags
        for flag, on in example.options.items():
            flags = flags | flag if on else flags & ~flag
        if flags & doctest.SKIP:
            return True
    return False


class CountingDocTestBuilder(DocTestBuilder):
    """The stock doctest builder, counting snippets and listing skips."""

    name = "doctest"

    def get_filename_for_node(self, node, docname: str) -> str:  # type: ignore[override]
        return _from_cwd(self.env.srcdir, super().get_filename_for_node(node, docname))

    @staticmethod
    def get_line_number(node) -> int | None:
        # Sphinx subtracts one to correct reST's line numbers; MyST already
        # gives the line of the opening fence.
        if node.line is not None and str(node.source or "").endswith(".md"):
            return node.line
        return DocTestBuilder.get_line_number(node)

    def init(self) -> None:
        super().init()
        self.snippets_passed = 0
        self.snippets_failed: list[str] = []
        self.snippets_skipped: list[str] = []
        self._docname = ""
        # docname -> fingerprint, snippet counts, passed, skipped, failed
        self.snippet_pages: dict[str, dict] = {}

    def _count(self, what: str) -> None:
        self.snippet_pages[self._docname][what] += 1

    def skipped(self, node) -> bool:  # type: ignore[override]
        skip = super().skipped(node)
        if skip and node.get("testnodetype", "doctest") in _SNIPPET_TYPES:
            where = _where(
                self.get_filename_for_node(node, self._docname),
                self.get_line_number(node),
            )
            self.snippets_skipped.append(f"{where} (skipif: {node['skipif']})")
            self._count("skipped")
        return skip

    def test_doc(self, docname, doctree):  # type: ignore[override]
        # skipped() needs the document being tested to name the file.
        self._docname = docname
        self.snippet_pages[docname] = dict(page_snippets(doctree), passed=0, skipped=0, failed=0)
        return super().test_doc(docname, doctree)

    def test_group(self, group) -> bool:  # type: ignore[override]
        runner = self.test_runner
        original_run = runner.run
        ran: list[object] = []

        def counting_run(test, *args, **kwargs):
            before = runner.failures
            result = original_run(test, *args, **kwargs)
            ran.append(test)
            if runner.failures > before:
                self.snippets_failed.append(_where(test.filename, test.lineno))
                self._count("failed")
            elif skips_an_example(test, runner.optionflags):
                self.snippets_skipped.append(f"{_where(test.filename, test.lineno)} (doctest flag SKIP)")
                self._count("skipped")
            else:
                self.snippets_passed += 1
                self._count("passed")
            return result

        runner.run = counting_run
        try:
            ok = super().test_group(group)
        finally:
            runner.run = original_run
        if not ok and not ran:
            # The group's setup code failed, so none of its snippets ran.
            for code in group.tests:
                self.snippets_failed.append(_where(code[0].filename, code[0].lineno))
                self._count("failed")
        return ok

    def finish(self) -> None:
        super().finish()
        failed = len(self.snippets_failed)
        skipped = len(self.snippets_skipped)
        if failed:
            self._app.statuscode = 1
        lines = [""]
        lines += [f"  failed: {where}" for where in self.snippets_failed]
        lines += [f"  skipped: {where}" for where in self.snippets_skipped]
        lines.append(
            f"doctest: {self.snippets_passed} passed, {failed} failed, {skipped} skipped"
        )
        # make doctest prints the count itself, after Sphinx's closing lines,
        # so that a run ends with it (and says it once).
        last = os.environ.get("SITE_DOCTEST_COUNT_LAST") == "1"
        logger.info("\n".join(lines[:-1] if last else lines))
        (self.outdir / "summary.txt").write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")


def setup(app):
    app.setup_extension("sphinx.ext.doctest")
    app.add_builder(CountingDocTestBuilder, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
