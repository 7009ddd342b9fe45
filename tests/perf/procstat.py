"""CPU time and peak memory of server processes, read from /proc (Linux)."""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size (VmHWM) in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def machine_seconds() -> tuple[float, float]:
    """CPU time all processes on the machine used so far (every core, not idle or iowait),
    and the time the hypervisor gave this machine's cores to other guests (steal)."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq) / CLOCK_TICKS, steal / CLOCK_TICKS


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Usage:
    """What the servers (and the harness) used between `start` and `stop`."""

    pids: list[int]
    wall: float = 0.0
    server_cpu: float = 0.0
    harness_cpu: float = 0.0
    other_cpu: float = 0.0  # everything else on the machine meanwhile
    steal: float = 0.0  # time the hypervisor ran other guests on this machine's cores
    peak_rss: float = 0.0

    def start(self) -> Usage:
        self._t0 = time.perf_counter()
        self._cpu0 = sum(cpu_seconds(pid) for pid in self.pids)
        self._own0 = own_cpu_seconds()
        self._machine0, self._steal0 = machine_seconds()
        return self

    def stop(self) -> Usage:
        self.wall = time.perf_counter() - self._t0
        self.server_cpu = sum(cpu_seconds(pid) for pid in self.pids) - self._cpu0
        self.harness_cpu = own_cpu_seconds() - self._own0
        machine, steal = machine_seconds()
        self.other_cpu = max(0.0, machine - self._machine0 - self.server_cpu - self.harness_cpu)
        self.steal = steal - self._steal0
        self.peak_rss = max(peak_rss_mb(pid) for pid in self.pids)
        return self

    @property
    def server_cpu_percent(self) -> float:
        """CPU used as a share of one core (100 % = one core busy all the time)."""
        return 100 * self.server_cpu / self.wall if self.wall else 0.0

    @property
    def harness_cpu_percent(self) -> float:
        return 100 * self.harness_cpu / self.wall if self.wall else 0.0

    @property
    def other_cpu_percent(self) -> float:
        return 100 * self.other_cpu / self.wall if self.wall else 0.0

    @property
    def steal_percent(self) -> float:
        return 100 * self.steal / self.wall if self.wall else 0.0
