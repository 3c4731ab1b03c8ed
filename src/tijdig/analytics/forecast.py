"""The cash-flow forecast (issue 17 section 3): expected receipts per ISO week for the next
13 weeks, with an 80 % interval per week, from each open invoice's predicted payment date.

Each invoice's payment date is given by three quantiles (p10, p50, p90: a
`PaymentDatePredictor`'s answer). Its distribution is the piecewise-linear inverse CDF
through them, u -> date:
  0.1 <= u <= 0.5: p10 + (u - 0.1) / 0.4 x (p50 - p10);  0.5 <= u <= 0.9: likewise to p90;
  above 0.9 an exponential tail, p90 - s_hi x ln((1 - u) / 0.1), s_hi = 0.25 x (p90 - p50);
  below 0.1 its mirror, p10 + s_lo x ln(u / 0.1), s_lo = 0.25 x (p50 - p10),
(s chosen so the density is continuous at p10 and p90: 0.4 / (p90 - p50) = 0.1 / s_hi),
never before the day after `as_of`. A day t (days after `as_of`, rounded to the nearest
day) falls in week k = floor((t - 1 + weekday(as_of + 1)) / 7): week 0 starts on the
Monday of the week holding `as_of + 1` (so it may be short). Past week 12: "later".

The expected receipts of a week are the mean, its interval the 10th and 90th percentiles
(linear interpolation) of the week's sum over `DRAWS` Monte Carlo draws of every
invoice's payment day, with a seeded generator: the same data give the same forecast.
Customers draw independently; a customer's invoices share one u per draw (one payment
run pays several: independent invoices made the interval too narrow, on the demo's
backtests, five forecasts, 54-85 % of the weeks inside against 62-85 % with a shared
draw).

With a common spread c > 0 (analytics/forecast_spread.py: the forecast's error shared by
all customers, estimated from backtests), each draw's week k (not "later") is multiplied
by exp(s_k x z - s_k^2 / 2), s_k^2 = c x (k + 1), z standard normal per draw and week,
from the same seeded generator after the payment days: the interval (its percentiles)
widens, the more so the further ahead; the expected receipts stay the mean before it.

Disputed invoices and those of customers in an agency hand-over are not in the weeks:
they are shown apart (their open amount and count), since their money comes, if at all,
on no habit's schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple, Protocol

import numpy as np

WEEKS = 13
DRAWS = 2000
SEED = 17
CHUNK = 2_000  # invoices simulated at once: a DRAWS x CHUNK array is 32 MB, ten alive at most
CENT = Decimal("0.01")


class Basis(StrEnum):
    """Where the predicted payment dates came from."""

    MODEL = "model"  # the stored risk model's quantiles (analytics/forecast_model.py)
    HABITS = "habits"  # the customers' habits (analytics/forecast_habits.py)


class Fallback(StrEnum):
    """Why the habits were used although the risk model is the first choice."""

    NO_MODEL = "no_model"  # none stored
    MODEL_OTHER_VERSION = "model_other_version"  # another scikit-learn version wrote it
    MODEL_UNREADABLE = "model_unreadable"  # its bytes are no model of these features
    MODEL_TRAINED_LATER = "model_trained_later"  # trained as of a day after the forecast's
    NOT_ASKED = "not_asked"  # the caller chose the habits (a backtest, a benchmark)


class Apart(StrEnum):
    """Why an open invoice is left out of the weeks and shown apart."""

    DISPUTED = "disputed"
    HANDED_OVER = "handed_over"


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """An invoice open on the forecast's day: what is left to pay on it then."""

    id: int
    customer_id: int
    due_date: date
    amount: Decimal
    apart: Apart | None = None


class Predicted(NamedTuple):
    """An invoice's predicted payment date: its 10th, 50th and 90th percentiles."""

    invoice_id: int
    amount: Decimal
    p10: date
    p50: date
    p90: date


class PaymentDatePredictor(Protocol):
    """Predicts when each open invoice will be paid, knowing only what was known on
    `as_of`. The habits predictor (analytics/forecast_habits.py) is the default; the risk
    model's quantile predictions plug in here."""

    def predict(self, invoices: Sequence[OpenInvoice], as_of: date) -> list[Predicted]: ...


@dataclass(frozen=True, slots=True)
class Week:
    """A week's (or the later bucket's) expected receipts and 80 % interval."""

    start: date | None  # the Monday; None for "later"
    expected: Decimal
    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class Aside:
    reason: Apart
    invoices: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Forecast:
    as_of: date
    currency: str
    weeks: tuple[Week, ...]
    later: Week
    invoices: int  # in the weeks and later
    apart: tuple[Aside, ...]
    basis: Basis = Basis.HABITS
    fallback: Fallback | None = None  # with the habits: why not the model
    model_id: int | None = None  # with the model: which stored one
    spread: float = 0.0  # the common factor's c (analytics/forecast_spread.py)

    @property
    def expected_total(self) -> Decimal:
        return sum((w.expected for w in self.weeks), Decimal(0))


