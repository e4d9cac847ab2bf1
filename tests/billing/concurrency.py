"""Run a function from many threads at once (PostgreSQL tests)."""

import threading

from django.db import connection


def run_concurrently(count: int, work, *, workers: int | None = None) -> list:
    """Call work(i) for i in range(count) from `workers` threads (one per call by default),
    released together by a barrier. Returns each call's result or the exception it raised.
    Every thread closes its own database connection."""
    workers = workers or count
    barrier = threading.Barrier(workers)
    results: list = [None] * count
    next_index = iter(range(count))
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait()
            while True:
                with lock:
                    index = next(next_index, None)
                if index is None:
                    return
                try:
                    results[index] = work(index)
                except Exception as exc:  # noqa: BLE001 - the test inspects it
                    results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results
