"""Tables of figures, and ratios to the baseline."""

from __future__ import annotations

from typing import Any

from .harness import Result

COLUMNS = ("scenario", "target", "phones", "acks", "ack p50", "p95", "p99", "max",
           "lag p50", "p95", "p99", "msg/s", "srv CPU", "harn CPU", "other CPU", "steal", "peak RSS",
           "lost", "dup", "over", "err", "ok")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def row(result: Result) -> list[str]:
    return [
        result.scenario, result.target, str(result.phones), str(len(result.acks)),
        _ms(result.ack_ms(0.5)), _ms(result.ack_ms(0.95)), _ms(result.ack_ms(0.99)),
        _ms(result.ack_ms(1.0)), _ms(result.lag_ms(0.5)), _ms(result.lag_ms(0.95)),
        _ms(result.lag_ms(0.99)), f"{result.messages_per_second:.0f}",
        f"{result.server_cpu_percent:.0f}%", f"{result.harness_cpu_percent:.0f}%",
        f"{result.other_cpu_percent:.0f}%", f"{result.steal_percent:.0f}%",
        f"{result.peak_rss_mb:.0f} MB", str(result.lost), str(result.duplicated),
        str(result.over_budget), str(result.errors), "yes" if result.correct else "NO",
    ]


def table(rows: list[list[str]], columns: tuple[str, ...] = COLUMNS) -> str:
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    out = [line, "-" * len(line)]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def results_table(results: list[Result]) -> str:
    return table([row(r) for r in results])


def markdown(results: list[Result]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(row(r)) + " |" for r in results]
    return "\n".join(lines)


def _ratio(ours: float | None, base: float | None) -> str:
    if ours is None or base is None or base <= 0:
        return "-"
    return f"{ours / base:.2f}x"


RATIO_COLUMNS = ("scenario", "phones", "ack p50", "ack p99", "lag p50", "lag p99", "msg/s",
                 "srv CPU", "peak RSS")


def ratio_rows(ours: list[Result], baseline: list[Result]) -> list[list[str]]:
    by_key = {(b.scenario, b.phones): b for b in baseline}
    rows = []
    for result in ours:
        base = by_key.get((result.scenario, result.phones))
        if base is None:
            continue
        rows.append([
            result.scenario, str(result.phones),
            _ratio(result.ack_ms(0.5), base.ack_ms(0.5)),
            _ratio(result.ack_ms(0.99), base.ack_ms(0.99)),
            _ratio(result.lag_ms(0.5), base.lag_ms(0.5)),
            _ratio(result.lag_ms(0.99), base.lag_ms(0.99)),
            _ratio(result.messages_per_second, base.messages_per_second),
            _ratio(result.server_cpu_percent, base.server_cpu_percent),
            _ratio(result.peak_rss_mb, base.peak_rss_mb),
        ])
    return rows


def ratios_table(ours: list[Result], baseline: list[Result]) -> str:
    rows = ratio_rows(ours, baseline)
    return table(rows, RATIO_COLUMNS) if rows else "(no baseline figures)"


def details(result: Result) -> str:
    checks = ", ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in result.checks.items())
    notes = ", ".join(f"{k}: {v}" for k, v in result.notes.items())
    return f"  {result.target} / {result.scenario} / {result.phones}: {checks}; {notes}"


def weight_summary(weight: dict[str, Any]) -> str:
    lines = [f"Phone view first load: {weight['total_bytes'] / 1024:.1f} KB on the wire "
             f"(static files compressed: {'yes' if weight['static_compressed'] else 'NO'}; "
             f"static files hashed and immutable: "
             f"{'yes' if weight['static_hashed_and_immutable'] else 'NO'})"]
    for f in weight["files"]:
        lines.append(f"  {f['status']} {f['bytes']:>7} B {f['encoding']:<8} "
                     f"{'hashed' if f['hashed'] else 'plain ':<6} {f['path']}  "
                     f"[{f['cache_control']}]")
    return "\n".join(lines)


def _md_row(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def _ms_or(value: Any) -> str:
    return "-" if value is None else f"{value:.0f}"


def markdown_from_figures(figures: dict[str, Any]) -> str:
    """The tables of docs/performance.md from a --json file."""
    head = ["scenario", "target", "phones", "acks", "ack p50", "p95", "p99", "max",
            "board lag p50", "p95", "p99", "msg/s", "server CPU", "harness CPU", "other CPU",
            "steal", "peak RSS", "lost", "dup", "over budget", "errors", "checks"]
    lines = [_md_row(head), "|" + "---|" * len(head)]
    for r in figures["results"] + figures.get("baseline", []):
        checks = "all pass" if all(r["checks"].values()) else "FAIL: " + ", ".join(
            name for name, ok in r["checks"].items() if not ok)
        lines.append(_md_row([
            r["scenario"], r["target"], str(r["phones"]), str(r["acks"]),
            *(_ms_or(r["ack_ms"][k]) for k in ("p50", "p95", "p99", "p100")),
            *(_ms_or(r["lag_ms"][k]) for k in ("p50", "p95", "p99")),
            f"{r['messages_per_second']:.0f}", f"{r['server_cpu_percent']:.0f} %",
            f"{r['harness_cpu_percent']:.0f} %", f"{r.get('other_cpu_percent', 0):.0f} %",
            f"{r.get('steal_percent', 0):.0f} %",
            f"{r['peak_rss_mb']:.0f} MB", str(r["lost"]), str(r["duplicated"]),
            str(r["over_budget"]), str(r["errors"]), checks]))
    return "\n".join(lines)


if __name__ == "__main__":  # python -m tests.perf.report FIGURES.json
    import json
    import sys
    from pathlib import Path

    print(markdown_from_figures(json.loads(Path(sys.argv[1]).read_text())))
