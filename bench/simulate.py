"""Benchmark `tijdig simulate` (issue 18 section 3) on the default demo data: one year with
20 runs (target: under 5 minutes), 100 runs, and two policies compared.

    .venv/bin/python bench/simulate.py                  # 20 and 100 runs, and a comparison
    .venv/bin/python bench/simulate.py --runs 20        # only these
    .venv/bin/python bench/simulate.py --data /tmp/tijdig-bench-simulate   # keep the data

The demo data (`tijdig demo-data`, its defaults: 400 customers, 12,000 invoices over 24
months, seed 42, as of 2026-11-30) is generated once into `--data`. Each measurement runs
the real command in a subprocess and prints its table, the seconds on the clock and of
CPU (the CPU figure helps on a busy machine, where the clock also counts other work).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

AS_OF = "2026-11-30"
PERIOD = ["--from", "2025-12-01", "--to", AS_OF, "--as-of", AS_OF, "--company", "DEMO",
          "--seed", "1"]  # fmt: skip
POLICIES = Path(__file__).resolve().parent.parent / "docs" / "policies"


def _tijdig() -> str:
    return str(Path(sys.executable).with_name("tijdig"))


def _generate(data: Path) -> dict[str, str]:
    database = data / "simulate-demo.db"
    env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
    if not database.exists():
        data.mkdir(parents=True, exist_ok=True)
        subprocess.run([_tijdig(), "demo-data", "--as-of", AS_OF, "--reset"], env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return env


def _measure(env: dict[str, str], label: str, *args: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([_tijdig(), "simulate", *args, *PERIOD], env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"== {label}: {seconds:.1f} s on the clock, {cpu:.1f} s CPU")
    print(done.stdout)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/tijdig-bench-simulate"))
    parser.add_argument("--runs", type=int, nargs="*", default=[20, 100])
    parser.add_argument("--compare", type=int, default=20, help="runs of the comparison "
                        "(0: none)")  # fmt: skip
    options = parser.parse_args()
    env = _generate(options.data)
    default = str(POLICIES / "default.toml")
    for runs in options.runs:
        _measure(env, f"one year, {runs} runs", "--policy", default, "--runs", str(runs))
    if options.compare:
        _measure(env, f"default vs earlier reminders for high risk, {options.compare} runs",
                 "--policy", default, "--compare", str(POLICIES / "high_risk_earlier.toml"),
                 "--runs", str(options.compare))  # fmt: skip


if __name__ == "__main__":
    main()
