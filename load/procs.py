"""The server's processes during a load run: their tree, resident memory and CPU time (Linux /proc)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def rss_kib(pid: int) -> int:
    """Resident memory of one process (VmRSS), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (the uvicorn supervisor and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by these processes and their reaped children."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # utime and stime, and cutime and cstime: the children it has reaped (PostgreSQL's
        # backends that ended during the run), in clock ticks
        total += sum(int(f) for f in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids(data_dir: Path) -> list[int]:
    """The PostgreSQL server of the run and its backends (the first line of postmaster.pid)."""
    try:
        return process_tree(int((data_dir / "postmaster.pid").read_text().split()[0]))
    except (FileNotFoundError, ValueError, IndexError):
        return []


class RssSampler:
    """Samples the summed RSS of the server's process tree every `every` seconds."""

    def __init__(self, pid: int, every: float) -> None:
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int, dict[int, int]]] = []
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> RssSampler:
        """Take the first sample now and the others on a thread."""
        self._thread.start()
        return self

    def _run(self) -> None:
        while True:
            per = {p: rss_kib(p) for p in process_tree(self.pid)}
            self.samples.append((time.monotonic() - self._started, sum(per.values()), per))
            if self._stop.wait(self.every):
                return

    def stop(self) -> None:
        """Take no more samples."""
        self._stop.set()
        self._thread.join(5)

    def growth(self, warmup: float = 300) -> tuple[int, int, float]:
        """(RSS at the end of the first `warmup` seconds, last RSS, growth in %)."""
        early = [s for s in self.samples if s[0] <= warmup] or self.samples[:1]
        base, last = early[-1][1], self.samples[-1][1]
        return base, last, 100.0 * (last - base) / base if base else 0.0


def machine_ticks() -> tuple[int, int]:
    """(busy, all) clock ticks of every CPU since boot, from /proc/stat: how busy the machine
    was between two readings, whoever kept it busy."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


def machine_speed() -> float:
    """Seconds of CPU one core takes for 10^7 additions in Python: runs are comparable only on a
    machine of the same speed (a shared host can halve it while no process here is busy)."""
    started = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - started
