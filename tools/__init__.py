"""The site's command-line tools, run from the repository root as ``python -m tools.NAME``.

Older tools are still started as scripts (``python tools/NAME.py``) and find
their siblings on ``sys.path``; new ones are modules of this package.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
