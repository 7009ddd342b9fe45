"""The load harness's command line: `python -m tests.perf --help`.

    python -m tests.perf                                   # N = 100, 500, 1000 + baseline
    python -m tests.perf --phones 50 --scenarios votes
    python -m tests.perf --phones 1000 --scenarios join,ideas,votes --processes 2 \\
        --postgres postgresql://postgres@127.0.0.1:5432/test --redis redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from . import report
from .bench import SCENARIOS, raise_open_file_limit, run_scenarios
from .harness import Result, Settings
from .servers import baseline_target, koosloome_target, nginx_front


def _machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", default="100,500,1000",
                        help="comma-separated numbers of phones, one run each")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help=f"comma-separated, of {', '.join(SCENARIOS)}")
    parser.add_argument("--processes", type=int, default=1,
                        help="server processes (more than one needs --postgres and --redis)")
    parser.add_argument("--postgres", help="an admin URL; a scratch database is made and dropped")
    parser.add_argument("--redis", help="the Socket.IO message queue, e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--nginx", action="store_true",
                        help="put the nginx site of docs/deploy.md in front (nginx in PATH)")
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=None,
                        help="also measure the bare Flask-SocketIO baseline "
                             "(default: on for one process)")
    parser.add_argument("--dots", type=int, default=3)
    parser.add_argument("--max-per-idea", type=int, default=2)
    parser.add_argument("--idea-window", type=float, default=30.0)
    parser.add_argument("--vote-window", type=float, default=10.0)
    parser.add_argument("--tally-interval", default="0.25",
                        help="TALLY_INTERVAL_SECONDS for the server (the app's default)")
    parser.add_argument("--websocket-compression", action=argparse.BooleanOptionalAction,
                        default=True, help="offer permessage-deflate, as browsers do")
    parser.add_argument("--async-mode", default="eventlet")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--workdir", type=Path, help="keep databases and server logs here")
    args = parser.parse_args(argv)
    args.phones = [int(n) for n in args.phones.split(",") if n.strip()]
    args.scenarios = tuple(s.strip() for s in args.scenarios.split(",") if s.strip())
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if args.processes > 1 and not (args.postgres and args.redis):
        parser.error("--processes above 1 needs --postgres and --redis")
    if args.baseline is None:
        args.baseline = args.processes == 1
    return args


def progress(result: Result) -> None:
    print(report.results_table([result]), flush=True)
    print(report.details(result), flush=True)


async def measure(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    ours: list[Result] = []
    baseline: list[Result] = []
    weights: dict[int, Any] = {}
    for phones in args.phones:
        settings = Settings(phones=phones, dots=args.dots, max_per_idea=args.max_per_idea,
                            idea_window=args.idea_window, vote_window=args.vote_window,
                            websocket_compression=args.websocket_compression, seed=args.seed)
        print(f"\n== {phones} phones: Koosloome, {args.processes} process(es) ==", flush=True)
        with koosloome_target(workdir / f"koosloome-{phones}", processes=args.processes,
                              postgres=args.postgres, redis=args.redis,
                              tally_interval=args.tally_interval,
                              async_mode=args.async_mode) as direct, ExitStack() as stack:
            target = stack.enter_context(nginx_front(workdir / f"nginx-{phones}", direct)) \
                    if args.nginx else direct
            results, weight = await run_scenarios(target, settings, args.scenarios,
                                                  weigh_page=True, on_result=progress)
        ours += results
        print(report.results_table(results), flush=True)
        if weight:
            weights[phones] = weight
            print(report.weight_summary(weight), flush=True)
        if args.baseline:
            print(f"\n== {phones} phones: baseline ==", flush=True)
            with baseline_target(workdir / f"baseline-{phones}") as target:
                results, _ = await run_scenarios(target, settings, args.scenarios,
                                                 on_result=progress)
            baseline += results
            print(report.results_table(results), flush=True)
            print(report.ratios_table(ours[-len(results):], results), flush=True)
    print("\n== Summary ==")
    print("Machine:", _machine())
    print(report.results_table(ours + baseline))
    if baseline:
        print("\nKoosloome as a multiple of the baseline:")
        print(report.ratios_table(ours, baseline))
    return {"machine": _machine(), "argv": sys.argv[1:], "when": time.strftime("%Y-%m-%d %H:%M"),
            "results": [r.as_dict() for r in ours],
            "baseline": [r.as_dict() for r in baseline], "page_weight": weights}


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    # A SIGTERM unwinds like Ctrl-C, so servers stop and the scratch database is dropped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    files = raise_open_file_limit()
    print(f"Harness open-file limit: {files}", flush=True)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        figures = asyncio.run(measure(args, args.workdir))
    else:
        with tempfile.TemporaryDirectory(prefix="koosloome-bench-") as folder:
            figures = asyncio.run(measure(args, Path(folder)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
        print(f"Figures written to {args.json}")
    correct = all(r["lost"] == 0 and r["duplicated"] == 0 and r["over_budget"] == 0
                  for r in figures["results"])
    return 0 if correct else 1


if __name__ == "__main__":
    sys.exit(main())
