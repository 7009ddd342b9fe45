"""What the text analysis costs a server process: `python -m tests.perf.analyser_memory`.

Each variant runs in a fresh interpreter that first builds the app (as `koosloome serve`
does before it warms up), then loads the analyser for some languages. Printed per variant:
the load time, the resident memory of the process before and after, its peak, and the mean
time to analyse one idea of tests/data/labelled_ideas.json once loaded. Figures for
docs/deploy.md and docs/language.md; nothing here can fail.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (label, back-end, languages loaded at start)
VARIANTS = (
    ("in-memory dictionaries, et ru en (before)", "simplemma+compounds/dict", ("et", "ru", "en")),
    ("in-memory dictionaries, et en", "simplemma+compounds/dict", ("et", "en")),
    ("low-memory dictionaries, et ru en", "simplemma+compounds", ("et", "ru", "en")),
    ("low-memory dictionaries, et en (default: all workshops Estonian)", "simplemma+compounds",
     ("et", "en")),
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_one(backend: str, languages: list[str]) -> dict[str, float]:
    """In this interpreter: the app, then the analyser; the figures as a dict."""
    from app import create_app
    from facilitation.terms import TextAnalyser, script, words
    from tests.conftest import app_config

    from . import language_set
    from .candidates import load_candidate

    with tempfile.TemporaryDirectory() as folder:
        create_app(app_config(f"sqlite:///{folder}/memory.sqlite3"))
    before, start = rss_mb(), time.perf_counter()
    analyser = TextAnalyser(lambda: load_candidate(backend))
    analyser.warm_up(languages)
    load_s, after = time.perf_counter() - start, rss_mb()
    # Ideas of the loaded languages only, and none with a word in another script (an
    # Estonian idea may quote Russian), which would read that language's dictionary too.
    ideas = [(idea.text, idea.language) for idea in language_set.load().ideas
             if idea.language in languages
             and ("ru" in languages or not any(script(word) == "cyrillic"
                                               for word in words(idea.text)))]
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        for text, language in ideas:
            analyser.terms(text, language)
        runs.append((time.perf_counter() - start) / len(ideas) * 1000)
    return {"load_s": load_s, "rss_before_mb": before, "rss_after_mb": after,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "per_idea_ms": statistics.median(runs[1:]), "first_pass_ms": runs[0]}


def main() -> int:
    print("| variant | load | RSS before → after | grows by | peak | per idea (first pass) |\n"
          "|---|---|---|---|---|---|")
    for label, backend, languages in VARIANTS:
        result = subprocess.run(
            [sys.executable, "-m", "tests.perf.analyser_memory", "--one", backend,
             ",".join(languages)], capture_output=True, text=True, check=True)
        r = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"| {label} | {r['load_s']:.1f} s | {r['rss_before_mb']:.0f} → "
              f"{r['rss_after_mb']:.0f} MB | {r['rss_after_mb'] - r['rss_before_mb']:.0f} MB | "
              f"{r['peak_mb']:.0f} MB | {r['per_idea_ms']:.2f} ms ({r['first_pass_ms']:.2f} ms) |")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2], sys.argv[3].split(","))))
        raise SystemExit(0)
    raise SystemExit(main())
