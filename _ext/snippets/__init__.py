"""Checking snippets: every Python snippet on a page is run, and nothing is skipped in silence.

* ``guard`` -- plain Python fences, fences without a language and any skip
  other than "no GPU" fail the build;
* ``doctest_report`` -- ``make doctest`` counts what passed, failed and was
  skipped, by file and line.
"""
