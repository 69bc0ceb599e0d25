"""Fail the build on code blocks that no test runs.

Every Python snippet on a lesson page must be a doctest directive
(``{doctest}``, ``{testcode}``/``{testoutput}``, ``{testsetup}``), so that
its output is checked, or part of a gallery example, whose output is
captured when it runs. A plain Python fence is reported as a warning (an
error under ``-W``) at its file and line. Which fence names are Python is
Pygments' own answer (the aliases of its Python lexers, ``pyi``, ``sage``,
``python2``, ``python-console``, ``numpy``... and any lexer a plugin, such
as IPython's, builds on them), not a list kept here. A fence with no language at all is
reported too: the author says what it holds (``console``, ``text``, ...).

A doctest directive may be skipped only for want of a GPU: its ``:skipif:``
must be one of ``snippet_guard_skipif`` (by default
``not torch.cuda.is_available()``), so that a run on a GPU machine checks
every snippet. The doctest flag ``SKIP`` is refused for the same reason,
whether it is written as ``:options: +SKIP`` or as a ``# doctest: +SKIP``
comment inside the snippet (read with :mod:`doctest`'s own parser), and so
is ``SKIP`` in ``doctest_default_flags``.
"""

from __future__ import annotations

import doctest
import functools

from docutils import nodes
from pygments.lexers import find_lexer_class_by_name
from pygments.lexers.python import NumPyLexer, Python2Lexer, PythonConsoleLexer, PythonLexer
from pygments.util import ClassNotFound
from sphinx.util import logging

from gallery_records.paths import in_gallery

logger = logging.getLogger(__name__)

PYTHON_LEXERS = (PythonLexer, Python2Lexer, PythonConsoleLexer, NumPyLexer)
PYTHON_LANGUAGES = frozenset(alias for lexer in PYTHON_LEXERS for alias in lexer.aliases)


@functools.lru_cache(maxsize=None)
def is_python(language: str) -> bool:
    """Whether Pygments highlights a fence of this name as Python."""
    if language in PYTHON_LANGUAGES:
        return True
    try:
        return issubclass(find_lexer_class_by_name(language), PYTHON_LEXERS)
    except (ClassNotFound, ValueError):
        return False


_NO_LANGUAGE = frozenset({"", "default"})


_PARSER = doctest.DocTestParser()


def skip_flags(node: nodes.Element) -> list[str]:
    """How a doctest directive asks to be skipped by the ``SKIP`` flag, if it does."""
    found = []
    if node.get("options", {}).get(doctest.SKIP):
        found.append(":options: +SKIP")
    if node.get("testnodetype") == "doctest":
        try:
            examples = _PARSER.get_examples(node.get("test", node.astext()))
        except ValueError:
            examples = []  # the doctest builder reports a malformed snippet
        if any(example.options.get(doctest.SKIP) for example in examples):
            found.append("# doctest: +SKIP")
    return found


def check_default_flags(app, config) -> None:
    if config.doctest_default_flags & doctest.SKIP:
        logger.warning(
            "doctest_default_flags holds SKIP: a snippet may be skipped only when there is no GPU",
            type="snippet",
            subtype="skip-flag",
        )


def check_code_blocks(app, doctree: nodes.document) -> None:
    docname = app.env.docname
    if in_gallery(app, docname):
        return
    allowed_skips = {" ".join(c.split()) for c in app.config.snippet_guard_skipif}
    allowed = " or ".join(sorted(allowed_skips))
    for node in doctree.findall(lambda n: isinstance(n, nodes.Element) and "testnodetype" in n):
        refused = []
        condition = node.get("skipif")
        if condition is not None and " ".join(condition.split()) not in allowed_skips:
            refused.append((f"skipif {condition!r}: a snippet may be skipped only when there is no GPU", "skipif"))
        for how in skip_flags(node):
            refused.append((f"{how}: a snippet may be skipped only by :skipif: when there is no GPU", "skip-flag"))
        for message, subtype in refused:
            logger.warning("%s (%s)", message, allowed, location=node, type="snippet", subtype=subtype)
    for node in doctree.findall(nodes.literal_block):
        if "testnodetype" in node:
            continue  # a doctest directive: run by the doctest builder
        language = str(node.get("language", "")).lower()
        if is_python(language):
            logger.warning(
                "plain %s code block is never tested: write it as a {doctest} "
                "or {testcode}/{testoutput} directive, or move it into a gallery example",
                language,
                location=node,
                type="snippet",
                subtype="untested",
            )
        elif language in _NO_LANGUAGE:
            logger.warning(
                "code block without a language: name one (console, bash, text, ...); "
                "Python must be a {doctest} or {testcode} directive",
                location=node,
                type="snippet",
                subtype="no-language",
            )


def setup(app):
    app.add_config_value("snippet_guard_skipif", ["not torch.cuda.is_available()"], "env", types=[list])
    app.setup_extension("sphinx.ext.doctest")
    app.connect("config-inited", check_default_flags)
    app.connect("doctree-read", check_code_blocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
