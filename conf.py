"""Sphinx configuration for PyTorch Lessons (English source, Japanese catalogs).

The source pages live in ``docs/`` and this file sits at the top of the
repository, so every build is run as ``sphinx-build -c . docs OUTDIR``
(the Makefile does this). Paths below are relative to ``docs/``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project ------------------------------------------------------------------

project = "PyTorch Lessons"
author = "PyTorch Lessons authors"
copyright = "2026, PyTorch Lessons authors"
needs_sphinx = "9.0"
language = "en"  # the Japanese build passes -D language=ja

# -- General ------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.doctest",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_gallery.gen_gallery",
    # Local extensions (_ext/), one feature each, grouped by story.
    # Running the gallery and showing its recorded output:
    "gallery_records",
    "gallery_records.thumbnail_titles",
    # Checking snippets:
    "snippets.guard",
    "snippets.doctest_report",
    "snippets.record_run",
    "snippets.proof_line",
    "snippets.checks_table",
    # Translating:
    "translation.catalog_guard",
    "translation.notice",
    "translation.status",
    "translation.interface_language",
    "translation.japanese_search",
    "translation.split_cache",
    "translation.message_settings",
    "translation.translated_downloads",
    # The page around the lesson:
    "layout.language_links",
    "layout.source_links",
    "layout.mathml",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_root", "gallery/*.md5"]
templates_path = ["docs/_templates"]  # relative to this file

# Strict builds: every reference must resolve (-n), and the Makefile adds -W.
nitpicky = True
nitpick_ignore = []

# Sphinx's default. A fence without a language gets this name, which is how
# snippets.guard tells it from an explicit "none" or "text" and reports it.
highlight_language = "default"

# -- MyST ---------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3
myst_update_mathjax = False  # math is MathML (see _ext/layout/mathml.py), not MathJax

# -- Internationalisation -----------------------------------------------------

# locale/<lang>/LC_MESSAGES/ holds one catalog per page; locale/interface/
# holds the interface strings (domain "sphinx": Sphinx's, the theme's, the
# copy button's, the footer), which Sphinx reads before its own and the
# theme's catalogs (see _ext/translation/interface_language.py).
locale_dirs = ["../locale", "../locale/interface"]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = True
site_languages = {"en": "English", "ja": "日本語"}
# Japanese search: janome's words and the compound nouns they form go into
# the index, and the search page splits a query into the same words
# (_ext/translation/japanese_search.py). Other languages ignore this option.
html_search_options = {"type": "translation.japanese_search.CompoundNounSplitter"}

# -- HTML ---------------------------------------------------------------------

# pydata-sphinx-theme: maintained, accessible (WCAG-checked upstream), ships
# its own Japanese strings and icon font, and needs nothing from other sites.
html_theme = "pydata_sphinx_theme"
html_title = "PyTorch Lessons"
html_static_path = ["docs/_static"]  # relative to this file
html_css_files = ["site.css"]
html_favicon = "docs/_static/favicon.svg"  # else browsers ask for a missing /favicon.ico
html_math_renderer = "mathml"
html_last_updated_fmt = None
html_copy_source = False
# No general index page: the site is searched, and the glossary lists the terms;
# writing the index page costs every build a quarter of a second.
html_use_index = False
html_show_sourcelink = False
html_theme_options = {
    "navbar_end": ["language-switcher", "theme-switcher"],
    "navbar_persistent": ["search-button"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "source-links"],
    # The course is in the left column (docs/_templates/course-nav.html), so
    # the navigation bar lists no pages, and the phone drawer shows the course
    # once instead of a flat list of every page above it.
    "navbar_center": [],
    # The left column: the home page's toctrees, a chapter per caption, folded
    # but for the reader's chapter (show_nav_level 0); lessons and the
    # gallery's examples, not their sections (depth 2).
    "show_nav_level": 0,
    "navigation_depth": 2,
    "collapse_navigation": False,
}
# The home page shows the course as cards, and no left column.
html_sidebars = {"index": [], "**": ["course-nav"]}
# The theme logs an error on a first visit unless a colour mode is named.
html_context = {"default_mode": "auto"}

# -- Copy button ---------------------------------------------------------------

# Copying a doctest block gives only the code: prompts are stripped and
# lines without a prompt (the expected output) are left out.
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
# Prompts stay in the text so that only prompt lines are kept: output and
# tracebacks (which Pygments marks in several ways) are left out with them.
copybutton_exclude = ".linenos"

# -- Doctest ------------------------------------------------------------------

# ELLIPSIS is not on by default: a snippet asks for it where a value varies.
import doctest  # noqa: E402

doctest_default_flags = doctest.DONT_ACCEPT_TRUE_FOR_1
# skipif conditions such as "not torch.cuda.is_available()" need torch.
doctest_global_setup = "import torch"

# -- Gallery ------------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["gallery"],
    "filename_pattern": r"/plot_",
    # Modules starting with "_" are helpers for the examples, not examples.
    "ignore_pattern": r"__init__\.py|(^|/)_[^/]*\.py$",
    "within_subsection_order": "FileNameSortKey",
    # Keep run-to-run numbers out of the pages, and so out of the catalogs.
    "min_reported_time": float("inf"),
    "show_memory": False,
    "show_signature": False,
    "write_computation_times": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    # Figures as SVG with their text as text (see _ext/gallery_records/).
    "image_scrapers": ("gallery_records.capture.svg_scraper",),
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
}
