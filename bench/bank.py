"""Benchmark `tijdig import bank` on the real path: demo data at full size whose last
days of payments come as CAMT.053 statements, imported and matched by the real command.

    .venv/bin/python bench/bank.py                 # 1,000,000 invoices, 100,000 customers
    .venv/bin/python bench/bank.py --invoices 100000 --customers 10000

Prints the seconds of the import (reading, storing, matching, booking), the number of
bank lines, and how many were booked automatically or left for review. Matching
precision on labelled data is measured by bench/matching.py.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _tijdig() -> list[str]:
    script = Path(sys.executable).with_name("tijdig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tijdig.entrypoints.cli"]


def run(customers: int, invoices: int, bank_days: int, as_of: str) -> None:
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-bank-") as folder:
        env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{Path(folder) / 'demo.db'}"}
        demo = ["demo-data", "--customers", str(customers), "--invoices", str(invoices),
                "--seed", "42", "--as-of", as_of, "--bank-days", str(bank_days),
                "--bank-dir", str(Path(folder) / "bank")]  # fmt: skip
        subprocess.run([*_tijdig(), *demo], env=env, check=True, stdout=subprocess.DEVNULL)
        files = sorted(str(p) for p in (Path(folder) / "bank").glob("*.xml"))
        started = time.perf_counter()
        done = subprocess.run([*_tijdig(), "import", "bank", *files], env=env, check=True,
                              capture_output=True, text=True)  # fmt: skip
        elapsed = time.perf_counter() - started
        out = " ".join(done.stdout.split())
        lines = int(re.search(r"(\d+) new transaction", out).group(1))  # type: ignore[union-attr]
        booked = int(re.search(r"(\d+) payment\(s\) booked", out).group(1))  # type: ignore[union-attr]
        review = int(re.search(r"(\d+) waiting for review", out).group(1))  # type: ignore[union-attr]
        print(f"{invoices:,} invoices, {customers:,} customers; {len(files)} statements")
        print(f"tijdig import bank: {elapsed:.1f} s for {lines:,} lines "
              f"({lines / elapsed:,.0f} lines/s)")  # fmt: skip
        print(f"booked automatically: {booked:,} ({booked / max(1, booked + review):.1%} of "
              f"credits); waiting for review: {review:,}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--bank-days", type=int, default=75)
    parser.add_argument("--as-of", default="2026-11-23")
    options = parser.parse_args()
    run(options.customers, options.invoices, options.bank_days, options.as_of)


if __name__ == "__main__":
    main()
