"""The CPU kernel widths torch can use on this machine, and the snippets checked under each.

    python -m tools.kernel_widths            # list them, the one torch picks last
    python -m tools.kernel_widths --doctest  # run every snippet under each (no record)

torch compiles its CPU kernels several times, for vectors of different
widths, and picks the widest this processor runs (``ATEN_CPU_CAPABILITY``
chooses another: ``default``, ``avx2``, ``avx512``). The order in which a
kernel adds up a float32 result depends on the width, so a value printed
with all its digits can differ from one processor to the next. Every
narrower width than the one torch picks runs here too, so ``make test``
checks the snippets under each of them (``tests/test_kernel_widths.py``).
Setting a width the processor lacks ends in "Illegal instruction".
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys

from tools import ROOT

# From narrowest to widest, as torch names them in ATEN_CPU_CAPABILITY.
X86_WIDTHS = ["default", "avx2", "avx512"]
VARIABLE = "ATEN_CPU_CAPABILITY"


@functools.cache
def native(python: str = sys.executable) -> str:
    """The width torch picks here when nothing chooses one (lower case, as the variable spells it)."""
    env = {k: v for k, v in os.environ.items() if k != VARIABLE}
    code = "import torch; print(torch.backends.cpu.get_cpu_capability())"
    out = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().lower()


def supported(python: str = sys.executable) -> list[str]:
    """Every width this machine runs: the one torch picks and each narrower x86 width."""
    best = native(python)
    if best not in X86_WIDTHS:
        return ["default"] if best == "default" else ["default", best]
    return X86_WIDTHS[: X86_WIDTHS.index(best) + 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doctest", action="store_true", help="run every snippet under each width")
    args = parser.parse_args(argv)
    widths = supported()
    if not args.doctest:
        print(" ".join(widths))
        return 0
    failed = []
    for width in widths:
        print(f"== {VARIABLE}={width}", flush=True)
        command = [sys.executable, str(ROOT / "tools" / "sphinx_cli.py"), "doctest", "--no-record",
                   "--build-dir", str(ROOT / "_build" / f"widths-{width}")]  # fmt: skip
        if subprocess.run(command, cwd=ROOT, env=dict(os.environ, **{VARIABLE: width})).returncode != 0:
            failed.append(width)
    print(f"kernel widths: {len(widths) - len(failed)} of {len(widths)} passed" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
