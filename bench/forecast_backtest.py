"""Backtest the cash-flow forecast: forecasts made every `--step` weeks from `--first` to
`--last` weeks before `--as-of`, each checked against what came in (`forecast check`, in
process), and their weeks pooled:

    .venv/bin/python bench/forecast_backtest.py --database sqlite:///demo.db
    .venv/bin/python bench/forecast_backtest.py --database sqlite:///big.db --first 13 \
        --last 37 --step 8

Prints per forecast its coverage, and over all the passed weeks: the share inside the
80 % interval, the MAPE over each forecast's first 4 weeks, the WAPE over all weeks, and
the mean interval width relative to the expected receipts ((high - low) / expected).
`--predictor model` trains a risk model as of each forecast's day on what was known then
(History.before) and forecasts with it, so no forecast sees a model of later data.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--first", type=int, default=13)
    parser.add_argument("--last", type=int, default=61)
    parser.add_argument("--step", type=int, default=4)
    parser.add_argument("--dump", help="Write every passed week's figures to this JSON file.")
    parser.add_argument("--predictor", choices=("default", "habits", "model"),
                        default="default")  # fmt: skip
    options = parser.parse_args()
    os.environ["TIJDIG_DATABASE_URL"] = options.database
    from tijdig.entrypoints.cli.common import command_context
    from tijdig.services.read_models import forecast

    app, company, _ = command_context(None, options.as_of)
    as_of = date.fromisoformat(options.as_of)
    inside = passed = 0
    near: list[Decimal] = []
    widths: list[Decimal] = []
    absolute = total = Decimal(0)
    dumped: list[dict[str, object]] = []
    for weeks in range(options.first, options.last + 1, options.step):
        made_on = as_of - timedelta(weeks=weeks)
        started = time.perf_counter()
        dates = None  # the habits
        if options.predictor == "model":
            from tijdig.services.risk.forecast import model_as_of

            dates = model_as_of(app.risk_reads, company, as_of=made_on)
        elif options.predictor == "default":
            from tijdig.services.risk.forecast import payment_dates

            dates = payment_dates(app.risk_uow(), app.risk_reads, company, as_of=made_on)
        done = forecast.check_forecast(app.forecast_data, company, made_on=made_on,
                                       as_of=as_of, dates=dates)  # fmt: skip
        rows = [w for w in done.weeks if w.actual is not None]
        for n, w in enumerate(rows):
            assert w.actual is not None and w.error is not None
            dumped.append({"made_on": str(made_on), "week": n, "expected": float(w.week.expected),
                           "low": float(w.week.low), "high": float(w.week.high),
                           "actual": float(w.actual)})  # fmt: skip
            passed += 1
            inside += bool(w.inside)
            absolute += abs(w.error)
            total += w.actual
            if w.week.expected > 0:
                widths.append((w.week.high - w.week.low) / w.week.expected)
            if n < 4 and w.actual > 0:
                near.append(abs(w.error) / w.actual)
        print(f"made on {made_on}: coverage {done.coverage} % of {done.passed}, MAPE "
              f"{done.mape} %, spread {done.forecast.spread:.3f}, "
              f"basis {done.forecast.basis} ({done.forecast.fallback}), "
              f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    if options.dump:
        Path(options.dump).write_text(json.dumps(dumped, indent=1))
    print(f"weeks {passed}: inside {inside} = {100 * inside / passed:.1f} %; first-4-week "
          f"MAPE {100 * sum(near) / len(near):.1f} %; WAPE {100 * absolute / total:.1f} %; "
          f"mean width / expected {100 * sum(widths) / len(widths):.1f} %")  # fmt: skip


if __name__ == "__main__":
    main()
