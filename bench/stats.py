"""The pure parts of the benchmark: percentiles, ratios and the printed table."""

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between the closest ranks
    (numpy's default), so that p50 of [1, 2, 3, 4] is 2.5."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: Sequence[float]) -> dict:
    """p50/p95/p99 and mean in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(sum(ms) / len(ms), 2),
    }


def ratio(value: float, base: float) -> float | None:
    return round(value / base, 2) if base else None


COLUMNS = [
    ("endpoint", "name", "{}"),
    ("user", "user", "{}"),
    ("p50 ms", "p50_ms", "{:.1f}"),
    ("p95 ms", "p95_ms", "{:.1f}"),
    ("p99 ms", "p99_ms", "{:.1f}"),
    ("p50/hz", "p50_vs_healthz", "{:.1f}×"),
    ("req/s c8", "rps_c8", "{:.0f}"),
    ("rps/hz", "rps_vs_healthz", "{:.0%}"),
    ("queries", "queries", "{}"),
    ("errors", "errors", "{}"),
    ("target p95", "target_p95_ms", "≤ {}"),
    ("met", "meets_target", "{}"),
]


def table(rows: list[dict]) -> str:
    """A plain-text table (also valid Markdown) of the results."""

    def cell(row, key, fmt):
        value = row.get(key)
        if value is None:
            return "–"
        if isinstance(value, bool):
            return "yes" if value else "NO"
        return fmt.format(value)

    cells = [[title for title, _, _ in COLUMNS]]
    cells += [[cell(row, key, fmt) for _, key, fmt in COLUMNS] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
