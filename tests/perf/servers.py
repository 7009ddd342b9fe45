"""The servers the harness drives, each in its own process: Koosloome (one or several
processes, SQLite or PostgreSQL + Redis) and the bare Flask-SocketIO baseline."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.live_server import (
    answers,
    free_port,
    prepare_database,
    running_server,
    scratch_postgres,
    server_env,
    stop,
    wait_until,
)

BASELINE = Path(__file__).with_name("baseline_server.py")
BASELINE_TOKEN = "kl_baseline"
# The app's own default (app/config.py): the bench measures what a deployment gets.
DEFAULT_TALLY_INTERVAL = "0.25"


@dataclass
class Target:
    """One or more running server processes that together serve one workshop."""

    name: str
    urls: list[str]
    api_token: str
    pids: list[int]
    logs: list[Path] = field(default_factory=list)
    database: str = "sqlite"

    def url(self, index: int) -> str:
        """Spread clients over the processes, as a round-robin proxy would."""
        return self.urls[index % len(self.urls)]


@contextmanager
def koosloome_target(workdir: Path, *, processes: int = 1, postgres: str | None = None,
                     redis: str | None = None, tally_interval: str = DEFAULT_TALLY_INTERVAL,
                     async_mode: str = "eventlet") -> Iterator[Target]:
    """`koosloome serve` in `processes` processes on a migrated database."""
    if processes > 1 and not (postgres and redis):
        raise ValueError("several processes need --postgres and --redis")
    workdir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        database_url = stack.enter_context(
            scratch_postgres(postgres, "koosloome_bench")) if postgres else None
        # Every simulated phone comes from 127.0.0.1: a thousand of them is more than the
        # per-address figures allow (a hall of 300 behind one address, docs/operations.md),
        # so the harness lifts them and measures the server itself.
        extra = {"TALLY_INTERVAL_SECONDS": tally_interval, "CONNECTIONS_PER_ADDRESS": "0",
                 "RATE_LIMITS_ENABLED": "0"}
        if redis:
            extra["SOCKETIO_CHANNEL"] = f"koosloome-bench-{uuid.uuid4().hex[:8]}"
        env = server_env(workdir / "instance", async_mode=async_mode,
                         database_url=database_url, message_queue=redis, **extra)
        token = prepare_database(env)
        urls, pids, logs = [], [], []
        for number in range(processes):
            process_env = {**env, "PORT": str(free_port())}
            log = workdir / f"server{number}.log"
            process = stack.enter_context(running_server(process_env, log))
            urls.append(f"http://127.0.0.1:{process_env['PORT']}")
            pids.append(process.pid)
            logs.append(log)
        name = "koosloome" if processes == 1 else f"koosloome x{processes}"
        yield Target(name, urls, token, pids, logs,
                     "postgresql" if postgres else "sqlite")


@contextmanager
def baseline_target(workdir: Path) -> Iterator[Target]:
    """tests/perf/baseline_server.py in its own process."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = workdir / "baseline.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen([sys.executable, str(BASELINE), "--port", str(port)],
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until(lambda: process.poll() is None and answers(url + "/healthz"), 30,
                       "the baseline server")
            yield Target("baseline", [url], BASELINE_TOKEN, [process.pid], [log_path], "memory")
        finally:
            stop(process)


NGINX_SITE = Path(__file__).with_name("nginx_site.conf")


@contextmanager
def nginx_front(workdir: Path, target: Target) -> Iterator[Target]:
    """The site of docs/deploy.md in front of the target's processes (nginx in the PATH)."""
    import shutil

    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    folder = workdir / "nginx"
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    port = free_port()
    site = NGINX_SITE.read_text()
    servers = "\n    ".join(f"server {url.removeprefix('http://')};" for url in target.urls)
    site = (site.replace("{{UPSTREAM_SERVERS}}", servers)
            .replace("{{LISTEN}}", f"127.0.0.1:{port}").replace("{{SERVER_NAME}}", "localhost"))
    (folder / "site.conf").write_text(site)
    temp = " ".join(f"{name}_temp_path {folder / name};" if name != "body" else
                    f"client_body_temp_path {folder / name};"
                    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(
        f"worker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\nworker_rlimit_nofile 20000;\n"
        "events { worker_connections 8192; }\n"
        f"http {{\n  access_log off;\n  {temp}\n  include {folder / 'site.conf'};\n}}\n")
    with (folder / "stdout.log").open("ab") as log:
        process = subprocess.Popen([binary, "-c", str(folder / "nginx.conf"), "-g",
                                    "daemon off;"], stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until(lambda: process.poll() is None and answers(url + "/healthz"), 30,
                       "nginx")
            workers = [int(pid) for pid in subprocess.run(
                ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
            ).stdout.split()]
            yield Target(f"{target.name} via nginx", [url], target.api_token,
                         [*target.pids, process.pid, *workers], target.logs, target.database)
        finally:
            stop(process)
