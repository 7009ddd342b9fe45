"""The mutation score of facilitation/ after `mutmut run`: per module, overall, and every survivor.

`make mutation` runs mutmut (configured in pyproject.toml) and then this. Every mutant that
the unit tests did not kill counts against the score: survivors, mutants no test reaches, and
equivalent mutants alike. Exits with 1 when the score is below THRESHOLD, naming the gap.

    .venv/bin/python -m tests.lint.mutation_score [--threshold 90]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

THRESHOLD = 90.0
ROOT = Path(__file__).resolve().parents[2]
MUTMUT = Path(sys.executable).with_name("mutmut")
# "    facilitation.voting.x_votes_left__mutmut_3: survived"
_LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+__mutmut_\d+): (?P<status>.+?)\s*$")
KILLED = {"killed", "timeout", "caught by type check"}


@dataclass(frozen=True)
class Mutant:
    name: str
    status: str

    @property
    def module(self) -> str:
        # facilitation.voting.x_votes_left__mutmut_3 → facilitation.voting
        return self.name.split(".x", 1)[0]

    @property
    def killed(self) -> bool:
        return self.status in KILLED


def read_mutants() -> list[Mutant]:
    """Every mutant of the last run with its status, as `mutmut results --all` prints them."""
    out = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    mutants = [Mutant(m["name"], m["status"]) for line in out.splitlines() if (m := _LINE.match(line))]
    if not mutants:
        raise SystemExit("No mutation results: run `make mutation` (or `mutmut run`) first.")
    unchecked = [m for m in mutants if m.status == "not checked"]
    if unchecked:
        raise SystemExit(f"{len(unchecked)} mutants were never run: the run was cut short.")
    return mutants


def score(mutants: list[Mutant]) -> float:
    return 100.0 * sum(m.killed for m in mutants) / len(mutants)


def report(mutants: list[Mutant], threshold: float) -> int:
    by_module: dict[str, list[Mutant]] = defaultdict(list)
    for mutant in mutants:
        by_module[mutant.module].append(mutant)
    width = max(len(name) for name in by_module)
    print(f"{'module':<{width}}  mutants  killed   score")
    for module in sorted(by_module):
        group = by_module[module]
        killed = sum(m.killed for m in group)
        print(f"{module:<{width}}  {len(group):7}  {killed:6}  {score(group):5.1f} %")
    killed = sum(m.killed for m in mutants)
    total_score = score(mutants)
    print(f"{'all of facilitation/':<{width}}  {len(mutants):7}  {killed:6}  {total_score:5.1f} %")
    statuses = Counter(m.status for m in mutants if not m.killed)
    if statuses:
        print("\nNot killed: " + ", ".join(f"{n} {status}" for status, n in statuses.most_common()))
        print("(`.venv/bin/mutmut show NAME` prints a mutant's change)")
        for mutant in sorted((m for m in mutants if not m.killed), key=lambda m: m.name):
            print(f"  {mutant.name}: {mutant.status}")
    if total_score < threshold:
        print(f"\nThe score {total_score:.1f} % is below {threshold:g} %.", file=sys.stderr)
        return 1
    print(f"\nThe score {total_score:.1f} % meets {threshold:g} %.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD,
                        help="the lowest score that passes, in per cent (default %(default)s)")
    args = parser.parse_args(argv)
    return report(read_mutants(), args.threshold)


if __name__ == "__main__":
    sys.exit(main())
