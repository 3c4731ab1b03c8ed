"""Benchmark the CLI's start: CPU time of whole `tijdig` processes, beside `python -c pass`.

    .venv/bin/python bench/cli_start.py              # the main commands, 10 runs each
    .venv/bin/python bench/cli_start.py --all        # also `tijdig CMD --help` for every CMD
    .venv/bin/python bench/cli_start.py --runs 20

Each command runs as a child process (the real console script, as a person types it);
its CPU time is user + system of the child (os.wait4), so other work on the machine
does not count. Printed per command: the median of the runs, the slowest, and the
ratio to the median of `python -c pass` (the interpreter's own start). The target is
under 0.3 s CPU for `tijdig --help`, `tijdig CMD --help` and `tijdig calc ...`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

PYTHON = sys.executable
TIJDIG = str(Path(sys.executable).parent / "tijdig")
TARGET = 0.3
MAIN = [
    ["tijdig", "--help"],
    ["tijdig", "calc", "--help"],
    ["tijdig", "calc", "costs", "4000", "--country", "NL", "--consumer"],
    ["tijdig", "calc", "interest", "2000", "--from", "2024-02-01", "--to", "2024-06-30",
     "--country", "NL", "--business"],
    ["tijdig", "calc", "term", "--sent", "2026-03-03", "--country", "NL", "--channel", "post"],
    ["tijdig", "send", "--help"],
    ["tijdig", "run", "--help"],
    ["tijdig", "import", "bank", "--help"],
]  # fmt: skip


def cpu_seconds(argv: list[str]) -> float:
    """User + system CPU time of one run of `argv` as a child process."""
    command = [TIJDIG, *argv[1:]] if argv[0] == "tijdig" else argv
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_environment()
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {process.returncode}")
    return usage.ru_utime + usage.ru_stime


def _environment() -> dict[str, str]:
    # A database that is never opened (these commands open none) and wide output.
    return {**os.environ, "TIJDIG_DATABASE_URL": "sqlite:////nonexistent/tijdig.db",
            "COLUMNS": "120"}  # fmt: skip


def every_help() -> list[list[str]]:
    """`tijdig CMD --help` for every command `tijdig --help` lists."""
    from tijdig.entrypoints.cli.app import COMMANDS

    return [["tijdig", name, "--help"] for name in COMMANDS]


def measure(argv: list[str], runs: int) -> list[float]:
    cpu_seconds(argv)  # once to warm the file cache (and compile bytecode)
    return [cpu_seconds(argv) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per command (10)")
    parser.add_argument("--all", action="store_true", help="also CMD --help for every CMD")
    args = parser.parse_args()

    base = statistics.median(measure([PYTHON, "-c", "pass"], args.runs))
    print(f"{'command':<72} {'median':>7} {'max':>6} {'ratio':>6}")
    print(f"{'python -c pass':<72} {base:7.3f} {'':>6} {1:6.1f}")
    commands = MAIN + (every_help() if args.all else [])
    slow = []
    for argv in commands:
        times = measure(argv, args.runs)
        median = statistics.median(times)
        label = " ".join(argv)
        print(f"{label[:72]:<72} {median:7.3f} {max(times):6.3f} {median / base:6.1f}")
        if median >= TARGET:
            slow.append(label)
    print(f"CPU seconds (user + system), median of {args.runs} runs; target < {TARGET} s")
    if slow:
        print("over the target: " + "; ".join(slow))


if __name__ == "__main__":
    main()
