"""Benchmark the cash-flow forecast (`tijdig forecast`, `tijdig forecast check`) on demo
data, and measure its quality: the check of a forecast made 13 weeks before the last day.

    .venv/bin/python bench/forecast.py                   # 1,000,000 invoices, 100,000 customers
    .venv/bin/python bench/forecast.py --invoices 12000 --customers 400 --repeat 1

The demo data is built once with the real `tijdig demo-data` (seed 42, fixed as-of) into
`--data` (reused when it is there with the same options); each repeat runs the real
command in a fresh process. Prints the seconds per run and their median, the peak memory,
and the check's MAPE and coverage (from its --json).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def _tijdig() -> list[str]:
    script = Path(sys.executable).with_name("tijdig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tijdig.entrypoints.cli"]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, the peak resident memory of the children so far (KiB), stdout."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stdout


def _database(folder: Path, customers: int, invoices: int, as_of: str) -> Path:
    database = folder / f"demo-{customers}-{invoices}-{as_of}.db"
    if not database.exists():
        env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
        demo = ["demo-data", "--customers", str(customers), "--invoices", str(invoices),
                "--seed", "42", "--as-of", as_of]  # fmt: skip
        started = time.perf_counter()
        subprocess.run([*_tijdig(), *demo], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"demo data made in {time.perf_counter() - started:.0f} s")
    return database


def run(options: argparse.Namespace) -> None:
    folder = Path(options.data or tempfile.mkdtemp(prefix="tijdig-bench-forecast-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = _database(folder, options.customers, options.invoices, options.as_of)
    env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
    made_on = (date.fromisoformat(options.as_of) - timedelta(weeks=13)).isoformat()
    commands = {
        "tijdig forecast": ["forecast", "--as-of", options.as_of, "--json"],
        "tijdig forecast check": ["forecast", "check", "--made-on", made_on, "--as-of",
                                  options.as_of, "--json"],
    }  # fmt: skip
    print(f"{options.invoices:,} invoices for {options.customers:,} customers, as of "
          f"{options.as_of}")  # fmt: skip
    for name, args in commands.items():
        times, peak, out = [], 0, ""
        for _ in range(options.repeat):
            elapsed, peak, out = _timed([*_tijdig(), *args], env)
            times.append(elapsed)
        runs = ", ".join(f"{t:.2f}" for t in times)
        median = statistics.median(times)
        print(f"{name}: {runs} s; median {median:.2f} s; peak {peak / 1024:,.0f} MiB")
        data = json.loads(out)
        if "invoices" in data:
            print(f"  open invoices forecast: {data['invoices']:,}; apart: {data['apart']}")
        else:
            print(f"  made on {made_on}: MAPE {data['mape_percent']} %, coverage "
                  f"{data['coverage_percent']} % of {data['passed']} weeks")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", help="A folder to keep the demo database in (reused).")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
