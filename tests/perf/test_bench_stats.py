"""The benchmark's arithmetic: percentiles, ratios and the table it prints."""

import pytest

from bench.stats import latency_summary, percentile, ratio, table


def test_percentile_interpolates_between_closest_ranks():
    values = [4, 1, 3, 2]

    assert percentile(values, 50) == 2.5
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 4
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def test_percentile_of_one_value_is_that_value_and_of_none_is_an_error():
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_latency_summary_is_in_milliseconds():
    summary = latency_summary([0.010, 0.020, 0.030, 0.040, 0.100])

    assert summary["n"] == 5
    assert summary["p50_ms"] == 30.0
    assert summary["p99_ms"] == pytest.approx(97.6)
    assert summary["mean_ms"] == 40.0


def test_ratio_to_healthz_and_the_table_shows_every_row():
    rows = [
        {"name": "/healthz", "user": "–", "p50_ms": 2.0, "p95_ms": 3.0, "p99_ms": 4.0,
         "p50_vs_healthz": ratio(2.0, 2.0), "rps_c8": 400.0, "rps_vs_healthz": ratio(400, 400),
         "queries": 0, "errors": 0},
        {"name": "invoice list API", "user": "finance", "p50_ms": 30.0, "p95_ms": 40.0,
         "p99_ms": 50.0, "p50_vs_healthz": ratio(30.0, 2.0), "rps_c8": 100.0,
         "rps_vs_healthz": ratio(100, 400), "queries": 6, "errors": 0},
    ]  # fmt: skip

    printed = table(rows)

    assert ratio(1, 0) is None
    lines = printed.splitlines()
    assert len(lines) == 4
    assert "| invoice list API" in lines[3]
    assert "15.0×" in lines[3] and "25%" in lines[3]


def test_a_row_meets_its_target_only_within_its_p95_and_without_errors():
    from bench.run import meets_target

    page = {"name": "account detail", "target_p95_ms": 60, "p95_ms": 59.9, "errors": 0}
    assert meets_target(page) is True
    assert meets_target({**page, "p95_ms": 60.1}) is False
    assert meets_target({**page, "errors": 1}) is False
    assert meets_target({"name": "/healthz", "target_p95_ms": None}) is None


def test_the_invoice_list_api_also_needs_a_quarter_of_healthz_throughput():
    from bench.run import meets_target

    row = {"name": "invoice list API", "target_p95_ms": 60, "p95_ms": 30, "errors": 0}
    assert meets_target({**row, "rps_vs_healthz": 0.25}) is True
    assert meets_target({**row, "rps_vs_healthz": 0.24}) is False