def week_starts(as_of: date, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the forecast's weeks: from the week holding `as_of + 1`."""
    first = as_of + timedelta(days=1)
    monday = first - timedelta(days=first.weekday())
    return [monday + timedelta(weeks=k) for k in range(weeks)]


def _days(p: Sequence[Predicted], as_of: date) -> np.ndarray:
    """(n, 3) days after `as_of` of p10, p50, p90, each at least the previous."""
    days = np.array([[(q.p10 - as_of).days, (q.p50 - as_of).days, (q.p90 - as_of).days]
                     for q in p], dtype=np.float32).reshape(-1, 3)  # fmt: skip
    return np.maximum.accumulate(days, axis=1)


def inverse_cdf(u: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The days after as_of at probabilities `u` (draws x n) for quantiles `q` (n x 3),
    as the module docstring says; at least 1. One logarithm per draw serves both tails
    (v = min(u, 1 - u)): at a million invoices the simulation is most of the time."""
    p10, p50, p90 = q[:, 0], q[:, 1], q[:, 2]
    lower = u < 0.5
    linear = np.where(lower, p10 + (u - 0.1) * ((p50 - p10) / 0.4),
                      p50 + (u - 0.5) * ((p90 - p50) / 0.4))  # fmt: skip
    # u = 0 exactly (float32 draws: once in 2^24) would make the tail -inf, and 0 x -inf
    # where p10 = p50 a NaN week: the smallest positive float32 instead.
    v = np.maximum(np.where(lower, u, 1 - u), np.float32(2**-24))
    tail = np.log(v / 0.1)
    tail = np.where(lower, p10 + 0.25 * (p50 - p10) * tail, p90 - 0.25 * (p90 - p50) * tail)
    found: np.ndarray = np.maximum(1.0, np.where(v < 0.1, tail, linear))
    return found


def _week_sums(
    p: Sequence[Predicted],
    groups: Sequence[int],
    as_of: date,
    *,
    draws: int,
    seed: int,
    spread: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(draws, WEEKS + 1) sums of the amounts paid per week (the last column: later);
    the invoices of one group (a customer) share their draw's u."""
    shift = (as_of + timedelta(days=1)).weekday()
    sums = np.zeros((draws, WEEKS + 1))
    rng = np.random.default_rng(seed)
    _, group = np.unique(np.asarray(groups, dtype=np.int64), return_inverse=True)
    shared = rng.random((draws, int(group.max()) + 1 if len(group) else 0), dtype=np.float32)
    for start in range(0, len(p), CHUNK):
        part = p[start : start + CHUNK]
        q = _days(part, as_of)
        amounts = np.array([float(x.amount) for x in part])
        u = shared[:, group[start : start + CHUNK]]  # float32: half the memory traffic
        day = np.floor(inverse_cdf(u, q) + 0.5)
        week = np.minimum((day - 1 + shift) // 7, WEEKS).astype(np.int64)
        index = week + (WEEKS + 1) * np.arange(draws)[:, None]
        weights = np.broadcast_to(amounts, index.shape)
        sums += np.bincount(index.ravel(), weights=weights.ravel(),
                            minlength=draws * (WEEKS + 1)).reshape(draws, WEEKS + 1)  # fmt: skip
    if spread > 0:
        s = np.sqrt(spread * np.arange(1, WEEKS + 1))
        z = rng.standard_normal((draws, WEEKS))
        return sums, np.column_stack([sums[:, :WEEKS] * np.exp(s * z - s**2 / 2),
                                      sums[:, WEEKS]])  # fmt: skip
    return sums, sums


def _money(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(CENT, ROUND_HALF_UP)


def _week(start: date | None, column: np.ndarray, shared: np.ndarray) -> Week:
    """The mean of the draws before the common factor (whose mean is 1: its draws' noise
    should not move the expected receipts), the percentiles of those after it."""
    low, high = np.percentile(shared, [10, 90])
    return Week(start, _money(column.mean()), _money(low), _money(high))


def asides(invoices: Sequence[OpenInvoice]) -> tuple[Aside, ...]:
    found = []
    for reason in Apart:
        held = [i for i in invoices if i.apart is reason]
        if held:
            found.append(Aside(reason, len(held), sum((i.amount for i in held), Decimal(0))))
    return tuple(found)


def forecast(
    invoices: Sequence[OpenInvoice], predictor: PaymentDatePredictor, *, as_of: date,
    currency: str = "EUR", draws: int = DRAWS, seed: int = SEED, spread: float = 0.0,
) -> Forecast:  # fmt: skip
    """The forecast on `as_of` of the open `invoices`: those apart set aside, the others'
    payment dates predicted and simulated (with the common `spread` c)."""
    counted = [i for i in invoices if i.apart is None and i.amount > 0]
    predicted = predictor.predict(counted, as_of) if counted else []
    customer = {i.id: i.customer_id for i in counted}
    groups = [customer.get(q.invoice_id, -1 - n) for n, q in enumerate(predicted)]
    sums, shared = _week_sums(predicted, groups, as_of, draws=draws, seed=seed, spread=spread)
    starts = week_starts(as_of)
    weeks = tuple(_week(start, sums[:, k], shared[:, k]) for k, start in enumerate(starts))
    later = _week(None, sums[:, WEEKS], shared[:, WEEKS])
    return Forecast(as_of, currency, weeks, later, len(predicted),
                    asides(invoices), spread=spread)  # fmt: skip
