"""The worker's allocator settings (portal/malloc.py, called from deploy/gunicorn.conf.py)."""

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from portal import malloc

ROOT = Path(__file__).resolve().parents[2]


class FakeLibrary:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[int, ...]]] = []

    def mallopt(self, option: int, value: int) -> int:
        self.calls.append(("mallopt", (option, value)))
        return 1

    def malloc_trim(self, pad: int) -> int:
        self.calls.append(("malloc_trim", (pad,)))
        return 1


def test_arenas_are_capped_through_mallopt():
    library = FakeLibrary()
    assert malloc.limit_arenas(arenas=2, library=library) is True
    assert library.calls == [("mallopt", (-8, 2))]  # M_ARENA_MAX in glibc's malloc.h


def test_a_trim_runs_at_most_once_per_interval():
    library, now = FakeLibrary(), [100.0]
    trim = malloc.HeapTrimmer(interval=1.0, library=library, clock=lambda: now[0])
    assert trim() is True  # the first request's end
    now[0] = 100.5
    assert trim() is False  # too soon
    now[0] = 101.0
    assert trim() is True
    assert library.calls == [("malloc_trim", (0,)), ("malloc_trim", (0,))]


def test_without_glibc_both_do_nothing(monkeypatch):
    monkeypatch.setattr(malloc, "_glibc", lambda: None)
    assert malloc.limit_arenas() is False
    assert malloc.HeapTrimmer()() is False


# In a fresh interpreter: free() must not trim by itself (M_TRIM_THRESHOLD raised), so only the
# trimmer can hand the freed blocks back, and no other test's allocations are in the way.
TRIM_SCRIPT = r"""
import ctypes, sys
from pathlib import Path
from portal import malloc

def rss_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD
libc.mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD: 64 KB blocks come from the heap
assert malloc.limit_arenas() is True
blocks = [libc.malloc(64 * 1024) for _ in range(800)]  # 50 MB
for block in blocks:
    ctypes.memset(block, 1, 64 * 1024)
for block in blocks:
    libc.free(block)
freed = rss_kb()
trimmed = malloc.HeapTrimmer(interval=0)()
print(trimmed, freed - rss_kb())
"""


@pytest.mark.skipif(malloc._glibc() is None, reason="glibc only")
def test_on_glibc_a_trim_hands_freed_memory_back():
    done = subprocess.run(
        [sys.executable, "-c", TRIM_SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    trimmed, returned_kb = done.stdout.split()
    assert trimmed == "True"
    assert int(returned_kb) > 40_000  # of the 50 MB freed


def test_gunicorn_calls_them_in_each_worker(monkeypatch):
    made: list[str] = []
    monkeypatch.setattr(malloc, "limit_arenas", lambda **_: made.append("arenas") or True)

    class Trimmer:
        def __call__(self) -> bool:
            made.append("trim")
            return True

    monkeypatch.setattr(malloc, "HeapTrimmer", Trimmer)
    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    conf["post_fork"](None, None)
    conf["post_request"](None, None, {}, None)
    conf["post_request"](None, None, {}, None)
    assert made == ["arenas", "trim", "trim"]
