"""Benchmark the payment matcher on labelled bank lines: precision, auto-book rate, speed.

    .venv/bin/python bench/matching.py                     # 100,000 lines, 1,000,000 invoices
    .venv/bin/python bench/matching.py --lines 10000 --invoices 100000 --customers 10000

The labelled generator lives in `tests/matching/labelled.py` (test data, not product
code); this script puts the project root on `sys.path` to import it. The ledger of open
invoices is built in memory from a fixed seed (no database), so the figures measure
`tijdig.matching` alone. Targets: auto-booked lines at least 99.5 % right, at least 95 %
of the credits booked automatically, 100,000 lines in under 30 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.matching.labelled import Case, is_correct, lines, world

from tijdig.matching import Kind, Ledger, match

AUTO = (Kind.MATCHED, Kind.REOPEN)


def _report(cases: list[Case], kinds: list[Kind], right: list[bool]) -> None:
    auto = [ok for kind, ok in zip(kinds, right, strict=True) if kind in AUTO]
    credits = [k for c, k in zip(cases, kinds, strict=True) if c.tx.amount > 0]
    booked = sum(k is Kind.MATCHED for k in credits)
    payable = sum(c.label.kind is Kind.MATCHED for c in cases)
    print(f"auto-booked (matched + reopened): {len(auto):,}, right {sum(auto):,}")
    print(f"precision of auto-booked:         {sum(auto) / max(1, len(auto)):.4%}")
    print(f"credits booked automatically:     {booked / max(1, len(credits)):.2%} of all "
          f"{len(credits):,} credits, {booked / max(1, payable):.2%} of the {payable:,} "
          "that have something to settle")  # fmt: skip
    per = Counter((c.label.scenario, k.value) for c, k in zip(cases, kinds, strict=True))
    for (scenario, kind), n in sorted(per.items()):
        print(f"  {scenario:<22} {kind:<8} {n:>7,}")


def run(customers: int, invoices: int, count: int, seed: int) -> None:
    started = time.perf_counter()
    w = world(seed, customers=customers, invoices=invoices)
    cases = list(lines(w, seed + 1, count))
    generated = time.perf_counter()
    ledger = Ledger.build(w.items, w.customers, ibans=w.ibans, paid=w.paid)
    built = time.perf_counter()
    kinds, right = [], []
    for case in cases:
        decision = match(case.tx, ledger)
        kinds.append(decision.kind)
        right.append(is_correct(decision, case.label))
    done = time.perf_counter()
    print(f"generated {invoices:,} invoices, {customers:,} customers, {count:,} lines: "
          f"{generated - started:.1f} s")  # fmt: skip
    print(f"ledger built: {built - generated:.1f} s")
    print(f"matched {count:,} lines: {done - built:.1f} s, {count / (done - built):,.0f} lines/s")
    _report(cases, kinds, right)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    run(args.customers, args.invoices, args.lines, args.seed)


if __name__ == "__main__":
    main()
