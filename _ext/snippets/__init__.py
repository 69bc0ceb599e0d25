"""Checking snippets: every Python snippet on a page is run, and what ran where is shown.

* ``guard`` -- plain Python fences, fences without a language and any skip
  other than "no GPU" fail the build;
* ``doctest_report`` -- ``make doctest`` counts what passed, failed and was
  skipped, by file and line, and per page;
* ``doctest_records`` -- the doctest record of a backend
  (``records/<backend>/doctest.json``): fingerprints, reading, checking, writing;
* ``record_run`` -- ``make doctest`` writes its backend's record when every
  snippet passed; ``REQUIRE_GPU=1`` refuses the CPU and any skip;
* ``proof_line`` -- under each lesson's title, which backends checked its
  snippets; ``RECORDS=require`` refuses a page its records no longer prove;
* ``checks_table`` -- the tables of "How this site checks itself".
"""
