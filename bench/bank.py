"""Benchmark `tijdig import bank` on the real path: demo data at full size whose last
days of payments come as CAMT.053 statements, imported and matched by the real command.

    .venv/bin/python bench/bank.py                 # 1,000,000 invoices, 100,000 customers
    .venv/bin/python bench/bank.py --runs 3 --data /tmp/tijdig-bench-bank
    .venv/bin/python bench/bank.py --invoices 100000 --customers 10000 --bank-days 30

The demo data is generated once (into `--data`, reused when it is there already with
the same options); every run imports into a fresh copy of that database, so each run
books the same lines: 100,018 with the default 85 bank days. Prints per run, and the
median of the runs, the seconds of the whole command (process start to exit) and of each
phase (`PHASES`: reading the files, storing the statements, loading the ledger,
matching, booking in memory, writing, committing), on the clock and of CPU, the number
of bank lines, and how many were booked automatically or left for review. The CPU
figures help on a busy machine, where the clock also counts other people's work.
Matching precision on labelled data is measured by bench/matching.py.

The phases are timed inside the command's own process: a small child (`--child`) wraps
the functions named in `PHASES` with timers and then runs the `tijdig` entry point with
the import's arguments, so the figures are those of the real command.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# phase -> the functions whose time counts for it ("module:attribute.path"); a call
# inside another timed call counts for the outer one only.
PHASES: dict[str, tuple[str, ...]] = {
    "parse files": ("tijdig.adapters.importers.bank:extract_all",),
    "statements": ("tijdig.services.bank.matching:stage_statements",),
    "ledger": (
        "tijdig.services.bank.matching:_ledger",
        "tijdig.adapters.db.views.matching:SqlMatching.new_lines",
        "tijdig.adapters.db.views.matching:SqlMatching.ids",
    ),
    # Deciding every line: in two processes at this size (the child's CPU is not in
    # the phase's CPU figure, only in the total).
    "match": (
        "tijdig.adapters.parallel_matching:match_in_two",
        "tijdig.adapters.parallel_matching:match_in_turn",
    ),
    "book in memory": ("tijdig.services.bank.matching:_book",),
    "writes": ("tijdig.services.bank.matching:_write",),
    "commit": ("tijdig.adapters.db.uow:SqlUnitOfWork.commit",),
}


def _tijdig() -> list[str]:
    script = Path(sys.executable).with_name("tijdig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tijdig.entrypoints.cli"]


def prepare(folder: Path, customers: int, invoices: int, bank_days: int, as_of: str) -> None:
    """Demo data and its statements in `folder`, generated unless made with these options."""
    spec = {"customers": customers, "invoices": invoices, "bank_days": bank_days, "as_of": as_of}
    marker = folder / "spec.json"
    if marker.exists() and json.loads(marker.read_text()) == spec:
        # kept from an earlier sitting: its schema brought up to date with this code's
        env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}"}
        subprocess.run([*_tijdig(), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}"}
    demo = ["demo-data", "--customers", str(customers), "--invoices", str(invoices),
            "--seed", "42", "--as-of", as_of, "--bank-days", str(bank_days),
            "--bank-dir", str(folder / "bank")]  # fmt: skip
    subprocess.run([*_tijdig(), *demo], env=env, check=True, stdout=subprocess.DEVNULL)
    marker.write_text(json.dumps(spec))


def run_once(folder: Path) -> dict[str, Any]:
    """One import into a fresh copy of the demo database: seconds, phases, counts."""
    files = sorted(str(p) for p in (folder / "bank").glob("*.xml"))
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-bank-") as scratch:
        database = Path(scratch) / "run.db"
        shutil.copyfile(folder / "demo.db", database)
        phases = Path(scratch) / "phases.json"
        env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
        command = [sys.executable, __file__, "--child", str(phases), "import", "bank", *files]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        timed: dict[str, list[float]] = json.loads(phases.read_text())
    out = " ".join(done.stdout.split())
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": elapsed, "cpu": cpu, "files": len(files),
            "phases": {n: wall for n, (wall, _) in timed.items()},
            "cpu_phases": {n: cpu for n, (_, cpu) in timed.items()},
            "lines": _count(r"(\d+) new transaction", out),
            "booked": _count(r"(\d+) payment\(s\) booked", out),
            "review": _count(r"(\d+) waiting for review", out)}  # fmt: skip


def _count(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    if found is None:
        raise SystemExit(f"unexpected output of tijdig import bank: {text}")
    return int(found.group(1))


def report(runs: list[dict[str, Any]], customers: int, invoices: int) -> None:
    first = runs[0]
    lines, booked, review = first["lines"], first["booked"], first["review"]
    print(f"{invoices:,} invoices, {customers:,} customers; {first['files']} statements, "
          f"{lines:,} lines")  # fmt: skip
    for title, total, phases in (("seconds (clock)", "seconds", "phases"),
                                 ("seconds of CPU (all processes; phases: the main one)",
                                  "cpu", "cpu_phases")):  # fmt: skip
        print(f"\n{title}")
        _table(runs, total, phases)
    seconds = statistics.median(r["seconds"] for r in runs)
    print(f"\ntijdig import bank: {seconds:.1f} s for {lines:,} lines ({lines / seconds:,.0f} "
          f"lines/s), median of {len(runs)} run(s)")  # fmt: skip
    print(f"booked automatically: {booked:,} ({booked / max(1, booked + review):.1%} of "
          f"credits); waiting for review: {review:,}")  # fmt: skip


def _table(runs: list[dict[str, Any]], total: str, phases: str) -> None:
    names = list(PHASES)
    print("run   total " + " ".join(f"{n[:14]:>14}" for n in [*names, "other"]))
    rows = [(r[total], [r[phases].get(n, 0.0) for n in names]) for r in runs]
    for number, row in enumerate(rows, 1):
        print(f"{number:>3} " + _row(*row))
    middle = [statistics.median(column) for column in zip(*(p for _, p in rows), strict=True)]
    print("med " + _row(statistics.median(t for t, _ in rows), middle))


def _row(total: float, phases: list[float]) -> str:
    return f"{total:7.1f} " + " ".join(f"{s:14.2f}" for s in [*phases, total - sum(phases)])


def child(out: Path, argv: list[str]) -> None:
    """Run the `tijdig` entry point with `argv`, timing the phases into `out` (JSON):
    per phase the seconds on the clock and of this process's CPU."""
    totals = {phase: [0.0, 0.0] for phase in PHASES}
    depth = [0]
    for phase, targets in PHASES.items():
        for target in targets:
            _wrap(target, phase, totals, depth)
    from tijdig.entrypoints.cli import main as tijdig_main

    sys.argv = ["tijdig", *argv]
    try:
        tijdig_main()
    finally:
        out.write_text(json.dumps(totals))


def _wrap(target: str, phase: str, totals: dict[str, list[float]], depth: list[int]) -> None:
    module_name, _, path = target.partition(":")
    *owners, name = path.split(".")
    owner: Any = importlib.import_module(module_name)
    for step in owners:
        owner = getattr(owner, step)
    original: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                totals[phase][0] += time.perf_counter() - started
                totals[phase][1] += time.process_time() - cpu

    setattr(owner, name, timed)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--bank-days", type=int, default=85,
                        help="days of payments in statements (85: 100,018 lines)")  # fmt: skip
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--runs", type=int, default=3, help="imports timed (median shown)")
    parser.add_argument("--data", type=Path, help="folder for the demo data, kept for reuse")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-data-") as scratch:
        folder = options.data or Path(scratch)
        prepare(folder, options.customers, options.invoices, options.bank_days, options.as_of)
        runs = [run_once(folder) for _ in range(options.runs)]
    report(runs, options.customers, options.invoices)


if __name__ == "__main__":
    main()
