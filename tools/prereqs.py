"""Check, before ``make test`` starts, that the system has what the checks need.

    python tools/prereqs.py

Besides Python and make, the checks use programs that pip does not
install: ``msgfmt`` (catalogs), ``npm`` (axe-core and textlint), Chromium
(browser tests) and a CJK font (Japanese glyphs in the browser and on the
figures). Prints one message naming everything missing and how to install
it, and exits 1; prints nothing and exits 0 when all is there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# (what, how to tell it is there, Debian package)
NEEDS = [
    ("msgfmt (GNU gettext)", lambda: shutil.which("msgfmt"), "gettext"),
    ("npm (Node.js)", lambda: shutil.which("npm"), "npm"),
    ("Chromium", lambda: os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium")), "chromium"),
    ("a CJK font (Noto Sans CJK)", lambda: _has_cjk_font(), "fonts-noto-cjk fontconfig"),
]


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    fonts = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
    return "Noto Sans CJK" in fonts


def missing() -> list[tuple[str, str]]:
    return [(what, package) for what, present, package in NEEDS if not present()]


def main() -> int:
    lacking = missing()
    if not lacking:
        return 0
    names = ", ".join(what for what, _ in lacking)
    packages = " ".join(package for _, package in lacking)
    print(
        f"make test needs {names}, which this system lacks.\n"
        f"On Debian or Ubuntu: sudo apt-get install {packages}\n"
        "(set CHROMIUM=/path/to/chromium to use another Chromium)",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
