"""Benchmark reading an accounting package's Excel export: Exact Online receivables.

    .venv/bin/python bench/books_read.py                  # 200,000 rows
    .venv/bin/python bench/books_read.py --rows 20000 --file /tmp/receivables.xlsx

Writes a workbook with the `cashflow/Receivables` columns once (into `--file`, reused
when it is there), one invoice in three paid, then reads it with
`exact_online.extract` and prints the rows, the entries read, the seconds on the clock
and of CPU, and the process's peak resident memory. The CPU figure helps on a busy
machine, where the clock also counts other people's work.
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from tijdig.adapters.importers.books import exact_online

HEADER = ("AccountCode", "InvoiceNumber", "InvoiceDate", "DueDate", "TransactionAmountFC",
          "AmountFC", "IsFullyPaid", "Status", "LastPaymentDate")  # fmt: skip


def write(path: Path, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Receivables")
    sheet.append(HEADER)
    start = date(2024, 1, 1)
    for n in range(rows):
        issued = start + timedelta(days=n % 700)
        paid = n % 3 == 0
        amount = 121.0 + n % 1000
        sheet.append((f"K{n % 5000}", 100000 + n, issued, issued + timedelta(days=30),
                      amount, amount, paid, 50 if paid else 20,
                      issued + timedelta(days=40) if paid else None))  # fmt: skip
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--file", type=Path, default=Path("/tmp/tijdig-bench-books.xlsx"))
    args = parser.parse_args()
    if not args.file.exists():
        write(args.file, args.rows)
    clock, cpu = time.perf_counter(), time.process_time()
    result = exact_online.extract(args.file, max_bytes=1 << 30)
    seconds, cpu_seconds = time.perf_counter() - clock, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.file}: {len(result.items)} entries, {len(result.errors)} error(s); "
          f"{seconds:.1f} s ({cpu_seconds:.1f} s CPU), peak memory {peak:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
