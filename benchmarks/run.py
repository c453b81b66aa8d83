#!/usr/bin/env python3
"""`python benchmarks/run.py` is `python -m benchmarks` (the package beside this file),
for the commands written before the benchmark became a package."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
