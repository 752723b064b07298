"""Processes for the benchmarks: timed commands with the peak memory of their whole process tree,
servers started on loopback and stopped, and the machine they all run on."""

from __future__ import annotations

import os
import platform
import resource
import socket
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc/<pid>/task/*/children``)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def pss_mb(pid: int) -> float:
    """Proportional set size of the tree in MB: forked workers' shared pages are counted once."""
    return sum(pss_each_mb(pid))


def pss_each_mb(pid: int) -> list[float]:
    """The PSS of each process of the tree in MB, ``pid`` first (a server, then its workers)."""
    sizes = []
    for child in descendants(pid):
        try:
            sizes += [int(line.split()[1]) / 1024 for line in
                      Path(f"/proc/{child}/smaps_rollup").read_text().splitlines()
                      if line.startswith("Pss:")]
        except OSError:
            pass
    return sizes


@dataclass
class Timed:
    seconds: float
    peak_mb: float
    output: str
    cpu_s: float = 0.0  # user + system time of the command and every process it waited for


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(args: list[str], env: dict | None = None) -> Timed:
    """Run a command; its wall time, its CPU time (on a shared machine the steadier figure) and
    the peak PSS of its process tree (sampled every 0.1 s)."""
    cpu = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **(env or {})})
    peak = [0.0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], pss_mb(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{output[-3000:]}")
    return Timed(elapsed, peak[0], output, _children_cpu() - cpu)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server process on 127.0.0.1; ``ready`` is a URL that answers once it is up."""

    def __init__(self, name: str, args: list[str], ready: str, env: dict | None = None,
                 cwd: Path | None = None):
        self.name, self.ready = name, ready
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env={**os.environ, **(env or {})}, cwd=cwd)
        self.started = time.perf_counter()
        self._wait()
        self.startup = time.perf_counter() - self.started

    def _wait(self, limit: float = 900) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.ready, timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not start within {limit:g} s")

    def memory_mb(self) -> float:
        return pss_mb(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    return {"CPU": f"{cpu}, {len(os.sched_getaffinity(0))} cores usable",
            "Memory": f"{mem_kb / 2**20:.1f} GiB", "OS": platform.platform(),
            "Python": platform.python_version()}


def cpu_seconds(pids: list[int] | list[str]) -> float:
    """User + system CPU time used so far by the processes that are still alive."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")
