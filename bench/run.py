"""Benchmark the daily run (`tijdig run`) over demo data: seconds, peak memory, and the
ratio to a plain SQL scan of the open invoices on the same database.

    .venv/bin/python bench/run.py                        # 1,000,000 invoices, 100,000 customers
    .venv/bin/python bench/run.py --invoices 100000 --customers 10000 --repeat 3

The demo data is built once with the real `tijdig demo-data` (fixed seed) into a SQLite
file in a temporary directory; each repeat then runs the real `tijdig run` in a fresh
process. Targets: under 10 s and under 1 GB at full size.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCAN = (
    "SELECT customer_id, kind, due_date, currency, open_minor, payment_reference "
    "FROM invoices WHERE company_id = 1 AND open_minor <> 0"
)


def _tijdig() -> list[str]:
    script = Path(sys.executable).with_name("tijdig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tijdig.entrypoints.cli"]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and the peak resident memory (KiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def _scan(database: Path) -> tuple[float, int]:
    with sqlite3.connect(database) as connection:
        started = time.perf_counter()
        rows = connection.execute(SCAN).fetchall()
        return time.perf_counter() - started, len(rows)


def run(customers: int, invoices: int, as_of: str, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-run-") as folder:
        database = Path(folder) / "demo.db"
        env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
        demo = ["demo-data", "--customers", str(customers), "--invoices", str(invoices),
                "--seed", "42", "--as-of", as_of]  # fmt: skip
        subprocess.run([*_tijdig(), *demo], env=env, check=True, stdout=subprocess.DEVNULL)
        times, peak = [], 0
        for _ in range(repeat):
            elapsed, peak = _timed([*_tijdig(), "run", "--as-of", as_of], env)
            times.append(elapsed)
        scan, open_rows = _scan(database)
        median = statistics.median(times)
        print(f"{invoices:,} invoices for {customers:,} customers, {open_rows:,} open items")
        print("tijdig run: " + ", ".join(f"{t:.2f}" for t in times) + f" s; median {median:.2f} s")
        print(f"peak memory of a run: {peak / 1024:,.0f} MiB")
        print(f"plain SQL scan of the open invoices: {scan:.3f} s; ratio {median / scan:,.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    run(options.customers, options.invoices, options.as_of, options.repeat)


if __name__ == "__main__":
    main()
