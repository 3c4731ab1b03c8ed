"""Benchmark `tijdig demo-data` into a fresh SQLite file: seconds, rows/s, database size.

    .venv/bin/python bench/demo_data.py                      # 1,000,000 invoices, 100,000 customers
    .venv/bin/python bench/demo_data.py --invoices 100000 --customers 10000

Runs the real command in a subprocess, with TIJDIG_DATABASE_URL pointing at a file in a
temporary directory that is removed afterwards. The target is under 60 s at full size.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = ("customers", "contacts", "invoices", "payments", "allocations")


def _command() -> list[str]:
    script = Path(sys.executable).with_name("tijdig")
    fallback = "from tijdig.entrypoints.cli import main; main()"
    return [str(script)] if script.exists() else [sys.executable, "-c", fallback]


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _size(database: Path) -> int:
    return sum(p.stat().st_size for p in database.parent.glob(database.name + "*"))


def run(customers: int, invoices: int, seed: int, as_of: str) -> None:
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-") as folder:
        database = Path(folder) / "demo.db"
        env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
        args = ["demo-data", "--customers", str(customers), "--invoices", str(invoices),
                "--seed", str(seed), "--as-of", as_of]  # fmt: skip
        started = time.perf_counter()
        subprocess.run([*_command(), *args], env=env, check=True)
        elapsed = time.perf_counter() - started
        counts = _counts(database)
        rows = sum(counts.values())
        print(f"{invoices:,} invoices for {customers:,} customers (seed {seed}, as of {as_of})")
        print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
        print(f"elapsed: {elapsed:.1f} s (whole command, including start-up and migrations)")
        print(f"rate: {rows / elapsed:,.0f} rows/s, {counts['invoices'] / elapsed:,.0f} invoices/s")
        print(f"database: {_size(database) / 1e6:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--as-of", default="2026-11-23")
    options = parser.parse_args()
    run(options.customers, options.invoices, options.seed, options.as_of)


if __name__ == "__main__":
    main()
