"""The portal's code run in a fresh Python process, for what only a start-up shows: settings read
from the environment a host is given, what the master loads before it forks its workers."""

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


def run_python(
    arguments: Sequence[str], *, env: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess:
    """``python ARGUMENTS`` in the project's folder with exactly ``env``; its output as text."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT_DIR,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
