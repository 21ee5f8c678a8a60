"""`make bench`: every benchmark, one after another, each printing its own figures."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ["search_engine.py", "--documents", "100000"],
    ["search_api.py", "--experts", "10000"],
]

for script, *arguments in BENCHMARKS:
    print(f"== {script} {' '.join(arguments)}", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *arguments], check=True)  # noqa: S603
