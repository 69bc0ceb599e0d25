"""Translating: the Japanese site from the English source and its catalogs.

* ``catalogs``, ``markup`` -- reading catalogs, and comparing a message's
  markup with its translation's (helpers, not extensions);
* ``catalog_guard`` -- a broken catalog or raw HTML in a translation stops the build;
* ``notice``, ``status`` -- the outdated-translation notice and the status page;
* ``interface_language`` -- the theme's and Sphinx's own words in the page's language;
* ``script_strings`` -- the words of Sphinx's scripts (the search status line), from the same catalog;
* ``japanese_search`` -- a Japanese tokenizer for the search index and the query;
  ``split_cache`` -- its words kept between builds, keyed by the text;
* ``message_settings`` -- the docutils settings built once, not once per translated message;
* ``translated_downloads`` -- the gallery's downloads in the reader's language.
"""
