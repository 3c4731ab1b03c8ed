"""The cash-flow forecast (issue 17 §3): `tijdig forecast`, `/api/v1/forecast`, the
workspace's `/forecast` page and the dashboard's card; and the forecast checked against
what came in: `tijdig forecast check`, `/api/v1/forecast/check`.

A forecast made for a day D reads only what was known on D (adapters/db/views/forecast.py),
so checking one made in the past makes it again as it was then. Reads: nothing is stored.
The payment dates come from a `PaymentDatePredictor` (`PaymentDates`: services/risk/
forecast.py chooses the stored risk model when it may serve on D); without one, from the
customers' habits over the `HISTORY_DAYS` before D (analytics/forecast_habits.py). The
forecast says which (`Forecast.basis`) and, with the habits, why (`Forecast.fallback`).

The interval's common spread (analytics/forecast_spread.py) comes from backtests made
the same way: the habits' forecasts made `SPREAD_BACK` weeks before D (with independent
draws only, `SPREAD_DRAWS` of them), their weeks, all passed by D, checked against what
came in by D. Only what was known on D is used, so a forecast made again for a past day
gets the spread it had then. With the model the backtests are still the habits': a
stored model trained as of D knew the backtests' weeks (the spread is then, if the
model is the better, on the wide side).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from tijdig.analytics.forecast import (
    DRAWS,
    Basis,
    Fallback,
    Forecast,
    OpenInvoice,
    PaymentDatePredictor,
    forecast,
)
from tijdig.analytics.forecast_check import Check, check
from tijdig.analytics.forecast_habits import HabitPredictor
from tijdig.analytics.forecast_spread import Residual, common_spread
from tijdig.domain.parties import Company
from tijdig.services.read_models.common import company_id_of

HISTORY_DAYS = 730
SPREAD_BACK = (13, 26)  # weeks before D: the backtests the common spread comes from
SPREAD_DRAWS = 400  # enough for a backtest's mean and interval
CURRENCY = "EUR"  # the forecast's currency: invoices in others are not in it


@dataclass(frozen=True, slots=True)
class Book:
    """The open invoices on D (those apart marked) and, per customer id, the delays
    (last payment's day - due date) of its invoices paid from `since` to D."""

    open: list[OpenInvoice]
    delays: dict[int, list[int]]


@dataclass(frozen=True, slots=True)
class PaymentDates:
    """The predictor chosen for a forecast's day, and what the forecast says of it.
    `predictor` makes it given the habits (built from the day's book) to fall back on;
    None: the habits themselves."""

    predictor: Callable[[PaymentDatePredictor], PaymentDatePredictor] | None = None
    basis: Basis = Basis.HABITS
    fallback: Fallback | None = Fallback.NOT_ASKED
    model_id: int | None = None


class ForecastData(Protocol):
    def book(self, company_id: int, *, as_of: date, since: date, currency: str) -> Book: ...
    def receipts(
        self, company_id: int, invoice_ids: Collection[int], *, after: date, until: date,
        currency: str,
    ) -> dict[date, Decimal]: ...  # fmt: skip


def _forecast(
    data: ForecastData, company_id: int, *, as_of: date, dates: PaymentDates, spread: float,
    draws: int = DRAWS,
) -> tuple[Forecast, list[OpenInvoice]]:  # fmt: skip
    book = data.book(company_id, as_of=as_of, since=as_of - timedelta(days=HISTORY_DAYS),
                     currency=CURRENCY)  # fmt: skip
    habits = HabitPredictor(book.delays)
    used = habits if dates.predictor is None else dates.predictor(habits)
    made = forecast(book.open, used, as_of=as_of, currency=CURRENCY, draws=draws,
                    spread=spread)  # fmt: skip
    said = replace(made, basis=dates.basis, fallback=dates.fallback, model_id=dates.model_id)
    return said, book.open


def _checked(
    data: ForecastData, company_id: int, made: Forecast, invoices: list[OpenInvoice], *,
    as_of: date,
) -> Check:  # fmt: skip
    counted = [i.id for i in invoices if i.apart is None and i.amount > 0]
    last = made.weeks[-1].start
    assert last is not None
    until = min(as_of, last + timedelta(days=6))
    came = data.receipts(company_id, counted, after=made.as_of, until=until,
                         currency=CURRENCY)  # fmt: skip
    return check(made, came, as_of=as_of)


def spread_on(data: ForecastData, company_id: int, *, as_of: date) -> float:
    """The common spread of a forecast made on `as_of`, from the backtests (module
    docstring)."""
    residuals = []
    for back in SPREAD_BACK:
        made_on = as_of - timedelta(weeks=back)
        made, invoices = _forecast(data, company_id, as_of=made_on, dates=PaymentDates(),
                                   spread=0.0, draws=SPREAD_DRAWS)  # fmt: skip
        done = _checked(data, company_id, made, invoices, as_of=as_of)
        residuals += [
            Residual(k, float(w.week.expected), float(w.week.low), float(w.week.high),
                     float(w.actual))
            for k, w in enumerate(done.weeks) if w.actual is not None
        ]  # fmt: skip
    return common_spread(residuals)


def _made(
    data: ForecastData, company_id: int, *, as_of: date, dates: PaymentDates | None
) -> tuple[Forecast, list[OpenInvoice]]:
    spread = spread_on(data, company_id, as_of=as_of)
    return _forecast(data, company_id, as_of=as_of, dates=dates or PaymentDates(),
                     spread=spread)  # fmt: skip


def cash_forecast(
    data: ForecastData, company: Company, *, as_of: date,
    dates: PaymentDates | None = None,
) -> Forecast:  # fmt: skip
    """Expected receipts per week for the 13 weeks after `as_of`, with 80 % intervals."""
    return _made(data, company_id_of(company), as_of=as_of, dates=dates)[0]


def check_forecast(
    data: ForecastData, company: Company, *, made_on: date, as_of: date,
    dates: PaymentDates | None = None,
) -> Check:  # fmt: skip
    """The forecast as made on `made_on`, beside the money that came in for the invoices
    it counted in each of its weeks passed by `as_of`."""
    company_id = company_id_of(company)
    made, invoices = _made(data, company_id, as_of=made_on, dates=dates)
    return _checked(data, company_id, made, invoices, as_of=as_of)
