"""py-spy attached to one server worker during a load run: the top functions by own and total time.

    python -m load.run --minutes 1 --rate 0 --profile 40   # 40 s of samples of one worker

Only the thread holding the GIL is sampled (`--gil`): the worker's Python CPU, not its threads
waiting for the database or for the GIL itself. The samples are kept as collapsed stacks
(`profile.txt`, one stack and its count a line, the format flame-graph tools read) in the
run's folder; the tables add them up per function (file and name, line numbers dropped): own
time is the samples where the function was running, total time those where it was anywhere on
the stack (once per stack, so recursion counts once).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path


def worker_pids(tree: list[int]) -> list[int]:
    """The uvicorn worker processes among a server's process tree (spawned by multiprocessing)."""
    out = []
    for pid in tree:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if b"spawn_main" in cmdline:
            out.append(pid)
    return out


def _py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def start(pid: int, seconds: int, out: Path) -> subprocess.Popen | None:
    """Start sampling `pid` for `seconds` into `out` (collapsed stacks); None without py-spy."""
    exe = _py_spy()
    if exe is None:
        print("profile: py-spy is not installed (pip install py-spy); no profile", flush=True)
        return None
    return subprocess.Popen(
        [exe, "record", "--pid", str(pid), "--duration", str(seconds), "--rate", "100",
         "--format", "raw", "--output", str(out), "--nonblocking", "--gil"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _function(frame: str) -> str:
    # "name (path/to/file.py:123)" -> "name (file.py)", shortened from site-packages and the repo
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "/service/", "/load/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker == "/service/":
                path = "service/" + path
            break
    return f"{name} ({path})" if path else name


def tables(collapsed: Path, top: int = 20) -> tuple[int, list, list]:
    """(samples, top by own time, top by total time) of a collapsed-stacks file."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in collapsed.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [_function(f) for f in stack.split(";")]
        # py-spy puts the thread first ("process ...;thread ..."): not a function
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        samples += n
        own[frames[-1]] += n
        for f in set(frames):
            total[f] += n
    return samples, own.most_common(top), total.most_common(top)


def report(proc: subprocess.Popen | None, collapsed: Path, top: int = 20) -> None:
    """Wait for py-spy and print the two tables."""
    if proc is None:
        return
    _, err = proc.communicate()
    if not collapsed.exists():
        print(f"profile: py-spy wrote nothing ({err.decode(errors='replace').strip()[:300]})")
        return
    samples, by_own, by_total = tables(collapsed, top)
    if not samples:
        print("profile: no samples")
        return
    for title, rows in (("own time", by_own), ("total time", by_total)):
        print(f"\nprofile of one worker, top {top} by {title} ({samples} samples; {collapsed})")
        for function, n in rows:
            print(f"{100.0 * n / samples:6.1f}%  {function[:110]}")
